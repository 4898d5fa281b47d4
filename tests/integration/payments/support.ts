// Shared set-up of the payment tests: a local stack with a gateway's fake, the alarms' metrics counted, and
// helpers to read the customer's Pay now link and the admins' notices.

import type { LocalStackOptions } from '../../../local/stack.js';
import type { Order } from '../../../shared/domain/order.js';
import {
  ADMIN,
  messagesTo,
  newCustomer,
  order,
  placeOrder,
  startTestStack,
  type TestStack,
} from '../../support/harness.js';

export interface PaymentStack {
  stack: TestStack;
  metrics: string[];
  setDays(days: number): void;
  /** Lets the gateway's deliveries land, then everything they started finish. */
  settle(): Promise<void>;
  /** A new order of a new customer, with its Pay now link. */
  ordered(pkg?: string): Promise<{ customer: string; id: string; link: NonNullable<Order['payLink']> }>;
  /** A completed server of a new customer, paid on its page (`pay`: the gateway's fake pays a reference). */
  paidServer(pay: (reference: string) => Promise<unknown>): Promise<{ customer: string; id: string }>;
}

export const DAY = 86_400_000;

export async function startPaymentStack(
  env: Record<string, string>,
  options: LocalStackOptions = {},
): Promise<PaymentStack> {
  const metrics: string[] = [];
  let offsetMs = 0;
  const stack = await startTestStack({
    ...options,
    env: {
      DEFAULT_PERIOD_DAYS: '10',
      RENEWAL_REMINDER_DAYS: '3',
      SUSPEND_AFTER_DAYS: '2',
      TERMINATE_AFTER_DAYS: '4',
      TERMINATION_WARNING_DAYS: '1',
      PENDING_EXPIRY_HOURS: 'never',
      ...env,
    },
    clock: { now: () => new Date(Date.now() + offsetMs) },
    metric: (name) => metrics.push(name),
  });
  const settle = async () => {
    await stack.payments.stripe?.idle();
    await stack.payments.midtrans?.idle();
    await stack.settle();
  };
  const ordered = async (pkg = 'bronze') => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, pkg);
    return { customer, id, link: await payLinkOf(stack, id) };
  };
  return {
    stack,
    metrics,
    setDays: (days) => (offsetMs = days * DAY),
    settle,
    ordered,
    async paidServer(pay) {
      const o = await ordered();
      await pay(o.link.reference);
      await settle();
      await stack.sweep(); // the sweep starts the server's life (its paid-until date)
      await stack.settle();
      return o;
    },
  };
}

/** The order's payment page as recorded (and as the customer's Pay now button opens it). */
export async function payLinkOf(stack: TestStack, id: string): Promise<NonNullable<Order['payLink']>> {
  const o = await order(stack, id);
  if (!o.payLink) throw new Error(`${id} has no payment link`);
  return o.payLink;
}

/** The URLs of the Pay now buttons the customer received, oldest first. */
export function payButtonsTo(stack: TestStack, customer: string): string[] {
  return messagesTo(stack, customer).flatMap((t) => [...t.matchAll(/\[Pay now\]\((\S+)\)/g)].map((m) => m[1]!));
}

export function adminTexts(stack: TestStack, admin = ADMIN): string[] {
  return messagesTo(stack, admin);
}

/** Every CONFIRM in the order's history (one, however often it was paid or confirmed). */
export function confirms(o: Order): number {
  return o.history.filter((h) => h.event === 'CONFIRM').length;
}
