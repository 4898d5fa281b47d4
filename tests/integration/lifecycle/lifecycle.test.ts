// A server's life on the local stack, with decimal-day settings so a month passes in moments: reminders,
// suspension (only once the panel shows it), renewal and unsuspension, the last warning and termination.
// The clock the functions read is moved forward; the sweep runs as the schedule would.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/domain/order.js';
import {
  ADMIN,
  confirm,
  messagesTo,
  newCustomer,
  order,
  placeOrder,
  startTestStack,
  type TestStack,
} from '../../support/harness.js';

const DAY = 86_400_000;
let stack: TestStack;
let offsetMs = 0;

/** Period 10 days, reminders 3 and 1 days before, suspend 2 days after, terminate 4 days after that. */
const ENV = {
  DEFAULT_PERIOD_DAYS: '10',
  RENEWAL_REMINDER_DAYS: '3,1',
  SUSPEND_AFTER_DAYS: '2',
  TERMINATE_AFTER_DAYS: '4',
  TERMINATION_WARNING_DAYS: '1',
};

beforeAll(async () => {
  stack = await startTestStack({ env: ENV, clock: { now: () => new Date(Date.now() + offsetMs) } });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  offsetMs = 0;
});

async function newServer(customer = newCustomer()): Promise<{ customer: string; id: string }> {
  const id = await placeOrder(stack, customer, 'bronze');
  await confirm(stack, id);
  await stack.sweep();
  await stack.settle();
  return { customer, id };
}

/** Moves the clock to `days` after the server's first paid-until date... relative to now, then sweeps. */
async function at(days: number): Promise<void> {
  offsetMs = days * DAY;
  await stack.sweep();
  await stack.settle();
  // A started action's follow-up (the unsuspension after a renewal) runs in the same settle.
}

async function service(id: string): Promise<NonNullable<Order['service']>> {
  const o = await order(stack, id);
  if (!o.service) throw new Error(`${id} has no service record`);
  return o.service;
}

describe('a server with a paid-until date', () => {
  it('a completed order gets its service record at the first sweep: paid for one period from completion', async () => {
    const { id } = await newServer();
    const s = await service(id);
    expect(s.state).toBe('ACTIVE');
    expect(new Date(s.paidUntil).getTime() - new Date(s.startedAt).getTime()).toBe(10 * DAY);
    expect(s.dueAt).toBe(new Date(new Date(s.paidUntil).getTime() - 3 * DAY).toISOString());
  });

  it('walks a month: reminders, suspension, renewal from now, unsuspension', async () => {
    const { customer, id } = await newServer();
    const panelServer = () => stack.panel!.state().servers.find((s) => s.external_id === id)!;

    await at(7.1); // 3 days before
    await at(7.2); // a second sweep in the same window sends nothing more
    await at(9.1); // 1 day before
    await at(10.05); // the day itself
    // Days after the customer last wrote, the 24-hour window is closed: the utility template, with its Renew button.
    const reminders = messagesTo(stack, customer).filter((t) =>
      t.startsWith('template:spawnpoint_renewal_reminder_v1'),
    );
    expect(reminders).toHaveLength(3);
    for (const r of reminders) expect(r).toContain(`${id} | Bronze |`);
    expect(reminders[0]).toContain(`!renew ${id}`);

    await at(12.1); // 2 days after: suspended, and the panel says so
    expect((await service(id)).state).toBe('SUSPENDED');
    expect(panelServer().status).toBe('suspended');
    expect(messagesTo(stack, customer).at(-1)).toContain('template:spawnpoint_service_suspended_v1');
    expect(messagesTo(stack, ADMIN).at(-1)).toContain('Suspended');

    // The customer renews with the button's command; the admin confirms the payment.
    await stack.say(customer, `!renew ${id}`);
    await stack.settle();
    const renewal = (await stack.app.inbox.orders.listByCustomer(customer, 5)).items.find((o) => o.kind === 'RENEWAL')!;
    expect(renewal.renews).toBe(id);
    // The admins are told as for a new order (a template: their window closed days ago too).
    expect(messagesTo(stack, ADMIN).some((t) => t.includes(`Renewal ${renewal.id} of ${id}`))).toBe(true);
    await stack.say(ADMIN, `!order-confirm ${renewal.id}`);
    await stack.settle();

    const s = await service(id);
    expect(s.state).toBe('ACTIVE');
    expect(panelServer().status).toBeNull();
    // Suspended days are not billed: the new period counts from the renewal.
    const renewedAt = Date.now() + offsetMs;
    expect(Math.abs(new Date(s.paidUntil).getTime() - (renewedAt + 10 * DAY))).toBeLessThan(60_000);
    expect((await order(stack, renewal.id)).status).toBe('COMPLETED');
    expect(messagesTo(stack, customer).at(-1)).toContain('is running again');

    // Confirmed twice, it extends once.
    await stack.say(ADMIN, `!order-confirm ${renewal.id}`);
    await stack.settle();
    expect((await service(id)).paidUntil).toBe(s.paidUntil);
  });

  it('an unpaid suspended server gets the last warning, then is deleted on the panel; its user is kept', async () => {
    const { customer, id } = await newServer();
    const userId = (await order(stack, id)).provisioning.panelUserId!;
    await at(12.1); // suspended
    await at(15.1); // 1 day before termination (12 + 4 − 1): the last warning
    expect(messagesTo(stack, customer).at(-1)).toContain('template:spawnpoint_termination_warning_v1');
    expect(stack.panel!.state().servers.some((s) => s.external_id === id)).toBe(true);
    await at(16.2); // terminated
    const s = await service(id);
    expect(s.state).toBe('TERMINATED');
    expect(s.dueAt).toBeUndefined();
    expect(stack.panel!.state().servers.some((s) => s.external_id === id)).toBe(false);
    expect(stack.panel!.state().users.some((u) => u.id === userId)).toBe(true);
    expect(messagesTo(stack, customer).at(-1)).toContain('template:spawnpoint_service_terminated_v1');

    // Renewing a terminated server is refused politely, with a way to order a new one.
    await stack.say(customer, `!renew ${id}`);
    await stack.settle();
    expect(messagesTo(stack, customer).at(-1)).toContain("can't be renewed");
  });
});
