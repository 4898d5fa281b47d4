// How every panel failure reaches the caller: one named error class per kind (the state machine
// retries and catches by name), and never the API key or a password in a message or in JSON.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PanelHttp } from '../../../shared/panel/http.js';
import {
  PanelError,
  PanelNotFoundError,
  PanelRateLimitedError,
  PanelRejectedError,
  PanelUnauthorizedError,
  PanelUnavailableError,
} from '../../../shared/panel/panel-errors.js';
import { type Harness, paperPackage, startHarness } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  if (!h) h = await startHarness();
  h.fake.reset();
});
afterAll(async () => h?.close());

async function caught(p: Promise<unknown>): Promise<PanelError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof PanelError)) throw new Error(`expected a PanelError, got ${String(e)}`);
  return e;
}

function expectNoSecret(e: PanelError, ...secrets: string[]): void {
  const texts = [
    e.message,
    e.detail,
    String(e.stack),
    JSON.stringify(e),
    String(e.cause),
    JSON.stringify(e.cause ?? {}),
  ];
  for (const secret of secrets) for (const t of texts) expect(t).not.toContain(secret);
}

describe('error kinds', () => {
  it('a wrong key is PanelUnauthorizedError (401), without the key anywhere', async () => {
    // Arrange
    const wrongKey = `ptla_${'x'.repeat(43)}`;
    const panel = h.client({ apiKey: async () => wrongKey });

    // Act
    const e = await caught(panel.ensureUser({ key: '1555' }));

    // Assert
    expect(e).toBeInstanceOf(PanelUnauthorizedError);
    expect(e).toMatchObject({ name: 'PanelUnauthorizedError', status: 401, code: 'AuthenticationException' });
    expectNoSecret(e, wrongKey);
  });

  it('a read-only key creating a user is PanelUnauthorizedError (403)', async () => {
    // Arrange
    const panel = h.client({ apiKey: async () => h.fake.readOnlyApiKey });

    // Act
    const e = await caught(panel.ensureUser({ key: '1555' }));

    // Assert
    expect(e).toMatchObject({ name: 'PanelUnauthorizedError', status: 403, detail: 'This action is unauthorized.' });
    expectNoSecret(e, h.fake.readOnlyApiKey);
  });

  it('an unknown server id is PanelNotFoundError', async () => {
    // Act
    const e = await caught(h.client().installState(999));

    // Assert
    expect(e).toBeInstanceOf(PanelNotFoundError);
    expect(e).toMatchObject({ status: 404, code: 'NotFoundHttpException' });
  });

  it('a 422 keeps every field error', async () => {
    // Arrange: a server payload the panel refuses on several fields at once
    const http = new PanelHttp({ baseUrl: h.fake.url, apiKey: async () => h.fake.apiKey });

    // Act
    const e = await caught(
      http.request({ method: 'POST', path: '/servers', body: { name: '', limits: { memory: -1 } } }),
    );
    http.destroy();

    // Assert
    expect(e).toBeInstanceOf(PanelRejectedError);
    const fields = (e as PanelRejectedError).errors.map((x) => `${x.sourceField}:${x.rule}`);
    expect(fields).toEqual(
      expect.arrayContaining(['name:required', 'user:required', 'limits.memory:min', 'limits.io:required']),
    );
    expect(e.detail).toContain('The limits.io field is required.');
  });

  it('an unreachable panel is PanelUnavailableError', async () => {
    // Arrange: a port where nothing listens
    const panel = h.client({ baseUrl: 'http://127.0.0.1:9' });

    // Act
    const e = await caught(panel.findServer('ORD-1'));

    // Assert
    expect(e).toBeInstanceOf(PanelUnavailableError);
    expect(e.status).toBeUndefined();
    expectNoSecret(e, h.fake.apiKey);
  });

  it('a 5xx (even an HTML one) is PanelUnavailableError', async () => {
    // Arrange
    h.fake.setFaults({ unavailable: 1 });

    // Act
    const e = await caught(h.client().findServer('ORD-1'));

    // Assert
    expect(e).toMatchObject({ name: 'PanelUnavailableError', status: 503 });
    expect(await h.client().findServer('ORD-1')).toBeUndefined();
  });

  it('a timeout is PanelUnavailableError with timedOut set', async () => {
    // Arrange
    h.fake.setFaults({ slowMs: 300 });
    const panel = h.client({ timeouts: { readMs: 50 } });

    // Act
    const e = await caught(panel.findServer('ORD-1'));

    // Assert
    expect(e).toBeInstanceOf(PanelUnavailableError);
    expect((e as PanelUnavailableError).timedOut).toBe(true);
    expectNoSecret(e, h.fake.apiKey);
  });

  it('429 is PanelRateLimitedError with the Retry-After seconds', async () => {
    // Arrange
    h.fake.setFaults({ rateLimitPerMinute: 2 });
    const panel = h.client();
    await panel.findServer('a');
    await panel.findServer('b');

    // Act
    const e = await caught(panel.findServer('c'));

    // Assert
    expect(e).toBeInstanceOf(PanelRateLimitedError);
    expect(e).toMatchObject({ status: 429, code: 'ThrottleRequestsException' });
    const seconds = (e as PanelRateLimitedError).retryAfterSeconds;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});

describe('secrets', () => {
  it('no error of a whole failing provisioning run carries the key', async () => {
    // Arrange: a run that meets every kind of failure
    const panel = h.client();
    const errors: PanelError[] = [];
    h.fake.setFaults({ wingsDown: true });
    errors.push(await caught(panel.ensureServer({ externalId: 'O', name: 'O', userId: 1, pkg: paperPackage() })));
    h.fake.setFaults({ wingsDown: false, full: true });
    errors.push(await caught(panel.ensureServer({ externalId: 'O', name: 'O', userId: 1, pkg: paperPackage() })));
    h.fake.setFaults({ full: false, rateLimitPerMinute: 1 });
    errors.push(await caught(Promise.all([panel.findServer('x'), panel.findServer('y')])));

    // Assert
    expect(errors.map((e) => e.name)).toEqual([
      'PanelUnavailableError',
      'PanelNoCapacityError',
      'PanelRateLimitedError',
    ]);
    for (const e of errors) expectNoSecret(e, h.fake.apiKey, h.fake.apiKey.slice(16));
  });

  it('a rejected password change does not echo the password', async () => {
    // Arrange
    const panel = h.client();
    const { user } = await panel.ensureUser({ key: '1555' });
    const password = 'hunter2-secret-password';
    h.fake.setFaults({ unavailable: 2 });

    // Act
    const e = await caught(panel.setPassword(user.id, password));

    // Assert
    expectNoSecret(e, password, h.fake.apiKey);
    const log = JSON.stringify(h.fake.state());
    expect(log).not.toContain(password);
    expect(log).not.toContain(h.fake.apiKey);
  });
});
