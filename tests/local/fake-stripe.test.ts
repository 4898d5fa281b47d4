// The fake Stripe against the official SDK: what the SDK sends is accepted or refused as Stripe would, and
// what the fake signs is what the SDK's own verifier accepts (and rejects when replayed stale or forged).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../../local/fake-gateways/stripe.js';

const SECRET_KEY = 'sk_test_51FakeKeyForTheLocalStack0000';
const WEBHOOK_SECRET = 'whsec_fake_local_endpoint_secret';

type CreateParams = Stripe.Checkout.SessionCreateParams;
type StripeError = InstanceType<typeof Stripe.errors.StripeError>;

/** The shop's webhook endpoint: keeps each raw body and signature, answers the next queued status (200 after). */
interface Received {
  body: string;
  signature: string | undefined;
}
const received: Received[] = [];
const statuses: number[] = [];
let receiver: Server;
let fake: FakeStripe;
let stripe: Stripe;

const now = () => Math.floor(Date.now() / 1000);

function params(over: Record<string, unknown> = {}): CreateParams {
  return {
    mode: 'payment',
    line_items: [
      { quantity: 1, price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'Minecraft 2 GB' } } },
    ],
    client_reference_id: 'ORD-7K2M9Q',
    metadata: { orderId: 'ORD-7K2M9Q' },
    expires_at: now() + 3600,
    success_url: 'https://shop.example/paid?session={CHECKOUT_SESSION_ID}',
    ...over,
  } as CreateParams;
}

/** params() with one field of the first line item's price_data replaced (undefined removes it). */
function priceData(field: string, value: unknown): CreateParams {
  const pd: Record<string, unknown> = { currency: 'usd', unit_amount: 1500, product_data: { name: 'Plan' } };
  if (value === undefined) delete pd[field];
  else pd[field] = value;
  return params({ line_items: [{ quantity: 1, price_data: pd }] });
}

async function refusal(p: CreateParams | Promise<unknown>): Promise<StripeError> {
  try {
    await (p instanceof Promise ? p : stripe.checkout.sessions.create(p));
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected Stripe to refuse');
}

const verify = (r: Received | undefined) =>
  stripe.webhooks.constructEvent(r?.body ?? '', r?.signature ?? '', WEBHOOK_SECRET);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signature = req.headers['stripe-signature'];
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: typeof signature === 'string' ? signature : undefined,
      });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  fake = await startFakeStripe({
    webhookUrl: `http://127.0.0.1:${port}/payments/stripe`,
    webhookSecret: WEBHOOK_SECRET,
    secretKey: SECRET_KEY,
    retryDelayMs: 0,
  });
  const url = new URL(fake.url);
  stripe = new Stripe(SECRET_KEY, { host: url.hostname, port: url.port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await fake.stop();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
  await fake.idle();
  received.length = 0;
  statuses.length = 0;
  fake.setDown(false);
});

describe('Checkout Sessions through the official SDK', () => {
  it('creates an open, unpaid session whose url is the fake pay page, and reads it back', async () => {
    const created = await stripe.checkout.sessions.create(params());
    expect(created).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1500,
      currency: 'usd',
      client_reference_id: 'ORD-7K2M9Q',
      metadata: { orderId: 'ORD-7K2M9Q' },
      payment_intent: null,
      livemode: false,
      mode: 'payment',
      url: `${fake.url}/pay/${created.id}`,
    });
    expect(created.id).toMatch(/^cs_test_[A-Za-z0-9]+$/);
    expect(created.expires_at).toBeGreaterThan(now() + 3500);
    const read = await stripe.checkout.sessions.retrieve(created.id);
    expect(read).toMatchObject({ id: created.id, status: 'open', amount_total: 1500 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(`GET /v1/checkout/sessions/${created.id}`);
  });

  it('expires a session: status expired, no url, a signed checkout.session.expired', async () => {
    const { id } = await stripe.checkout.sessions.create(params());
    const expired = await stripe.checkout.sessions.expire(id);
    expect(expired).toMatchObject({ id, status: 'expired', url: null });
    await fake.idle();
    const event = verify(received[0]);
    expect(event.type).toBe('checkout.session.expired');
    expect(event.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    const again = await refusal(stripe.checkout.sessions.expire(id));
    expect(again.message).toContain("Only Checkout Sessions with a status in ['open'] can be expired");
  });

  it('answers an unknown session with resource_missing', async () => {
    const err = await refusal(stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('paying and the signed events', () => {
  it('paying sends checkout.session.completed (paid) that constructEvent accepts', async () => {
    const { id } = await stripe.checkout.sessions.create(params());
    const sent = await fake.pay(id);
    const event = verify(received[0]);
    expect(event).toMatchObject({ id: sent.id, type: 'checkout.session.completed', object: 'event', livemode: false });
    expect(event.api_version).toBe(Stripe.API_VERSION);
    const session = event.data.object as Stripe.Checkout.Session;
    expect(session).toMatchObject({
      id,
      status: 'complete',
      payment_status: 'paid',
      client_reference_id: 'ORD-7K2M9Q',
    });
    expect(session.payment_intent).toMatch(/^pi_/);
    expect(fake.sessions.get(id)?.payment_status).toBe('paid');
    expect(fake.deliveries.at(-1)).toMatchObject({ eventId: sent.id, status: 200, attempt: 1 });
  });

  it('pay later: completed with payment_status unpaid, then async_payment_succeeded', async () => {
    const { id } = await stripe.checkout.sessions.create(params());
    await fake.pay(id, { later: true });
    await fake.settleLater(id);
    const [completed, succeeded] = received.map(verify);
    expect(completed?.type).toBe('checkout.session.completed');
    expect(completed?.data.object).toMatchObject({ payment_status: 'unpaid' });
    expect(succeeded?.type).toBe('checkout.session.async_payment_succeeded');
    expect(succeeded?.data.object).toMatchObject({ payment_status: 'paid' });
  });

  it('rejects a resend with a wrong secret or an old timestamp, accepts a plain resend', async () => {
    const { id } = await stripe.checkout.sessions.create(params());
    const event = await fake.pay(id);
    await fake.resend(event.id, { secret: 'whsec_wrong' });
    await fake.resend(event.id, { timestamp: now() - 600 });
    await fake.resend(event.id);
    const [, forged, stale, fresh] = received;
    expect(() => verify(forged)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => verify(stale)).toThrow(/tolerance/i);
    expect(verify(fresh).id).toBe(event.id);
    expect(fresh?.body).toBe(received[0]?.body);
  });

  it('retries a delivery that got a 500 once', async () => {
    const { id } = await stripe.checkout.sessions.create(params());
    statuses.push(500);
    const event = await fake.pay(id);
    await fake.idle();
    const attempts = fake.deliveries.filter((d) => d.eventId === event.id);
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it('the pay page shows the amount and pays on POST, then redirects to success_url', async () => {
    const { id, url } = await stripe.checkout.sessions.create(params());
    const page = await fetch(url ?? '');
    expect(await page.text()).toMatch(/\$15\.00 USD[\s\S]*Pay later \(boleto-like\)/);
    const paid = await fetch(url ?? '', {
      method: 'POST',
      body: new URLSearchParams({ choice: 'now' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://shop.example/paid?session=${id}`);
    await fake.idle();
    expect(verify(received[0]).type).toBe('checkout.session.completed');
  });
});

describe('what Stripe refuses', () => {
  const refusals: [string, CreateParams, RegExp, string?][] = [
    ['missing mode', params({ mode: undefined }), /Missing required param: mode/, 'mode'],
    ['missing line_items', params({ line_items: undefined }), /Missing required param: line_items/, 'line_items'],
    ['missing currency', priceData('currency', undefined), /Missing required param: .*\[currency\]/],
    ['missing unit_amount', priceData('unit_amount', undefined), /Missing required param: .*\[unit_amount\]/],
    ['a non-integer unit_amount', priceData('unit_amount', 12.5), /Invalid integer: 12\.5/],
    ['a negative unit_amount', priceData('unit_amount', -100), /greater than or equal to 0/],
    ['an unknown currency', priceData('currency', 'xyz'), /Invalid currency: xyz/],
    ['usd below 50 cents', priceData('unit_amount', 49), /at least \$0\.50 usd/],
    [
      'brl below 50 centavos',
      params({
        line_items: [{ quantity: 1, price_data: { currency: 'brl', unit_amount: 49, product_data: { name: 'P' } } }],
      }),
      /at least R\$0\.50 brl/,
    ],
    ['expires_at under 30 minutes', params({ expires_at: now() + 29 * 60 }), /at least 30 minutes/, 'expires_at'],
    ['expires_at over 24 hours', params({ expires_at: now() + 25 * 3600 }), /less than 24 hours/, 'expires_at'],
    ['a metadata value over 500 characters', params({ metadata: { note: 'x'.repeat(501) } }), /up to 500 characters/],
    ['a client_reference_id over 200 characters', params({ client_reference_id: 'r'.repeat(201) }), /at most 200/],
    ['an unknown parameter', params({ colour: 'red' }), /Received unknown parameter: colour/, 'colour'],
  ];

  it.each(refusals)('%s: 400 invalid_request_error', async (_name, p, message, param) => {
    const err = await refusal(p);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.raw).toMatchObject({ type: 'invalid_request_error' });
    expect(err.message).toMatch(message);
    if (param) expect(err.param).toBe(param);
  });

  it('eur at the 50-cent minimum is accepted', async () => {
    await expect(stripe.checkout.sessions.create(priceData('currency', 'eur'))).resolves.toMatchObject({
      currency: 'eur',
    });
  });

  it('honours Idempotency-Key: same body → same session; another body → idempotency_error', async () => {
    // A refused request is not saved under its key: the corrected one may reuse it.
    await refusal(stripe.checkout.sessions.create(priceData('unit_amount', 1), { idempotencyKey: 'k1' }));
    const p = params();
    const a = await stripe.checkout.sessions.create(p, { idempotencyKey: 'k1' });
    const b = await stripe.checkout.sessions.create(p, { idempotencyKey: 'k1' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    const err = await refusal(
      stripe.checkout.sessions.create(params({ client_reference_id: 'other' }), { idempotencyKey: 'k1' }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.message).toContain("Try using a key other than 'k1'");
  });

  it('refuses a wrong or missing API key with 401 in Stripe’s error shape', async () => {
    const url = new URL(fake.url);
    const other = new Stripe('sk_test_wrong_key_1234', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const err = await refusal(other.checkout.sessions.create(params()));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.message).toMatch(/^Invalid API Key provided: sk_test_\**1234$/);
    const bare = await fetch(`${fake.url}/v1/checkout/sessions`, { method: 'POST' });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: /did not provide an API key/ },
    });
  });

  it('when down, the SDK raises StripeAPIError at once; back up, it works', async () => {
    fake.setDown(true);
    const started = Date.now();
    const err = await refusal(params());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(1000);
    fake.setDown(false);
    await expect(stripe.checkout.sessions.create(params())).resolves.toMatchObject({ status: 'open' });
  });
});
