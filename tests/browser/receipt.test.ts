// A payment receipt on the chat page in a real browser (Debian's Chromium through playwright-core): the
// customer orders and sends a photo of the transfer from the page, the admin sees the photo with the order
// and taps Confirm payment, and the server is delivered. Skipped with a notice where Chromium is missing.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { CHROMIUM, type Chromium, hasChromium, launchChromium, sees, shows } from '../support/browser.js';

if (!hasChromium) {
  console.warn(
    `NOTICE: the receipt browser test is skipped: no Chromium at ${CHROMIUM}. Run \`bash local/setup.sh\` (Debian/Ubuntu, as root) to install it.`,
  );
}

/** A real 1×1 PNG, so the browser can draw it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('a payment receipt on the chat page', () => {
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
        panelFaults: { installDelayMs: 400 },
      }),
      startLocalServer({ port: 0 }),
    ]);
    server.attach(stack);
    chrome = await launchChromium({ width: 1480, height: 1080 });
    _context = chrome.context;
    page = chrome.page;
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await stack?.stop();
  });

  it.skipIf(!hasChromium)('the customer sends a photo of the transfer, the admin sees it and confirms', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const customer = page.locator('[data-testid="phone-customer"]');
    const admin = page.locator('[data-testid="phone-admin"]');

    // The admin says something first (their 24-hour window), the customer orders Gold.
    await admin.getByRole('button', { name: '!orders', exact: true }).click();
    await sees(admin.locator('.msg.out').last(), 'Open orders');
    await customer.locator('input[name="text"]').fill('!order gold');
    await customer.locator('input[name="text"]').press('Enter');
    const placed = customer.locator('.msg.out', { hasText: 'Order received' });
    await sees(placed, /Your order ORD-[A-Z0-9]{6} is placed/);
    const orderId = /ORD-[A-Z0-9]{6}/.exec((await placed.textContent()) ?? '')![0];

    // The customer attaches a photo of the transfer, with a caption typed first.
    await customer.locator('input[name="text"]').fill('Pix feito');
    await customer.locator('input[type="file"]').setInputFiles({ name: 'pix.png', mimeType: 'image/png', buffer: PNG });
    const sent = customer.locator('.msg.in[data-kind="media"]').last();
    await shows(sent.locator('img.media-img'));
    await sees(sent, 'Pix feito');
    await sees(customer.locator('.msg.out').last(), `We passed your receipt for ${orderId}`);

    // The admin sees the photo itself, with the order and the buttons.
    const receipt = admin.locator('.msg.out', { hasText: `Payment receipt for ${orderId}` });
    const photo = receipt.locator('img.media-img');
    await shows(photo);
    await expect
      .poll(() => photo.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    const copy = stack!.graph!.media.get((await photo.getAttribute('data-media-id')) ?? '');
    expect(copy?.origin).toBe('uploaded');
    expect(copy?.bytes.equals(PNG)).toBe(true);
    await shows(receipt.getByRole('button', { name: 'Reject' }));
    await sees(page.locator(`.order[data-order-id="${orderId}"] .history`), 'receipt: photo');

    // Confirm payment under the photo: provisioning runs and the login arrives.
    await receipt.getByRole('button', { name: 'Confirm payment' }).click();
    await shows(admin.locator('.msg.out', { hasText: 'Provisioning started' }));
    await shows(customer.locator('.msg.out', { hasText: 'server is ready' }), 20_000);
    await sees(page.locator(`.order[data-order-id="${orderId}"] [data-testid="order-status"]`), 'COMPLETED');
    expect(errors).toEqual([]);
  });
});
