// Property-based tests of the payment gateways' webhook (functions/payments/function-url.ts) through its real
// handler, for both endpoints: POST /stripe (Stripe-Signature over "<t>.<raw body>", checked by the SDK's
// verifier, 300 s tolerance) and POST /midtrans (signature_key = SHA-512(order_id + status_code + gross_amount
// + server key) in the body). No local stack: an in-memory queue records what would go to the inbox.
//
// Properties (issue 16, "Rules"):
// - any request (random method, path, headers, body, encoding, size) never throws and is answered with one of
//   200/400/401/404/405/413 only; an unsigned one queues nothing;
// - an unsigned or wrongly signed request is refused (401), counted (PaymentSignatureRejected) and queues
//   nothing: Stripe with random, wrong-secret, other-body, old-timestamp or other-scheme signatures; Midtrans
//   with random signature_keys and with valid notifications changed in a signed field without re-signing;
// - a validly signed checkout event or notification (signed here with node:crypto, as the gateways sign) is
//   queued exactly once, as a payment notice with the gateway's ids, under SQS FIFO-valid ids, and neither
//   the body queued nor the logs carry a key or the proof itself; other Stripe event types are acknowledged
//   and not queued;
// - a validly signed but malformed event (only the holder of the key could send one) is still answered
//   without a 5xx, and whatever is queued is a well-formed notice.

import { createHash, createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPaymentWebhookHandler, MAX_PAYMENT_BODY_BYTES } from '../../functions/payments/function-url.js';
import { isPaymentNotice, type PaymentNotice } from '../../shared/app/payments/port.js';
import type { QueueMessage, QueuePort } from '../../shared/app/ports.js';
import { EnvSecrets } from '../../shared/config/secrets.js';

const STRIPE_WEBHOOK_SECRET = 'whsec_fuzzWebhookSecret0123456789';
const STRIPE_SECRET_KEY = 'sk_test_fuzzSecretKey0123456789';
const MIDTRANS_SERVER_KEY = 'SB-Mid-server-fuzzServerKey0123';
const KEYS = [STRIPE_WEBHOOK_SECRET, STRIPE_SECRET_KEY, MIDTRANS_SERVER_KEY];
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const params = { seed: SEED, numRuns: RUNS };

type Gateway = 'stripe' | 'midtrans';
const ALLOWED = [200, 400, 401, 404, 405, 413];
// SQS FIFO: group and deduplication ids of 1 to 128 characters from this set.
const SQS_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

// ---------------------------------------------------------------- the handler, with a recording queue

class RecordingQueue implements QueuePort {
  readonly messages: QueueMessage[] = [];
  async send(messages: readonly QueueMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}

function setup(provider: Gateway) {
  const inbox = new RecordingQueue();
  const metrics: string[] = [];
  const logs: string[] = [];
  const line = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    logs.push(`${level} ${message} ${JSON.stringify(extra ?? {})}`);
  const handler = createPaymentWebhookHandler({
    provider,
    secrets: new EnvSecrets({ STRIPE_WEBHOOK_SECRET, STRIPE_SECRET_KEY, MIDTRANS_SERVER_KEY }),
    inbox,
    logger: { info: line('info'), warn: line('warn'), error: line('error') },
    metrics: { count: (name) => metrics.push(name) },
  });
  return { handler, inbox, metrics, logs };
}

interface Req {
  method: string;
  path: string;
  body: Buffer;
  base64: boolean;
  headers: Record<string, string>;
  /** A Function URL event always has one; other front doors, or a broken test event, may not. */
  noContext?: boolean;
}

function event(r: Req): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: r.path,
    rawQueryString: '',
    headers: r.headers,
    body: r.base64 ? r.body.toString('base64') : r.body.toString('utf8'),
    isBase64Encoded: r.base64,
    ...(r.noContext
      ? {}
      : {
          requestContext: {
            http: { method: r.method, path: r.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'fuzz' },
          },
        }),
  } as unknown as APIGatewayProxyEventV2;
}

/** Sends a request to the handler of each gateway, checking what always holds; returns both outcomes. */
async function send(provider: Gateway, r: Req) {
  const s = setup(provider);
  const res = await s.handler(event(r));
  expect(ALLOWED, `${res.statusCode} ${res.body} ${s.logs.join('\n')}`).toContain(res.statusCode);
  if (res.statusCode !== 200) expect(s.inbox.messages).toEqual([]);
  for (const key of KEYS) expect(s.logs.join('\n')).not.toContain(key);
  // Exactly one count per refused proof.
  expect(s.metrics.filter((m) => m === 'PaymentSignatureRejected').length).toBe(res.statusCode === 401 ? 1 : 0);
  return { res, ...s };
}

// ---------------------------------------------------------------- signing, as the gateways do

const unixNow = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
const stripeHeader = (body: string, t = unixNow(), secret = STRIPE_WEBHOOK_SECRET) =>
  `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');
const midtransSignature = (orderId: string, statusCode: string, grossAmount: string, key = MIDTRANS_SERVER_KEY) =>
  sha512(`${orderId}${statusCode}${grossAmount}${key}`);

// ---------------------------------------------------------------- arbitraries: realistic events

const alnum = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), {
      minLength: min,
      maxLength: max,
    })
    .map((a) => a.join(''));
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const orderId = fc
  .tuple(
    fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'), { minLength: 6, maxLength: 6 }),
    fc.option(fc.integer({ min: 2, max: 9999 }), { nil: undefined }),
  )
  .map(([c, n]) => `ORD-${c.join('')}${n === undefined ? '' : `-${n}`}`);

const CHECKOUT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
const OTHER_TYPES = [
  'payment_intent.succeeded',
  'charge.succeeded',
  'charge.refunded',
  'checkout.session.created',
  'customer.created',
  'invoice.paid',
];

const stripeCurrency = fc.constantFrom('brl', 'usd', 'eur', 'idr', 'jpy');
const stripeSession = fc.record({
  id: alnum(24, 58).map((s) => `cs_test_${s}`),
  object: fc.constant('checkout.session'),
  client_reference_id: fc.option(orderId, { nil: null }),
  metadata: fc.oneof(
    fc.constant<Record<string, string>>({}),
    orderId.map((o): Record<string, string> => ({ orderId: o, attempt: '1' })),
  ),
  amount_total: fc.integer({ min: 1, max: 10_000_000 }),
  currency: stripeCurrency,
  payment_status: fc.constantFrom('paid', 'unpaid', 'no_payment_required'),
  payment_intent: fc.option(
    alnum(24, 24).map((s) => `pi_${s}`),
    { nil: null },
  ),
  payment_method_types: fc.constantFrom(['card'], ['pix'], ['card', 'boleto'], ['qris']),
  status: fc.constantFrom('open', 'complete', 'expired'),
  livemode: fc.constant(false),
});
/** A Stripe event as it sends them: pretty-printed (two spaces) or compact JSON. */
const stripeEvent = (types: fc.Arbitrary<string>) =>
  fc
    .record({
      id: alnum(24, 24).map((s) => `evt_${s}`),
      object: fc.constant('event'),
      api_version: fc.constant('2025-10-29.clover'),
      created: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
      type: types,
      livemode: fc.constant(false),
      pending_webhooks: fc.integer({ min: 1, max: 3 }),
      data: fc.record({ object: stripeSession }),
    })
    .map((e) => {
      // IDR and JPY prices are whole (Stripe counts IDR in hundredths, JPY in yen).
      const s = e.data.object;
      if (s.currency === 'idr') s.amount_total = Math.max(1, Math.floor(s.amount_total / 100)) * 100;
      return e;
    });
const checkoutEvent = stripeEvent(fc.constantFrom(...CHECKOUT_TYPES));
const anyStripeEvent = stripeEvent(fc.oneof(fc.constantFrom(...CHECKOUT_TYPES), fc.constantFrom(...OTHER_TYPES)));
const stripeText = (e: unknown, pretty: boolean) => JSON.stringify(e, null, pretty ? 2 : undefined);

const TRANSACTION_STATUSES = [
  'settlement',
  'capture',
  'pending',
  'authorize',
  'deny',
  'cancel',
  'expire',
  'failure',
  'refund',
  'partial_refund',
  'chargeback',
] as const;
const STATUS_CODE: Record<string, string> = { pending: '201', deny: '202', expire: '407', failure: '202' };
const midtransNotification = fc
  .record({
    order_id: orderId,
    transaction_status: fc.constantFrom(...TRANSACTION_STATUSES),
    transaction_id: fc.uuid(),
    gross: fc.integer({ min: 1, max: 999_999_999 }),
    grossForm: fc.constantFrom('.00', '.0', ''),
    fraud_status: fc.option(fc.constantFrom('accept', 'challenge', 'deny'), { nil: undefined }),
    payment_type: fc.constantFrom('qris', 'gopay', 'bank_transfer', 'credit_card', 'shopeepay', 'echannel'),
    extra: fc.dictionary(
      fc.constantFrom('merchant_id', 'transaction_time', 'settlement_time', 'expiry_time', 'issuer', 'acquirer'),
      fc.string({ maxLength: 20 }),
      { maxKeys: 3 },
    ),
  })
  .map(({ gross, grossForm, extra, fraud_status, ...n }) => {
    const status_code = STATUS_CODE[n.transaction_status] ?? '200';
    const gross_amount = `${gross}${grossForm}`;
    return {
      ...extra,
      status_code,
      status_message: 'midtrans payment notification',
      ...n,
      gross_amount,
      currency: 'IDR',
      ...(fraud_status ? { fraud_status } : {}),
      signature_key: midtransSignature(n.order_id, status_code, gross_amount),
      gross,
    };
  });
type MidtransBody = Record<string, unknown> & {
  order_id: string;
  status_code: string;
  gross_amount: string;
  signature_key: string;
  transaction_id: string;
  transaction_status: string;
};
/** The notification without our bookkeeping field (`gross`, the amount as a number). */
const wire = ({ gross: _gross, ...n }: MidtransBody & { gross: number }): MidtransBody => n;

// ---------------------------------------------------------------- arbitraries: anything else

const pathArb = fc.oneof(
  fc.constantFrom(
    '/stripe',
    '/midtrans',
    '/payments/stripe',
    '/payments/midtrans',
    '/STRIPE',
    '/Midtrans/',
    '/',
    '',
    '//stripe//',
    '/stripe/x',
    '/payments/paypal',
    '/webhook',
  ),
  fc.webPath(),
  fc.string({ maxLength: 40 }),
);
const methodArb = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 6 },
  { arbitrary: fc.constantFrom('post', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post ', ''), weight: 1 },
);
const garbageSignature = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.tuple(fc.integer(), hex(64)).map(([t, h]) => `t=${t},v1=${h}`),
  fc.constantFrom('t=', 'v1=', ',', '=', 't=1,v1=', 't=abc,v1=00', 'sha256=00'),
);
const headersArb = fc
  .tuple(
    fc.dictionary(
      fc.oneof(fc.constantFrom('content-type', 'user-agent', 'x-forwarded-for'), fc.string({ maxLength: 12 })),
      fc.string({ maxLength: 40 }),
      { maxKeys: 4 },
    ),
    fc.option(fc.tuple(fc.constantFrom('stripe-signature', 'Stripe-Signature', 'STRIPE-SIGNATURE'), garbageSignature), {
      nil: undefined,
    }),
  )
  .map(([h, sig]) => (sig ? { ...h, [sig[0]]: sig[1] } : h));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces, deletes or retypes values along random paths of a JSON value. */
function mutate(root: Json, ops: readonly { path: number[]; op: 'delete' | 'replace' | 'null'; value: Json }[]): Json {
  const out = structuredClone(root);
  for (const { path, op, value } of ops) {
    let parent: Json[] | { [k: string]: Json } | undefined;
    let key: string | number | undefined;
    let node: Json = out;
    for (const step of path) {
      if (node === null || typeof node !== 'object') break;
      const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) break;
      parent = node;
      key = keys[step % keys.length]!;
      node = (node as Record<string | number, Json>)[key]!;
    }
    if (parent === undefined || key === undefined) continue;
    const p = parent as Record<string | number, Json>;
    if (op === 'delete' && !Array.isArray(parent)) delete p[key];
    else p[key] = op === 'null' ? null : value;
  }
  return out;
}
const mutations = fc.array(
  fc.record({
    path: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }),
    op: fc.constantFrom('delete' as const, 'replace' as const, 'null' as const),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  }),
  { minLength: 1, maxLength: 3 },
);

const bodyText = fc.oneof(
  anyStripeEvent.map((e) => stripeText(e, true)),
  fc.tuple(anyStripeEvent, mutations).map(([e, ops]) => JSON.stringify(mutate(e as unknown as Json, ops))),
  // Midtrans notifications, every one with a signature_key that does not check out (or none).
  fc
    .tuple(midtransNotification, fc.option(mutations, { nil: undefined }), fc.option(hex(128), { nil: undefined }))
    .map(([n, ops, sig]) => {
      const body = { ...wire(n), signature_key: sig ?? null } as Json;
      return JSON.stringify(ops ? mutate(body, ops) : body);
    }),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom('', '{}', '[]', 'null', '{"signature_key":""}', '{"type":"checkout.session.completed"}'),
);
const bodyBytes = fc.oneof(
  bodyText.map((t) => Buffer.from(t, 'utf8')),
  bodyText.map((t) => Buffer.from(t, 'utf16le')),
  fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
);

// ---------------------------------------------------------------- properties

describe('payment webhook fuzzing (fast-check)', () => {
  it('any request: never throws, never a 5xx (only 200/400/401/404/405/413), and an unsigned one queues nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: methodArb,
          // Mostly the gateway's own path, so that most requests reach its proof.
          path: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: pathArb, weight: 1 }),
          prefix: fc.constantFrom('/', '/payments/', '/PAYMENTS/'),
          body: bodyBytes,
          base64: fc.boolean(),
          headers: headersArb,
          noContext: fc.nat(9).map((n) => n === 0),
          huge: fc.nat(20),
        }),
        async ({ huge, path, prefix, ...r }) => {
          // Now and then, a body past the 256 KiB cap (413 before any proof is checked).
          const body = huge === 0 ? Buffer.concat([r.body, Buffer.alloc(MAX_PAYMENT_BODY_BYTES + 1, 'a')]) : r.body;
          for (const gateway of ['stripe', 'midtrans'] as const) {
            const req: Req = { ...r, body, path: path ?? `${prefix}${gateway}` };
            const { res, inbox } = await send(gateway, req);
            // Nothing here carries a valid proof: nothing may be queued, or even acknowledged.
            expect(res.statusCode).not.toBe(200);
            expect(inbox.messages).toEqual([]);
            if (req.noContext || req.method.toUpperCase() !== 'POST') expect(res.statusCode).toBe(405);
            if (huge === 0 && res.statusCode !== 405) expect(res.statusCode).toBe(413);
          }
        },
      ),
      params,
    );
  });

  it('a path that is not the configured gateway is 404, whatever it carries; other methods are 405', async () => {
    const other = fc.record({
      path: fc.oneof(pathArb, fc.constantFrom('/midtrans', '/payments/midtrans', '/stripe', '/payments/stripe')),
      signed: checkoutEvent,
    });
    await fc.assert(
      fc.asyncProperty(other, fc.constantFrom('stripe' as const, 'midtrans' as const), async ({ path, signed }, gw) => {
        const text = stripeText(signed, true);
        const r: Req = {
          method: 'POST',
          path,
          body: Buffer.from(text),
          base64: false,
          headers: { 'stripe-signature': stripeHeader(text) },
        };
        const last = path.split('/').filter(Boolean).at(-1)?.toLowerCase();
        const { res, inbox } = await send(gw, r);
        if (last !== gw) {
          expect(res.statusCode).toBe(404);
          expect(inbox.messages).toEqual([]);
        }
        const wrongMethod = await send(gw, { ...r, method: 'PUT' });
        expect(wrongMethod.res.statusCode).toBe(405);
        expect(wrongMethod.res.headers).toMatchObject({ allow: 'POST' });
      }),
      params,
    );
  });

  describe('Stripe', () => {
    type Bad =
      | 'missing'
      | 'garbage'
      | 'random-hmac'
      | 'wrong-secret'
      | 'key-as-secret'
      | 'other-body'
      | 'body-changed'
      | 'old'
      | 'v0-only'
      | 'no-timestamp'
      | 'other-timestamp'
      | 'no-dot'
      | 'body-only'
      | 'sha512'
      | 'truncated'
      | 'uppercase-scheme';

    function badHeader(kind: Bad, text: string, garbage: string, age: number, other: string): string | undefined {
      const t = unixNow();
      const good = hmac(STRIPE_WEBHOOK_SECRET, `${t}.${text}`);
      switch (kind) {
        case 'missing':
          return undefined;
        case 'garbage':
          return garbage;
        case 'random-hmac':
          return `t=${t},v1=${sha512(garbage).slice(0, 64)}`;
        case 'wrong-secret':
          return stripeHeader(text, t, `${STRIPE_WEBHOOK_SECRET}x`);
        case 'key-as-secret':
          return stripeHeader(text, t, STRIPE_SECRET_KEY);
        case 'other-body':
          return stripeHeader(other, t);
        case 'body-changed':
          return stripeHeader(`${text} `, t);
        case 'old':
          // Signed right, but older than the 300 s tolerance: a replay.
          return stripeHeader(text, t - 301 - age);
        case 'v0-only':
          return `t=${t},v0=${good}`;
        case 'no-timestamp':
          return `v1=${good}`;
        case 'other-timestamp':
          return `t=${t - 1 - (age % 200)},v1=${good}`;
        case 'no-dot':
          return `t=${t},v1=${hmac(STRIPE_WEBHOOK_SECRET, `${t}${text}`)}`;
        case 'body-only':
          return `t=${t},v1=${hmac(STRIPE_WEBHOOK_SECRET, text)}`;
        case 'sha512':
          return `t=${t},v1=${createHmac('sha512', STRIPE_WEBHOOK_SECRET).update(`${t}.${text}`).digest('hex')}`;
        case 'truncated':
          return `t=${t},v1=${good.slice(0, 32 + (age % 31))}`;
        case 'uppercase-scheme':
          return `T=${t},V1=${good}`;
      }
    }

    it('an unsigned or wrongly signed event (random, wrong secret, other body, old timestamp …) is 401, counted, never queued', async () => {
      const bad = fc.constantFrom<Bad>(
        'missing',
        'garbage',
        'random-hmac',
        'wrong-secret',
        'key-as-secret',
        'other-body',
        'body-changed',
        'old',
        'v0-only',
        'no-timestamp',
        'other-timestamp',
        'no-dot',
        'body-only',
        'sha512',
        'truncated',
        'uppercase-scheme',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            event: checkoutEvent,
            other: checkoutEvent,
            kind: bad,
            garbage: fc.string({ maxLength: 100 }),
            age: fc.nat(1_000_000),
            pretty: fc.boolean(),
            base64: fc.boolean(),
            path: fc.constantFrom('/stripe', '/payments/stripe', '/Stripe'),
          }),
          async (r) => {
            const text = stripeText(r.event, r.pretty);
            const other = stripeText(r.other, r.pretty);
            fc.pre(other !== text);
            const sig = badHeader(r.kind, text, r.garbage, r.age, other);
            const { res, inbox, metrics } = await send('stripe', {
              method: 'POST',
              path: r.path,
              body: Buffer.from(text),
              base64: r.base64,
              headers: {
                'content-type': 'application/json',
                ...(sig !== undefined ? { 'stripe-signature': sig } : {}),
              },
            });
            expect(res.statusCode).toBe(401);
            expect(inbox.messages).toEqual([]);
            expect(metrics).toEqual(['PaymentSignatureRejected']);
          },
        ),
        params,
      );
    });

    it('a validly signed checkout event is queued once, as a notice with its ids and no secret; other types are acknowledged only', async () => {
      const STATUS: Record<string, (paid: string) => string> = {
        'checkout.session.completed': (paid) => (paid === 'paid' ? 'paid' : 'pending'),
        'checkout.session.async_payment_succeeded': () => 'paid',
        'checkout.session.async_payment_failed': () => 'failed',
        'checkout.session.expired': () => 'expired',
      };
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            event: anyStripeEvent,
            pretty: fc.boolean(),
            base64: fc.boolean(),
            age: fc.integer({ min: -60, max: 290 }),
            form: fc.constantFrom('plain', 'rolled', 'with-v0'),
            header: fc.constantFrom('stripe-signature', 'Stripe-Signature'),
            path: fc.constantFrom('/stripe', '/payments/stripe', '/STRIPE', '/stripe/'),
            method: fc.constantFrom('POST', 'post'),
          }),
          async (r) => {
            const text = stripeText(r.event, r.pretty);
            const t = unixNow() - r.age;
            const v1 = hmac(STRIPE_WEBHOOK_SECRET, `${t}.${text}`);
            // While a secret is rolled, Stripe signs with both: a stale v1 first, then the current one.
            const sig =
              r.form === 'rolled'
                ? `t=${t},v1=${hmac('whsec_previous', `${t}.${text}`)},v1=${v1}`
                : r.form === 'with-v0'
                  ? `t=${t},v1=${v1},v0=${hmac('whsec_test_scheme', `${t}.${text}`)}`
                  : `t=${t},v1=${v1}`;
            const { res, inbox, logs } = await send('stripe', {
              method: r.method,
              path: r.path,
              body: Buffer.from(text),
              base64: r.base64,
              headers: { 'content-type': 'application/json; charset=utf-8', [r.header]: sig },
            });
            expect(res.statusCode).toBe(200);
            const session = r.event.data.object;
            const status = STATUS[r.event.type];
            if (!status) {
              expect(JSON.parse(res.body ?? '{}')).toMatchObject({ ignored: true });
              expect(inbox.messages).toEqual([]);
              return;
            }
            expect(inbox.messages).toHaveLength(1);
            const [m] = inbox.messages;
            const notice = JSON.parse(m!.body) as PaymentNotice;
            expect(isPaymentNotice(notice)).toBe(true);
            const orderId = session.client_reference_id ?? session.metadata.orderId ?? '';
            const digits = session.currency === 'idr' ? 100 : 1;
            expect(notice).toMatchObject({
              type: 'payment',
              provider: 'stripe',
              eventId: r.event.id,
              reference: session.id,
              orderId,
              transactionId: session.payment_intent ?? session.id,
              status: status(session.payment_status),
              gatewayStatus: r.event.type,
              amountMinor: session.amount_total / digits,
              currency: session.currency.toUpperCase(),
            });
            expect(m!.dedupId).toBe(`pay:stripe:${r.event.id}`);
            expect(m!.groupId).toBe(`pay-${orderId || session.id}`);
            expect(m!.groupId).toMatch(SQS_ID);
            expect(m!.dedupId).toMatch(SQS_ID);
            for (const secret of [...KEYS, v1, 'whsec_']) {
              expect(m!.body).not.toContain(secret);
              expect(logs.join('\n')).not.toContain(secret);
            }
          },
        ),
        params,
      );
    });
  });

  describe('Midtrans', () => {
    type Bad =
      | 'missing'
      | 'empty'
      | 'random'
      | 'wrong-key'
      | 'stripe-key'
      | 'no-key'
      | 'other-order'
      | 'reordered'
      | 'separated'
      | 'sha256'
      | 'truncated'
      | 'padded'
      | 'not-a-string';

    function badSignature(kind: Bad, n: MidtransBody, random: string): unknown {
      const { order_id: o, status_code: s, gross_amount: g } = n;
      switch (kind) {
        case 'missing':
          return undefined;
        case 'empty':
          return '';
        case 'random':
          return random;
        case 'wrong-key':
          return midtransSignature(o, s, g, `${MIDTRANS_SERVER_KEY}x`);
        case 'stripe-key':
          return midtransSignature(o, s, g, STRIPE_WEBHOOK_SECRET);
        case 'no-key':
          return sha512(`${o}${s}${g}`);
        case 'other-order':
          return midtransSignature(`${o}-2`, s, g);
        case 'reordered':
          return sha512(`${o}${g}${s}${MIDTRANS_SERVER_KEY}`);
        case 'separated':
          return sha512(`${o}|${s}|${g}|${MIDTRANS_SERVER_KEY}`);
        case 'sha256':
          return createHash('sha256').update(`${o}${s}${g}${MIDTRANS_SERVER_KEY}`).digest('hex');
        case 'truncated':
          return n.signature_key.slice(0, 127);
        case 'padded':
          return ` ${n.signature_key}`;
        case 'not-a-string':
          return [n.signature_key];
      }
    }

    it('random JSON with signature_key fields, and notifications with a wrong signature_key, are 401, counted, never queued', async () => {
      const hostile = fc.oneof(
        fc
          .tuple(
            midtransNotification,
            fc.constantFrom<Bad>(
              'missing',
              'empty',
              'random',
              'wrong-key',
              'stripe-key',
              'no-key',
              'other-order',
              'reordered',
              'separated',
              'sha256',
              'truncated',
              'padded',
              'not-a-string',
            ),
            fc.oneof(hex(128), fc.string({ maxLength: 130 })),
          )
          .map(([n, kind, random]) => {
            const body: Record<string, unknown> = wire(n);
            const sig = badSignature(kind, wire(n), random);
            if (sig === undefined) delete body.signature_key;
            else body.signature_key = sig;
            return JSON.stringify(body);
          }),
        fc
          .record({
            order_id: fc.oneof(orderId, fc.string({ maxLength: 60 })),
            status_code: fc.oneof(fc.constantFrom('200', '201', '202', '407'), fc.string({ maxLength: 4 })),
            gross_amount: fc.oneof(
              fc.nat().map((g) => `${g}.00`),
              fc.string({ maxLength: 12 }),
            ),
            signature_key: fc.oneof(hex(128), fc.string({ maxLength: 200 })),
            transaction_id: fc.uuid(),
            transaction_status: fc.constantFrom(...TRANSACTION_STATUSES),
            rest: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
          })
          .map(({ rest, ...fields }) => JSON.stringify({ ...rest, ...fields })),
        fc.tuple(fc.json({ maxDepth: 2 }), hex(128)).map(([j, sig]) => {
          const v = JSON.parse(j) as unknown;
          return JSON.stringify(
            v && typeof v === 'object' && !Array.isArray(v)
              ? { ...v, signature_key: sig }
              : { value: v, signature_key: sig },
          );
        }),
      );
      await fc.assert(
        fc.asyncProperty(hostile, fc.boolean(), async (text, base64) => {
          const { res, inbox, metrics } = await send('midtrans', {
            method: 'POST',
            path: '/midtrans',
            body: Buffer.from(text),
            base64,
            headers: { 'content-type': 'application/json' },
          });
          expect(res.statusCode).toBe(401);
          expect(inbox.messages).toEqual([]);
          expect(metrics).toEqual(['PaymentSignatureRejected']);
        }),
        params,
      );
    });

    it('a valid notification changed in order_id, status_code or gross_amount without re-signing is 401 and never queued', async () => {
      const change = fc.record({
        field: fc.constantFrom('order_id', 'status_code', 'gross_amount'),
        how: fc.constantFrom('other', 'append', 'trim', 'case', 'number', 'null', 'delete', 'space'),
        other: fc.oneof(
          orderId,
          fc.constantFrom('200', '201', '202', '407', '404', '1.00', '0.00', '999999999999.00'),
          fc.string({ minLength: 1, maxLength: 20 }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(
          midtransNotification,
          fc.array(change, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (n, changes, base64) => {
            const original = wire(n);
            const body: Record<string, unknown> = { ...original };
            for (const { field, how, other } of changes) {
              const v = body[field];
              const s = typeof v === 'string' ? v : String(v ?? '');
              if (how === 'other') body[field] = other;
              else if (how === 'append') body[field] = `${s}0`;
              else if (how === 'trim') body[field] = s.slice(0, -1);
              else if (how === 'case') body[field] = s === s.toLowerCase() ? s.toUpperCase() : s.toLowerCase();
              else if (how === 'number') body[field] = Number.isFinite(Number(s)) ? Number(s) : s.length;
              else if (how === 'null') body[field] = null;
              else if (how === 'delete') delete body[field];
              else body[field] = ` ${s}`;
            }
            const signed = (b: Record<string, unknown>) =>
              [b.order_id, b.status_code, b.gross_amount].every((x) => typeof x === 'string' && x !== '')
                ? `${b.order_id}${b.status_code}${b.gross_amount}`
                : undefined;
            // Midtrans signs the three fields run together: a change that keeps the same run (moving a character
            // from one field to the next) keeps a valid signature. That is the scheme, not a forgery: skipped.
            fc.pre(signed(body) !== signed(original as Record<string, unknown>));
            const { res, inbox, metrics } = await send('midtrans', {
              method: 'POST',
              path: '/payments/midtrans',
              body: Buffer.from(JSON.stringify(body)),
              base64,
              headers: { 'content-type': 'application/json' },
            });
            expect(res.statusCode).toBe(401);
            expect(inbox.messages).toEqual([]);
            expect(metrics).toEqual(['PaymentSignatureRejected']);
          },
        ),
        params,
      );
    });

    it('a validly signed notification is queued once, as a notice with its ids and no key or signature', async () => {
      const STATUS: Record<string, string> = {
        settlement: 'paid',
        pending: 'pending',
        authorize: 'pending',
        deny: 'failed',
        cancel: 'failed',
        failure: 'failed',
        expire: 'expired',
      };
      await fc.assert(
        fc.asyncProperty(
          midtransNotification,
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          fc.constantFrom('/midtrans', '/payments/midtrans', '/MIDTRANS'),
          async (n, upper, shuffle, base64, path) => {
            const body = wire(n);
            if (upper) body.signature_key = body.signature_key.toUpperCase();
            const entries = Object.entries(body);
            const text = JSON.stringify(Object.fromEntries(shuffle ? entries.reverse() : entries));
            const { res, inbox, logs } = await send('midtrans', {
              method: 'POST',
              path,
              body: Buffer.from(text),
              base64,
              headers: { 'content-type': 'application/json' },
            });
            expect(res.statusCode).toBe(200);
            expect(inbox.messages).toHaveLength(1);
            const [m] = inbox.messages;
            const notice = JSON.parse(m!.body) as PaymentNotice;
            expect(isPaymentNotice(notice)).toBe(true);
            const status =
              body.transaction_status === 'capture'
                ? body.fraud_status === 'accept'
                  ? 'paid'
                  : 'pending'
                : (STATUS[body.transaction_status] ?? 'other');
            // The body's hash is part of the id: a relabelled body cannot use up the genuine one's.
            const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
            const eventId = `${body.transaction_id}:${body.transaction_status}:${digest}`;
            const ourOrder = /^ORD-[0-9A-Z]{6}/.exec(body.order_id)![0];
            expect(notice).toMatchObject({
              type: 'payment',
              provider: 'midtrans',
              eventId,
              reference: body.order_id,
              orderId: ourOrder,
              transactionId: body.transaction_id,
              status,
              amountMinor: n.gross,
              currency: 'IDR',
              paymentType: body.payment_type,
            });
            expect(m!.dedupId).toBe(`pay:midtrans:${eventId}`);
            expect(m!.groupId).toBe(`pay-${ourOrder}`);
            expect(m!.groupId).toMatch(SQS_ID);
            expect(m!.dedupId).toMatch(SQS_ID);
            expect(m!.body).not.toContain('signature_key');
            for (const secret of [...KEYS, n.signature_key, n.signature_key.toUpperCase()]) {
              expect(m!.body).not.toContain(secret);
              expect(logs.join('\n')).not.toContain(secret);
            }
          },
        ),
        params,
      );
    });
  });

  // Only a holder of the gateway's key can sign these, so they are not an attack; but the adapter's contract is
  // "500 only when the queue failed" (a 500 makes the gateway retry the same event for days), and what is
  // queued must be a notice the inbox worker can read.
  describe('validly signed but malformed events', () => {
    it('Stripe: a signed event with odd types or missing parts is answered without a 5xx; anything queued is a notice', async () => {
      const malformed = fc.oneof(
        fc.tuple(checkoutEvent, mutations).map(([e, ops]) => mutate(e as unknown as Json, ops)),
        fc
          .tuple(checkoutEvent, fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'))
          .map(([e, type]) => ({ ...(e as unknown as Record<string, Json>), type })),
        fc.constantFrom<Json>(null, 5, 'x', [], {}, { type: 'checkout.session.completed' }),
        fc
          .tuple(fc.constantFrom(...CHECKOUT_TYPES), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>)
          .map(([type, data]) => ({ id: 'evt_malformed', type, data })),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (value) => {
          const text = JSON.stringify(value);
          const { res, inbox } = await send('stripe', {
            method: 'POST',
            path: '/stripe',
            body: Buffer.from(text),
            base64: false,
            headers: { 'stripe-signature': stripeHeader(text) },
          });
          expect(res.statusCode).toBeLessThan(500);
          for (const m of inbox.messages) expect(isPaymentNotice(JSON.parse(m.body))).toBe(true);
        }),
        params,
      );
    });

    it('Midtrans: a signed notification with odd value types is answered without a 5xx; anything queued is a notice', async () => {
      const malformed = fc
        .tuple(
          midtransNotification,
          fc.dictionary(
            fc.constantFrom(
              'currency',
              'transaction_id',
              'transaction_status',
              'fraud_status',
              'payment_type',
              'status_message',
            ),
            fc.jsonValue({ maxDepth: 1 }),
            { minKeys: 1, maxKeys: 3 },
          ),
        )
        .map(([n, odd]) => ({ ...wire(n), ...odd }));
      await fc.assert(
        fc.asyncProperty(malformed, async (body) => {
          const { res, inbox } = await send('midtrans', {
            method: 'POST',
            path: '/midtrans',
            body: Buffer.from(JSON.stringify(body)),
            base64: false,
            headers: {},
          });
          expect(res.statusCode).toBeLessThan(500);
          for (const m of inbox.messages) expect(isPaymentNotice(JSON.parse(m.body))).toBe(true);
        }),
        params,
      );
    });
  });
});
