// The customer's side of the shop: browse the packages, place an order, list, follow and cancel one.

import { createHash } from 'node:crypto';
import * as M from '../../domain/messages.js';
import { createOrder, type Order } from '../../domain/order.js';
import { newOrderId, orderIdFromDigest } from '../../domain/order-id.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { findPackage } from '../../domain/packages.js';
import { closePayLink, payLinkMessages, takesPayLink } from '../payments/links.js';
import { admins, applyEvents, type CommandTable, type IncomingMessage, type Turn } from './context.js';
import { withAdminOrder, withCustomerOrder } from './lookup.js';

const MY_ORDERS_PAGE = 10;
/** How far back `!order` looks for the order a reprocessed message already made, and for unpaid ones. */
const RECENT_ORDERS = 20;
const DEFAULT_MAX_PENDING = 3;

export const orderingCommands = {
  packages: ({ deps, you }) => [M.packagesList(you, deps.settings.catalogue, deps.settings.shop)],
  order: (turn, command) => placeOrder(turn, command.packageRef),
  'my-orders': async ({ deps, m, you }) => {
    const page = await deps.orders.listByCustomer(m.from, MY_ORDERS_PAGE);
    return [M.myOrders(you, page.items, page.cursor !== undefined)];
  },
  status: (turn, command) =>
    withCustomerOrder(turn, command.orderRef, '!status', async (o) => [
      M.orderStatusForCustomer(turn.you, o, turn.deps.settings.shop),
      ...(await payLinkMessages(turn.deps, o)),
    ]),
  'payment-link': (turn, command) =>
    turn.admin
      ? withAdminOrder(turn, command.orderRef, '!payment-link', (o) => freshLink(turn, o))
      : withCustomerOrder(turn, command.orderRef, '!payment-link', (o) => freshLink(turn, o)),
  cancel: (turn, command) =>
    withCustomerOrder(turn, command.orderRef, '!cancel', (o) =>
      // Asked first: a tap on "Cancel order" by mistake loses nothing.
      command.confirmed || o.status !== 'PENDING' ? customerCancel(turn, o) : [M.customerCancelConfirm(turn.you, o)],
    ),
} satisfies Partial<CommandTable>;

/**
 * Deterministic per message, so a reprocessed "!order" finds the order it already made. SHA-256 of the
 * message id, all 30 bits of the id taken from it: ids of different messages collide only as often as
 * random ones do (the birthday bound of 2^30).
 */
export function orderIdForMessage(messageId: string): string {
  return orderIdFromDigest(createHash('sha256').update(messageId, 'utf8').digest());
}

/** True when `order` was made by this message; orders stored before `sourceMessageId` carry it in their history. */
function madeBy(order: Order | undefined, m: IncomingMessage): order is Order {
  if (!order) return false;
  return order.sourceMessageId === m.id || order.history[0]?.reason === `message ${m.id}`;
}

async function placeOrder(turn: Turn, packageRef: string): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { catalogue, shop } = deps.settings;
  const pkg = packageRef ? findPackage(catalogue, packageRef) : undefined;
  if (!pkg) return [M.unknownPackage(turn.you, packageRef, catalogue), M.packagesList(turn.you, catalogue, shop)];

  // One read answers both questions: did this message already make an order, and how many are unpaid.
  const recent = await deps.orders.listByCustomer(m.from, RECENT_ORDERS);
  const mine = recent.items.find((o) => madeBy(o, m));
  if (mine) return [M.orderPlaced(turn.you, mine, shop), ...(await payLinkMessages(deps, mine))];
  const unpaid = recent.items.filter((o) => o.status === 'PENDING');
  if (unpaid.length >= (deps.settings.maxPendingOrders ?? DEFAULT_MAX_PENDING)) {
    return [M.tooManyUnpaidOrders(turn.you, unpaid)];
  }
  // The same package twice (a double tap, a repeated message): ask before a second identical unpaid order.
  const again = /\b(again|another|mais|lagi)\b/i.test(packageRef);
  const same = unpaid.find((o) => o.packageId === pkg.id && (o.kind ?? 'NEW') === 'NEW');
  if (same && !again) return [M.duplicateOrderQuestion(turn.you, same, shop), ...(await payLinkMessages(deps, same))];

  const now = deps.clock.now();
  let order: Order | undefined;
  for (let i = 0; i < 5 && !order; i++) {
    const id = i === 0 ? orderIdForMessage(m.id) : newOrderId(deps.randomBytes);
    const candidate: Order = {
      ...createOrder(
        {
          id,
          customerId: m.from,
          ...(m.name ? { customerName: m.name.slice(0, 60) } : {}),
          lang: turn.you.locale.lang,
          packageId: pkg.id,
          packageName: pkg.name,
          resources: pkg.resources,
          ...(pkg.price ? { price: pkg.price } : {}),
          ...(pkg.priceMinor !== undefined ? { priceMinor: pkg.priceMinor, currency: shop.currency ?? 'USD' } : {}),
          periodDays: pkg.periodDays,
        },
        now,
        deps.settings.payment,
      ),
      sourceMessageId: m.id,
    };
    // The history keeps saying which message made the order (admins read it in !provision-status ID).
    candidate.history[0]!.reason = `message ${m.id}`;
    if (await deps.orders.create(candidate)) {
      order = candidate;
    } else if (i === 0) {
      // The customer index is eventually consistent: a first run's order may not be listed yet.
      const existing = await deps.orders.get(id);
      if (madeBy(existing, m)) order = existing;
    }
  }
  if (!order) throw new Error('Could not allocate an order id after 5 attempts');
  deps.log.info('Order placed', { orderId: order.id, packageId: pkg.id });
  return [
    M.orderPlaced(turn.you, order, shop),
    ...(await payLinkMessages(deps, order)),
    ...admins(deps).map((a) => M.adminNewOrder(a, order)),
  ];
}

/** `!payment-link ID`: a new payment page for an unpaid order, to its customer (an admin asks for them). */
async function freshLink(turn: Turn, order: Order): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { shop } = deps.settings;
  if (!deps.gateway) return [M.payLinkOff(turn.you, order, shop)];
  if (!takesPayLink(deps, order)) return [M.payLinkNotNeeded(turn.you, order)];
  const sent = await payLinkMessages(deps, order, true);
  const toCustomer = sent.some((r) => r.to === order.customerId && r.content.type === 'cta');
  if (m.from === order.customerId || !toCustomer) return sent;
  return [M.adminText(turn.you, `Payment link for *${order.id}* sent to its customer.`, order.id), ...sent];
}

async function customerCancel(turn: Turn, order: Order): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { shop } = deps.settings;
  if (order.status !== 'PENDING') return [M.customerCannotCancel(turn.you, order, shop)];
  const next = await applyEvents(deps, order, [{ type: 'CANCEL', by: m.from, reason: 'cancelled by the customer' }]);
  if (!next) return [M.customerCannotCancel(turn.you, (await deps.orders.get(order.id)) ?? order, shop)];
  await closePayLink(deps, next);
  return [M.customerCancelled(turn.you, next), ...admins(deps).map((a) => M.adminCustomerCancelled(a, next))];
}
