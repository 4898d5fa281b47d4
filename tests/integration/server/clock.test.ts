// The chat page's servers and its clock control (issue 14): each completed order shows its state and
// paid-until date, renewals show as renewals of their server, both state machines' runs are listed, and
// POST /api/clock moves the local simulation's clock and sweeps at once (bad input, other methods and other
// origins refused). Also how a run's steps read: a step waiting out its back-off is retrying, not failed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOCK_MAX_DAYS,
  type LocalServer,
  type OrderView,
  type StateSnapshot,
  sameOrigin,
  startLocalServer,
  stepsOf,
} from '../../../local/server/index.js';
import type { RecordedEvent } from '../../../local/sfn/runner.js';
import { ADMIN, confirm, newCustomer, placeOrder, startTestStack, type TestStack } from '../../support/harness.js';

const DAY = 86_400_000;
/** Period 10 days, reminders 3 and 1 days before, suspend 2 days after, terminate 4 days after that. */
const ENV = {
  DEFAULT_PERIOD_DAYS: '10',
  RENEWAL_REMINDER_DAYS: '3,1',
  SUSPEND_AFTER_DAYS: '2',
  TERMINATE_AFTER_DAYS: '4',
  TERMINATION_WARNING_DAYS: '1',
};

describe('how a run’s steps read', () => {
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  const ev = (type: string, n: number, more: Partial<RecordedEvent> = {}): RecordedEvent => ({
    type,
    at: at(n),
    state: 'EnsureServer',
    ...more,
  });
  const failed = ev('StateFailed', 2, { error: 'PanelUnavailableError', cause: 'HTTP 503' });

  it('a step that failed in a run still going is retrying (waiting out its back-off), not failed', () => {
    const [step] = stepsOf({ status: 'RUNNING', events: [ev('StateEntered', 1), failed] });
    expect(step).toMatchObject({ status: 'retrying', retries: 0, detail: 'PanelUnavailableError: HTTP 503' });
  });

  it('retried, it stays retrying until it exits; then ok, with its retries counted', () => {
    const events = [ev('StateEntered', 1), failed, ev('StateRetried', 3, { retry: 1 })];
    expect(stepsOf({ status: 'RUNNING', events })[0]).toMatchObject({ status: 'retrying', retries: 1 });
    const done = stepsOf({ status: 'SUCCEEDED', events: [...events, ev('StateExited', 4)] })[0];
    expect(done).toMatchObject({ status: 'ok', retries: 1, endAt: at(4) });
  });

  it('failed when the run failed, caught when a Catch took it', () => {
    expect(stepsOf({ status: 'FAILED', events: [ev('StateEntered', 1), failed] })[0]?.status).toBe('failed');
    const caught = [ev('StateEntered', 1), failed, ev('StateCaught', 3)];
    expect(stepsOf({ status: 'RUNNING', events: caught })[0]?.status).toBe('caught');
  });
});

describe('same-origin POSTs', () => {
  const req = (headers: Record<string, string>) => ({ headers: { host: '127.0.0.1:3000', ...headers } });
  it('lets the page and non-browser clients post, and refuses other origins', () => {
    expect(sameOrigin(req({}))).toBe(true);
    expect(sameOrigin(req({ origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(sameOrigin(req({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(sameOrigin(req({ origin: 'http://evil.example' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'null' }))).toBe(false);
    expect(sameOrigin(req({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});

describe('servers and the clock on the page', () => {
  let stack: TestStack;
  let server: LocalServer;
  const customer = newCustomer();
  let id = '';

  beforeAll(async () => {
    [stack, server] = await Promise.all([startTestStack({ env: ENV }), startLocalServer({ port: 0 })]);
    server.attach(stack);
    id = await placeOrder(stack, customer, 'bronze');
    await confirm(stack, id);
  });

  afterAll(async () => {
    await server?.close();
    await stack?.stop();
  });

  const post = (days: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ days }),
    });
  const advance = async (days: number) => {
    const res = await post(days);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { clock: StateSnapshot['clock']; sweep: { due: number; actions: number } };
    await stack.settle();
    return body;
  };
  const orderIn = (s: StateSnapshot, orderId: string): OrderView => s.orders.find((o) => o.id === orderId)!;

  it('shows a completed order as a server: active, paid for one period, the next reminder', async () => {
    const state = await server.snapshot();
    const o = orderIn(state, id);
    expect(o).toMatchObject({ kind: 'NEW', status: 'COMPLETED' });
    const s = o.server!;
    expect(s).toMatchObject({ state: 'ACTIVE', words: 'active', periodDays: 10, recorded: false });
    expect(new Date(s.paidUntil).getTime() - new Date(s.startedAt).getTime()).toBe(10 * DAY);
    expect(s.next).toMatchObject({ kind: 'remind', days: 3 });
    expect(state.clock).toMatchObject({ offsetMs: 0, offsetDays: 0, maxDays: CLOCK_MAX_DAYS });
    expect(state.clock!.policy).toMatchObject({ reminderDays: [3, 1], suspendAfterDays: 2 });
    const provisioning = state.executions.find((e) => e.name === `${id}-1`);
    expect(provisioning).toMatchObject({ machine: 'provisioning', status: 'SUCCEEDED', retrying: false });
    expect(provisioning!.steps.map((x) => x.status)).not.toContain('failed');
  });

  it('refuses a bad number, another method and another origin, and leaves the clock where it was', async () => {
    for (const bad of [0, -1, CLOCK_MAX_DAYS + 1, '7', null, undefined, [1]]) {
      const res = await post(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    for (const body of ['days=7', '{"days": 1e999}', '[7]']) {
      const res = await fetch(`${server.url}/api/clock`, { method: 'POST', body });
      expect(res.status, body).toBe(400);
    }
    expect((await fetch(`${server.url}/api/clock`)).status).toBe(405);
    expect((await post(1, { origin: 'http://evil.example' })).status).toBe(403);
    const send = await fetch(`${server.url}/api/send`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      body: JSON.stringify({ as: 'admin', text: '!orders' }),
    });
    expect(send.status).toBe(403);
    expect(stack.clock.offsetMs()).toBe(0);
  });

  it('moves the clock and sweeps at once: the first reminder, then the suspension run', async () => {
    const first = await advance(7.1);
    expect(first.clock).toMatchObject({ offsetMs: Math.round(7.1 * DAY), offsetDays: 7.1 });
    expect(first.sweep.due).toBeGreaterThan(0);
    expect(Math.abs(stack.clock.now().getTime() - (Date.now() + 7.1 * DAY))).toBeLessThan(5_000);
    let s = orderIn(await server.snapshot(), id).server!;
    expect(s).toMatchObject({ state: 'ACTIVE', recorded: true, next: { kind: 'remind', days: 1 } });
    expect(s.log.map((l) => l.what)).toContain('REMINDER_3D');

    // Past the paid-until date and the grace: the sweep starts a suspension, the page lists its run.
    const second = await advance(5);
    expect(second.sweep.actions).toBe(1);
    const state = await server.snapshot();
    s = orderIn(state, id).server!;
    expect(s).toMatchObject({ state: 'SUSPENDED', words: 'suspended (unpaid)' });
    expect(s.action).toBeUndefined();
    expect(s.next?.kind).toBe('warn');
    const run = state.executions.find((e) => e.name === `${id}-suspend-1`);
    expect(run).toMatchObject({ machine: 'lifecycle', label: 'suspend', orderId: id, status: 'SUCCEEDED' });
    expect(run!.steps.map((x) => x.name)).toContain('CallPanel');
  });

  it('shows a renewal as a renewal of its server, and the server running again once it is applied', async () => {
    await stack.say(customer, `!renew ${id}`);
    await stack.settle();
    let state = await server.snapshot();
    const renewal = state.orders.find((o) => o.kind === 'RENEWAL' && o.renews === id)!;
    expect(renewal).toMatchObject({ status: 'PENDING', periodDays: 10 });
    expect(renewal.server).toBeUndefined();

    await stack.say(ADMIN, `!order-confirm ${renewal.id}`);
    await stack.settle();
    state = await server.snapshot();
    expect(orderIn(state, renewal.id).status).toBe('COMPLETED');
    const s = orderIn(state, id).server!;
    expect(s.state).toBe('ACTIVE');
    expect(s.renewals).toContain(renewal.id);
    expect(state.executions.some((e) => e.name === `${id}-unsuspend-2` && e.machine === 'lifecycle')).toBe(true);
  });
});
