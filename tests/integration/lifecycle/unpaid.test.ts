// Unpaid orders (issue 19): one polite nudge PAYMENT_REMINDER_HOURS after ordering, and a cancellation with a
// message at PENDING_EXPIRY_HOURS, found by the same sweep as the servers' steps. A payment confirmed first
// wins; two sweeps nudge once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, confirm, messagesTo, newCustomer, order, placeOrder } from '../../support/harness.js';
import { type LifecycleStack, startLifecycleStack } from './support.js';

let l: LifecycleStack;
const HOUR = 1 / 24;

beforeAll(async () => {
  l = await startLifecycleStack({ env: { PAYMENT_REMINDER_HOURS: '24', PENDING_EXPIRY_HOURS: '72' } });
});
afterAll(async () => {
  await l.stack.stop();
});

async function sweepAt(hours: number): Promise<void> {
  l.setDays(hours * HOUR);
  await Promise.all([l.stack.sweep(), l.stack.sweep()]);
  await l.stack.settle();
}

describe('unpaid orders', () => {
  it('get one nudge after 24 hours and are cancelled, with a message, after 72', async () => {
    l.setDays(0);
    const customer = newCustomer();
    const id = await placeOrder(l.stack, customer, 'bronze');
    await sweepAt(23);
    expect(messagesTo(l.stack, customer).some((t) => t.includes('still waiting for payment'))).toBe(false);
    await sweepAt(25);
    await sweepAt(30);
    const nudges = messagesTo(l.stack, customer).filter((t) => t.includes('still waiting for payment'));
    expect(nudges).toHaveLength(1);
    expect((await order(l.stack, id)).nudgedAt).toBeDefined();
    await sweepAt(73);
    const o = await order(l.stack, id);
    expect(o.status).toBe('CANCELLED');
    expect(o.history.at(-1)).toMatchObject({ by: 'sweep', reason: 'unpaid when its payment time ran out' });
    expect(messagesTo(l.stack, customer).at(-1)).toContain('no payment arrived in time');
  });

  it('a payment confirmed before the expiry wins: the order is provisioned, never cancelled', async () => {
    l.setDays(0);
    const customer = newCustomer();
    const id = await placeOrder(l.stack, customer, 'bronze');
    l.setDays(50 * HOUR);
    await confirm(l.stack, id, ADMIN);
    await sweepAt(80);
    expect((await order(l.stack, id)).status).toBe('COMPLETED');
  });
});
