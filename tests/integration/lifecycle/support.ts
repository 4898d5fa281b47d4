// Shared set-up of the lifecycle tests: a local stack whose functions' clock the test moves, decimal-day
// settings (period 10 days, reminders 3 and 1 days before, suspension 2 days after, termination 4 days
// after that with a last warning 1 day before), and a completed server to start from.

import type { Order } from '../../../shared/domain/order.js';
import type { Service } from '../../../shared/domain/service.js';
import { confirm, newCustomer, order, placeOrder, startTestStack, type TestStack } from '../../support/harness.js';

export const DAY = 86_400_000;

export const LIFECYCLE_ENV = {
  DEFAULT_PERIOD_DAYS: '10',
  RENEWAL_REMINDER_DAYS: '3,1',
  SUSPEND_AFTER_DAYS: '2',
  TERMINATE_AFTER_DAYS: '4',
  TERMINATION_WARNING_DAYS: '1',
  // These tests place renewals and confirm them days later: unpaid orders do not expire here (unpaid.test.ts
  // sets its own deadlines).
  PENDING_EXPIRY_HOURS: 'never',
};

export interface LifecycleStack {
  stack: TestStack;
  /** Days the clock has moved forward. */
  setDays(days: number): void;
}

export async function startLifecycleStack(options: Parameters<typeof startTestStack>[0] = {}): Promise<LifecycleStack> {
  let offsetMs = 0;
  const stack = await startTestStack({
    ...options,
    env: { ...LIFECYCLE_ENV, ...options.env },
    clock: { now: () => new Date(Date.now() + offsetMs) },
  });
  return { stack, setDays: (days) => (offsetMs = days * DAY) };
}

/** A completed, swept server of a new customer. */
export async function newServer(
  l: LifecycleStack,
  customer = newCustomer(),
): Promise<{ customer: string; id: string }> {
  l.setDays(0);
  const id = await placeOrder(l.stack, customer, 'bronze');
  await confirm(l.stack, id);
  await l.stack.sweep();
  await l.stack.settle();
  return { customer, id };
}

/** Moves the clock to `days` after the test's start, runs the sweep, and lets everything it started finish. */
export async function at(l: LifecycleStack, days: number): Promise<void> {
  l.setDays(days);
  await l.stack.sweep();
  await l.stack.settle();
}

export async function serviceOf(stack: TestStack, id: string): Promise<Service> {
  const o: Order = await order(stack, id);
  if (!o.service) throw new Error(`${id} has no service record`);
  return o.service;
}

export function panelServer(stack: TestStack, id: string) {
  return stack.panel!.state().servers.find((s) => s.external_id === id);
}
