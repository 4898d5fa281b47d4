// The scheduled sweep: reads only the servers whose next step is due (the sparse due index) and moves each
// one step: a reminder or the last warning (recorded on the server first, so each goes out at most once per
// period), or a panel action (claimed, then started as an execution named so it cannot start twice). Two
// sweeps at once, a late one, or one that runs twice do each thing once: every step is a conditional write.

import * as M from '../../domain/messages.js';
import { type Order, transition } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { pendingStep } from '../../domain/payment-deadlines.js';
import {
  type ActionInFlight,
  type LifecycleAction,
  logged,
  nextStep,
  prunedNotices,
  type Service,
  withDue,
} from '../../domain/service.js';
import { actionFailed, enqueueKeyed, startAction } from './actions.js';
import { changeService, type LifecycleDeps } from './context.js';

export interface SweepReport {
  /** Servers read from the due index. */
  due: number;
  reminders: number;
  warnings: number;
  actions: number;
  /** Unpaid orders nudged once, and unpaid orders cancelled at their expiry. */
  nudges: number;
  expired: number;
  errors: number;
  /** Read units the index queries consumed, when the store reports them. */
  readUnits?: number;
}

const PAGE = 100;
const MAX_PAGES = 20;

export async function sweepDue(deps: LifecycleDeps & { readUnits?: () => number | undefined }): Promise<SweepReport> {
  const now = deps.clock.now();
  const report: SweepReport = { due: 0, reminders: 0, warnings: 0, actions: 0, nudges: 0, expired: 0, errors: 0 };
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await deps.orders.listDue(now, PAGE, cursor);
    const units = deps.readUnits?.();
    if (units !== undefined) report.readUnits = (report.readUnits ?? 0) + units;
    report.due += res.items.length;
    for (const order of res.items) {
      try {
        const did =
          order.status === 'COMPLETED' ? await advance(deps, order.id, now) : await advanceUnpaid(deps, order, now);
        if (did === 'remind') report.reminders++;
        else if (did === 'warn') report.warnings++;
        else if (did === 'action') report.actions++;
        else if (did === 'nudge') report.nudges++;
        else if (did === 'expire') report.expired++;
      } catch (e) {
        report.errors++;
        deps.log.error('Lifecycle step failed; the next sweep tries again', { orderId: order.id, error: String(e) });
      }
    }
    cursor = res.cursor;
    if (!cursor) break;
  }
  if (report.due > 0) deps.log.info('Lifecycle sweep', { ...report });
  return report;
}

type Did = 'remind' | 'warn' | 'action' | 'recheck' | 'reindexed' | 'nothing' | 'nudge' | 'expire';

/**
 * An unpaid order in the due index: one polite nudge (recorded first, so it goes out once), then at its
 * pay-by time it is cancelled (one conditional transition: a payment confirmed meanwhile wins). Anything else
 * (an order paid or cancelled since) leaves the index.
 */
export async function advanceUnpaid(deps: LifecycleDeps, order: Order, now: Date): Promise<Did> {
  const current = await deps.orders.get(order.id);
  if (!current) return 'nothing';
  if (current.status !== 'PENDING') {
    if (current.status !== 'COMPLETED') await deps.orders.clearDue(current.id, current.status);
    return 'nothing';
  }
  const step = pendingStep(current, now);
  if (step.kind === 'nudge') {
    if (!(await deps.orders.markNudged(current.id, now.toISOString(), current.payBy))) return 'nothing';
    await enqueueKeyed(
      deps,
      [M.customerPaymentNudge(M.customerTo(current, deps.shop), current, deps.shop)],
      `${current.id}-nudge`,
    );
    return 'nudge';
  }
  if (step.kind === 'expire') {
    const reason = 'unpaid when its payment time ran out';
    const next = transition(current, { type: 'CANCEL', by: 'sweep', reason }, now);
    if (!(await deps.orders.saveTransition(next, { status: current.status, attempts: current.attempts })))
      return 'nothing';
    deps.log.info('Unpaid order expired', { orderId: current.id });
    await enqueueKeyed(
      deps,
      [M.customerOrderExpired(M.customerTo(current, deps.shop), next, deps.shop)],
      `${current.id}-expired`,
    );
    return 'expire';
  }
  return 'nothing';
}

type Step =
  | { kind: 'notice'; notice: 'remind' | 'warn'; key: string }
  | { kind: 'act'; action: LifecycleAction }
  | { kind: 'recheck' }
  | { kind: 'reindexed' };

/** One step of one server, decided on the record as read and written conditionally on it. */
export async function advance(deps: LifecycleDeps, orderId: string, now: Date): Promise<Did> {
  const at = now.toISOString();
  const outcome = await changeService<Step>(deps, orderId, (service, order) => {
    const step = nextStep(service, deps.policy, now);
    if (!step || step.at.getTime() > now.getTime()) {
      const next = withDue(service, deps.policy, now);
      // Written when the index disagrees, and the first time (a just-completed server gets its record).
      if (order.service && next.dueAt === order.service.dueAt) return { unchanged: { kind: 'reindexed' } };
      return { service: next, result: { kind: 'reindexed' } };
    }
    switch (step.kind) {
      case 'remind':
      case 'warn': {
        const notices = prunedNotices(
          [...service.notices, ...('skipped' in step ? step.skipped : []), step.key],
          service.paidUntil,
        );
        const what = step.kind === 'remind' ? `REMINDER_${step.days}D` : 'LAST_WARNING';
        const next = logged({ ...service, notices }, { at, what, by: 'sweep' });
        return {
          service: withDue(next, deps.policy, now),
          result: { kind: 'notice', notice: step.kind, key: step.key },
        };
      }
      case 'recheck': {
        const action = { ...service.action!, checkedAt: at };
        return { service: withDue({ ...service, action }, deps.policy, now), result: { kind: 'recheck' } };
      }
      case 'retry':
        return { unchanged: { kind: 'act', action: step.action } };
      default:
        return { unchanged: { kind: 'act', action: step.kind.toUpperCase() as LifecycleAction } };
    }
  });
  if (outcome.kind === 'no-server') return 'nothing';
  const step = outcome.result;
  if (step.kind === 'notice' && outcome.kind === 'changed') {
    await enqueueKeyed(
      deps,
      noticeMessages(deps, outcome.order, outcome.service, step.notice, now),
      `${orderId}-${step.key}`,
    );
    return step.notice;
  }
  if (step.kind === 'recheck' && outcome.kind === 'changed' && outcome.service.action) {
    await recheck(deps, orderId, outcome.service.action);
    return 'recheck';
  }
  if (step.kind === 'act') {
    const started = await startAction(deps, orderId, step.action, { by: 'sweep', manual: false });
    return started.kind === 'started' ? 'action' : 'nothing';
  }
  return step.kind === 'reindexed' ? 'reindexed' : 'nothing';
}

/**
 * An action still claimed long after it started: its execution never started (the claim's writer died before
 * the start: start it now, under the same name), or it stopped without releasing the claim (failed at a step
 * without a Catch, timed out, aborted): release it as a failure, which the admins hear of with a retry button.
 */
async function recheck(deps: LifecycleDeps, orderId: string, action: ActionInFlight): Promise<void> {
  const input = { orderId, action: action.kind, execution: action.execution };
  const status = await deps.runner.status(action.execution);
  if (status === undefined) {
    await deps.runner.start(input);
    return;
  }
  if (status === 'RUNNING') return;
  await actionFailed(deps, {
    ...input,
    error: { Error: 'ExecutionStopped', Cause: `its execution ended ${status} without recording an outcome` },
  });
}

function noticeMessages(
  deps: LifecycleDeps,
  order: Parameters<typeof M.customerRenewalReminder>[1],
  service: Service,
  notice: 'remind' | 'warn',
  now: Date,
): OutboundMessage[] {
  if (notice === 'remind') return [M.customerRenewalReminder(M.customerTo(order, deps.shop), order, service, now)];
  return [
    M.customerTerminationWarning(M.customerTo(order, deps.shop), order, service, deps.shop, deps.policy),
    ...M.adminsTo(deps.adminIds, deps.shop).map((a) => M.adminTerminationWarned(a, order, service, deps.policy)),
  ];
}
