// The objects the fake Stripe hands out, shaped as Stripe's JSON (a Checkout Session in `payment` mode, an
// Event), the ids Stripe's prefixes would give them, and the hosted pay page a customer "pays" on.

import { escapeHtml, randomId } from './http.js';
import { formatMinor } from './stripe-currencies.js';
import type { SessionInput } from './stripe-rules.js';

export type SessionStatus = 'open' | 'complete' | 'expired';
export type PaymentStatus = 'paid' | 'unpaid';

/** A Checkout Session as `GET /v1/checkout/sessions/:id` returns it (the fields a payment-mode session has). */
export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  after_expiration: null;
  allow_promotion_codes: null;
  amount_subtotal: number;
  amount_total: number;
  automatic_tax: { enabled: false; liability: null; status: null };
  billing_address_collection: null;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: null;
  created: number;
  currency: string;
  customer: null;
  customer_creation: 'if_required';
  customer_details: { email: string | null; name: string | null; phone: null; tax_exempt: 'none'; tax_ids: [] } | null;
  customer_email: string | null;
  expires_at: number;
  invoice: null;
  livemode: false;
  locale: null;
  metadata: Record<string, string>;
  mode: 'payment';
  payment_intent: string | null;
  payment_link: null;
  payment_method_types: string[];
  payment_status: PaymentStatus;
  status: SessionStatus;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: 'hosted';
  /** The pay page while the session is open; null once complete or expired, as Stripe does. */
  url: string | null;
}

/** An Event as Stripe POSTs it to a webhook endpoint. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export const sessionId = () => `cs_test_a1${randomId(56)}`;
export const paymentIntentId = () => `pi_3${randomId(23)}`;
export const eventId = () => `evt_1${randomId(23)}`;
export const requestId = () => `req_${randomId(14)}`;
export const unixNow = () => Math.floor(Date.now() / 1000);

export function newSession(id: string, input: SessionInput, payUrl: string, created: number): FakeCheckoutSession {
  return {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: input.amountTotal,
    amount_total: input.amountTotal,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    created,
    currency: input.currency,
    customer: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: input.customerEmail,
    expires_at: input.expiresAt,
    invoice: null,
    livemode: false,
    locale: null,
    metadata: input.metadata,
    mode: 'payment',
    payment_intent: null,
    payment_link: null,
    payment_method_types: input.paymentMethodTypes,
    payment_status: 'unpaid',
    status: 'open',
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: payUrl,
  };
}

export function newEvent(
  type: string,
  object: unknown,
  apiVersion: string,
  pendingWebhooks: number,
  request: StripeEvent['request'] = { id: null, idempotency_key: null },
): StripeEvent {
  return {
    id: eventId(),
    object: 'event',
    api_version: apiVersion,
    created: unixNow(),
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: pendingWebhooks,
    request,
    type,
  };
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}` +
  `button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font-size:1rem}</style></head>` +
  `<body><p><small>Fake Stripe Checkout (test mode)</small></p>${body}</body></html>`;

/** The hosted Checkout page: the amount, a Pay button, and a delayed ("boleto-like") method that settles later. */
export function payPageHtml(session: FakeCheckoutSession, lineNames: readonly string[]): string {
  const amount = `${formatMinor(session.currency, session.amount_total)} ${session.currency.toUpperCase()}`;
  if (session.status !== 'open') {
    const why =
      session.status === 'expired' ? 'This Checkout Session has expired.' : 'This Checkout Session is complete.';
    return page('Checkout', `<h1>${escapeHtml(why)}</h1><p id="status">${session.status}</p>`);
  }
  const items = lineNames.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return page(
    `Pay ${amount}`,
    `<h1 id="amount">${escapeHtml(amount)}</h1><ul>${items}</ul>` +
      `<form method="post" action="/pay/${encodeURIComponent(session.id)}">` +
      `<button type="submit" name="choice" value="now" id="pay">Pay</button>` +
      `<button type="submit" name="choice" value="later" id="pay-later">Pay later (boleto-like)</button></form>`,
  );
}

export function paidPageHtml(session: FakeCheckoutSession): string {
  const text = session.payment_status === 'paid' ? 'Payment complete.' : 'Payment pending: it settles later.';
  return page('Checkout', `<h1>${text}</h1><p id="status">${session.status}/${session.payment_status}</p>`);
}
