// A verified gateway payment, settled in the inbox worker: read back from the gateway where it advises,
// matched to its order by id, amount and currency, then confirmed through the same use case as an admin's
// `!order-confirm`, recorded with the gateway's ids. Exactly once: the event is deduplicated, the order's
// confirmation is one conditional write that carries the payment, and a payment the order already carries
// (a redelivery, a second event for it) only resumes what its confirmation started.

import { adminRecipient } from '../../domain/i18n/locale.js';
import * as M from '../../domain/messages.js';
import { isForServer, type Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { confirmedBy, type GatewayPayment, orderIdOfReference, paymentMismatch } from '../../domain/payment.js';
import { PaymentGatewayRefusedError } from '../../payments/gateway-errors.js';
import type { ConversationDeps, Turn } from '../conversation/context.js';
import { confirm } from '../conversation/payments.js';
import type { OutboxItem } from '../ports.js';
import { PAYMENT_METRICS } from './links.js';
import type { PaymentNotice } from './port.js';

export type SettleOutcome = 'confirmed' | 'resumed' | 'duplicate' | 'unmatched' | 'mismatch' | 'not-paid';

/** Settles one notice; the replies are queued under keys derived from the event, so a rerun sends nothing twice. */
export async function settlePayment(
  deps: ConversationDeps,
  notice: PaymentNotice,
  run: { deadline?: number } = {},
): Promise<SettleOutcome> {
  const { gateway, log } = deps;
  const metric = deps.metric ?? (() => {});
  const ids = { provider: notice.provider, reference: notice.reference, transactionId: notice.transactionId };
  if (!gateway || gateway.provider !== notice.provider) {
    metric(PAYMENT_METRICS.unmatched);
    log.error('Payment from a gateway this shop does not use', { ...ids, configured: gateway?.provider ?? 'manual' });
    return 'unmatched';
  }
  const payment = await readBack(deps, notice);
  if (!payment) return 'unmatched';
  if (payment.status === 'other') return afterTheFact(deps, notice, payment);
  if (payment.status !== 'paid') {
    log.info('Gateway payment not paid; nothing to confirm', { ...ids, status: payment.gatewayStatus });
    return 'not-paid';
  }
  const orderId = payment.orderId || orderIdOfReference(payment.reference) || '';
  const order = orderId ? await deps.orders.get(orderId) : undefined;
  if (!order) {
    metric(PAYMENT_METRICS.unmatched);
    log.error('Payment for an unknown order', { ...ids, orderId });
    return 'unmatched';
  }
  const { adminIds, shop } = deps.settings;
  const locale = shop.locale ?? 'en-US';
  const key = `pay:${notice.provider}:${notice.eventId}`;
  if (confirmedBy(order, payment)) return resume(deps, order, payment, key, run);
  if (order.status !== 'PENDING') return paidTooLate(deps, order, payment, key);
  const mismatch = paymentMismatch(order, payment, locale);
  if (mismatch) {
    metric(PAYMENT_METRICS.unmatched);
    log.error('Payment does not match its order', { ...ids, orderId, mismatch });
    await queue(
      deps,
      key,
      M.adminsTo(adminIds, shop).map((a) => M.adminPaymentMismatch(a, order, payment, mismatch)),
    );
    return 'mismatch';
  }
  const replies = await confirm(gatewayTurn(deps, notice.provider, key, run), order, {
    method: payment.provider,
    reference: payment.reference,
    transactionId: payment.transactionId,
    ...(payment.amountMinor !== undefined ? { amountMinor: payment.amountMinor } : {}),
    ...(payment.currency ? { currency: payment.currency } : {}),
    ...(payment.paymentType ? { paymentType: payment.paymentType } : {}),
  });
  const after = (await deps.orders.get(order.id)) ?? order;
  if (!confirmedBy(after, payment)) {
    // An admin's confirm, a cancel or the expiry won the write: this payment is one too many, said as such.
    if (after.status !== 'PENDING') return paidTooLate(deps, after, payment, key);
    // Still unpaid: a renewal or upgrade of a server deleted meanwhile is not taken (the money is refunded);
    // a new order left PENDING lost a race that changed nothing: the notice comes back and is tried again.
    if (!isForServer(after)) throw new Error(`Order ${order.id} is still unpaid after its gateway confirm; retrying`);
    metric(PAYMENT_METRICS.unmatched);
    const why = 'its server is deleted or being deleted';
    await queue(
      deps,
      key,
      M.adminsTo(adminIds, shop).map((a) => M.adminPaymentRefused(a, after, payment, why)),
    );
    return 'mismatch';
  }
  await queue(deps, key, toAdmins(replies, notice.provider, adminIds));
  await closeOtherPages(deps, after, payment);
  metric(PAYMENT_METRICS.confirmed);
  log.info('Gateway payment settled', { ...ids, orderId, status: after.status });
  return 'confirmed';
}

/** A refund or chargeback the gateway reports for a payment: nothing changes here, the admins are told. */
async function afterTheFact(
  deps: ConversationDeps,
  notice: PaymentNotice,
  payment: GatewayPayment,
): Promise<SettleOutcome> {
  const order = await deps.orders.get(payment.orderId || orderIdOfReference(payment.reference) || '');
  deps.log.warn('Gateway reports a refund or chargeback', {
    provider: payment.provider,
    reference: payment.reference,
    status: payment.gatewayStatus,
  });
  if (order) {
    const key = `pay:${notice.provider}:${notice.eventId}`;
    const { shop } = deps.settings;
    await queue(
      deps,
      key,
      M.adminsTo(deps.settings.adminIds, shop).map((a) => M.adminPaymentReversed(a, order, payment)),
    );
  }
  return 'not-paid';
}

/**
 * A payment for an order that is no longer waiting for one: paid already (twice, or after an admin's
 * confirm) or cancelled (expired unpaid, cancelled by the customer or an admin). Nothing changes; the admins
 * get the gateway's ids to refund it, and the customer of a cancelled order hears that their money was seen.
 */
async function paidTooLate(
  deps: ConversationDeps,
  order: Order,
  payment: GatewayPayment,
  key: string,
): Promise<SettleOutcome> {
  const { adminIds, shop } = deps.settings;
  const cancelled = order.status === 'CANCELLED';
  deps.metric?.(cancelled ? PAYMENT_METRICS.unmatched : PAYMENT_METRICS.duplicate);
  deps.log.warn('Payment for an order already paid or closed', {
    provider: payment.provider,
    transactionId: payment.transactionId,
    orderId: order.id,
    status: order.status,
  });
  const admins = M.adminsTo(adminIds, shop).map((a) => M.adminPaidAgain(a, order, payment));
  const customer = cancelled ? [M.customerPaidCancelled(M.customerTo(order, shop), order, shop)] : [];
  await queue(deps, key, [...admins, ...customer]);
  return 'duplicate';
}

/** The order's other payment page (a fresh link replaced it, or the paid one is older) cannot be paid as well. */
async function closeOtherPages(deps: ConversationDeps, order: Order, payment: GatewayPayment): Promise<void> {
  const link = order.payLink;
  if (deps.gateway && link && link.provider === payment.provider && link.reference !== payment.reference)
    await deps.gateway.closeLink(link);
}

/** The payment as the gateway has it now; undefined (logged, alarmed) when the gateway does not know it. */
async function readBack(deps: ConversationDeps, notice: PaymentNotice): Promise<GatewayPayment | undefined> {
  try {
    return await deps.gateway!.readBack(notice);
  } catch (e) {
    // Only "no such transaction" means unknown; anything else (unavailable, a key refused during a rotation)
    // is thrown, so the queue brings the notice back later (and, failing for good, to the DLQ and its alarm).
    if (!(e instanceof PaymentGatewayRefusedError && e.status === 404)) throw e;
    deps.metric?.(PAYMENT_METRICS.unmatched);
    deps.log.error('Gateway does not know the notified payment', {
      provider: notice.provider,
      reference: notice.reference,
      error: e.message,
    });
    return undefined;
  }
}

/**
 * This payment already confirmed the order (a redelivered event, or a second event for the same payment):
 * finish what the confirmation started, if a crash stopped it, and say nothing new.
 */
async function resume(
  deps: ConversationDeps,
  order: Order,
  payment: GatewayPayment,
  key: string,
  run: { deadline?: number },
): Promise<SettleOutcome> {
  const unfinished = (isForServer(order) && order.status === 'CONFIRMED') || order.status === 'PROVISIONING';
  if (unfinished) {
    const replies = await confirm(gatewayTurn(deps, payment.provider, key, run), order);
    // Only the customer's news is worth repeating when it was never sent; the admins' "cannot" is noise.
    await queue(
      deps,
      key,
      replies.filter((r) => r.to === order.customerId),
    );
  }
  deps.log.info('Gateway payment already recorded', { orderId: order.id, transactionId: payment.transactionId });
  return 'resumed';
}

/** The gateway as the actor of the confirmation: history says `stripe` or `midtrans`, replies go to every admin. */
function gatewayTurn(deps: ConversationDeps, provider: string, key: string, run: { deadline?: number }): Turn {
  return {
    deps,
    m: { id: key, from: provider, at: deps.clock.now() },
    admin: true,
    you: adminRecipient(provider, deps.settings.shop),
    ...(run.deadline ? { deadline: run.deadline } : {}),
  };
}

/** Replies the use case addressed to its actor (the gateway) go to every admin instead. */
function toAdmins(replies: OutboundMessage[], actor: string, adminIds: readonly string[]): OutboundMessage[] {
  return replies.flatMap((r) => (r.to === actor ? adminIds.map((a) => ({ ...r, to: a })) : [r]));
}

async function queue(deps: ConversationDeps, key: string, replies: OutboundMessage[]): Promise<void> {
  const items: OutboxItem[] = replies.map((r, i) => ({ type: 'message', message: r, key: `${key}:${i}` }));
  if (items.length > 0) await deps.outbox.enqueue(items);
}
