// Renewals: another period of an existing server, as an order of its own (`ORD-…`, paid and confirmed like
// any order). Applying one extends the server's paid-until date exactly once (the server's record lists the
// renewals applied, and the write is conditional on the record read), then lifts a suspension for
// non-payment. A server being deleted, or deleted, is never renewed: the payment is not taken for it.

import { createHash } from 'node:crypto';
import { day } from '../../domain/message-format.js';
import { createOrder, type Order, periodOf, transition } from '../../domain/order.js';
import { orderIdFromDigest } from '../../domain/order-id.js';
import type { PaymentPolicy } from '../../domain/payment-deadlines.js';
import { logged, prunedNotices, renewalPlan, renewedUntil, type Service, withDue } from '../../domain/service.js';
import type { OrderRepository } from '../ports.js';
import { startAction } from './actions.js';
import { changeService, type LifecycleDeps, serviceOf } from './context.js';

export type RenewalDeps = LifecycleDeps & { orders: OrderRepository };

export type OpenRenewal =
  | { kind: 'created' | 'existing'; renewal: Order; service: Service }
  | { kind: 'refused'; why: 'terminated' | 'terminating' | 'not-a-server' };

/** How far back a customer's orders are read for a renewal already open for this server. */
const RECENT = 50;

/** `!renew ID`: the server's open renewal, or a new one (one per server and period, even for double taps). */
export async function openRenewal(deps: RenewalDeps, server: Order, by: string): Promise<OpenRenewal> {
  const service = serviceOf(server, deps.policy);
  if (!service) return { kind: 'refused', why: 'not-a-server' };
  if (service.state === 'TERMINATED') return { kind: 'refused', why: 'terminated' };
  if (service.action?.kind === 'TERMINATE') return { kind: 'refused', why: 'terminating' };
  const recent = await deps.orders.listByCustomer(server.customerId, RECENT);
  const open = recent.items.find(
    (o) => o.kind === 'RENEWAL' && o.renews === server.id && (o.status === 'PENDING' || o.status === 'CONFIRMED'),
  );
  if (open) return { kind: 'existing', renewal: open, service };
  const now = deps.clock.now();
  for (let n = 0; n < 8; n++) {
    // The same server, period and try always give the same id: a double tap finds the first one's order.
    const digest = createHash('sha256').update(`renew:${server.id}:${service.paidUntil}:${n}`, 'utf8').digest();
    const renewal = renewalOrder(server, orderIdFromDigest(digest), by, now, deps.payment);
    if (await deps.orders.create(renewal)) return { kind: 'created', renewal, service };
    const existing = await deps.orders.get(renewal.id);
    if (existing?.renews === server.id && (existing.status === 'PENDING' || existing.status === 'CONFIRMED'))
      return { kind: 'existing', renewal: existing, service };
  }
  throw new Error(`Could not allocate a renewal id for ${server.id}`);
}

/** Priced at the plan the next period runs on: the current one, or a downgrade the customer chose. */
function renewalOrder(server: Order, id: string, by: string, now: Date, payment?: PaymentPolicy): Order {
  const plan = renewalPlan(server);
  const order = createOrder(
    {
      id,
      kind: 'RENEWAL',
      renews: server.id,
      customerId: server.customerId,
      ...(server.customerName ? { customerName: server.customerName } : {}),
      ...(server.lang ? { lang: server.lang } : {}),
      packageId: plan.packageId,
      packageName: plan.packageName,
      resources: plan.resources,
      ...(plan.price ? { price: plan.price } : {}),
      ...(plan.priceMinor !== undefined ? { priceMinor: plan.priceMinor } : {}),
      ...(server.currency ? { currency: server.currency } : {}),
      periodDays: periodOf(server),
    },
    now,
    payment,
  );
  order.history[0]!.by = by;
  order.history[0]!.reason = `renewal of ${server.id}`;
  return order;
}

export type ApplyOutcome =
  | { kind: 'applied'; renewal: Order; service: Service; unsuspending: boolean; already: boolean }
  | { kind: 'refused'; why: 'terminated' | 'terminating' | 'not-a-server' };

/**
 * Applies a CONFIRMED renewal to its server: the paid-until date moves by the renewal's period (from the old
 * date while the server runs, from now after a suspension for non-payment), the renewal completes, and a
 * suspension for non-payment is lifted. Safe to repeat: a renewal already applied is only completed.
 */
export async function applyRenewal(deps: RenewalDeps, renewal: Order, by: string): Promise<ApplyOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const outcome = await changeService<'already' | 'terminated' | 'terminating' | 'applied'>(
    deps,
    renewal.renews ?? '',
    (service) => {
      if (service.renewals.includes(renewal.id)) return { unchanged: 'already' };
      if (service.state === 'TERMINATED') return { unchanged: 'terminated' };
      if (service.action?.kind === 'TERMINATE') return { unchanged: 'terminating' };
      const paidUntil = renewedUntil(service, periodOf(renewal), now);
      const next: Service = {
        ...service,
        paidUntil,
        renewals: [...service.renewals, renewal.id].slice(-24),
        notices: prunedNotices(service.notices, paidUntil),
      };
      if (next.lastActionError?.action !== 'UNSUSPEND') delete next.lastActionError;
      // A downgrade chosen for this renewal comes with it: the renewal was priced at it.
      if (service.nextPlan && renewal.packageId === service.nextPlan.packageId && !service.pendingChange) {
        next.pendingChange = { plan: service.nextPlan, ref: renewal.id, at };
        delete next.nextPlan;
      }
      const line = { at, what: 'RENEWED', by, detail: `${renewal.id}: paid until ${day(paidUntil)}` };
      return { service: withDue(logged(next, line), deps.policy, now), result: 'applied' };
    },
  );
  if (outcome.kind === 'no-server') return { kind: 'refused', why: 'not-a-server' };
  if (outcome.result === 'terminated' || outcome.result === 'terminating')
    return { kind: 'refused', why: outcome.result };
  const completed = await complete(deps, renewal, by, outcome.service, now);
  const service = outcome.service;
  let unsuspending = false;
  if (service.state === 'SUSPENDED' && service.suspendReason !== 'MANUAL') {
    const started = await startAction(deps, renewal.renews!, 'UNSUSPEND', {
      by: renewal.id,
      manual: false,
    });
    unsuspending = started.kind === 'started' || (started.kind === 'busy' && started.action.kind === 'UNSUSPEND');
  } else if (service.pendingChange?.ref === renewal.id) {
    // (After an unsuspension, the sweep starts the rebuild: one action at a time.)
    await startAction(deps, renewal.renews!, 'REBUILD', { by: renewal.id, manual: false });
  }
  deps.log.info('Renewal applied', {
    orderId: renewal.renews,
    renewal: renewal.id,
    already: outcome.result === 'already',
  });
  return { kind: 'applied', renewal: completed, service, unsuspending, already: outcome.result === 'already' };
}

/** CONFIRMED → COMPLETED, once; a renewal completed already (a repeated confirm) is returned as it is. */
async function complete(deps: RenewalDeps, renewal: Order, by: string, service: Service, now: Date): Promise<Order> {
  if (renewal.status !== 'CONFIRMED') return renewal;
  const next = transition(
    renewal,
    { type: 'APPLY', by, reason: `${renewal.renews} paid until ${day(service.paidUntil)}` },
    now,
  );
  if (await deps.orders.saveTransition(next, { status: renewal.status, attempts: renewal.attempts })) return next;
  return (await deps.orders.get(renewal.id)) ?? renewal;
}
