// What the fake Stripe accepts for `POST /v1/checkout/sessions`: the SDK's form encoding decoded as Stripe
// decodes it, and the refusals Stripe answers with (400, `invalid_request_error`, the first problem only).
// Messages are Stripe's where public sources quote them (noted "quoted"); the others follow their style.

import { CURRENCIES, formatMinor, MINIMUM_CHARGE } from './stripe-currencies.js';

/** A 4xx/5xx answer in Stripe's error shape, thrown by a check and rendered by the server. */
export class StripeApiError extends Error {
  constructor(
    message: string,
    readonly param?: string,
    readonly code?: string,
    readonly status = 400,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }

  body(): { error: Record<string, string> } {
    const code = this.code;
    return {
      error: {
        type: this.type,
        ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

// quoted: "Missing required param: line_items[0][price_data][currency]." with code parameter_missing.
const missing = (param: string) => new StripeApiError(`Missing required param: ${param}.`, param, 'parameter_missing');
const unknown = (param: string) =>
  new StripeApiError(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

/** Decodes `a[b][0][c]=v` the way Stripe does: nested hashes, `[0]`, `[1]`… as arrays (metadata keys stay keys). */
export function parseForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!parts) throw new StripeApiError(`Invalid parameter name: ${key}`, key);
    const path = [parts[1] as string, ...[...(parts[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node = root;
    for (const [i, part] of path.entries()) {
      const name = part === '' ? String(Object.keys(node).length) : part;
      if (i === path.length - 1) {
        node[name] = value;
        break;
      }
      const next = node[name] ?? {};
      if (typeof next !== 'object' || next === null) throw new StripeApiError('Invalid hash', path[0]);
      node[name] = next;
      node = next as Record<string, unknown>;
    }
  }
  return arrays(root, false) as Record<string, unknown>;
}

function arrays(value: unknown, isMetadata: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => [k, arrays(v, k === 'metadata')] as const,
  );
  const indexed = !isMetadata && entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  if (!indexed) return Object.fromEntries(entries);
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
}

/** The top-level parameters of `SessionCreateParams` in stripe 23.1.0; anything else Stripe refuses as unknown. */
const SESSION_PARAMS = new Set(
  (
    'adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types automatic_tax ' +
    'billing_address_collection branding_settings cancel_url client_reference_id consent_collection currency ' +
    'custom_fields custom_text customer customer_account customer_creation customer_email customer_update discounts ' +
    'excluded_payment_method_types expand expires_at integration_identifier invoice_creation line_items locale ' +
    'managed_payments metadata mode name_collection optional_items origin_context payment_intent_data ' +
    'payment_method_collection payment_method_configuration payment_method_data payment_method_options ' +
    'payment_method_types permissions phone_number_collection redirect_on_completion return_url ' +
    'saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type ' +
    'subscription_data success_url tax_id_collection ui_mode wallet_options'
  ).split(' '),
);
const LINE_ITEM_PARAMS = new Set([
  'adjustable_quantity',
  'dynamic_tax_rates',
  'metadata',
  'price',
  'price_data',
  'quantity',
  'tax_rates',
]);
const PRICE_DATA_PARAMS = new Set([
  'currency',
  'product',
  'product_data',
  'recurring',
  'tax_behavior',
  'unit_amount',
  'unit_amount_decimal',
]);

export interface LineItemInput {
  name: string;
  currency: string;
  quantity: number;
  unitAmount: number;
}

/** A create request that passed every check, in the fake's own terms. */
export interface SessionInput {
  currency: string;
  amountTotal: number;
  lineItems: LineItemInput[];
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  expiresAt: number;
  successUrl: string | null;
  cancelUrl: string | null;
  customerEmail: string | null;
  paymentMethodTypes: string[];
}

/** Checks a decoded create request against `now` (unix seconds), as Stripe does, throwing the first refusal. */
export function checkSessionCreate(p: Record<string, unknown>, now: number): SessionInput {
  for (const key of Object.keys(p)) if (!SESSION_PARAMS.has(key)) throw unknown(key);
  if (p['expand'] !== undefined) {
    throw new StripeApiError('The fake Stripe does not model expand on Checkout Sessions.', 'expand');
  }
  // Since 2020-08-27 Stripe has required mode; stripe 23's types make it optional, the fake does not.
  if (p['mode'] === undefined || p['mode'] === '') throw missing('mode');
  if (!['payment', 'setup', 'subscription'].includes(String(p['mode']))) {
    throw new StripeApiError(`Invalid mode: must be one of payment, setup, or subscription`, 'mode');
  }
  if (p['mode'] !== 'payment') {
    throw new StripeApiError(`The fake Stripe models mode=payment only (got ${String(p['mode'])}).`, 'mode');
  }
  const items = p['line_items'];
  if (items === undefined || items === '') throw missing('line_items');
  if (!Array.isArray(items)) throw new StripeApiError('Invalid array', 'line_items'); // quoted
  if (items.length === 0) throw missing('line_items');
  if (items.length > 100) throw new StripeApiError('You may only specify up to 100 line items.', 'line_items');
  const lineItems = items.map((item, i) => lineItem(item, `line_items[${i}]`));
  const currency = (lineItems[0] as LineItemInput).currency;
  lineItems.forEach((item, i) => {
    if (item.currency !== currency) {
      throw new StripeApiError(
        'All line items in a Checkout Session must have the same currency.',
        `line_items[${i}][price_data][currency]`,
      );
    }
  });
  const clientReferenceId = optionalString(p, 'client_reference_id', 200);
  const metadata = checkMetadata(p['metadata']);
  const expiresAt = p['expires_at'] === undefined ? now + 86_400 : integer(p['expires_at'], 'expires_at');
  // quoted, both (Stripe issue threads and integrators' changelogs).
  if (expiresAt < now + 30 * 60) {
    throw new StripeApiError(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt > now + 24 * 3600) {
    throw new StripeApiError(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  const amountTotal = lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
  const minimum = MINIMUM_CHARGE[currency];
  if (minimum !== undefined && amountTotal < minimum) {
    // quoted: "The Checkout Session's total amount due must add up to at least $0.50 usd".
    throw new StripeApiError(
      `The Checkout Session's total amount due must add up to at least ${formatMinor(currency, minimum)} ${currency}`,
    );
  }
  return {
    currency,
    amountTotal,
    lineItems,
    clientReferenceId,
    metadata,
    expiresAt,
    successUrl: url(p, 'success_url'),
    cancelUrl: url(p, 'cancel_url'),
    customerEmail: optionalString(p, 'customer_email', 800),
    paymentMethodTypes: Array.isArray(p['payment_method_types']) ? p['payment_method_types'].map(String) : ['card'],
  };
}

function lineItem(item: unknown, at: string): LineItemInput {
  if (typeof item !== 'object' || item === null) throw new StripeApiError('Invalid hash', at);
  const li = item as Record<string, unknown>;
  for (const key of Object.keys(li)) if (!LINE_ITEM_PARAMS.has(key)) throw unknown(`${at}[${key}]`);
  if (typeof li['price'] === 'string') {
    // The fake has no Price objects: every id is unknown, as an id from another account is to Stripe.
    throw new StripeApiError(`No such price: '${li['price']}'`, `${at}[price]`, 'resource_missing');
  }
  const pd = li['price_data'];
  if (pd === undefined) {
    // quoted
    throw new StripeApiError('You must provide either price or price_data for each line item when using prices.', at);
  }
  if (typeof pd !== 'object' || pd === null) throw new StripeApiError('Invalid hash', `${at}[price_data]`);
  const priceData = pd as Record<string, unknown>;
  for (const key of Object.keys(priceData)) if (!PRICE_DATA_PARAMS.has(key)) throw unknown(`${at}[price_data][${key}]`);
  // quoted: "Quantity is required. Add `quantity` to `line_items[0]`".
  if (li['quantity'] === undefined)
    throw new StripeApiError(`Quantity is required. Add \`quantity\` to \`${at}\``, `${at}[quantity]`);
  const quantity = integer(li['quantity'], `${at}[quantity]`);
  if (quantity < 1) throw new StripeApiError('This value must be greater than or equal to 1.', `${at}[quantity]`);
  const currency = priceData['currency'];
  if (currency === undefined || currency === '') throw missing(`${at}[price_data][currency]`);
  if (typeof currency !== 'string' || !CURRENCIES.includes(currency)) {
    // quoted: "Invalid currency: zzz. Stripe currently supports these currencies: usd, aed, …"
    throw new StripeApiError(
      `Invalid currency: ${String(currency)}. Stripe currently supports these currencies: ${CURRENCIES.join(', ')}`,
      `${at}[price_data][currency]`,
    );
  }
  if (priceData['recurring'] !== undefined) {
    throw new StripeApiError(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      `${at}[price_data][recurring]`,
    );
  }
  if (priceData['unit_amount_decimal'] !== undefined) {
    throw new StripeApiError(
      'The fake Stripe does not model unit_amount_decimal; send unit_amount.',
      `${at}[price_data][unit_amount_decimal]`,
    );
  }
  if (priceData['unit_amount'] === undefined) throw missing(`${at}[price_data][unit_amount]`);
  const unitAmount = integer(priceData['unit_amount'], `${at}[price_data][unit_amount]`);
  if (unitAmount < 0) {
    throw new StripeApiError('This value must be greater than or equal to 0.', `${at}[price_data][unit_amount]`);
  }
  return { name: productName(priceData, `${at}[price_data]`), currency, quantity, unitAmount };
}

function productName(priceData: Record<string, unknown>, at: string): string {
  if (typeof priceData['product'] === 'string') {
    throw new StripeApiError(`No such product: '${priceData['product']}'`, `${at}[product]`, 'resource_missing');
  }
  const product = priceData['product_data'];
  if (product === undefined) {
    throw new StripeApiError('You must specify either `product` or `product_data` when creating a price.', at);
  }
  if (typeof product !== 'object' || product === null) throw new StripeApiError('Invalid hash', `${at}[product_data]`);
  const name = (product as Record<string, unknown>)['name'];
  if (name === undefined || name === '') throw missing(`${at}[product_data][name]`);
  return String(name);
}

/** Stripe's integer parameters: digits with an optional minus; anything else is "Invalid integer: <value>" (quoted). */
function integer(value: unknown, param: string): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (!/^-?\d+$/.test(text)) throw new StripeApiError(`Invalid integer: ${text}`, param, 'parameter_invalid_integer');
  return Number(text);
}

function optionalString(p: Record<string, unknown>, param: string, max: number): string | null {
  const value = p[param];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new StripeApiError('Invalid string', param);
  if (value.length > max) {
    // quoted: "Invalid string: BAh7CEkiCG...7b80c2b880; must be at most 200 characters".
    const shown = `${value.slice(0, 10)}...${value.slice(-10)}`;
    throw new StripeApiError(`Invalid string: ${shown}; must be at most ${max} characters`, param);
  }
  return value;
}

function url(p: Record<string, unknown>, param: string): string | null {
  const value = optionalString(p, param, 5000);
  if (value === null) return null;
  // Stripe keeps the {CHECKOUT_SESSION_ID} template in success_url; the URL parser must not choke on it.
  const parsed = URL.canParse(value.replace(/\{CHECKOUT_SESSION_ID\}/g, 'x'))
    ? new URL(value.replace(/\{CHECKOUT_SESSION_ID\}/g, 'x'))
    : null;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
    throw new StripeApiError('Not a valid URL', param, 'url_invalid');
  return value;
}

function checkMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StripeApiError('Invalid hash', 'metadata');
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== ''); // '' unsets a key
  if (entries.length > 50) throw new StripeApiError('You can have at most 50 keys in metadata.', 'metadata');
  for (const [key, v] of entries) {
    if (typeof v !== 'string') throw new StripeApiError('Invalid string', `metadata[${key}]`);
    if (key.length > 40) {
      throw new StripeApiError(
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters. Invalid key: ${key}`,
        `metadata[${key}]`,
      );
    }
    if (v.length > 500) {
      // quoted: "Metadata values can have up to 500 characters, but you passed in a value that is 589 characters".
      throw new StripeApiError(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters. Invalid value: ${v}`,
        `metadata[${key}]`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
