// The local stack's HTTP front door: Function URL events as AWS builds them, the health check, the webhook's
// checks over real HTTP, and the chat page's API (signing on the server, fault switches, no secrets out).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatContentOf,
  isTextContentType,
  type LocalServer,
  startLocalServer,
  toFunctionUrlEvent,
} from '../../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../../local/stack.js';
import { signBody } from '../../../shared/whatsapp/signature.js';

describe('toFunctionUrlEvent', () => {
  const req = (headers: Record<string, string | string[]>, url = '/webhook', method = 'POST') => ({
    method,
    url,
    headers,
    httpVersion: '1.1',
    socket: { remoteAddress: '127.0.0.1' },
  });

  it('keeps a JSON body as text, byte for byte, with lower-cased headers', () => {
    const raw = Buffer.from('{"a":"é","b":  1}\n', 'utf8');
    const e = toFunctionUrlEvent(
      req({ 'content-type': 'application/json; charset=utf-8', 'X-Hub-Signature-256': 'sha256=ab' }),
      raw,
    );
    expect(e.version).toBe('2.0');
    expect(e.isBase64Encoded).toBe(false);
    expect(Buffer.from(e.body!, 'utf8').equals(raw)).toBe(true);
    expect(e.headers['x-hub-signature-256']).toBe('sha256=ab');
    expect(e.requestContext.http.method).toBe('POST');
    expect(e.rawPath).toBe('/webhook');
  });

  it('base64-encodes a body of any other content type, as a Function URL does', () => {
    const raw = Buffer.from([0, 255, 1, 2, 0xc3]);
    for (const ct of ['application/octet-stream', undefined]) {
      const e = toFunctionUrlEvent(req(ct ? { 'content-type': ct } : {}), raw);
      expect(e.isBase64Encoded).toBe(true);
      expect(Buffer.from(e.body!, 'base64').equals(raw)).toBe(true);
    }
  });

  it('passes the query string both raw and parsed, and omits an empty body', () => {
    const e = toFunctionUrlEvent(
      req({}, '/webhook?hub.mode=subscribe&hub.challenge=1%202&x=a&x=b', 'GET'),
      Buffer.alloc(0),
    );
    expect(e.rawQueryString).toBe('hub.mode=subscribe&hub.challenge=1%202&x=a&x=b');
    expect(e.queryStringParameters).toEqual({ 'hub.mode': 'subscribe', 'hub.challenge': '1 2', x: 'a,b' });
    expect(e.body).toBeUndefined();
    expect(e.isBase64Encoded).toBe(false);
  });

  it('knows which content types are text', () => {
    expect(isTextContentType('application/json')).toBe(true);
    expect(isTextContentType('text/plain; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/vnd.api+json')).toBe(true);
    expect(isTextContentType('application/octet-stream')).toBe(false);
    expect(isTextContentType('image/png')).toBe(false);
  });
});

describe('chatContentOf', () => {
  it('turns Graph API requests into what a phone shows', () => {
    expect(chatContentOf({ type: 'text', text: { body: 'hi' } })).toEqual({ kind: 'text', body: 'hi' });
    expect(
      chatContentOf({
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: { buttons: [{ type: 'reply', reply: { id: '!x', title: 'X' } }] },
        },
      }),
    ).toEqual({ kind: 'buttons', body: 'b', buttons: [{ id: '!x', title: 'X' }] });
    expect(
      chatContentOf({
        type: 'template',
        template: {
          name: 't',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'p' }] }],
        },
      }),
    ).toEqual({ kind: 'template', name: 't', language: 'en_US', params: ['p'], quickReplies: [] });
  });
});

describe('the local server', () => {
  let stack: LocalStack;
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({ port: 0 });
    // Before the stack is attached: alive, but not ready.
    const early = await fetch(`${server.url}/healthz`);
    expect(early.status).toBe(503);
    expect((await fetch(`${server.url}/webhook`, { method: 'POST', body: '{}' })).status).toBe(503);
    stack = await startLocalStack({ pace: 'test' });
    server.attach(stack);
  });

  afterAll(async () => {
    await server?.close();
    await stack?.stop();
  });

  it('answers /healthz with where everything runs, and no secret', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: true, webhook: `${server.url}/webhook`, panel: { kind: 'fake' } });
    const text = JSON.stringify(body);
    for (const secret of [stack.env.WHATSAPP_APP_SECRET!, stack.env.WHATSAPP_VERIFY_TOKEN!, stack.panel!.apiKey]) {
      expect(text).not.toContain(secret);
    }
  });

  it('checks the webhook as in AWS: handshake, signature', async () => {
    const token = encodeURIComponent(stack.env.WHATSAPP_VERIFY_TOKEN!);
    const ok = await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=777`);
    expect([ok.status, await ok.text()]).toEqual([200, '777']);
    const bad = await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=777`);
    expect(bad.status).toBe(403);

    const body = '{"object":"whatsapp_business_account","entry":[]}';
    const unsigned = await fetch(`${server.url}/webhook`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    const signed = await fetch(`${server.url}/webhook`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signBody(body, stack.env.WHATSAPP_APP_SECRET!),
      },
    });
    expect(signed.status).toBe(200);
    // Signed over other bytes than those received: refused.
    const reformatted = await fetch(`${server.url}/webhook`, {
      method: 'POST',
      body: `${body} `,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signBody(body, stack.env.WHATSAPP_APP_SECRET!),
      },
    });
    expect(reformatted.status).toBe(401);
  });

  it('sends what the page types through the signed webhook, and shows the replies', async () => {
    const res = await fetch(`${server.url}/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'customer', text: 'hi' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { wamid: string }).wamid).toMatch(/^wamid\./);
    await stack.settle();
    const state = await server.snapshot();
    const chat = state.conversations[state.phones.customer.waId] ?? [];
    expect(chat[0]).toMatchObject({ direction: 'in', content: { kind: 'text', body: 'hi' } });
    expect(chat.some((m) => m.direction === 'out' && m.content.kind === 'list')).toBe(true);

    const bad = await fetch(`${server.url}/api/send`, {
      method: 'POST',
      body: JSON.stringify({ as: 'someone', text: 'x' }),
    });
    expect(bad.status).toBe(400);
    const empty = await fetch(`${server.url}/api/send`, {
      method: 'POST',
      body: JSON.stringify({ as: 'admin', text: ' ' }),
    });
    expect(empty.status).toBe(400);
  });

  it('flips the fake panel’s fault switches, and clears them', async () => {
    const set = (body: unknown) =>
      fetch(`${server.url}/api/faults`, { method: 'POST', body: JSON.stringify(body) }).then(
        async (r) => [r.status, ((await r.json()) as { faults?: unknown }).faults] as const,
      );
    expect(await set({ fault: 'down', on: true })).toEqual([
      200,
      { down: true, slow: false, full: false, rateLimited: false, installFails: false },
    ]);
    expect(stack.panel!.faults.unavailable).toBe(true);
    await set({ fault: 'installFails', on: true });
    await set({ fault: 'rateLimited', on: true });
    expect(stack.panel!.faults.installOutcome).toBe('fail');
    expect(stack.panel!.faults.rateLimitPerMinute).toBeLessThan(10);
    await set({ fault: 'down', on: false });
    expect(stack.panel!.faults.unavailable).toBe(false);
    expect((await set({ clear: true }))[1]).toEqual({
      down: false,
      slow: false,
      full: false,
      rateLimited: false,
      installFails: false,
    });
    expect((await set({ fault: 'explode', on: true }))[0]).toBe(400);
  });

  it('serves the page with a strict content security policy, and nothing outside local/chat', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('data-testid="phone-customer"');
    expect((await fetch(`${server.url}/chat/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}/chat/..%2Fserver.ts`)).status).toBe(404);
    expect((await fetch(`${server.url}/chat/../server.ts`)).status).toBe(404);
  });

  it('never puts a password hash or a secret in the page’s state', async () => {
    const json = JSON.stringify(await server.snapshot());
    expect(json).not.toMatch(/password_hash|scrypt\$/);
    expect(json).not.toContain(stack.env.WHATSAPP_APP_SECRET!);
    expect(json).not.toContain(stack.panel!.apiKey);
  });
});
