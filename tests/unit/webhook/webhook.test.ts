import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler, METRICS, type WebhookDeps } from '../../../functions/webhook/function-url.js';
import type { InboundEvent } from '../../../shared/whatsapp/inbound.js';
import { signBody } from '../../../shared/whatsapp/signature.js';
import { fixtureText, signed } from '../whatsapp/fixtures.js';
import { CountingMetrics, MemoryLogger, MemoryQueue, secrets } from './fakes.js';

const VERIFY_TOKEN = 'verify-token-for-tests';

function setup(extra: Partial<WebhookDeps> = {}) {
  const inbox = new MemoryQueue();
  const quarantine = new MemoryQueue();
  const metrics = new CountingMetrics();
  const logger = new MemoryLogger();
  const handler = createWebhookHandler({
    secrets: secrets({ WHATSAPP_APP_SECRET: signed.app_secret, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN }),
    inbox,
    quarantine,
    metrics,
    logger,
    now: () => Date.parse('2026-01-01T00:10:00Z'),
    ...extra,
  });
  return { handler, inbox, quarantine, metrics, logger };
}

function event(method: string, init: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    ...init,
  } as APIGatewayProxyEventV2;
}

function post(body: string | Buffer, headers: Record<string, string> = {}, base64 = false) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return event('POST', {
    body: base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    isBase64Encoded: base64,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function signedPost(body: string | Buffer, secret = signed.app_secret) {
  return post(body, { 'x-hub-signature-256': signBody(body, secret) });
}

describe('webhook GET: verification handshake', () => {
  it('echoes the challenge verbatim as text for subscribe with our token', async () => {
    const { handler } = setup();
    const res = await handler(
      event('GET', {
        queryStringParameters: {
          'hub.mode': 'subscribe',
          'hub.verify_token': VERIFY_TOKEN,
          'hub.challenge': '0158201444',
        },
      }),
    );
    expect(res).toMatchObject({ statusCode: 200, body: '0158201444' });
    expect(res.headers?.['content-type']).toMatch(/^text\/plain/);
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }],
    ['a wrong mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['no query', undefined],
  ])('answers 403 to %s', async (_what, query) => {
    const { handler, metrics } = setup();
    const res = await handler(event('GET', query ? { queryStringParameters: query } : {}));
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('1');
    expect(metrics.counts.get(METRICS.verificationRejected)).toBe(1);
  });

  it('refuses everyone when no verify token is configured', async () => {
    const { handler } = setup({ secrets: secrets({ WHATSAPP_APP_SECRET: 'x' }) });
    const res = await handler(
      event('GET', {
        queryStringParameters: { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' },
      }),
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('webhook POST: notifications', () => {
  it('queues the signed fixture with the sender as group and the wamid as dedup id', async () => {
    // Arrange
    const { handler, inbox, metrics } = setup();
    // Act
    const res = await handler(post(signed.body, { 'x-hub-signature-256': signed.x_hub_signature_256 }));
    // Assert
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toHaveLength(1);
    const [queued] = inbox.messages;
    expect(queued?.groupId).toBe('15550101234');
    expect(queued?.dedupId).toBe('wamid.HBgLMTU1NTAxMDEyMzQVAgASGBQzQUZBS0UwMDAwMDAwMDAwMDAxMAA=');
    const body = JSON.parse(queued?.body ?? '{}') as InboundEvent;
    expect(body).toMatchObject({ type: 'message', from: '15550101234', content: { kind: 'text' } });
    expect(metrics.counts.get(METRICS.eventsQueued)).toBe(1);
  });

  it('hashes the decoded bytes of a base64-encoded body', async () => {
    const { handler, inbox } = setup();
    const res = await handler(post(signed.body, { 'x-hub-signature-256': signed.x_hub_signature_256 }, true));
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toHaveLength(1);
  });

  it('finds the signature header whatever its case', async () => {
    const { handler, inbox } = setup();
    const res = await handler(post(signed.body, { 'X-Hub-Signature-256': signed.x_hub_signature_256 }));
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toHaveLength(1);
  });

  it('queues a batch of statuses in timestamp order, with status dedup ids and recipient groups', async () => {
    const { handler, inbox } = setup();
    await handler(signedPost(fixtureText('05-status-updates-batch.json')));
    expect(inbox.messages.map((m) => [m.groupId, m.dedupId.split(':')[1]])).toEqual([
      ['15550101234', 'sent'],
      ['15550101234', 'delivered'],
      ['15550105678', 'read'],
    ]);
  });

  it('accepts the previous app secret during a rotation', async () => {
    const { handler, inbox } = setup({
      secrets: secrets({ WHATSAPP_APP_SECRET: 'new-secret', WHATSAPP_APP_SECRET_PREVIOUS: signed.app_secret }),
    });
    const res = await handler(post(signed.body, { 'x-hub-signature-256': signed.x_hub_signature_256 }));
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toHaveLength(1);
  });

  it.each([
    ['unsigned', {}],
    ['wrongly signed', { 'x-hub-signature-256': signBody(signed.body, 'not-the-secret') }],
    ['signed with a malformed header', { 'x-hub-signature-256': 'sha256=nope' }],
  ])('answers 401 to an %s request, queues nothing and counts it', async (_what, headers) => {
    const { handler, inbox, quarantine, metrics } = setup();
    const res = await handler(post(signed.body, headers));
    expect(res.statusCode).toBe(401);
    expect(inbox.messages).toEqual([]);
    expect(quarantine.messages).toEqual([]);
    expect(metrics.counts.get(METRICS.signatureRejected)).toBe(1);
  });

  it('answers 200 to a signed body that does not parse, and quarantines it', async () => {
    // Arrange
    const { handler, inbox, quarantine, metrics, logger } = setup();
    const garbage = '{"object":"whatsapp_business_account","entry":"secret customer text"}';
    // Act
    const res = await handler(signedPost(garbage));
    // Assert
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toEqual([]);
    expect(quarantine.messages).toHaveLength(1);
    const kept = JSON.parse(quarantine.messages[0]?.body ?? '{}');
    expect(kept).toMatchObject({ reason: 'unparseable', body: garbage, truncated: false, bytes: garbage.length });
    expect(metrics.counts.get(METRICS.unparseable)).toBe(1);
    expect(logger.lines.join('\n')).not.toContain('secret customer text');
  });

  it('queues the good messages of a signed body and quarantines only the one that does not parse', async () => {
    // Arrange: two messages in one body, the second without its id
    const { handler, inbox, quarantine, metrics, logger } = setup();
    const text = (id: string | undefined, body: string) => ({
      from: '15550101234',
      ...(id ? { id } : {}),
      timestamp: '1767225600',
      type: 'text',
      text: { body },
    });
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '100000000000001' },
                messages: [text('wamid.GOOD', 'hello'), text(undefined, 'secret customer text')],
              },
            },
          ],
        },
      ],
    });
    // Act
    const res = await handler(signedPost(body));
    // Assert
    expect(res.statusCode).toBe(200);
    expect(inbox.messages.map((m) => m.dedupId)).toEqual(['wamid.GOOD']);
    expect(quarantine.messages).toHaveLength(1);
    const kept = JSON.parse(quarantine.messages[0]?.body ?? '{}') as { error: string; body: string };
    expect(kept.error).toContain('entry[0].changes[0].value.messages[1]');
    expect(kept.body).toContain('secret customer text');
    expect(kept.body).not.toContain('wamid.GOOD');
    expect(metrics.counts.get(METRICS.unparseable)).toBe(1);
    expect(logger.lines.join('\n')).not.toContain('secret customer text');
  });

  it('quarantines the same garbage under the same dedup id', async () => {
    const { handler, quarantine } = setup();
    await handler(signedPost('not json at all'));
    await handler(signedPost('not json at all'));
    expect(new Set(quarantine.messages.map((m) => m.dedupId)).size).toBe(1);
  });

  it('truncates a quarantined body to fit in one SQS message', async () => {
    const { handler, quarantine } = setup();
    const big = `{"x":"${'é'.repeat(1_000_000)}"`;
    const res = await handler(signedPost(big));
    expect(res.statusCode).toBe(200);
    const body = quarantine.messages[0]?.body ?? '';
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(256 * 1024);
    expect(JSON.parse(body)).toMatchObject({ truncated: true, bytes: Buffer.byteLength(big) });
  });

  it('answers 500 when the inbox cannot take the events, so Meta retries', async () => {
    const { handler, inbox, metrics } = setup();
    inbox.failing = true;
    const res = await handler(post(signed.body, { 'x-hub-signature-256': signed.x_hub_signature_256 }));
    expect(res.statusCode).toBe(500);
    expect(metrics.counts.get(METRICS.failed)).toBe(1);
  });

  it('answers 500 when the quarantine cannot take a body', async () => {
    const { handler, quarantine } = setup();
    quarantine.failing = true;
    expect((await handler(signedPost('garbage'))).statusCode).toBe(500);
  });

  it('answers 500 when the app secret is not configured', async () => {
    const { handler, inbox } = setup({ secrets: secrets({}) });
    const res = await handler(post(signed.body, { 'x-hub-signature-256': signed.x_hub_signature_256 }));
    expect(res.statusCode).toBe(500);
    expect(inbox.messages).toEqual([]);
  });

  it('refuses a body over the size cap without hashing or crashing', async () => {
    const { handler, inbox, metrics } = setup({ maxBodyBytes: 1024 });
    const body = 'x'.repeat(5000);
    expect((await handler(signedPost(body))).statusCode).toBe(413);
    expect((await handler(post(Buffer.from(body), {}, true))).statusCode).toBe(413);
    expect(inbox.messages).toEqual([]);
    expect(metrics.counts.get(METRICS.tooLarge)).toBe(2);
  });

  it('handles a 3 MB signed batch', async () => {
    const { handler, inbox } = setup();
    const one = JSON.parse(fixtureText('01-inbound-text.json'));
    const template = one.entry[0].changes[0].value.messages[0];
    one.entry[0].changes[0].value.messages = Array.from({ length: 1000 }, (_, i) => ({
      ...template,
      id: `wamid.${i}`,
      text: { body: 'x'.repeat(3000) },
    }));
    const body = JSON.stringify(one);
    expect(Buffer.byteLength(body)).toBeGreaterThan(3_000_000);
    const res = await handler(signedPost(body));
    expect(res.statusCode).toBe(200);
    expect(inbox.messages).toHaveLength(1000);
  });

  it('answers 405 to other methods', async () => {
    const { handler } = setup();
    expect((await handler(event('PUT'))).statusCode).toBe(405);
  });
});
