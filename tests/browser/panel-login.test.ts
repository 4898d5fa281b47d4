// The fake panel's login and server pages in a real browser (Debian's Chromium through playwright-core, as
// in chat.test.ts; skipped with a notice without it), on a 400-pixel-wide phone screen: the customer logs in
// with what the shop sent, sees their server, opens it, and logs out.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePanel, startFakePanel } from '../../local/fake-panel/index.js';
import { CHROMIUM, type Chromium, hasChromium, launchChromium } from '../support/browser.js';

if (!hasChromium) {
  console.warn(
    `NOTICE: the panel login browser test is skipped: no Chromium at ${CHROMIUM}. Run \`bash local/setup.sh\` (Debian/Ubuntu, as root) to install it.`,
  );
}

const PASSWORD = 'Tr0ub4dor & <3';
const NAME = '<img src=x onerror="window.__pwned=1"> Gold';

async function api(fake: FakePanel, method: string, path: string, body?: unknown) {
  const res = await fetch(`${fake.url}/api/application${path}`, {
    method,
    headers: { Authorization: `Bearer ${fake.apiKey}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as { attributes: Record<string, unknown> });
}

/** No sideways scrolling on a 400-pixel screen. */
const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

describe('the fake panel login in Chromium', () => {
  let fake: FakePanel | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let chrome: Chromium | undefined;
  let server: { id: number; identifier: string };

  beforeAll(async () => {
    if (!hasChromium) return;
    fake = await startFakePanel({ faults: { installOutcome: 'never' } });
    const user = await api(fake, 'POST', '/users', {
      email: 'ana@example.com',
      username: 'ana_wa5550101234',
      first_name: 'Ana',
      last_name: 'Silva',
      password: PASSWORD,
    });
    const created = await api(fake, 'POST', '/servers', {
      name: NAME,
      user: user!.attributes.id,
      egg: 1,
      docker_image: 'ghcr.io/pterodactyl/yolks:java_21',
      startup: 'java -jar server.jar',
      environment: { SERVER_JARFILE: 'server.jar', BUILD_NUMBER: 'latest' },
      limits: { memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 200 },
      feature_limits: { databases: 1, backups: 1 },
      deploy: { locations: [1], dedicated_ip: false, port_range: [] },
    });
    server = { id: Number(created!.attributes.id), identifier: String(created!.attributes.identifier) };
    chrome = await launchChromium({ width: 400, height: 800 });
    context = chrome.context;
    page = chrome.page;
  });

  afterAll(async () => {
    await chrome?.close();
    await fake?.close();
  });

  it.skipIf(!hasChromium)('logs in, lists and opens the server, and logs out', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fake!.url}/`);
    expect(new URL(page.url()).pathname).toBe('/auth/login');
    expect(await fitsWidth(page)).toBe(true);

    // A wrong password: the form again, politely, with the username kept.
    await page.getByLabel('Username or Email').fill('ana_wa5550101234');
    await page.getByLabel('Password').fill('wrong');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Login' }).click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('These credentials do not match our records.');
    expect(await page.getByLabel('Username or Email').inputValue()).toBe('ana_wa5550101234');

    // The right one: the server list, with a session cookie scripts cannot read.
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${fake!.url}/`), page.getByRole('button', { name: 'Login' }).click()]);
    const cookie = (await context!.cookies()).find((c) => c.name === 'pterodactyl_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(await page.evaluate('document.cookie')).toBe('');
    const row = page.locator(`li.server[data-identifier="${server.identifier}"]`);
    expect(await row.locator('a.name').textContent()).toBe(NAME);
    expect(await row.getByTestId('status').textContent()).toBe('Installing');
    expect(await row.getByTestId('limits').textContent()).toBe('4 GiB RAM · 200% CPU · 20 GiB disk');
    expect(await row.getByTestId('address').textContent()).toMatch(/^127\.0\.0\.[12]:\d+$/);
    expect(await fitsWidth(page)).toBe(true);

    // Its page; then the panel suspends it (unpaid) and the page says so.
    fake!.completeInstall(server.id);
    await Promise.all([page.waitForURL(`**/server/${server.identifier}`), row.locator('a.name').click()]);
    expect(await page.getByTestId('status').textContent()).toBe('Installed');
    expect(await fitsWidth(page)).toBe(true);
    await api(fake!, 'POST', `/servers/${server.id}/suspend`);
    await page.reload();
    expect(await page.getByTestId('status').textContent()).toBe('Suspended');

    await Promise.all([page.waitForURL('**/auth/login'), page.getByRole('button', { name: 'Log out' }).click()]);
    await page.goto(`${fake!.url}/`);
    expect(new URL(page.url()).pathname).toBe('/auth/login');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(errors).toEqual([]);
  });
});
