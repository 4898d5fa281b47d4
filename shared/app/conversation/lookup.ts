// Finding the order a command names. A customer sees only their own orders; a miss answers with the
// closest ids the sender could have meant (a typo of one or two characters).

import type { OrderRef } from '../../domain/commands.js';
import type { Recipient } from '../../domain/i18n/locale.js';
import * as M from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import { idDistance } from '../../domain/order-id.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import type { Replies, Turn } from './context.js';

/** The open statuses an admin's typo is looked up in. */
const OPEN = ['PENDING', 'CONFIRMED', 'PROVISIONING'] as const;

export async function withCustomerOrder(
  { deps, m, you }: Turn,
  ref: OrderRef,
  command: string,
  then: (order: Order) => Replies,
): Promise<OutboundMessage[]> {
  if (!ref.ok) return [refProblem(you, ref, command)];
  const order = await deps.orders.get(ref.id);
  // Someone else's order is "not found": ids are not secrets, but orders are private.
  if (!order || order.customerId !== m.from) {
    const mine = (await deps.orders.listByCustomer(m.from, 20)).items.map((o) => o.id);
    return [M.orderLookupProblem(you, { kind: 'not-found', id: ref.id, suggestions: near(ref.id, mine) })];
  }
  return then(order);
}

export async function withAdminOrder(
  { deps, you }: Turn,
  ref: OrderRef,
  command: string,
  then: (order: Order) => Replies,
): Promise<OutboundMessage[]> {
  if (!ref.ok) return [refProblem(you, ref, command)];
  const order = await deps.orders.get(ref.id);
  if (!order) {
    const open = await Promise.all(OPEN.map((s) => deps.orders.listByStatus(s, 50)));
    const ids = open.flatMap((p) => p.items.map((o) => o.id));
    // An admin's miss points at the admin's lists, not at the customer's !my-orders.
    return [M.orderLookupProblem(you, { kind: 'not-found', id: ref.id, suggestions: near(ref.id, ids), admin: true })];
  }
  return then(order);
}

function refProblem(to: Recipient, ref: Extract<OrderRef, { ok: false }>, command: string): OutboundMessage {
  return ref.reason === 'missing'
    ? M.orderLookupProblem(to, { kind: 'missing-id', command })
    : M.orderLookupProblem(to, { kind: 'bad-id', typed: ref.typed, command });
}

function near(id: string, candidates: readonly string[]): string[] {
  return candidates.filter((c) => c !== id && idDistance(id, c) <= 2).slice(0, 3);
}
