// The chat page in a real browser (Debian's Chromium through playwright-core; Playwright never downloads
// a browser here, local/setup.sh installs it). A whole order from both phones, through the signed webhook,
// the queues and the state machine, checked on screen. SCREENSHOT=docs/chat-page.png saves the page.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { sees, shows } from '../support/browser.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `NOTICE: the chat page browser test is skipped: no Chromium at ${CHROMIUM}. Run \`bash local/setup.sh\` (Debian/Ubuntu, as root) to install it.`,
  );
}

// playwright-core has no test runner matchers: these wait for the page the way Playwright's expect would.

describe('the chat page in Chromium', () => {
  let stack: LocalStack | undefined;
  let server: LocalServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir: string | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    [stack, server] = await Promise.all([
      startLocalStack({
        pace: 'interactive',
        env: { INSTALL_POLL_SECONDS: '1' },
        panelFaults: { installDelayMs: 400 },
      }),
      startLocalServer({ port: 0 }),
    ]);
    server.attach(stack);
    userDataDir = mkdtempSync(join(tmpdir(), 'spawnpoint-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1480, height: 1080 },
    });
    browser = context.browser() ?? undefined;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await stack?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasChromium)('plays a whole order from both phones and shows it on screen', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await sees(page.locator('[data-testid="connection"]'), /live/);

    const customer = page.locator('[data-testid="phone-customer"]');
    const admin = page.locator('[data-testid="phone-admin"]');
    await sees(customer.locator('.wa-id'), '+15550101234');
    await sees(admin.locator('.wa-id'), '+15550105678');

    // The admin says something first: their 24-hour window opens, so orders reach them with buttons.
    await admin.getByRole('button', { name: '!orders', exact: true }).click();
    await sees(admin.locator('.msg.out').last(), 'Open orders');

    // Text is text: markup typed into a phone is shown, never run; WhatsApp's *bold* is rendered.
    await customer.locator('input[name="text"]').fill('<img src=x onerror="window.__pwned=1"> *hello*');
    await customer.locator('input[name="text"]').press('Enter');
    const typed = customer.locator('.msg.in').last();
    await sees(typed, '<img src=x onerror="window.__pwned=1">');
    await sees(typed.locator('strong'), 'hello');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

    // The customer opens the package list and picks Gold.
    await customer.getByRole('button', { name: '!packages', exact: true }).click();
    const listButton = customer.locator('.list-btn').last();
    await shows(listButton);
    await shows(customer.locator('.msg.out[data-kind="list"]').last().locator('strong').first());
    await listButton.click();
    await shows(customer.locator('.sheet'));
    await customer.locator('.row-btn', { hasText: 'Gold' }).click();
    await customer.locator('.sheet').waitFor({ state: 'hidden' });
    await sees(customer.locator('.msg.in').last(), 'Gold');

    const placed = customer.locator('.msg.out', { hasText: 'Order received' });
    await sees(placed, /Your order ORD-[A-Z0-9]{6} is placed/);
    const orderId = /ORD-[A-Z0-9]{6}/.exec((await placed.textContent()) ?? '')![0];
    await sees(page.locator(`.order[data-order-id="${orderId}"] [data-testid="order-status"]`), 'PENDING');

    // The admin is told, with buttons, and confirms the payment with a tap.
    const newOrder = admin.locator('.msg.out', { hasText: orderId }).filter({ hasText: 'New order' });
    await newOrder.getByRole('button', { name: 'Confirm payment' }).click();
    await shows(admin.locator('.msg.out', { hasText: 'Provisioning started' }));

    // The credentials arrive on the customer's phone, as WhatsApp would show them.
    const credentials = customer.locator('.msg.out', { hasText: 'server is ready' });
    await shows(credentials, 20_000);
    await shows(credentials.locator('strong', { hasText: 'Your Gold server is ready!' }));
    const text = (await credentials.textContent()) ?? '';
    const username = /Username: (\S+)/.exec(text)?.[1];
    const password = /Password: (\S+)/.exec(text)?.[1];
    expect(username).toBeTruthy();
    expect(password).toBeTruthy();
    expect(stack!.panel!.login(username!, password!)).toBe(true);
    await shows(admin.locator('.msg.out', { hasText: 'is provisioned' }));

    // Behind the phones: the order, the run's steps and the panel.
    await sees(page.locator(`.order[data-order-id="${orderId}"] [data-testid="order-status"]`), 'COMPLETED');
    const run = page.locator(`.execution[data-execution="${orderId}-1"]`);
    await sees(run.locator('.badge'), 'SUCCEEDED');
    for (const step of ['EnsureUser', 'EnsureServer', 'CheckInstall', 'DeliverCredentials', 'MarkCompleted']) {
      await shows(run.locator(`li.ok[data-step="${step}"]`));
    }
    const panel = page.locator('[data-testid="panel"]');
    await shows(panel.locator('caption', { hasText: 'Servers (1)' }));
    await shows(panel.locator('td', { hasText: username! }).first());
    await expect.poll(() => panel.locator('.badge.ready').count()).toBe(1);
    // The page never carries a password hash or a secret.
    const html = await page.content();
    expect(html).not.toContain('scrypt$');
    expect(html).not.toContain(stack!.env.WHATSAPP_APP_SECRET!);

    if (process.env.SCREENSHOT) {
      await page.mouse.move(0, 0);
      await credentials.scrollIntoViewIfNeeded();
      await page.screenshot({ path: process.env.SCREENSHOT, fullPage: false });
    }
    expect(errors).toEqual([]);
  });

  it.skipIf(!hasChromium)("switches the customer's phone to another language", async () => {
    const customer = page.locator('[data-testid="phone-customer"]');
    await page.locator('[data-testid="customer-language"]').selectOption('id');
    // The pick goes through the webhook as !language: the answer is in the new language, and kept.
    await sees(customer.locator('.msg.in').last(), '!language id');
    await sees(customer.locator('.msg.out').last(), 'Bahasa Indonesia');
    await customer.getByRole('button', { name: '!paket', exact: true }).click();
    await sees(customer.locator('.msg.in').last(), '!paket');
    await shows(customer.locator('.msg.out[data-kind="list"]').last());
    await expect.poll(async () => (await stack!.app.inbox.customers.get('15550101234'))?.language).toBe('id');
    await page.locator('[data-testid="customer-language"]').selectOption('en');
    await sees(customer.locator('.msg.out').last(), 'English');
  });

  it.skipIf(!hasChromium)('flips a fault switch on the fake panel', async () => {
    const down = page.locator('input[data-fault="installFails"]');
    await down.check();
    await expect.poll(() => stack!.panel!.faults.installOutcome).toBe('fail');
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(() => stack!.panel!.faults.installOutcome).toBe('success');
    await expect.poll(() => down.isChecked()).toBe(false);
  });
});
