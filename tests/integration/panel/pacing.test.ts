// The shared panel budget (PANEL_RATE_LIMIT_PER_MINUTE): one item in the local DynamoDB, booked by several
// pacers at once as concurrent Lambda invocations would, and the paced transport against the strict fake
// panel when the panel's own limit is lower than the budget.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, type Emulators, startEmulators } from '../../../local/emulators.js';
import { startFakePanel } from '../../../local/fake-panel/index.js';
import { PanelHttp } from '../../../shared/panel/http.js';
import { PacedTransport, type PacingClock, PanelPacer } from '../../../shared/panel/pacing.js';
import { PanelRateLimitedError } from '../../../shared/panel/panel-errors.js';
import { DynamoPanelBudget } from '../../../shared/store/panel-budget.js';

let emulators: Emulators;

beforeAll(async () => {
  emulators = await startEmulators();
}, 60_000);

afterAll(async () => {
  await emulators?.stop();
});

/** A clock that stands still; every sleep is recorded as the slot the caller was given. */
function frozenClock(at: number): PacingClock & { slots: number[] } {
  const slots: number[] = [];
  return { slots, now: () => at, sleep: async (ms) => void slots.push(at + ms) };
}

/** A pacer as one function instance builds it: its own store object on the one shared table. */
function pacerOn(table: string, perMinute: number, maxWaitMs: number, clock: PacingClock): PanelPacer {
  return new PanelPacer({
    store: new DynamoPanelBudget(emulators.clients.dynamodb, table),
    perMinute,
    maxWaitMs,
    clock,
  });
}

async function freshTable(): Promise<string> {
  const name = `budget-${Math.random().toString(36).slice(2, 8)}`;
  await createTable(emulators.clients.dynamodb, name);
  return name;
}

describe('the shared panel budget', () => {
  it('gives concurrent callers in different instances distinct slots, one interval apart after a short burst', async () => {
    const table = await freshTable();
    const t0 = 1_900_000_000_000;
    const clock = frozenClock(t0);
    const pacers = Array.from({ length: 5 }, () => pacerOn(table, 60, 60_000, clock));

    await Promise.all(Array.from({ length: 20 }, (_, i) => pacers[i % 5]!.take({ method: 'GET', path: '/users' })));

    // 60 a minute: a burst of 3 (three seconds of budget) goes at once, the 17 others one a second after.
    expect(clock.slots.sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => t0 + (i + 1) * 1000));
  });

  it('refuses to book beyond the longest wait, as a rate limit that says when to come back', async () => {
    const table = await freshTable();
    const t0 = 1_900_000_000_000;
    const clock = frozenClock(t0);
    const pacer = pacerOn(table, 60, 5_000, clock);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () => pacer.take({ method: 'POST', path: '/servers' })),
    );

    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    // Booked: the burst of 3 now, then the slots up to 5 s ahead.
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(8);
    expect(refused).toHaveLength(4);
    for (const e of refused) {
      expect(e).toBeInstanceOf(PanelRateLimitedError);
      expect((e as PanelRateLimitedError).code).toBe('PanelBudgetBooked');
      expect((e as PanelRateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(5);
    }
  });

  it('holds every instance after a 429 until its Retry-After', async () => {
    const table = await freshTable();
    const t0 = 1_900_000_000_000;
    const clock = frozenClock(t0);
    const [a, b] = [pacerOn(table, 600, 600_000, clock), pacerOn(table, 600, 600_000, clock)];

    await a.refused(30);
    await b.take({ method: 'GET', path: '/users' });

    expect(clock.slots).toEqual([t0 + 30_000]);
  });
});

describe('the paced transport', () => {
  it('slows down to a lower limit the panel reports and gets every call through without the caller seeing a 429', async () => {
    // The panel's minute passes in one real second here; the budget (120) is above the panel's limit (10).
    const t0 = Date.now();
    const panelNow = () => t0 + (Date.now() - t0) * 60;
    const panel = await startFakePanel({ now: panelNow, faults: { rateLimitPerMinute: 10, installDelayMs: 0 } });
    const table = await freshTable();
    const clock: PacingClock = { now: panelNow, sleep: (ms) => new Promise((r) => setTimeout(r, ms / 60)) };
    const pacer = pacerOn(table, 120, 600_000, clock);
    const http = new PanelHttp({ baseUrl: panel.url, apiKey: async () => panel.apiKey });
    const paced = new PacedTransport(http, pacer);
    try {
      const answers = [];
      for (let i = 0; i < 25; i++) answers.push(await paced.request({ method: 'GET', path: '/users' }));

      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(pacer.perMinute).toBe(10);
      // Unpaced, 15 of these 25 would have been refused; paced, at most the odd call at a window's edge is.
      const refused = panel.state().requests.filter((r) => r.status === 429).length;
      expect(refused).toBeLessThanOrEqual(3);
    } finally {
      paced.destroy();
      await panel.close();
    }
  }, 30_000);
});
