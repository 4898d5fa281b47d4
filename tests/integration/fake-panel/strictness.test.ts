// The fake panel refuses what the real panel refuses, with the panel's exact status, code, source field
// and rule (reference/pterodactyl-api.md §12). A request the fake accepts but the panel would not is a bug.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakePanel, startFakePanel } from '../../../local/fake-panel/index.js';

let fake: FakePanel;
const USERS_ONLY = `ptla_${'u'.repeat(43)}`;
beforeAll(async () => {
  fake = await startFakePanel({ faults: { installDelayMs: 20 }, extraKeys: [{ key: USERS_ONLY, acl: { users: 1 } }] });
});
beforeEach(() => fake.reset());
afterAll(async () => fake?.close());

interface Call {
  body?: unknown;
  raw?: string;
  key?: string;
  accept?: string | null;
  contentType?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the panel's JSON, read freely by the tests
type Json = any;

async function call(
  method: string,
  path: string,
  opts: Call = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${opts.key ?? fake.apiKey}` };
  if (opts.accept !== null) headers.Accept = opts.accept ?? 'application/json';
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (payload !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${fake.url}/api/application${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, headers: res.headers };
}

const validUser = { email: 'ana@example.com', username: 'ana', first_name: 'Ana', last_name: 'Silva' };

function validServer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Test',
    user: 1,
    egg: 1,
    docker_image: 'ghcr.io/pterodactyl/yolks:java_21',
    startup: 'java -jar server.jar',
    environment: { SERVER_JARFILE: 'server.jar', BUILD_NUMBER: 'latest' },
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
    feature_limits: { databases: 1, backups: 1 },
    deploy: { locations: [1], dedicated_ip: false, port_range: [] },
    ...overrides,
  };
}

/** The single validation error of a 422, as [status, code, source_field, rule]. */
function only422(res: { status: number; json: Json }) {
  expect(res.status).toBe(422);
  expect(res.json.errors).toHaveLength(1);
  const e = res.json.errors[0];
  return [e.status, e.code, e.meta.source_field, e.meta.rule, e.detail];
}

describe('transport', () => {
  it('without Accept: application/json a 422 becomes a 302 redirect back', async () => {
    const res = await call('POST', '/users', { body: {}, accept: null });
    expect(res.status).toBe(302);
    expect(res.json).toBeUndefined();
  });

  it('without Accept: application/json a bad key redirects to /auth/login', async () => {
    const res = await call('GET', '/users', { key: 'nope', accept: 'text/html' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${fake.url}/auth/login`);
  });

  it('without Accept: application/json a 404 is an HTML page', async () => {
    const res = await call('GET', '/users/999', { accept: null });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('malformed JSON is 400 BadRequestHttpException', async () => {
    const res = await call('POST', '/users', { raw: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatchObject({ code: 'BadRequestHttpException', status: '400' });
    expect(res.json.errors[0].detail).toMatch(/^The JSON data passed in the request appears to be malformed: /);
  });

  it('a body without a JSON Content-Type is not read: every field looks missing', async () => {
    const res = await call('POST', '/users', { raw: JSON.stringify(validUser), contentType: 'text/plain' });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: Json) => e.meta.source_field)).toEqual([
      'email',
      'username',
      'first_name',
      'last_name',
    ]);
  });

  it('checks in the panel order: 401 before 429 before 404 before 403 before 422', async () => {
    fake.setFaults({ rateLimitPerMinute: 1 });
    const ro = fake.readOnlyApiKey;
    expect((await call('DELETE', '/users/999', { key: 'bad' })).status).toBe(401);
    expect((await call('DELETE', '/users/999', { key: ro })).status).toBe(404);
    expect((await call('DELETE', '/users/999', { key: ro })).status).toBe(429);
    fake.clearFaults();
    expect((await call('DELETE', '/users/1', { key: ro })).status).toBe(403);
    expect((await call('POST', '/users', { key: ro, body: {} })).status).toBe(403);
    expect((await call('POST', '/users', { body: {} })).status).toBe(422);
  });

  it('a non-numeric id is a 404, an unknown route is a 404 naming it, a wrong verb is a 405', async () => {
    expect((await call('GET', '/users/nil')).json.errors[0].detail).toBe(
      'The requested resource could not be found on the server.',
    );
    expect((await call('GET', '/nope')).json.errors[0].detail).toBe(
      'The route api/application/nope could not be found.',
    );
    expect((await call('PUT', '/users')).status).toBe(405);
  });

  it('rate limits with X-RateLimit-* and Retry-After headers', async () => {
    fake.setFaults({ rateLimitPerMinute: 2 });
    const first = await call('GET', '/users');
    await call('GET', '/users');
    const limited = await call('GET', '/users');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(limited.status).toBe(429);
    expect(limited.json.errors[0]).toEqual({
      code: 'ThrottleRequestsException',
      status: '429',
      detail: 'Too Many Attempts.',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('POST /users', () => {
  it('creates with 201 and meta.resource, storing the username lowercased', async () => {
    const res = await call('POST', '/users', { body: { ...validUser, username: '  Ana.B  ' } });
    expect(res.status).toBe(201);
    expect(res.json.attributes.username).toBe('ana.b');
    expect(res.json.meta.resource).toBe(`${fake.url}/api/application/users/${res.json.attributes.id}`);
  });

  it('refuses a numeric external_id (it must be a JSON string)', async () => {
    const res = await call('POST', '/users', { body: { ...validUser, external_id: 15550101234 } });
    expect(only422(res)).toEqual([
      '422',
      'ValidationException',
      'external_id',
      'string',
      'The Third Party Identifier must be a string.',
    ]);
  });

  it('turns "" into null, so an empty first name is required', async () => {
    const res = await call('POST', '/users', { body: { ...validUser, first_name: '  ' } });
    expect(only422(res)).toEqual([
      '422',
      'ValidationException',
      'first_name',
      'required',
      'The first name field is required.',
    ]);
  });

  it.each(['-ana', 'ana-', 'ab', 'an a', 'ãna'])('refuses the username %j (p_username)', async (username) => {
    const res = await call('POST', '/users', { body: { ...validUser, username } });
    const [, code, field, rule] = only422(res);
    expect([code, field, rule]).toEqual(['ValidationException', 'username', 'p_username']);
  });

  it('treats e-mail, username and external id uniqueness case-insensitively', async () => {
    await call('POST', '/users', { body: { ...validUser, external_id: 'wa-1' } });
    const res = await call('POST', '/users', {
      body: { email: 'ANA@example.com', username: 'ANA', first_name: 'A', last_name: 'B', external_id: 'WA-1' },
    });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: Json) => [e.meta.source_field, e.meta.rule])).toEqual([
      ['external_id', 'unique'],
      ['email', 'unique'],
      ['username', 'unique'],
    ]);
  });

  it('a PATCH needs the four required fields again', async () => {
    const created = await call('POST', '/users', { body: validUser });
    const res = await call('PATCH', `/users/${created.json.attributes.id}`, { body: { password: 'x' } });
    expect(res.json.errors.map((e: Json) => `${e.meta.source_field}:${e.meta.rule}`)).toEqual([
      'email:required',
      'username:required',
      'first_name:required',
      'last_name:required',
    ]);
  });
});

describe('POST /servers', () => {
  it('creates with 201, status installing and no meta', async () => {
    const res = await call('POST', '/servers?include=allocations', { body: validServer() });
    expect(res.status).toBe(201);
    expect(res.json.meta).toBeUndefined();
    expect(res.json.attributes.status).toBe('installing');
    expect(res.json.attributes.relationships.allocations.data).toHaveLength(1);
  });

  it('requires limits.io', async () => {
    const res = await call('POST', '/servers', {
      body: validServer({ limits: { memory: 1024, swap: 0, disk: 5120, cpu: 100 } }),
    });
    expect(only422(res)).toEqual([
      '422',
      'ValidationException',
      'limits.io',
      'required',
      'The limits.io field is required.',
    ]);
  });

  it('requires feature_limits.backups to be present (null is fine)', async () => {
    const missing = await call('POST', '/servers', { body: validServer({ feature_limits: { databases: 1 } }) });
    expect(only422(missing)).toEqual([
      '422',
      'ValidationException',
      'feature_limits.backups',
      'present',
      'The feature limits.backups field must be present.',
    ]);
    const nulls = await call('POST', '/servers', {
      body: validServer({ feature_limits: { databases: null, backups: null } }),
    });
    expect(nulls.status).toBe(201);
    expect(nulls.json.attributes.feature_limits).toEqual({ databases: 0, allocations: 0, backups: 0 });
  });

  it('refuses numeric port_range entries (they must be strings)', async () => {
    const res = await call('POST', '/servers', {
      body: validServer({ deploy: { locations: [1], dedicated_ip: false, port_range: [25565] } }),
    });
    expect(only422(res)).toEqual([
      '422',
      'ValidationException',
      'deploy.port_range.0',
      'string',
      'The deploy.port range.0 must be a string.',
    ]);
  });

  it('requires deploy.dedicated_ip when deploy is given, but does not type-check it', async () => {
    const missing = await call('POST', '/servers', {
      body: validServer({ deploy: { locations: [1], port_range: [] } }),
    });
    expect(only422(missing).slice(2, 4)).toEqual(['deploy.dedicated_ip', 'required_with']);
    const odd = await call('POST', '/servers', {
      body: validServer({ deploy: { locations: [1], port_range: [], dedicated_ip: 'yes' } }),
    });
    expect(odd.status).toBe(201);
  });

  it('reports every failing rule of a field, in rule order', async () => {
    const res = await call('POST', '/servers', {
      body: validServer({ limits: { memory: 1024, swap: 0, disk: 5120, io: 'abc', cpu: 100 } }),
    });
    expect(res.json.errors.map((e: Json) => [e.meta.source_field, e.meta.rule, e.detail])).toEqual([
      ['limits.io', 'numeric', 'The limits.io must be a number.'],
      ['limits.io', 'between', 'The limits.io must be between 10 and 1000.'],
    ]);
  });

  it('refuses a docker image outside the panel regex', async () => {
    const res = await call('POST', '/servers', { body: validServer({ docker_image: 'ghcr.io/x:tag;rm -rf /' }) });
    expect(only422(res)).toEqual([
      '422',
      'ValidationException',
      'docker_image',
      'regex',
      'The docker image format is invalid.',
    ]);
  });

  it('refuses a numeric external_id, and a taken one case-insensitively', async () => {
    const numeric = await call('POST', '/servers', { body: validServer({ external_id: 42 }) });
    expect(only422(numeric).slice(2, 4)).toEqual(['external_id', 'string']);
    await call('POST', '/servers', { body: validServer({ external_id: 'ord-1' }) });
    const taken = await call('POST', '/servers', { body: validServer({ external_id: 'ORD-1' }) });
    expect(only422(taken)).toEqual([
      '422',
      'ValidationException',
      'external_id',
      'unique',
      'The external id has already been taken.',
    ]);
  });

  it('without deploy needs a free allocation.default', async () => {
    const { deploy: _omit, ...noDeploy } = validServer();
    const none = await call('POST', '/servers', { body: noDeploy });
    expect(only422(none).slice(2, 4)).toEqual(['allocation.default', 'required']);
    expect((await call('POST', '/servers', { body: { ...noDeploy, allocation: { default: 3 } } })).status).toBe(201);
    const taken = await call('POST', '/servers', { body: { ...noDeploy, allocation: { default: 3 } } });
    expect(only422(taken)).toEqual([
      '422',
      'ValidationException',
      'allocation.default',
      'exists',
      'The selected allocation.default is invalid.',
    ]);
  });

  it('reports body errors first, and egg variable errors only in a later, separate 422', async () => {
    const env = { SERVER_JARFILE: 'server.txt', MINECRAFT_VERSION: 12345 };
    const bodyBad = await call('POST', '/servers', { body: validServer({ environment: env, name: null }) });
    expect(bodyBad.json.errors.map((e: Json) => e.meta.source_field)).toEqual(['name']);
    const envBad = await call('POST', '/servers', { body: validServer({ environment: env }) });
    expect(envBad.status).toBe(422);
    expect(envBad.json.errors.map((e: Json) => [e.meta.source_field, e.meta.rule, e.detail])).toEqual([
      ['environment.SERVER_JARFILE', 'regex', 'The Server Jar File variable format is invalid.'],
      ['environment.MINECRAFT_VERSION', 'string', 'The Minecraft Version variable must be a string.'],
      ['environment.BUILD_NUMBER', 'required', 'The Build Number variable field is required.'],
    ]);
  });

  it('stores a missing nullable egg variable as "" (not the egg default)', async () => {
    const res = await call('POST', '/servers', { body: validServer() });
    expect(res.json.attributes.container.environment.MINECRAFT_VERSION).toBe('');
  });

  it('answers 400 NoViableNodeException when no node has room, and NoViableAllocationException without a free port', async () => {
    const big = await call('POST', '/servers', {
      body: validServer({ limits: { memory: 70_000, swap: 0, disk: 1, io: 500, cpu: 0 } }),
    });
    expect(big.status).toBe(400);
    expect(big.json.errors[0]).toMatchObject({ code: 'NoViableNodeException', status: '400' });
    const ports = await call('POST', '/servers', {
      body: validServer({ deploy: { locations: [1], dedicated_ip: false, port_range: ['1-2', '30000'] } }),
    });
    expect(ports.json.errors[0].code).toBe('NoViableAllocationException');
    const wide = await call('POST', '/servers', {
      body: validServer({ deploy: { locations: [1], dedicated_ip: false, port_range: ['20000-25000'] } }),
    });
    expect(wide.json.errors[0]).toMatchObject({
      code: 'DisplayException',
      detail: expect.stringContaining('1000 ports'),
    });
  });

  it('fills nodes by memory and then refuses', async () => {
    const diamond = { memory: 16_384, swap: 0, disk: 81_920, io: 500, cpu: 1600 };
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await call('POST', '/servers', { body: validServer({ limits: diamond }) })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 400]);
  });
});

describe('deletes and lists', () => {
  it('refuses to delete a user who owns servers (400 DisplayException), then deletes with 204', async () => {
    const created = await call('POST', '/servers', { body: validServer() });
    const refused = await call('DELETE', '/users/1');
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toEqual({
      code: 'DisplayException',
      status: '400',
      detail:
        'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.',
    });
    expect((await call('DELETE', `/servers/${created.json.attributes.id}`)).status).toBe(204);
    expect((await call('DELETE', '/users/1')).status).toBe(204);
  });

  it('with Wings down a normal delete is a 504 and the server stays; force always works and frees allocations', async () => {
    const id = (await call('POST', '/servers', { body: validServer() })).json.attributes.id;
    fake.setFaults({ wingsDown: true });
    const normal = await call('DELETE', `/servers/${id}`);
    expect(normal.status).toBe(504);
    expect(normal.json.errors[0].code).toBe('DaemonConnectionException');
    expect(fake.state().servers).toHaveLength(1);
    expect((await call('DELETE', `/servers/${id}/force`)).status).toBe(204);
    expect(fake.state().allocations.every((a) => a.server_id === null)).toBe(true);
  });

  it('refuses an unknown filter with 400 InvalidFilterQuery', async () => {
    const res = await call('GET', '/users?filter[name]=x');
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toEqual({
      code: 'InvalidFilterQuery',
      status: '400',
      detail: 'Requested filter(s) `name` are not allowed. Allowed filter(s) are `email, uuid, username, external_id`.',
    });
  });

  it('filters partially and case-insensitively; an empty filter is ignored', async () => {
    await call('POST', '/users', { body: { ...validUser, email: 'bigbob@x.io.uk', username: 'bigbob' } });
    await call('POST', '/users', { body: { ...validUser, email: 'bob@x.io', username: 'bob' } });
    const hits = await call('GET', '/users?filter[email]=BOB@X.IO');
    expect(hits.json.data.map((u: Json) => u.attributes.email).sort()).toEqual(['bigbob@x.io.uk', 'bob@x.io']);
    expect((await call('GET', '/users?filter[email]=')).json.data).toHaveLength(3);
  });

  it('paginates with the panel meta shape (links {} when there is one page); eggs are not paginated', async () => {
    const users = await call('GET', '/users');
    expect(users.json.meta.pagination).toEqual({
      total: 1,
      count: 1,
      per_page: 50,
      current_page: 1,
      total_pages: 1,
      links: {},
    });
    const allocations = await call('GET', '/nodes/1/allocations?per_page=20&page=2');
    expect(allocations.json.meta.pagination).toMatchObject({ total: 50, count: 20, total_pages: 3 });
    expect(Object.keys(allocations.json.meta.pagination.links)).toEqual(['previous', 'next']);
    const eggs = await call('GET', '/nests/1/eggs');
    expect(eggs.json.meta).toBeUndefined();
    expect((await call('GET', '/nests/2/eggs/1')).status).toBe(404);
  });

  it('/nodes/deployable validates its query and answers 400 when nothing fits', async () => {
    const bad = await call('GET', '/nodes/deployable?disk=1');
    expect(only422(bad).slice(2, 4)).toEqual(['memory', 'required']);
    const fits = await call('GET', '/nodes/deployable?memory=1024&disk=1024&location_ids[]=1');
    expect(fits.json.data.map((n: Json) => n.attributes.id)).toEqual([1, 2]);
    expect(fits.json.meta).toBeUndefined();
    const none = await call('GET', '/nodes/deployable?memory=1024&disk=1024&location_ids[]=9');
    expect(none.json.errors[0].code).toBe('NoViableNodeException');
  });

  it('hides included relations the key may not read', async () => {
    const readOnly = await call('GET', '/users/1?include=servers', { key: fake.readOnlyApiKey });
    expect(readOnly.json.attributes.relationships.servers).toEqual({ object: 'list', data: [] });
    const usersOnly = await call('GET', '/users/1?include=servers', { key: USERS_ONLY });
    expect(usersOnly.status).toBe(200);
    expect(usersOnly.json.attributes.relationships.servers).toEqual({ object: 'null_resource', attributes: null });
  });
});

describe('fault switches', () => {
  it('can be set over HTTP and show in the state', async () => {
    const set = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ wingsDown: true, installOutcome: 'fail' }),
    });
    expect(set.status).toBe(200);
    expect(fake.faults).toMatchObject({ wingsDown: true, installOutcome: 'fail' });
    const bad = await fetch(`${fake.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ nope: 1 }) });
    expect(bad.status).toBe(400);
    const state: Json = await (await fetch(`${fake.url}/__fake/state`)).json();
    expect(state.users[0]).not.toHaveProperty('password_hash');
  });

  it('replays the same random faults from the same seed', async () => {
    const run = async () => {
      fake.reset();
      fake.setFaults({ random: { seed: 42, p5xx: 0.3, p429: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call('GET', '/users')).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
  });

  it('installs a server, fails it, or never finishes, as switched', async () => {
    const ids: number[] = [];
    for (const installOutcome of ['success', 'fail', 'never'] as const) {
      fake.setFaults({ installOutcome, installDelayMs: 0 });
      ids.push((await call('POST', '/servers', { body: validServer() })).json.attributes.id);
    }
    const statuses = await Promise.all(
      ids.map(async (id) => (await call('GET', `/servers/${id}`)).json.attributes.status),
    );
    expect(statuses).toEqual([null, 'install_failed', 'installing']);
  });
});

describe('PATCH /servers/{id}/build (reference/lifecycle.md §2.4)', () => {
  async function server(): Promise<{ id: number; allocation: number }> {
    const res = await call('POST', '/servers', { body: validServer() });
    return { id: res.json.attributes.id, allocation: res.json.attributes.allocation };
  }
  const build = (allocation: number, overrides: Record<string, unknown> = {}) => ({
    allocation,
    limits: { memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 400, threads: null },
    feature_limits: { databases: 3, allocations: 3, backups: 3 },
    ...overrides,
  });

  it('applies a valid build and answers 200 with the server', async () => {
    const s = await server();
    const res = await call('PATCH', `/servers/${s.id}/build`, { body: build(s.allocation) });
    expect(res.status).toBe(200);
    expect(res.json.attributes.limits).toMatchObject({ memory: 4096, disk: 20480, cpu: 400 });
    expect(res.json.attributes.feature_limits).toEqual({ databases: 3, allocations: 3, backups: 3 });
  });

  it('refuses a build without the backups or databases limit (422 present), changing nothing', async () => {
    const s = await server();
    const res = await call('PATCH', `/servers/${s.id}/build`, {
      body: build(s.allocation, { feature_limits: { databases: 3 } }),
    });
    expect(only422(res).slice(2, 4)).toEqual(['feature_limits.backups', 'present']);
    expect((await call('GET', `/servers/${s.id}`)).json.attributes.limits.memory).toBe(1024);
  });

  it('refuses a default allocation that is not the server own (400), and a missing one (422)', async () => {
    const a = await server();
    const b = await server();
    const other = await call('PATCH', `/servers/${a.id}/build`, { body: build(b.allocation) });
    expect(other.status).toBe(400);
    expect(other.json.errors[0].detail).toBe(
      'The requested default allocation is not currently assigned to this server.',
    );
    const { allocation: _omit, ...without } = build(a.allocation);
    expect(only422(await call('PATCH', `/servers/${a.id}/build`, { body: without })).slice(2, 4)).toEqual([
      'allocation',
      'required',
    ]);
  });

  it('stores backups: null as 0 and databases: null as unlimited (null)', async () => {
    const s = await server();
    const res = await call('PATCH', `/servers/${s.id}/build`, {
      body: build(s.allocation, { feature_limits: { databases: null, backups: null } }),
    });
    expect(res.json.attributes.feature_limits).toMatchObject({ databases: null, backups: 0 });
  });
});
