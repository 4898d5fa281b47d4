// The payment gateways' webhook: the gateway's proof checked on the raw body, the event queued for the inbox
// worker as a notice (ids and amounts only), 200 at once. Its own function and secret: the WhatsApp webhook
// never sees a gateway key, and this one never sees WhatsApp's. What an outcome means over HTTP is the
// adapter's (functions/payments/function-url.ts).

import type { GatewayName, PaymentProvider } from '../domain/payment.js';
import { midtransProof } from '../payments/midtrans.js';
import { stripeProof } from '../payments/stripe.js';
import { PAYMENT_METRICS } from './payments/links.js';
import type { PaymentNotice } from './payments/port.js';
import { type CountMetric, type Log, type QueuePort, type SecretsPort, silentLog } from './ports.js';
import { queueJson } from './queue-body.js';

export interface PaymentWebhookDeps {
  /** PAYMENT_PROVIDER: only its path is served. */
  provider: PaymentProvider;
  secrets: SecretsPort;
  inbox: QueuePort;
  logger?: Log;
  metrics?: { count: CountMetric };
  now?: () => number;
}

export type PaymentWebhookOutcome =
  | { kind: 'queued' }
  | { kind: 'ignored' }
  | { kind: 'bad-request' }
  | { kind: 'unauthorized' }
  | { kind: 'not-found' }
  | { kind: 'too-large' }
  | { kind: 'method-not-allowed' }
  | { kind: 'failed' };

/** The gateway a request path names: /stripe, /payments/midtrans … (the last segment). */
export function gatewayOfPath(path: string): GatewayName | undefined {
  const last = path.split('/').filter(Boolean).at(-1)?.toLowerCase();
  return last === 'stripe' || last === 'midtrans' ? last : undefined;
}

export async function receivePayment(
  path: string,
  raw: Buffer,
  headers: { stripeSignature?: string | undefined },
  deps: PaymentWebhookDeps,
): Promise<PaymentWebhookOutcome> {
  const gateway = gatewayOfPath(path);
  if (!gateway || gateway !== deps.provider) return { kind: 'not-found' };
  const log = deps.logger ?? silentLog;
  const now = new Date((deps.now ?? Date.now)());
  const proof =
    gateway === 'stripe'
      ? stripeProof(raw, headers.stripeSignature, await deps.secrets.required('STRIPE_WEBHOOK_SECRET'), now)
      : midtransProof(raw, await deps.secrets.required('MIDTRANS_SERVER_KEY'), now);
  switch (proof.kind) {
    case 'unauthorized':
      deps.metrics?.count(PAYMENT_METRICS.signatureRejected);
      log.warn('Payment webhook refused: bad proof', { gateway, why: proof.why, size: raw.length });
      return { kind: 'unauthorized' };
    case 'bad-request':
      log.warn('Payment webhook refused: unreadable', { gateway, why: proof.why, size: raw.length });
      return { kind: 'bad-request' };
    case 'ignored':
      log.info('Payment webhook event ignored', { gateway, why: proof.why });
      return { kind: 'ignored' };
    case 'notice':
      await deps.inbox.send([queued(proof.notice)]);
      log.info('Payment event queued', {
        gateway,
        eventId: proof.notice.eventId,
        orderId: proof.notice.orderId,
        status: proof.notice.gatewayStatus,
      });
      return { kind: 'queued' };
  }
}

/** One order's payment events in order (its FIFO group); one event id queued once within SQS's 5 minutes. */
function queued(notice: PaymentNotice) {
  return {
    body: queueJson(notice),
    groupId: `pay-${notice.orderId || notice.reference}`,
    dedupId: `pay:${notice.provider}:${notice.eventId}`,
  };
}
