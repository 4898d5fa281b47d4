// Property-based tests of the webhook (Function URL handler) and the envelope parser: random and mutated
// envelopes from the fixtures, wrong, missing and malformed signatures, truncated, huge and oddly encoded
// bodies, wrong content types, odd header casing, base64, and GET handshakes with random parameters.
//
// Properties (DESIGN.md, "The flow" §1 and "Invariants"):
// - unsigned or wrongly signed POST → 401 and nothing queued (inbox or quarantine);
// - any signed body → the handler does not throw and answers 200: its events queued, or the body quarantined;
//   what is queued is something SQS FIFO accepts (ids, sizes, characters);
// - GET → 200 with the challenge only for mode=subscribe with our verify token, else 403;
// - a body over the size cap → 413 before anything is hashed or queued (see the note at that test).

import { readdirSync, readFileSync } from 'node:fs';
import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../functions/webhook/function-url.js';
import { type QueueMessage, type QueuePort, SqsQueue } from '../../shared/aws/queue.js';
import { EnvSecrets } from '../../shared/config/secrets.js';
import { parseEnvelope } from '../../shared/whatsapp/inbound.js';
import { signBody } from '../../shared/whatsapp/signature.js';

const SECRET = 'fuzz-app-secret';
const PREVIOUS = 'fuzz-previous-secret';
const VERIFY = 'fuzz-verify-token';
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const params = { seed: SEED, numRuns: RUNS };

const dir = new URL('../fixtures/whatsapp/', import.meta.url);
const FIXTURES = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));

// ---------------------------------------------------------------- a queue that refuses what SQS FIFO refuses

const SQS_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
// SQS bodies: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF, at most 256 KiB.
const SQS_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/**
 * The real SqsQueue adapter over an SQS client stand-in that refuses what SQS FIFO refuses
 * (InvalidParameterValue for the whole call, as SendMessageBatch does for a malformed entry).
 */
class StrictFifoQueue implements QueuePort {
  readonly messages: QueueMessage[] = [];
  private readonly adapter = new SqsQueue(
    {
      send: async (command: SendMessageBatchCommand) => {
        const entries = command.input.Entries ?? [];
        for (const e of entries) {
          const body = e.MessageBody ?? '';
          if (!SQS_ID.test(e.MessageGroupId ?? ''))
            throw new Error(`InvalidParameterValue: MessageGroupId ${JSON.stringify(e.MessageGroupId)}`);
          if (!SQS_ID.test(e.MessageDeduplicationId ?? ''))
            throw new Error(
              `InvalidParameterValue: MessageDeduplicationId ${JSON.stringify(e.MessageDeduplicationId)}`,
            );
          if (!SQS_BODY.test(body)) throw new Error('InvalidMessageContents: characters outside the allowed set');
          if (Buffer.byteLength(body, 'utf8') > 256 * 1024) throw new Error('InvalidParameterValue: body over 256 KiB');
        }
        for (const e of entries)
          this.messages.push({ body: e.MessageBody!, groupId: e.MessageGroupId!, dedupId: e.MessageDeduplicationId! });
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      },
    } as unknown as SQSClient,
    'https://sqs.local/000000000000/fuzz.fifo',
  );
  send(messages: readonly QueueMessage[]): Promise<void> {
    return this.adapter.send(messages);
  }
}

function setup(maxBodyBytes?: number) {
  const inbox = new StrictFifoQueue();
  const quarantine = new StrictFifoQueue();
  const errors: string[] = [];
  const handler = createWebhookHandler({
    secrets: new EnvSecrets({
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_APP_SECRET_PREVIOUS: PREVIOUS,
      WHATSAPP_VERIFY_TOKEN: VERIFY,
    }),
    inbox,
    quarantine,
    logger: { info() {}, warn() {}, error: (m, extra) => errors.push(`${m} ${JSON.stringify(extra)}`) },
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  return { handler, inbox, quarantine, errors };
}

function event(
  method: string,
  init: { body?: string; base64?: boolean; headers?: Record<string, string>; query?: Record<string, string> },
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: init.headers ?? {},
    ...(init.query ? { queryStringParameters: init.query } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
    isBase64Encoded: init.base64 ?? false,
    requestContext: { http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'fuzz' } },
  } as unknown as APIGatewayProxyEventV2;
}

// ---------------------------------------------------------------- arbitraries

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Applies mutations along index paths: delete, replace with a random value, duplicate, wrap, stringify. */
function mutate(root: Json, ops: readonly { path: number[]; op: string; value: Json }[]): Json {
  let out = structuredClone(root);
  for (const { path, op, value } of ops) {
    let parent: Json[] | { [k: string]: Json } | undefined;
    let key: string | number | undefined;
    let node: Json = out;
    for (const step of path) {
      if (Array.isArray(node) && node.length > 0) {
        parent = node;
        key = step % node.length;
        node = node[key]!;
      } else if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0) {
        const keys = Object.keys(node);
        parent = node;
        key = keys[step % keys.length]!;
        node = node[key]!;
      } else break;
    }
    const set = (v: Json | undefined) => {
      if (parent === undefined || key === undefined) {
        if (v !== undefined) out = v;
      } else if (Array.isArray(parent)) {
        if (v === undefined) parent.splice(key as number, 1);
        else parent[key as number] = v;
      } else if (v === undefined) delete parent[key as string];
      else parent[key as string] = v;
    };
    if (op === 'delete') set(undefined);
    else if (op === 'replace') set(value);
    else if (op === 'duplicate' && Array.isArray(node)) set([...node, ...structuredClone(node)]);
    else if (op === 'wrap') set([node]);
    else if (op === 'stringify') set(JSON.stringify(node));
    else if (op === 'number' && typeof node === 'string') set(Number(node));
  }
  return out;
}

const fixture = fc.constantFrom(...FIXTURES);
const mutation = fc.record({
  path: fc.array(fc.nat(50), { maxLength: 8 }),
  op: fc.constantFrom('delete', 'replace', 'duplicate', 'wrap', 'stringify', 'number'),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});
const mutated = fc
  .tuple(fixture, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([f, ops]) => JSON.stringify(mutate(JSON.parse(f) as Json, ops)));
const truncated = fc.tuple(fixture, fc.nat()).map(([f, n]) => f.slice(0, n % f.length));
/** A fixture with its sender and ids replaced by hostile strings (unicode, spaces, very long). */
const hostileIds = fc
  .tuple(fixture, fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 300 }))
  .map(([f, a, b]) =>
    f
      .replace(/"from": ?"[^"]*"/g, `"from": ${JSON.stringify(a)}`)
      .replace(/"wa_id": ?"[^"]*"/g, `"wa_id": ${JSON.stringify(a)}`)
      .replace(/"recipient_id": ?"[^"]*"/g, `"recipient_id": ${JSON.stringify(a)}`)
      .replace(/"id": ?"wamid[^"]*"/g, `"id": ${JSON.stringify(b)}`),
  );

/** Text bodies (UTF-8 on the wire). */
const textBody = fc.oneof(
  fixture,
  mutated,
  mutated,
  truncated,
  hostileIds,
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constant(''),
  fc.constant('{"object":"whatsapp_business_account","entry":[]}'),
);

/** Raw bytes: UTF-8 text, or the same text in another encoding, with a BOM, or random bytes. */
const bodyBytes = fc.oneof(
  textBody.map((t) => Buffer.from(t, 'utf8')),
  textBody.map((t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])),
  fixture.map((t) => Buffer.from(t, 'utf16le')),
  fixture.map((t) => Buffer.from(t, 'latin1')),
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  '',
  'multipart/form-data; boundary=x',
);

const headerName = fc.constantFrom(
  'x-hub-signature-256',
  'X-Hub-Signature-256',
  'X-HUB-SIGNATURE-256',
  'x-Hub-signature-256',
);

type SignatureKind = 'good' | 'good-previous' | 'good-upper' | 'good-padded';
type BadSignatureKind = 'missing' | 'wrong-secret' | 'other-body' | 'garbage' | 'sha1' | 'no-prefix' | 'empty-secret';

function signature(kind: SignatureKind | BadSignatureKind, bytes: Buffer, garbage: string): string | undefined {
  const good = signBody(bytes, SECRET);
  switch (kind) {
    case 'good':
      return good;
    case 'good-previous':
      return signBody(bytes, PREVIOUS);
    case 'good-upper':
      return `sha256=${good.slice(7).toUpperCase()}`;
    case 'good-padded':
      return `  ${good} `;
    case 'missing':
      return undefined;
    case 'wrong-secret':
      return signBody(bytes, `${SECRET}x`);
    case 'other-body':
      return signBody(Buffer.concat([bytes, Buffer.from(' ')]), SECRET);
    case 'garbage':
      return garbage;
    case 'sha1':
      return `sha1=${good.slice(7, 47)}`;
    case 'no-prefix':
      return good.slice(7);
    case 'empty-secret':
      return signBody(bytes, '');
  }
}

const request = <K extends string>(kinds: fc.Arbitrary<K>) =>
  fc.record({
    bytes: bodyBytes,
    kind: kinds,
    garbage: fc.string({ maxLength: 80 }),
    header: headerName,
    contentType,
    base64: fc.boolean(),
  });

function post(r: {
  bytes: Buffer;
  kind: string;
  garbage: string;
  header: string;
  contentType: string;
  base64: boolean;
}) {
  const sig = signature(r.kind as SignatureKind, r.bytes, r.garbage);
  // Without base64, the Function URL hands over the body as a string: only valid UTF-8 survives that.
  const body = r.base64 ? r.bytes.toString('base64') : r.bytes.toString('utf8');
  const bytesSent = r.base64 ? r.bytes : Buffer.from(body, 'utf8');
  const headers: Record<string, string> = { ...(r.contentType ? { 'content-type': r.contentType } : {}) };
  if (sig !== undefined) headers[r.header] = r.base64 ? sig : signature(r.kind as SignatureKind, bytesSent, r.garbage)!;
  return event('POST', { body, base64: r.base64, headers });
}

// ---------------------------------------------------------------- properties

describe('webhook fuzzing (fast-check)', () => {
  it('an unsigned or wrongly signed POST is answered 401 and queues nothing', async () => {
    const bad = fc.constantFrom<BadSignatureKind>(
      'missing',
      'wrong-secret',
      'other-body',
      'garbage',
      'sha1',
      'no-prefix',
      'empty-secret',
    );
    await fc.assert(
      fc.asyncProperty(request(bad), async (r) => {
        const { handler, inbox, quarantine } = setup();
        const res = await handler(post(r));
        expect(res.statusCode).toBe(401);
        expect(inbox.messages).toEqual([]);
        expect(quarantine.messages).toEqual([]);
      }),
      params,
    );
  });

  it('any signed body is answered 200: its events queued (as SQS FIFO accepts them) or the body quarantined', async () => {
    const good = fc.constantFrom<SignatureKind>('good', 'good', 'good-previous', 'good-upper', 'good-padded');
    await fc.assert(
      fc.asyncProperty(request(good), async (r) => {
        const { handler, inbox, quarantine, errors } = setup();
        const ev = post(r);
        const res = await handler(ev);
        expect(res.statusCode, errors.join('\n')).toBe(200);
        const raw = r.base64 ? r.bytes : Buffer.from(ev.body ?? '', 'utf8');
        const parsed = parseEnvelope(raw.toString('utf8'));
        if (parsed.ok) {
          // Only the elements that do not parse are kept aside, in one quarantined copy.
          expect(quarantine.messages.length).toBe(parsed.rejected.length > 0 ? 1 : 0);
          expect(inbox.messages.length).toBe(parsed.events.length);
        } else {
          expect(inbox.messages).toEqual([]);
          expect(quarantine.messages.length).toBe(1);
        }
        // A redelivery of the same body queues the same ids, so FIFO and the inbox's dedupe drop it.
        const again = setup();
        await again.handler(ev);
        expect(again.inbox.messages.map((m) => [m.groupId, m.dedupId])).toEqual(
          inbox.messages.map((m) => [m.groupId, m.dedupId]),
        );
        expect(again.quarantine.messages.map((m) => m.dedupId)).toEqual(quarantine.messages.map((m) => m.dedupId));
      }),
      params,
    );
  });

  it('the parser never throws and returns well-formed events for any text', () => {
    fc.assert(
      fc.property(fc.oneof(textBody, fc.string({ unit: 'grapheme', maxLength: 300 })), (text) => {
        const parsed = parseEnvelope(text, 1_800_000_000);
        if (!parsed.ok) {
          expect(typeof parsed.error).toBe('string');
          return;
        }
        for (const e of parsed.events) {
          expect(['message', 'status', 'error']).toContain(e.type);
          expect(Number.isFinite(e.timestamp)).toBe(true);
          if (e.type === 'message') expect(e.from.length).toBeGreaterThan(0);
        }
        const times = parsed.events.map((e) => e.timestamp);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { ...params, numRuns: RUNS * 2 },
    );
  });

  it('GET answers 200 with the challenge only for subscribe with our token, else 403; nothing is queued', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('subscribe', VERIFY, 'SUBSCRIBE', ` ${VERIFY}`),
    );
    const query = fc.option(
      fc.dictionary(
        fc.oneof(
          fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'HUB.MODE', 'hub_mode'),
          fc.string({ maxLength: 10 }),
        ),
        value,
        { maxKeys: 5 },
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(query, fc.boolean(), fc.string({ maxLength: 20 }), async (q, valid, challenge) => {
        const { handler, inbox, quarantine } = setup();
        const used = valid
          ? { ...q, 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY, 'hub.challenge': challenge }
          : q;
        const res = await handler(event('GET', used ? { query: used } : {}));
        const ok =
          used?.['hub.mode'] === 'subscribe' &&
          used['hub.verify_token'] === VERIFY &&
          used['hub.challenge'] !== undefined;
        expect(res.statusCode).toBe(ok ? 200 : 403);
        if (ok) expect(res.body).toBe(used['hub.challenge']);
        expect(inbox.messages.length + quarantine.messages.length).toBe(0);
      }),
      params,
    );
  });

  it('other methods are refused (405) and queue nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'post ', ''),
        bodyBytes,
        async (method, bytes) => {
          const { handler, inbox, quarantine } = setup();
          const res = await handler(
            event(method, {
              body: bytes.toString('utf8'),
              headers: { 'x-hub-signature-256': signBody(bytes, SECRET) },
            }),
          );
          expect(res.statusCode).toBe(405);
          expect(inbox.messages.length + quarantine.messages.length).toBe(0);
        },
      ),
      { ...params, numRuns: 50 },
    );
  });

  // DESIGN.md lists 200, 401 and 403. The handler also answers 413 to a body over its cap (4 MiB by default,
  // Meta sends at most 3 MB), before hashing: signed or not, nothing is queued. That is outside the design's
  // list but changes nothing and cannot be a real Meta delivery, so it is kept and reported, not changed.
  it('a body over the cap is answered 413 before hashing, signed or not, and queues nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3000 }), fc.boolean(), fc.boolean(), async (extra, signed, base64) => {
        const cap = 1024;
        const { handler, inbox, quarantine } = setup(cap);
        const bytes = Buffer.alloc(cap + extra, 'a');
        const res = await handler(
          event('POST', {
            body: base64 ? bytes.toString('base64') : bytes.toString('utf8'),
            base64,
            headers: signed ? { 'x-hub-signature-256': signBody(bytes, SECRET) } : {},
          }),
        );
        expect(res.statusCode).toBe(413);
        expect(inbox.messages.length + quarantine.messages.length).toBe(0);
      }),
      { ...params, numRuns: 50 },
    );
    // And the real default cap, once: 4 MiB + 1 byte of signed JSON-ish text.
    const { handler, inbox } = setup();
    const huge = `{"object":"whatsapp_business_account","entry":[],"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`;
    const res = await handler(
      event('POST', { body: huge, headers: { 'x-hub-signature-256': signBody(huge, SECRET) } }),
    );
    expect(res.statusCode).toBe(413);
    expect(inbox.messages).toEqual([]);
    // Just under the cap, signed: accepted (200).
    const big = `{"object":"whatsapp_business_account","entry":[],"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const ok = await setup().handler(
      event('POST', { body: big, headers: { 'x-hub-signature-256': signBody(big, SECRET) } }),
    );
    expect(ok.statusCode).toBe(200);
  });
});
