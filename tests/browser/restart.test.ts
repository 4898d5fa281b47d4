// A restart keeps the shop (issue 19), seen in a real browser: an order placed and completed from the page,
// the local stack and page stopped and started again on the same DATA_DIR, and the page shows the order, its
// server and the conversation as they were. Chromium through playwright-core; skipped with a notice without it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../local/server/index.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { DataDir } from '../../local/store.js';
import { CHROMIUM, type Chromium, hasChromium, launchChromium, textOf } from '../support/browser.js';

if (!hasChromium) console.warn(`NOTICE: the restart browser test is skipped: no Chromium at ${CHROMIUM}.`);

const CUSTOMER = '15550101234';
const TIMEOUT = 15_000;
const sees = (loc: Locator, want: string | RegExp) =>
  expect.poll(() => textOf(loc), { timeout: TIMEOUT, interval: 100 }).toMatch(want);

/** The stack and the page on a kept directory, as `npm start` runs them. */
async function start(dataDir: string): Promise<{ stack: LocalStack; server: LocalServer }> {
  const kept = new DataDir(dataDir);
  const [stack, server] = await Promise.all([
    startLocalStack({
      pace: 'interactive',
      dataDir,
      env: { INSTALL_POLL_SECONDS: '1' },
      panelFaults: { installDelayMs: 300 },
    }),
    startLocalServer({ port: 0, history: kept.chatHistory(), onRecord: (m) => kept.appendChat(m) }),
  ]);
  server.attach(stack);
  return { stack, server };
}

describe('a restart in Chromium', () => {
  let dataDir: string;
  let chrome: Chromium | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'spawnpoint-kept-'));
    if (!hasChromium) return;
    chrome = await launchChromium({ width: 1280, height: 1000 });
    context = chrome.context;
  });
  afterAll(async () => {
    await chrome?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasChromium)('keeps the orders, the server and the conversation', async () => {
    let run = await start(dataDir);
    const page = context!.pages()[0] ?? (await context!.newPage());
    await page.goto(`${run.server.url}/`);
    await run.stack.say(CUSTOMER, '!order gold');
    await expect
      .poll(async () => (await run.stack.app.inbox.orders.listByCustomer(CUSTOMER, 1)).items[0]?.id, {
        timeout: TIMEOUT,
      })
      .toBeDefined();
    const id = (await run.stack.app.inbox.orders.listByCustomer(CUSTOMER, 1)).items[0]!.id;
    await run.stack.say('15550105678', `!order-confirm ${id}`);
    await expect
      .poll(async () => (await run.stack.app.inbox.orders.get(id))?.status, { timeout: TIMEOUT })
      .toBe('COMPLETED');
    await sees(page.getByTestId('orders'), id);
    await run.server.close();
    await run.stack.stop();

    run = await start(dataDir);
    try {
      await page.goto(`${run.server.url}/`);
      await sees(page.getByTestId('orders'), new RegExp(`${id}[\\s\\S]*COMPLETED|COMPLETED[\\s\\S]*${id}`));
      await sees(page.getByTestId('phone-customer'), 'Gold server is ready');
      expect((await run.stack.app.inbox.orders.get(id))?.status).toBe('COMPLETED');
    } finally {
      await run.server.close();
      await run.stack.stop();
    }
  });
});
