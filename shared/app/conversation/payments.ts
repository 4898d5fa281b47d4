// The admin's side of an order's money and setup: confirm a payment (and start provisioning after a
// pre-flight of the panel), cancel, and retry or resume a failed provisioning.

import type { Recipient } from '../../domain/i18n/locale.js';
import * as M from '../../domain/messages.js';
import { canApply, isRenewal, type Order, type OrderEvent } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import type { GatewayPaymentRecord } from '../../domain/payment.js';
import { serviceOf } from '../lifecycle/context.js';
import { applyUpgrade } from '../lifecycle/plan-change.js';
import { applyRenewal } from '../lifecycle/renewal.js';
import { closePayLink } from '../payments/links.js';
import { admins, applyEvents, type CommandTable, changedMeanwhile, customerOf, type Turn } from './context.js';
import { withAdminOrder } from './lookup.js';
import { lifecycleDeps } from './services.js';

/** Execution states a redrive can resume from. */
const RESUMABLE = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export const paymentCommands = {
  'order-confirm': (turn, command) => withAdminOrder(turn, command.orderRef, '!order-confirm', (o) => confirm(turn, o)),
  'order-cancel': (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!order-cancel', (o) => adminCancel(turn, o, command.reason)),
  'provision-retry': (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!provision-retry', (o) => retry(turn, o)),
} satisfies Partial<CommandTable>;

/**
 * A payment received: by an admin's word (`!order-confirm`), or by a verified gateway payment (`payment`:
 * the gateway's ids and amount, recorded with the confirmation; shared/app/payments/settle.ts). One use
 * case for both, so a gateway confirm runs the same pre-flight, provisioning, renewal or upgrade.
 */
export async function confirm(turn: Turn, order: Order, payment?: GatewayPaymentRecord): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { shop } = deps.settings;
  if (isRenewal(order)) return confirmRenewal(turn, order, payment);
  if (order.kind === 'UPGRADE') return confirmUpgrade(turn, order, payment);
  if (order.status === 'PROVISIONING') {
    // A redelivered confirm whose execution start failed last time: starting again is idempotent.
    await deps.runner.start(order.id, order.attempts);
    return [M.adminCannot(turn.you, order, 'confirm')];
  }
  if (order.status !== 'PENDING') return [M.adminCannot(turn.you, order, 'confirm')];

  const confirmed = confirmEvent(m.from, payment);
  if (!deps.settings.autoProvisioning) {
    const next = await applyEvents(deps, order, [confirmed]);
    if (!next) return changedMeanwhile(turn, order, 'confirm');
    return [M.adminConfirmed(turn.you, next, false), M.customerOrderUpdate(customerOf(turn, next), next, shop, false)];
  }
  const { reasons, skipped } = await preflight(turn, order);
  if (reasons.length > 0) {
    const next = await applyEvents(deps, order, [confirmed]);
    if (!next) return changedMeanwhile(turn, order, 'confirm');
    deps.log.warn('Pre-flight failed; order confirmed without provisioning', { orderId: order.id, reasons });
    return [
      M.adminPreflightFailed(turn.you, next, reasons),
      M.customerOrderUpdate(customerOf(turn, next), next, shop, false),
    ];
  }
  const next = await applyEvents(deps, order, [confirmed, { type: 'START_PROVISIONING', by: m.from }]);
  if (!next) return changedMeanwhile(turn, order, 'confirm');
  await deps.runner.start(next.id, next.attempts);
  deps.log.info('Provisioning started', { orderId: next.id, attempt: next.attempts });
  return [
    M.adminConfirmed(turn.you, next, true),
    ...skippedNote(turn.you, next, skipped),
    M.customerOrderUpdate(customerOf(turn, next), next, shop),
  ];
}

/**
 * A renewal's payment: CONFIRMED, then applied to its server (paid-until moves once, a suspension for
 * non-payment is lifted). A renewal left CONFIRMED by a crash between the two is applied by confirming again.
 */
async function confirmRenewal(turn: Turn, order: Order, payment?: GatewayPaymentRecord): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  if (order.status !== 'PENDING' && order.status !== 'CONFIRMED') return [M.adminCannot(turn.you, order, 'confirm')];
  // A server deleted, or being deleted, is never renewed: the payment is not taken (the order stays PENDING).
  const gone = await serverGone(turn, order.renews);
  if (gone && order.status === 'PENDING') return [M.adminRenewalRefused(turn.you, order, gone)];
  const confirmed =
    order.status === 'PENDING' ? await applyEvents(deps, order, [confirmEvent(m.from, payment)]) : order;
  if (!confirmed) return changedMeanwhile(turn, order, 'confirm');
  const applied = await applyRenewal(lifecycleDeps(deps), confirmed, m.from);
  if (applied.kind === 'refused') return [M.adminRenewalRefused(turn.you, confirmed, applied.why)];
  return [
    M.adminRenewalApplied(turn.you, applied.renewal, applied.service, applied),
    ...(applied.already
      ? []
      : [
          M.customerRenewalApplied(customerOf(turn, confirmed), applied.renewal, applied.service, applied.unsuspending),
        ]),
  ];
}

/**
 * An upgrade's payment: CONFIRMED, then (room checked again) the plan goes to the panel. Without room the
 * order stays CONFIRMED and the admins get the reason with a retry (`!provision-retry ID`); nothing is deleted.
 */
async function confirmUpgrade(turn: Turn, order: Order, payment?: GatewayPaymentRecord): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { shop } = deps.settings;
  if (order.status !== 'PENDING' && order.status !== 'CONFIRMED') return [M.adminCannot(turn.you, order, 'confirm')];
  // An upgrade of a server deleted, or being deleted, is not taken either.
  const gone = await serverGone(turn, order.upgrades);
  if (gone && order.status === 'PENDING') return [M.adminRenewalRefused(turn.you, order, gone)];
  const confirmed =
    order.status === 'PENDING' ? await applyEvents(deps, order, [confirmEvent(m.from, payment)]) : order;
  if (!confirmed) return changedMeanwhile(turn, order, 'confirm');
  const applied = await applyUpgrade(lifecycleDeps(deps), confirmed, m.from);
  const customer = (waiting: boolean) =>
    order.status === 'PENDING'
      ? [M.customerUpgradeConfirmed(customerOf(turn, confirmed), confirmed, waiting, shop)]
      : [];
  if (applied.kind === 'refused') return [M.adminCannot(turn.you, confirmed, 'apply')];
  if (applied.kind === 'no-room') {
    const server = (await deps.orders.get(confirmed.upgrades ?? '')) ?? confirmed;
    const target = deps.settings.catalogue.find((p) => p.id === confirmed.packageId);
    const notices = target
      ? admins(deps).map((a) => M.adminUpgradeNoRoom(a, server, target, applied.reason, confirmed.id))
      : [];
    return [...notices, M.adminPlanChangeApplying(turn.you, confirmed, 'waiting'), ...customer(true)];
  }
  return [M.adminPlanChangeApplying(turn.you, confirmed, applied.kind), ...customer(false)];
}

function confirmEvent(by: string, payment: GatewayPaymentRecord | undefined): OrderEvent {
  return { type: 'CONFIRM', by, ...(payment ? { payment } : {}) };
}

/** Why the server an order pays for cannot take it: deleted, or being deleted right now. */
async function serverGone(turn: Turn, serverId: string | undefined): Promise<'terminated' | 'terminating' | undefined> {
  const server = serverId ? await turn.deps.orders.get(serverId) : undefined;
  const service = server && serviceOf(server, turn.deps.lifecycle.policy);
  if (!service) return undefined;
  if (service.state === 'TERMINATED') return 'terminated';
  return service.action?.kind === 'TERMINATE' ? 'terminating' : undefined;
}

async function retry(turn: Turn, order: Order): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  if (isRenewal(order) && order.status === 'CONFIRMED') return confirmRenewal(turn, order);
  if (order.kind === 'UPGRADE' && order.status === 'CONFIRMED') return confirmUpgrade(turn, order);
  if (order.status === 'PROVISIONING') return retryRunning(turn, order);
  if (order.status !== 'CONFIRMED') return [M.adminCannot(turn.you, order, 'retry')];
  if (!deps.settings.autoProvisioning) return [M.adminAutoProvisioningOff(turn.you, order)];
  const { reasons, skipped } = await preflight(turn, order);
  if (reasons.length > 0) return [M.adminPreflightFailed(turn.you, order, reasons)];
  const next = await applyEvents(deps, order, [{ type: 'START_PROVISIONING', by: m.from }]);
  if (!next) return changedMeanwhile(turn, order, 'retry');
  await deps.runner.start(next.id, next.attempts);
  deps.log.info('Provisioning retried', { orderId: next.id, attempt: next.attempts });
  return [
    M.adminRetryStarted(turn.you, next),
    ...skippedNote(turn.you, next, skipped),
    // The customer heard "payment confirmed" when the order was confirmed: a retry adds nothing they need.
  ];
}

/** A retry while the order is PROVISIONING: resume a stopped execution, or (re)start a missing one. */
async function retryRunning({ deps, you }: Turn, order: Order): Promise<OutboundMessage[]> {
  const view = await deps.runner.describe(order.id, order.attempts);
  if (view && RESUMABLE.includes(view.status)) {
    const result = await deps.runner.redrive(order.id, order.attempts);
    return [result === 'redriven' ? M.adminResumed(you, order, view.failedStep) : M.adminNotResumable(you, order)];
  }
  if (!view) await deps.runner.start(order.id, order.attempts);
  return [M.adminProvisioningNow(you, order, view?.currentStep)];
}

async function adminCancel(turn: Turn, order: Order, reason?: string): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  if (order.status === 'PROVISIONING') return abandon(turn, order, reason);
  if (!canApply(order.status, 'CANCEL')) return [M.adminCannot(turn.you, order, 'cancel')];
  const next = await applyEvents(deps, order, [
    { type: 'CANCEL', by: m.from, reason: reason ?? 'cancelled by an admin' },
  ]);
  if (!next) return changedMeanwhile(turn, order, 'cancel');
  await closePayLink(deps, next);
  return [
    M.adminCancelled(turn.you, next, reason),
    M.customerOrderUpdate(customerOf(turn, next), next, deps.settings.shop),
  ];
}

/**
 * Cancel with rollback: a PROVISIONING order whose execution stopped (credentials that can never be
 * delivered, a step that failed after its retries) has no other way out. The panel rollback runs first
 * (the state machine's own Rollback task: the server by external id, the user only under its rules), then
 * the order moves to CANCELLED. Both are safe to repeat, so a redelivered command finishes the job; a
 * rollback that fails leaves the order PROVISIONING, never CANCELLED with a server on the panel.
 */
async function abandon(turn: Turn, order: Order, reason?: string): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const view = await deps.runner.describe(order.id, order.attempts);
  if (!view || !RESUMABLE.includes(view.status)) {
    const where = view && (view.status === 'RUNNING' ? `RUNNING at ${view.currentStep ?? '?'}` : view.status);
    return [M.adminCannotAbandon(turn.you, order, where)];
  }
  const removed = await deps.rollback(order.id, order.attempts);
  const why = reason ?? `provisioning stopped at ${view.failedStep ?? '?'}`;
  const next = await applyEvents(deps, order, [{ type: 'ABANDON', by: m.from, reason: why }]);
  if (!next) return changedMeanwhile(turn, order, 'cancel');
  deps.log.info('Stopped provisioning abandoned', { orderId: order.id, attempt: order.attempts, ...removed });
  return [
    M.adminAbandoned(turn.you, next, removed, reason),
    M.customerOrderAbandoned(customerOf(turn, next), next, deps.settings.shop),
  ];
}

/**
 * Blocking problems of the order's package; empty when provisioning may start. A check the panel was too
 * busy to answer (429) does not block: provisioning waits out rate limits with back-off, and a burst of
 * confirms should queue up, not be refused. The admin is told the check was skipped.
 */
async function preflight(turn: Turn, order: Order): Promise<{ reasons: string[]; skipped?: string }> {
  const { deps } = turn;
  const pkg = deps.settings.catalogue.find((p) => p.id === order.packageId);
  if (!pkg) return { reasons: [M.preflightProblem.packageGone(order, turn.you.locale.lang)] };
  try {
    const result = await withinDeadline(deps.panel.preflight(pkg), turn.deadline);
    if (result.ok) return result.skipped ? { reasons: [], skipped: result.skipped } : { reasons: [] };
    return {
      reasons: result.reasons.length > 0 ? result.reasons : [M.preflightProblem.noReason(turn.you.locale.lang)],
    };
  } catch (e) {
    return {
      reasons: [M.preflightProblem.unreachable(e instanceof Error ? e.message : String(e), turn.you.locale.lang)],
    };
  }
}

/**
 * The pre-flight's panel calls may not outlast the worker's invocation: a record cut off mid-way would be
 * redelivered and run again. Past the deadline the check counts as not answered (the admin can retry).
 */
function withinDeadline<T>(work: Promise<T>, deadline: number | undefined): Promise<T> {
  if (deadline === undefined) return work;
  const left = deadline - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the panel did not answer in the ${Math.max(0, Math.round(left / 1000))} s left`)),
      Math.max(0, left),
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function skippedNote(to: Recipient, order: Order, skipped: string | undefined): OutboundMessage[] {
  return skipped ? [M.adminPreflightSkipped(to, order, skipped)] : [];
}
