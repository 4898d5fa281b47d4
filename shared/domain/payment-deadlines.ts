// An unpaid order's two deadlines: one polite nudge (PAYMENT_REMINDER_HOURS after it was placed) and its
// expiry (PENDING_EXPIRY_HOURS). Both are stamped on the order when it is made, so the store can put a
// PENDING order in the due index and the lifecycle sweep finds it when one is due, like a server's step.

import type { Order } from './order.js';

export interface PaymentPolicy {
  /** Hours after ordering to nudge an unpaid order once; 0 for no nudge. */
  reminderHours: number;
  /** Hours after ordering an unpaid order is cancelled; 'never' keeps it waiting. */
  expiryHours: number | 'never';
}

export const DEFAULT_PAYMENT_POLICY: PaymentPolicy = { reminderHours: 24, expiryHours: 72 };

const HOUR_MS = 3_600_000;
const after = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * HOUR_MS).toISOString();

/** The order with its nudge time and pay-by time, from when it was placed. */
export function withPaymentDeadlines(order: Order, policy: PaymentPolicy | undefined): Order {
  if (!policy) return order;
  const next: Order = { ...order };
  const expiry = policy.expiryHours;
  if (policy.reminderHours > 0 && (expiry === 'never' || policy.reminderHours < expiry))
    next.paymentReminderAt = after(order.createdAt, policy.reminderHours);
  if (expiry !== 'never') next.payBy = after(order.createdAt, expiry);
  return next;
}

/** When the sweep should look at an unpaid order next: its nudge until sent, then its expiry. */
export function pendingDueAt(order: Order): string | undefined {
  if (order.status !== 'PENDING') return undefined;
  if (order.paymentReminderAt && !order.nudgedAt) return order.paymentReminderAt;
  return order.payBy;
}

export type PendingStep = { kind: 'nudge' } | { kind: 'expire' } | { kind: 'wait'; at?: string };

export function pendingStep(order: Order, now: Date): PendingStep {
  const t = now.getTime();
  if (order.payBy && t >= new Date(order.payBy).getTime()) return { kind: 'expire' };
  if (order.paymentReminderAt && !order.nudgedAt && t >= new Date(order.paymentReminderAt).getTime())
    return { kind: 'nudge' };
  const at = pendingDueAt(order);
  return at ? { kind: 'wait', at } : { kind: 'wait' };
}
