// Stripe through its official SDK: a Checkout Session per payment page, and the webhook's proof
// (`Stripe-Signature`, HMAC-SHA256 over "<t>.<raw body>", 300 s tolerance) checked by the SDK's verifier.
// Amounts: ours are in the currency's minor unit as shops price (IDR in whole rupiah); Stripe's are in its
// own unit per currency (IDR in hundredths, JPY in yen), converted here and nowhere else.

import Stripe from 'stripe';
import type { LinkRequest, PaymentGateway, PaymentNotice } from '../app/payments/port.js';
import type { SecretsPort } from '../app/ports.js';
import { minorDigits } from '../domain/money.js';
import type { GatewayPayment, PayLink } from '../domain/payment.js';
import { PaymentGatewayRefusedError, PaymentGatewayUnavailableError } from './gateway-errors.js';

/** Stripe's zero- and three-decimal currencies (docs.stripe.com/currencies); every other one has two. */
const STRIPE_ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
const STRIPE_THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

function stripeDigits(currency: string): number {
  const c = currency.toUpperCase();
  return STRIPE_ZERO_DECIMAL.has(c) ? 0 : STRIPE_THREE_DECIMAL.has(c) ? 3 : 2;
}

/** Our minor units → Stripe's (Rp 150.000: 150000 → 15000000). */
export function toStripeAmount(minor: number, currency: string): number {
  const shift = stripeDigits(currency) - minorDigits(currency.toUpperCase());
  if (shift >= 0) return minor * 10 ** shift;
  // Never rounded: a price Stripe cannot charge exactly is refused (the customer pays by hand).
  if (minor % 10 ** -shift !== 0)
    throw new PaymentGatewayRefusedError(
      'stripe',
      `${minor} minor units of ${currency} is no amount Stripe can charge exactly`,
    );
  return minor / 10 ** -shift;
}

/** Stripe's unit → ours; undefined when it does not convert exactly (a fraction of a rupiah is no price of ours). */
export function fromStripeAmount(amount: number, currency: string): number | undefined {
  const shift = stripeDigits(currency) - minorDigits(currency.toUpperCase());
  const minor = shift >= 0 ? amount / 10 ** shift : amount * 10 ** -shift;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** The webhook events that say something about a checkout; every other type is acknowledged and ignored. */
type StatusOf = (s: Stripe.Checkout.Session) => GatewayPayment['status'];
const STATUS_OF: ReadonlyMap<string, StatusOf> = new Map<string, StatusOf>([
  ['checkout.session.completed', (s) => (s.payment_status === 'paid' ? 'paid' : 'pending')],
  ['checkout.session.async_payment_succeeded', () => 'paid'],
  ['checkout.session.async_payment_failed', () => 'failed'],
  ['checkout.session.expired', () => 'expired'],
]);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Stripe takes 30 minutes to 24 hours from its own clock: the wish is kept within that (a minute inside
 * each bound), so a shop clock a little off (or the local stack's moved clock) never makes the link fail.
 */
function stripeExpiry(wanted: Date): number {
  const now = Date.now();
  const at = Math.min(now + 24 * 3_600_000 - 60_000, Math.max(now + 31 * 60_000, wanted.getTime()));
  return Math.floor(at / 1000);
}

export type StripeProof =
  | { kind: 'notice'; notice: PaymentNotice }
  | { kind: 'ignored'; why: string }
  | { kind: 'bad-request'; why: string }
  | { kind: 'unauthorized'; why: string };

/**
 * Checks the signature on the raw bytes (the SDK's verifier, 300 s tolerance: a replayed old event is
 * refused) and turns a checkout event into a notice. A signed event that names no order of ours is still a
 * notice (orderId ''): the worker logs and alarms it.
 */
export function stripeProof(raw: Buffer, header: string | undefined, secret: string, now: Date): StripeProof {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, header ?? '', secret, 300);
  } catch (e) {
    return { kind: 'unauthorized', why: e instanceof Error ? e.message.slice(0, 200) : 'invalid signature' };
  }
  const statusOf = typeof event?.type === 'string' ? STATUS_OF.get(event.type) : undefined;
  if (!statusOf) return { kind: 'ignored', why: `event type ${String(event?.type).slice(0, 80)}` };
  // Signed, so Stripe's; still read field by field (a malformed event is refused, never a crash).
  const session = event.data?.object as Partial<Stripe.Checkout.Session> | null | undefined;
  const sessionId = str(session?.id);
  if (!session || typeof session !== 'object' || !sessionId || !str(event.id))
    return { kind: 'bad-request', why: 'the event carries no checkout session' };
  const currency = str(session.currency)?.toUpperCase();
  const amountMinor =
    typeof session.amount_total === 'number' && currency ? fromStripeAmount(session.amount_total, currency) : undefined;
  const orderId = str(session.client_reference_id) ?? str(session.metadata?.orderId) ?? '';
  const intentField = session.payment_intent as unknown;
  const intent = str(intentField) ?? str((intentField as { id?: unknown } | null)?.id);
  const methods = Array.isArray(session.payment_method_types) ? session.payment_method_types : [];
  return {
    kind: 'notice',
    notice: {
      type: 'payment',
      provider: 'stripe',
      eventId: event.id,
      reference: sessionId,
      orderId: orderId.slice(0, 40),
      transactionId: intent ?? sessionId,
      status: statusOf(session as Stripe.Checkout.Session),
      gatewayStatus: event.type,
      ...(amountMinor !== undefined ? { amountMinor } : {}),
      ...(currency ? { currency } : {}),
      ...(methods.length === 1 && str(methods[0]) ? { paymentType: methods[0] } : {}),
      receivedAt: now.toISOString(),
    },
  };
}

export interface StripeGatewayOptions {
  secrets: SecretsPort;
  /** STRIPE_API_URL: the real API by default; tests and the local stack point it at the fake. */
  apiUrl: string;
  /** Where Checkout sends the customer after paying. */
  returnUrl: string;
  timeoutMs?: number;
}

export class StripeGateway implements PaymentGateway {
  readonly provider = 'stripe' as const;
  private client?: { key: string; stripe: Stripe };

  constructor(private readonly options: StripeGatewayOptions) {}

  /**
   * A Checkout Session for the order. The idempotency key is the order and attempt, so a retried request gets
   * the same session; a key Stripe already holds with other parameters (a try whose answer was lost, retried
   * later with another expiry) moves on to the next attempt.
   */
  async createLink(request: LinkRequest): Promise<Omit<PayLink, 'createdAt'>> {
    for (let n = request.attempt; n < request.attempt + 3; n++) {
      try {
        return await this.session({ ...request, attempt: n });
      } catch (e) {
        if (!(e instanceof Stripe.errors.StripeIdempotencyError)) throw this.failure(e);
      }
    }
    throw new PaymentGatewayRefusedError(
      'stripe',
      `idempotency keys ${request.order.id}-pay-${request.attempt}… are all used`,
    );
  }

  private async session({ order, attempt, expiresAt, description }: LinkRequest): Promise<Omit<PayLink, 'createdAt'>> {
    const currency = order.currency ?? 'USD';
    const stripe = await this.stripe();
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: order.id,
        metadata: { orderId: order.id, attempt: String(attempt) },
        payment_intent_data: { metadata: { orderId: order.id } },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: currency.toLowerCase(),
              unit_amount: toStripeAmount(order.priceMinor ?? 0, currency),
              product_data: { name: description },
            },
          },
        ],
        expires_at: stripeExpiry(expiresAt),
        success_url: this.options.returnUrl,
      },
      { idempotencyKey: `${order.id}-pay-${attempt}` },
    );
    if (!session.url) throw new PaymentGatewayRefusedError('stripe', 'the session has no payment page URL');
    return {
      provider: 'stripe',
      reference: session.id,
      url: session.url,
      expiresAt: new Date(session.expires_at * 1000).toISOString(),
      attempt,
    };
  }

  /** Best effort: a session already paid, expired or unreachable stays as it is (a payment on it is then a second one). */
  async closeLink(link: PayLink): Promise<void> {
    try {
      await (await this.stripe()).checkout.sessions.expire(link.reference);
    } catch {
      // nothing to do: see above
    }
  }

  /** A Stripe event is proven by its signature (the SDK's verifier, in the webhook): nothing to read back. */
  async readBack(notice: PaymentNotice): Promise<GatewayPayment> {
    return notice;
  }

  private async stripe(): Promise<Stripe> {
    const key = await this.options.secrets.required('STRIPE_SECRET_KEY');
    if (this.client?.key !== key) {
      // Rebuilt when the key changes: a rotation needs no deploy.
      const url = new URL(this.options.apiUrl);
      const protocol = url.protocol === 'http:' ? 'http' : 'https';
      this.client = {
        key,
        stripe: new Stripe(key, {
          host: url.hostname,
          port: url.port || (protocol === 'http' ? 80 : 443),
          protocol,
          maxNetworkRetries: 1,
          timeout: this.options.timeoutMs ?? 10_000,
          telemetry: false,
        }),
      };
    }
    return this.client.stripe;
  }

  /** Stripe's errors in our two kinds; an authentication error is said without the key Stripe echoes back. */
  private failure(e: unknown): Error {
    const E = Stripe.errors;
    if (e instanceof PaymentGatewayRefusedError || e instanceof PaymentGatewayUnavailableError) return e;
    if (e instanceof E.StripeAuthenticationError || e instanceof E.StripePermissionError)
      return new PaymentGatewayRefusedError('stripe', 'the STRIPE_SECRET_KEY was refused', e.statusCode);
    if (e instanceof E.StripeConnectionError || e instanceof E.StripeAPIError || e instanceof E.StripeRateLimitError)
      return new PaymentGatewayUnavailableError('stripe', e.message.slice(0, 200));
    if (e instanceof E.StripeError) {
      const where = e.param ? `${e.param}: ` : '';
      return new PaymentGatewayRefusedError('stripe', `${where}${e.message.slice(0, 200)}`, e.statusCode);
    }
    return new PaymentGatewayUnavailableError('stripe', e instanceof Error ? e.message.slice(0, 200) : 'no answer');
  }
}
