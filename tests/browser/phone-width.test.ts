// The chat page at phone width (issue 19) in Debian's Chromium through playwright-core: at 400 px nothing
// scrolls sideways, the side column goes below the phones, and the orders and runs scroll within their
// cards. On the way, a month passes on the local clock (issue 14): an order completes, the page's "+30 days"
// and "+7 days" move the simulation's clock, and the server is shown reminded, then suspended, with its
// lifecycle run. SCREENSHOT=… (any value; chat.test.ts uses it as its path) saves docs/chat-400px.png.

import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { CHROMIUM, type Chromium, hasChromium, launchChromium, textOf } from '../support/browser.js';

if (!hasChromium) {
  console.warn(
    `NOTICE: the phone-width browser test is skipped: no Chromium at ${CHROMIUM}. Run \`bash local/setup.sh\` (Debian/Ubuntu, as root) to install it.`,
  );
}
const PICTURE = 'docs/chat-400px.png';
const WIDTH = 400;
const TIMEOUT = 20_000;
const CUSTOMER = '15550101234';

const sees = (loc: Locator, want: string | RegExp, timeout = TIMEOUT) =>
  expect.poll(() => textOf(loc), { timeout, interval: 100 }).toMatch(want);

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Elements reaching past the window's right edge, outside the boxes that scroll by themselves. */
  wide: string[];
  phonesBottom: number;
  asideTop: number;
  customerLeft: number;
  adminLeft: number;
  orders: string;
  runs: string;
}

/** Run in the page (a string: the tests are type-checked without the DOM's types). */
const LAYOUT = `(() => {
  const box = (sel) => document.querySelector(sel).getBoundingClientRect();
  const scrolls = (sel) => getComputedStyle(document.querySelector(sel)).overflowY;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter((e) => !e.closest('.table-scroll, .chat, .orders, .executions'))
    .map((e) => e.tagName.toLowerCase() + '.' + e.className);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    wide,
    phonesBottom: box('.phones').bottom,
    asideTop: box('.behind').top,
    customerLeft: box('[data-testid="phone-customer"]').left,
    adminLeft: box('[data-testid="phone-admin"]').left,
    orders: scrolls('.orders'),
    runs: scrolls('.executions'),
  };
})()`;

describe('the chat page at 400 px', () => {
  let stack: LocalStack | undefined;
  let server: LocalServer | undefined;
  let _context: BrowserContext | undefined;
  let page: Page;
  let chrome: Chromium | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    [stack, server] = await Promise.all([
      startLocalStack({
        pace: 'interactive',
        env: { INSTALL_POLL_SECONDS: '1' },
        panelFaults: { installDelayMs: 300 },
      }),
      startLocalServer({ port: 0 }),
    ]);
    server.attach(stack);
    chrome = await launchChromium({ width: WIDTH, height: 860 });
    _context = chrome.context;
    page = chrome.page;
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await stack?.stop();
  });

  /** What a phone sends, through the page's own API (the same path as typing it). */
  const say = async (as: 'customer' | 'admin', text: string) => {
    const res = await fetch(`${server!.url}/api/send`, { method: 'POST', body: JSON.stringify({ as, text }) });
    expect(res.status).toBe(200);
  };

  it.skipIf(!hasChromium)('has no sideways scroll, and lets a month pass on the local clock', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await sees(page.locator('[data-testid="admin-window"]'), /24 h/);

    // An order, confirmed by the admin, completes: the page shows it as a server, paid for a month.
    await say('admin', '!orders');
    await say('customer', '!order gold');
    await expect
      .poll(async () => (await stack!.app.inbox.orders.listByCustomer(CUSTOMER, 1)).items.length, { timeout: TIMEOUT })
      .toBe(1);
    const id = (await stack!.app.inbox.orders.listByCustomer(CUSTOMER, 1)).items[0]!.id;
    await say('admin', `!order-confirm ${id}`);
    const order = page.locator(`.order[data-order-id="${id}"]`);
    await sees(order.locator('[data-testid="order-status"]'), 'COMPLETED');
    await sees(order.locator('[data-testid="server-state"]'), 'ACTIVE');
    await sees(order.locator('[data-testid="paid-until"]'), /paid until .* \(in (29\.\d|30) days\)/);

    // The simulation's clock, a month on: the reminder on the day itself; a week on: suspended.
    const clock = page.locator('[data-testid="clock"]');
    await clock.getByRole('button', { name: '+30 days' }).click();
    await sees(clock.locator('[data-testid="clock-offset"]'), 'clock: +30 days');
    await sees(order.locator('.history.life'), /reminder 0d by sweep/);
    await clock.getByRole('button', { name: '+7 days' }).click();
    await sees(clock.locator('[data-testid="clock-offset"]'), 'clock: +37 days');
    await sees(order.locator('[data-testid="server-state"]'), 'SUSPENDED');
    const run = page.locator(`.execution[data-execution="${id}-suspend-1"]`);
    await sees(run.locator('.tag'), 'lifecycle · suspend');
    await sees(run.locator('.badge'), 'SUCCEEDED');

    // Phone width: nothing wider than the window, the side column below the phones, lists scroll in their cards.
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    expect(layout.clientWidth).toBe(WIDTH);
    expect(layout.scrollWidth, `wider than the window: ${layout.wide.join(', ')}`).toBeLessThanOrEqual(WIDTH);
    expect(layout.wide).toEqual([]);
    expect(layout.asideTop).toBeGreaterThanOrEqual(layout.phonesBottom);
    expect(layout.adminLeft).toBe(layout.customerLeft);
    expect([layout.orders, layout.runs]).toEqual(['auto', 'auto']);
    expect(await page.evaluate('window.scrollX')).toBe(0);

    if (process.env.SCREENSHOT) {
      await page.mouse.move(0, 0);
      await page.screenshot({ path: PICTURE, fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
