import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGraph, type FakeStatus, startFakeGraph } from '../../../local/fake-graph/fake-graph.js';
import { TEMPLATES } from '../../../shared/domain/messages.js';
import { GraphClient } from '../../../shared/whatsapp/graph-client.js';
import {
  WhatsAppAmbiguousError,
  WhatsAppError,
  WhatsAppPermanentError,
  WhatsAppRetryableError,
  WhatsAppTokenError,
  WhatsAppWindowClosedError,
} from '../../../shared/whatsapp/graph-errors.js';
import { contentRequest, type GraphMessageRequest, templateRequest } from '../../../shared/whatsapp/graph-request.js';
import { parseEnvelope } from '../../../shared/whatsapp/inbound.js';

const CUSTOMER = '15550101234';
let fake: FakeGraph;
let client: GraphClient;

function clientWith(token: string, timeoutMs = 2000) {
  return new GraphClient({
    baseUrl: fake.url,
    apiVersion: fake.apiVersion,
    phoneNumberId: fake.phoneNumberId,
    accessToken: async () => token,
    timeoutMs,
  });
}

const text = (body = 'Hello') => contentRequest(CUSTOMER, { type: 'text', body });
const template = (params: string[] = ['ORD-7K2M9Q', 'Payment confirmed']) =>
  templateRequest(CUSTOMER, { name: TEMPLATES.orderUpdate, bodyParams: params }, 'en_US');

async function failure(promise: Promise<unknown>): Promise<WhatsAppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WhatsAppError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

beforeAll(async () => {
  fake = await startFakeGraph();
  client = clientWith(fake.accessToken, 300);
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

describe('GraphClient against the fake Graph API', () => {
  it('sends and returns the wamid and wa_id; the fake records the request', async () => {
    const result = await client.send(text());
    expect(result.messageId).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
    expect(result.waId).toBe(CUSTOMER);
    const [recorded] = fake.messages();
    expect(recorded).toMatchObject({ wamid: result.messageId, recipient: CUSTOMER, type: 'text' });
    expect(recorded?.body).toEqual(text());
  });

  it.each([
    [131047, WhatsAppWindowClosedError],
    [130429, WhatsAppRetryableError],
    [131056, WhatsAppRetryableError],
    [131000, WhatsAppRetryableError],
    [80007, WhatsAppRetryableError],
    [131016, WhatsAppRetryableError],
    [131057, WhatsAppRetryableError],
    [131026, WhatsAppPermanentError],
    [100, WhatsAppPermanentError],
    [368, WhatsAppPermanentError],
    [131048, WhatsAppPermanentError],
    [132001, WhatsAppPermanentError],
    [190, WhatsAppTokenError],
  ])('classifies error %i', async (code, type) => {
    fake.failNext(code);
    const err = await failure(client.send(text()));
    expect(err).toBeInstanceOf(type);
    expect(err.name).toBe(type.name);
    expect(err.code).toBe(code);
    expect(err.fbtraceId).toMatch(/^AFake/);
    expect(fake.messages()).toEqual([]);
  });

  it('suggests 4^x seconds for the pair rate limit', async () => {
    fake.failNext(131056);
    const err = (await failure(client.send(text()))) as WhatsAppRetryableError;
    expect([0, 1, 2, 3].map((x) => err.delaySeconds(x))).toEqual([1, 4, 16, 64]);
    expect(err.retryAfterSeconds).toBe(1);
  });

  it('retries a bare 5xx and succeeds the next time', async () => {
    fake.failNextHttp(502);
    const err = await failure(client.send(text()));
    expect(err).toBeInstanceOf(WhatsAppRetryableError);
    expect(err.httpStatus).toBe(502);
    await expect(client.send(text())).resolves.toHaveProperty('messageId');
  });

  it('fails only the chosen recipient, count times', async () => {
    fake.failNext(131056, { recipient: '+1 555 010 1234', count: 2 });
    await expect(client.send(contentRequest('15550105678', { type: 'text', body: 'admin' }))).resolves.toBeDefined();
    await expect(client.send(text())).rejects.toBeInstanceOf(WhatsAppRetryableError);
    await expect(client.send(text())).rejects.toBeInstanceOf(WhatsAppRetryableError);
    await expect(client.send(text())).resolves.toBeDefined();
  });

  it('refuses free-form to a closed window with 131047 but lets the template through', async () => {
    fake.closeWindow(CUSTOMER);
    await expect(client.send(text())).rejects.toBeInstanceOf(WhatsAppWindowClosedError);
    await expect(client.send(template())).resolves.toHaveProperty('messageId');
    fake.openWindow(CUSTOMER);
    await expect(client.send(text())).resolves.toHaveProperty('messageId');
  });

  it('reports a timeout after the request was accepted as ambiguous, and the fake did record it', async () => {
    fake.timeoutNext({ mode: 'hang' });
    const err = await failure(client.send(text()));
    expect(err).toBeInstanceOf(WhatsAppAmbiguousError);
    expect(err.message).toMatch(/timed out/);
    expect(fake.messages()).toHaveLength(1);
  });

  it('reports a dropped connection as ambiguous', async () => {
    fake.timeoutNext({ mode: 'drop', accept: false });
    await expect(client.send(text())).rejects.toBeInstanceOf(WhatsAppAmbiguousError);
  });

  it('reports an unreachable API as retryable: nothing was sent', async () => {
    const nowhere = new GraphClient({
      baseUrl: 'http://127.0.0.1:1',
      apiVersion: 'v25.0',
      phoneNumberId: fake.phoneNumberId,
      accessToken: async () => fake.accessToken,
    });
    await expect(nowhere.send(text())).rejects.toBeInstanceOf(WhatsAppRetryableError);
  });

  it('answers a wrong token with 190, and the token appears in no message, field or JSON', async () => {
    // Arrange
    const token = 'EAAwrong-token-value-0123456789abcdef';
    // Act
    const err = await failure(clientWith(token).send(text()));
    // Assert
    expect(err).toBeInstanceOf(WhatsAppTokenError);
    expect(err.httpStatus).toBe(401);
    expect(err.message).not.toContain(token);
    expect(JSON.stringify(err)).not.toContain(token);
    expect(String(err.stack)).not.toContain(token);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain(token);
  });

  it('never leaks the token in an ambiguous or retryable error either', async () => {
    fake.timeoutNext({ mode: 'drop' });
    const dropped = await failure(client.send(text()));
    fake.failNextHttp(503);
    const unavailable = await failure(client.send(text()));
    for (const err of [dropped, unavailable]) {
      expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain(fake.accessToken);
    }
  });

  it('refuses a template parameter with a newline, as Meta does', async () => {
    // The builder refuses it first; a hand-made request shows the fake refuses it too.
    const body = template() as GraphMessageRequest & { template: { components: { parameters: { text: string }[] }[] } };
    const param = body.template.components[0]?.parameters[1];
    if (param) param.text = 'line one\nline two';
    const err = await failure(client.send(body));
    expect(err).toBeInstanceOf(WhatsAppPermanentError);
    expect(err.code).toBe(100);
    expect(err.details).toMatch(/new-line\/tab/);
  });

  it('refuses an unknown template (132001) and a wrong parameter count (132000)', async () => {
    const unknown = templateRequest(CUSTOMER, { name: 'no_such_template', bodyParams: ['x'] }, 'en_US');
    expect((await failure(client.send(unknown))).code).toBe(132001);
    const unregisteredLanguage = templateRequest(CUSTOMER, { name: TEMPLATES.adminAlert, bodyParams: ['x'] }, 'fr_FR');
    expect((await failure(client.send(unregisteredLanguage))).code).toBe(132001);
    expect((await failure(client.send(template(['only one'])))).code).toBe(132000);
  });

  it('refuses over-long content that bypassed the builders', async () => {
    const body = { ...text(), text: { preview_url: false, body: 'x'.repeat(4097) } } as GraphMessageRequest;
    const err = await failure(client.send(body));
    expect(err).toBeInstanceOf(WhatsAppPermanentError);
    expect(err.details).toMatch(/at most 4096/);
  });

  it('refuses a number without + and the wrong phone number id', async () => {
    const noPlus = { ...text(), to: CUSTOMER } as GraphMessageRequest;
    expect((await failure(client.send(noPlus))).details).toMatch(/must start with \+/);
    const other = new GraphClient({
      baseUrl: fake.url,
      apiVersion: fake.apiVersion,
      phoneNumberId: '999',
      accessToken: async () => fake.accessToken,
    });
    expect((await failure(other.send(text()))).code).toBe(100);
  });

  it('emits statuses as signed-webhook-ready bodies that the parser reads', async () => {
    // Arrange
    const statuses: FakeStatus[] = [];
    const bodies: string[] = [];
    fake.onStatus((status, body) => {
      statuses.push(status);
      bodies.push(body);
    });
    fake.failNext(131026, { asStatus: true });
    // Act
    const { messageId } = await client.send(text());
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Assert
    expect(statuses.map((s) => [s.id, s.status, s.errors?.[0]?.code])).toEqual([[messageId, 'failed', 131026]]);
    const parsed = parseEnvelope(bodies[0] ?? '');
    expect(parsed.ok && parsed.events[0]).toMatchObject({ type: 'status', id: messageId, recipient: CUSTOMER });
  });

  it('offers its records and faults over HTTP for other processes', async () => {
    await fetch(`${fake.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ code: 131000 }) });
    await expect(client.send(text())).rejects.toBeInstanceOf(WhatsAppRetryableError);
    await client.send(text());
    const listed = (await (await fetch(`${fake.url}/__fake/messages`)).json()) as unknown[];
    expect(listed).toHaveLength(1);
  });
});
