// Debian's Chromium through playwright-core for the browser tests (local/setup.sh installs it; Playwright
// never downloads one here): whether it is there, and a headless persistent context in a temporary profile.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export interface Chromium {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'spawnpoint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The browser tests' default wait for something to appear on the page. */
export const BROWSER_TIMEOUT = 15_000;

/** What a locator shows now; '' while it is not there. */
export const textOf = (loc: Locator): Promise<string> =>
  loc.textContent({ timeout: 250 }).then(
    (t) => t ?? '',
    () => '',
  );

/** Waits until the locator shows `want`. */
export const sees = (loc: Locator, want: string | RegExp, timeout = BROWSER_TIMEOUT) =>
  expect.poll(() => textOf(loc), { timeout, interval: 100 }).toMatch(want);

/** Waits until the first element of the locator is visible. */
export const shows = (loc: Locator, timeout = BROWSER_TIMEOUT) => loc.first().waitFor({ state: 'visible', timeout });
