// Paying by link on the chat page in a real browser (Debian's Chromium through playwright-core), with
// PAYMENT_PROVIDER=stripe and the local stack's strict fake of Stripe: the customer orders, taps Pay now,
// pays on the gateway's page in a new tab, and the login arrives with no admin in the loop. Skipped with a
// notice where Chromium is missing.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { CHROMIUM, type Chromium, hasChromium, launchChromium, sees, shows, textOf } from '../support/browser.js';

if (!hasChromium) {
  console.warn(
    `NOTICE: the pay-by-link browser test is skipped: no Chromium at ${CHROMIUM}. Run \`bash local/setup.sh\` (Debian/Ubuntu, as root) to install it.`,
  );
}

describe('paying by link on the chat page', () => {
  let stack: LocalStack | undefined;
  let server: LocalServer | undefined;
  let page: Page;
  let chrome: Chromium | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    [stack, server] = await Promise.all([
      startLocalStack({
        pace: 'interactive',
        env: { PAYMENT_PROVIDER: 'stripe', INSTALL_POLL_SECONDS: '1' },
        panelFaults: { installDelayMs: 400 },
      }),
      startLocalServer({ port: 0 }),
    ]);
    server.attach(stack);
    chrome = await launchChromium({ width: 1480, height: 1080 });
    page = chrome.page;
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await stack?.stop();
  });

  it.skipIf(!hasChromium)('the customer taps Pay now, pays on the gateway page, and the login arrives', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const customer = page.locator('[data-testid="phone-customer"]');

    await customer.locator('input[name="text"]').fill('!order gold');
    await customer.locator('input[name="text"]').press('Enter');
    const offer = customer.locator('.msg.out[data-kind="cta"]').last();
    await sees(offer, /ORD-[A-Z0-9]{6}.*R\$ ?45/s);
    const orderId = /ORD-[A-Z0-9]{6}/.exec(await textOf(offer))![0];

    // Pay now opens the gateway's page in a new tab, as WhatsApp opens it in the phone's browser.
    const [gateway] = await Promise.all([
      page.context().waitForEvent('page'),
      offer.getByRole('link', { name: /Pay now/ }).click(),
    ]);
    await gateway.waitForLoadState();
    expect(await gateway.locator('#amount').textContent()).toContain('45');
    await gateway.locator('#pay').click();
    await gateway.close();

    await shows(customer.locator('.msg.out', { hasText: `Payment for ${orderId} is confirmed` }));
    await shows(customer.locator('.msg.out', { hasText: 'server is ready' }), 20_000);
    await sees(page.locator(`.order[data-order-id="${orderId}"] [data-testid="order-status"]`), 'COMPLETED');
    const admin = page.locator('[data-testid="phone-admin"]');
    await sees(admin.locator('.msg.out', { hasText: orderId }).last(), /through Stripe|provisioned/);
    expect(errors).toEqual([]);
  });
});
