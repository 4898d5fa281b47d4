// The payment side of the local stack: with PAYMENT_PROVIDER stripe or midtrans (and no real gateway
// configured), a strict fake of that gateway with its pay page, and the gateways' webhook function behind
// its own loopback Function URL, where the fake sends its signed events exactly as the gateway would.
// `npm start` also serves it at /payments/stripe and /payments/midtrans on the page's port.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createPaymentWebhookHandler } from '../functions/payments/function-url.js';
import type { CountMetric, Log } from '../shared/app/ports.js';
import type { EnvSecrets } from '../shared/config/secrets.js';
import { composePaymentWebhook } from '../shared/runtime/compose-payments.js';
import { type Emulators, LOOPBACK } from './emulators.js';
import { listen } from './fake-gateways/http.js';
import { type FakeMidtrans, startFakeMidtrans } from './fake-gateways/midtrans.js';
import { type FakeStripe, startFakeStripe } from './fake-gateways/stripe.js';
import { serveFunctionUrl } from './server/function-url.js';

export type PaymentWebhook = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalPayments {
  stripe?: FakeStripe;
  midtrans?: FakeMidtrans;
  /** The gateways' webhook function, as its Function URL calls it. */
  webhook: PaymentWebhook;
  /** Its loopback Function URL (`<url>/payments/stripe`, `<url>/payments/midtrans`). */
  url: string;
  stop(): Promise<void>;
}

/** Keys of the local fakes: test values only, never a real gateway's. */
const LOCAL_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_spawnpoint_local',
  STRIPE_WEBHOOK_SECRET: 'whsec_spawnpoint_local',
  MIDTRANS_SERVER_KEY: 'SB-Mid-server-spawnpoint-local',
} as const;

/** Starts the configured gateway's fake (its URL and keys go into `env`); call before the app reads `env`. */
export async function startGatewayFake(
  env: Record<string, string>,
  pace: 'test' | 'interactive',
): Promise<Pick<LocalPayments, 'stripe' | 'midtrans'>> {
  const provider = (env.PAYMENT_PROVIDER ?? 'manual').toLowerCase();
  if (provider === 'stripe' && !env.STRIPE_API_URL) {
    env.STRIPE_SECRET_KEY ??= LOCAL_KEYS.STRIPE_SECRET_KEY;
    env.STRIPE_WEBHOOK_SECRET ??= LOCAL_KEYS.STRIPE_WEBHOOK_SECRET;
    const stripe = await startFakeStripe({
      host: LOOPBACK,
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      retryDelayMs: pace === 'test' ? 20 : 1000,
    });
    env.STRIPE_API_URL = stripe.url;
    return { stripe };
  }
  if (provider === 'midtrans' && !env.MIDTRANS_SNAP_URL) {
    env.MIDTRANS_SERVER_KEY ??= LOCAL_KEYS.MIDTRANS_SERVER_KEY;
    const midtrans = await startFakeMidtrans({ host: LOOPBACK, serverKey: env.MIDTRANS_SERVER_KEY });
    env.MIDTRANS_SNAP_URL = midtrans.snapUrl;
    env.MIDTRANS_API_URL = midtrans.apiUrl;
    return { midtrans };
  }
  return {};
}

/** The webhook function on its own loopback port, and the fake pointed at it. */
export async function startPaymentWebhook(
  env: Record<string, string>,
  fakes: Pick<LocalPayments, 'stripe' | 'midtrans'>,
  o: { emulators: Emulators; secrets: EnvSecrets; log: Log; metric: CountMetric },
): Promise<LocalPayments> {
  const webhook = createPaymentWebhookHandler(
    composePaymentWebhook(
      { ...env, INBOX_QUEUE_URL: o.emulators.queues.inbox },
      { sqs: o.emulators.clients.sqs, secrets: o.secrets, observability: { log: o.log, metric: o.metric } },
    ),
  );
  const server = await listen((req, res) => serveFunctionUrl(req, res, webhook), 0, LOOPBACK);
  fakes.stripe?.setWebhookUrl(`${server.url}/payments/stripe`);
  fakes.midtrans?.setNotificationUrl(`${server.url}/payments/midtrans`);
  return {
    ...fakes,
    webhook,
    url: server.url,
    async stop() {
      await fakes.stripe?.stop();
      await fakes.midtrans?.stop();
      await server.close();
    },
  };
}
