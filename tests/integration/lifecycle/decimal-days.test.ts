// Decimal-day settings, as a shop tries a month in a minute: a period of 0.0005 days (43.2 s), a reminder
// 0.0002 days (17.3 s) before, suspension 0.0001 days (8.6 s) after, termination 0.0003 days (25.9 s) after
// that with the last warning 0.0001 days before. The clock moves by seconds; every step happens in order.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesTo } from '../../support/harness.js';
import { type LifecycleStack, newServer, panelServer, serviceOf, startLifecycleStack } from './support.js';

let l: LifecycleStack;
const DAY_S = 86_400;

beforeAll(async () => {
  l = await startLifecycleStack({
    env: {
      DEFAULT_PERIOD_DAYS: '0.0005',
      RENEWAL_REMINDER_DAYS: '0.0002',
      SUSPEND_AFTER_DAYS: '0.0001',
      TERMINATE_AFTER_DAYS: '0.0003',
      TERMINATION_WARNING_DAYS: '0.0001',
    },
  });
});
afterAll(async () => {
  await l.stack.stop();
});

async function atSecond(s: number): Promise<void> {
  l.setDays(s / DAY_S);
  await l.stack.sweep();
  await l.stack.settle();
}

describe('decimal days', () => {
  it('a month in a minute: reminder, day, suspension, last warning, termination', async () => {
    const { customer, id } = await newServer(l);
    const s0 = await serviceOf(l.stack, id);
    expect(Date.parse(s0.paidUntil) - Date.parse(s0.startedAt)).toBe(43_200);
    await atSecond(27); // 0.0002 days (17.3 s) before the end at 43.2 s
    await atSecond(44); // the day
    expect(messagesTo(l.stack, customer).filter((t) => t.includes('Renew'))).toHaveLength(2);
    await atSecond(53); // 8.6 s after: suspended
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    expect(panelServer(l.stack, id)?.status).toBe('suspended');
    await atSecond(72); // 8.6 s before the deletion at ~51.8 + 25.9 s
    expect(messagesTo(l.stack, customer).at(-1)).toContain('Last warning');
    await atSecond(80);
    expect((await serviceOf(l.stack, id)).state).toBe('TERMINATED');
    expect(panelServer(l.stack, id)).toBeUndefined();
  });
});
