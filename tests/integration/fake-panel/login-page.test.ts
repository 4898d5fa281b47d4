// The fake panel's login page and server pages (issue 19): the customer can log in with the username and
// password the shop sent on WhatsApp (as set through the Application API) and see the servers they own.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakePanel, startFakePanel } from '../../../local/fake-panel/index.js';

let fake: FakePanel;
beforeAll(async () => {
  fake = await startFakePanel({ faults: { installOutcome: 'never' } });
});
beforeEach(() => fake.reset());
afterEach(() => vi.restoreAllMocks());
afterAll(async () => fake?.close());

const BAD = 'These credentials do not match our records.';
const PASSWORD = 'correct horse <battery> & "staple"';

// biome-ignore lint/suspicious/noExplicitAny: the panel's JSON, read freely by the tests
type Json = any;

async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${fake.url}/api/application${path}`, {
    method,
    headers: { Authorization: `Bearer ${fake.apiKey}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.status === 204 ? undefined : res.json();
}

async function createUser(username: string, password?: string): Promise<number> {
  const body = { email: `${username}@example.com`, username, first_name: 'Ana', last_name: 'Silva', password };
  return (await api('POST', '/users', body)).attributes.id;
}

async function createServer(user: number, name: string, memory = 2048): Promise<{ id: number; identifier: string }> {
  const s = await api('POST', '/servers', {
    name,
    user,
    egg: 1,
    docker_image: 'ghcr.io/pterodactyl/yolks:java_21',
    startup: 'java -jar server.jar',
    environment: { SERVER_JARFILE: 'server.jar', BUILD_NUMBER: 'latest' },
    limits: { memory, swap: 0, disk: 10240, io: 500, cpu: 150 },
    feature_limits: { databases: 1, backups: 1 },
    deploy: { locations: [1], dedicated_ip: false, port_range: [] },
  });
  return { id: s.attributes.id, identifier: s.attributes.identifier };
}

function page(path: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set('Cookie', cookie);
  return fetch(`${fake.url}${path}`, { redirect: 'manual', ...init, headers });
}

function postForm(path: string, fields: Record<string, string>, cookie?: string, origin = fake.url) {
  return page(path, cookie, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Logs in through the form and returns the session cookie (`name=value`). */
async function logIn(user: string, password: string): Promise<string> {
  const res = await postForm('/auth/login', { user, password });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}

describe('the login page', () => {
  it('is the panel root for a visitor, and a form with username-or-email and password', async () => {
    const root = await page('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/auth/login');

    const res = await page('/auth/login');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<form method="post" action="\/auth\/login"/);
    expect(html).toContain('Username or Email');
    expect(html).toMatch(/<input[^>]+name="user"/);
    expect(html).toMatch(
      /<input[^>]+name="password"[^>]+type="password"|<input[^>]+type="password"[^>]+name="password"/,
    );
  });

  it('logs in with the password the Application API set, by username or e-mail, and sets a session cookie', async () => {
    const id = await createUser('ana_1', 'first password');
    await api('PATCH', `/users/${id}`, {
      email: 'ana_1@example.com',
      username: 'ana_1',
      first_name: 'Ana',
      last_name: 'Silva',
      password: PASSWORD,
    });

    const res = await postForm('/auth/login', { user: '  ANA_1@example.com ', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pterodactyl_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain(PASSWORD);

    const again = await logIn('ana_1', PASSWORD);
    expect(again).not.toBe(setCookie.split(';')[0]); // a fresh random token per login
    expect((await postForm('/auth/login', { user: 'ana_1', password: 'first password' })).status).toBe(422);
  });

  it('answers wrong credentials with the form again, politely, a 422 and no cookie', async () => {
    await createUser('ana_2', PASSWORD);
    const logs = [vi.spyOn(console, 'log'), vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    for (const fields of [
      { user: 'ana_2', password: 'wrong <b>password</b>' },
      { user: 'nobody', password: PASSWORD },
      { user: 'ana_2', password: ` ${PASSWORD}` }, // passwords are not trimmed
    ]) {
      const res = await postForm('/auth/login', fields);
      const html = await res.text();
      expect(res.status).toBe(422);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(html).toContain(BAD);
      expect(html).toContain(`value="${fields.user}"`);
      expect(html).not.toContain('password</b>');
      expect(html).not.toContain(PASSWORD);
    }
    const empty = await postForm('/auth/login', { user: '', password: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Please enter your username or email and your password.');
    for (const spy of logs) expect(JSON.stringify(spy.mock.calls)).not.toContain('password');
    expect(JSON.stringify(fake.state())).not.toContain(PASSWORD);
  });

  it('refuses a form posted from another site', async () => {
    await createUser('ana_3', PASSWORD);
    const res = await postForm('/auth/login', { user: 'ana_3', password: PASSWORD }, undefined, 'http://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('goes back to the server page asked for, and never to another site', async () => {
    const id = await createUser('ana_4', PASSWORD);
    const { identifier } = await createServer(id, 'Survival');
    const asked = await page(`/server/${identifier}`);
    expect(asked.status).toBe(302);
    expect(asked.headers.get('location')).toBe(`/auth/login?next=${encodeURIComponent(`/server/${identifier}`)}`);
    const form = await (await page(asked.headers.get('location')!)).text();
    expect(form).toContain(`name="next" value="/server/${identifier}"`);

    const res = await postForm('/auth/login', { user: 'ana_4', password: PASSWORD, next: `/server/${identifier}` });
    expect(res.headers.get('location')).toBe(`/server/${identifier}`);
    const evil = await postForm('/auth/login', { user: 'ana_4', password: PASSWORD, next: '//evil.example/x' });
    expect(evil.headers.get('location')).toBe('/');
  });
});

describe('the server pages', () => {
  it("list the user's own servers with status, limits and address, each linking to its page", async () => {
    const ana = await createUser('ana_5', PASSWORD);
    const bob = await createUser('bob_5', 'bob password');
    const mine = await createServer(ana, 'Gold <script>alert(1)</script>');
    const theirs = await createServer(bob, 'Bob server');
    const cookie = await logIn('ana_5', PASSWORD);

    const html = await (await page('/', cookie)).text();
    expect(html).toContain('Gold &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`href="/server/${mine.identifier}"`);
    expect(html).toContain('Installing');
    expect(html).toContain('2 GiB RAM · 150% CPU · 10 GiB disk');
    expect(html).toMatch(/127\.0\.0\.[12]:256\d\d|127\.0\.0\.[12]:255\d\d/);
    expect(html).not.toContain('Bob server');
    expect(html).not.toContain(theirs.identifier);

    fake.completeInstall(mine.id);
    const detail = await page(`/server/${mine.identifier}`, cookie);
    const detailHtml = await detail.text();
    expect(detail.status).toBe(200);
    expect(detailHtml).toContain('Installed');
    expect(detailHtml).toContain(mine.identifier);
    expect(detailHtml).toContain('Paper');
    expect(detailHtml).not.toContain('<script>alert');
    expect((await page(`/server/${theirs.identifier}`, cookie)).status).toBe(404);
  });

  it('show a server the panel suspended as Suspended', async () => {
    const ana = await createUser('ana_6', PASSWORD);
    const s = await createServer(ana, 'Unpaid');
    fake.completeInstall(s.id);
    await api('POST', `/servers/${s.id}/suspend`);
    const cookie = await logIn('ana_6', PASSWORD);
    expect(await (await page('/', cookie)).text()).toMatch(/status-suspended[^>]*>Suspended</);
    expect(await (await page(`/server/${s.identifier}`, cookie)).text()).toContain('Suspended');
  });

  it('say so when the user has no servers yet', async () => {
    await createUser('ana_7', PASSWORD);
    const html = await (await page('/', await logIn('ana_7', PASSWORD))).text();
    expect(html).toContain('You have no servers yet.');
    expect(html).toContain('ana_7');
  });

  it('end with logout, and with a reset of the fake', async () => {
    await createUser('ana_8', PASSWORD);
    const cookie = await logIn('ana_8', PASSWORD);
    const out = await postForm('/auth/logout', {}, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/auth/login');
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await page('/', cookie)).status).toBe(302);

    const second = await logIn('ana_8', PASSWORD);
    expect((await page('/', second)).status).toBe(200);
    fake.reset();
    expect((await page('/', second)).status).toBe(302);
  });
});

describe('beside the Application API', () => {
  it('leaves the API to its Bearer key, its errors and its request log', async () => {
    await createUser('ana_9', PASSWORD);
    const cookie = await logIn('ana_9', PASSWORD);
    const before = fake.state().requestCounts.total;
    const noKey = await page('/api/application/users', cookie, { headers: { Accept: 'application/json' } });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as Json).errors[0].code).toBe('AuthenticationException');
    const html = await page('/api/application/users', cookie);
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe(`${fake.url}/auth/login`);
    await page('/', cookie);
    expect(fake.state().requestCounts.total).toBe(before + 2);
  });

  it('keeps the JSON password check at POST /auth/login', async () => {
    await createUser('ana_10', PASSWORD);
    const json = (password: string) =>
      page('/auth/login', undefined, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'ana_10', password }),
      });
    const good = await json(PASSWORD);
    expect(good.status).toBe(200);
    expect(((await good.json()) as Json).ok).toBe(true);
    expect((await json('nope')).status).toBe(401);
  });
});
