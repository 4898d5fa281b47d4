// The media copy over HTTP against the strict fake Graph API: retrieve an inbound file by its id, download it
// from its short-lived URL with the token, upload it again, and send the new id; what cannot be copied says why.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../../local/fake-graph/fake-graph.js';
import { GraphClient } from '../../../shared/whatsapp/graph-client.js';
import { type WhatsAppError, WhatsAppTokenError } from '../../../shared/whatsapp/graph-errors.js';
import { GraphMedia } from '../../../shared/whatsapp/graph-media.js';
import { contentRequest } from '../../../shared/whatsapp/graph-request.js';

let fake: FakeGraph;

const media = (token = fake.accessToken, baseUrl = fake.url) =>
  new GraphMedia({
    baseUrl,
    apiVersion: fake.apiVersion,
    phoneNumberId: fake.phoneNumberId,
    accessToken: async () => token,
    timeoutMs: 2000,
  });

beforeAll(async () => {
  fake = await startFakeGraph();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe('copying inbound media', () => {
  it('copies a photo through the endpoints, and only the copy can be sent', async () => {
    // Arrange
    const bytes = Buffer.from('\xff\xd8\xff a receipt photo', 'latin1');
    const inbound = fake.media.addInbound(bytes, 'image/jpeg');

    // Act
    const copy = await media().copy({ id: inbound.id, type: 'image', mimeType: 'image/jpeg' });

    // Assert
    expect(copy).toMatchObject({ ok: true, kind: 'image', mimeType: 'image/jpeg', bytes: bytes.length });
    if (!copy.ok) throw new Error('expected a copy');
    expect(copy.mediaId).not.toBe(inbound.id);
    expect(fake.media.get(copy.mediaId)).toMatchObject({ origin: 'uploaded', mimeType: 'image/jpeg' });
    expect(fake.media.get(copy.mediaId)!.bytes.equals(bytes)).toBe(true);
    expect(fake.media.downloads).toEqual([inbound.id]);
    const client = new GraphClient({
      baseUrl: fake.url,
      apiVersion: fake.apiVersion,
      phoneNumberId: fake.phoneNumberId,
      accessToken: async () => fake.accessToken,
    });
    const buttons = [{ id: 'ok', title: 'OK' }];
    const send = (id: string) =>
      client.send(contentRequest('15550105678', { type: 'buttons', media: { type: 'image', id }, body: 'x', buttons }));
    await expect(send(copy.mediaId)).resolves.toMatchObject({ messageId: expect.any(String) });
    // Meta documents sending uploaded ids; the fake refuses an inbound message's id.
    await expect(send(inbound.id)).rejects.toMatchObject({ code: 131053 });
  });

  it('says what cannot be copied: unknown or expired, an unsupported type, too large', async () => {
    const webp = fake.media.addInbound(Buffer.from('RIFF'), 'image/webp');
    const big = fake.media.addInbound(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/png');
    await expect(media().copy({ id: '999', type: 'image' })).resolves.toEqual({ ok: false, problem: 'gone' });
    await expect(media().copy({ id: webp.id, type: 'image' })).resolves.toEqual({ ok: false, problem: 'unsupported' });
    await expect(media().copy({ id: big.id, type: 'image' })).resolves.toMatchObject({
      ok: false,
      problem: 'too-big',
      bytes: 5 * 1024 * 1024 + 1,
    });
    // Too large is known from the metadata: nothing was downloaded.
    expect(fake.media.downloads).toEqual([]);
  });

  it('a bad token is a token error, and the token is in no error', async () => {
    const inbound = fake.media.addInbound(Buffer.from('%PDF-1.4'), 'application/pdf');
    const token = 'EAAWRONGTOKEN0123456789';
    const error = await media(token)
      .copy({ id: inbound.id, type: 'document' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppTokenError);
    expect(JSON.stringify({ ...(error as WhatsAppError), message: (error as Error).message })).not.toContain(token);
  });
});

describe('the media URL', () => {
  let elsewhere: Server;
  let asked = 0;

  beforeAll(async () => {
    // A "Graph API" that points its media URL at another host: the token must not go there.
    elsewhere = createServer((req, res) => {
      asked += 1;
      if (req.url?.startsWith('/v25.0/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: 'http://127.0.0.2:9/steal', mime_type: 'image/jpeg', file_size: 3, id: '1' }));
        return;
      }
      res.writeHead(500);
      res.end();
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => elsewhere.close(() => r())));

  it('is downloaded only from Meta or the Graph URL itself', async () => {
    const url = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    await expect(media('EAATOKEN0123456789', url).copy({ id: '1', type: 'image' })).resolves.toEqual({
      ok: false,
      problem: 'gone',
    });
    expect(asked).toBe(1);
  });

  it('is served to the token only', async () => {
    const inbound = fake.media.addInbound(Buffer.from('%PDF-1.4'), 'application/pdf');
    const info = await fetch(`${fake.url}/${fake.apiVersion}/${inbound.id}`, {
      headers: { authorization: `Bearer ${fake.accessToken}` },
    }).then((r) => r.json() as Promise<{ url: string }>);
    expect((await fetch(info.url)).status).toBe(401);
    const ok = await fetch(info.url, { headers: { authorization: `Bearer ${fake.accessToken}` } });
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('%PDF-1.4');
  });
});
