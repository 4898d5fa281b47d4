// Suspend, unsuspend and terminate: claimed on the server's record, then run as one execution of the
// lifecycle state machine (call the panel → read it back → record → notify). Every task is idempotent and
// checks that its execution is still the one the record names, so a redrive or a late retry changes nothing
// twice. The record says "suspended" or "terminated" only after the panel was read back saying so.

import { ErrorName, errorNameOf } from '../../domain/error-names.js';
import * as M from '../../domain/messages.js';
import { transition } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import type { Resources } from '../../domain/packages.js';
import {
  type ActionInFlight,
  actionExecutionName,
  type LifecycleAction,
  logged,
  type Service,
  suspendAt,
  terminateAt,
  withDue,
} from '../../domain/service.js';
import type { ServerState } from '../../panel/types.js';
import type { OutboxItem } from '../ports.js';
import { changeService, type LifecycleDeps, type LifecycleInput } from './context.js';

export interface StartOptions {
  by: string;
  /** An admin's command: not checked against the due dates (the sweep's and a renewal's are). */
  manual: boolean;
  note?: string;
}

export type StartOutcome =
  | { kind: 'started'; execution: string; service: Service }
  | { kind: 'busy'; action: ActionInFlight }
  | { kind: 'not-needed'; service: Service; why: string }
  | { kind: 'no-server' };

/** Claims the action on the record (one at a time per server), then starts its execution under that name. */
export async function startAction(
  deps: LifecycleDeps,
  orderId: string,
  action: LifecycleAction,
  options: StartOptions,
): Promise<StartOutcome> {
  const now = deps.clock.now();
  type Claim =
    | { kind: 'busy'; action: ActionInFlight }
    | { kind: 'not-needed'; why: string }
    | { kind: 'claimed'; execution: string };
  const outcome = await changeService<Claim>(deps, orderId, (service) => {
    if (service.action) return { unchanged: { kind: 'busy', action: service.action } };
    const why = notNeeded(service, action, options.manual);
    if (why) return { unchanged: { kind: 'not-needed', why } };
    const seq = service.actionSeq + 1;
    const claimed: ActionInFlight = {
      kind: action,
      execution: actionExecutionName(orderId, action, seq),
      at: now.toISOString(),
      by: options.by,
      manual: options.manual,
      ...(options.note ? { note: options.note.slice(0, 200) } : {}),
    };
    const next = withDue({ ...service, actionSeq: seq, action: claimed }, deps.policy, now);
    return { service: next, result: { kind: 'claimed', execution: claimed.execution } };
  });
  if (outcome.kind === 'no-server') return { kind: 'no-server' };
  const r = outcome.result;
  if (r.kind === 'busy') return r;
  if (r.kind === 'not-needed') return { kind: 'not-needed', service: outcome.service, why: r.why };
  await deps.runner.start({ orderId, action, execution: r.execution });
  deps.log.info('Lifecycle action started', { orderId, action, execution: r.execution, by: options.by });
  return { kind: 'started', execution: r.execution, service: outcome.service };
}

/** Why an action makes no sense in this state (a suspended server cannot be suspended again, ...). */
function notNeeded(service: Service, action: LifecycleAction, manual: boolean): string | undefined {
  if (service.state === 'TERMINATED') return 'it was terminated';
  if (action === 'SUSPEND' && service.state === 'SUSPENDED') return 'it is already suspended';
  if (action === 'UNSUSPEND' && service.state !== 'SUSPENDED') return 'it is not suspended';
  if (action === 'UNSUSPEND' && !manual && service.suspendReason === 'MANUAL') return 'an admin suspended it';
  if (action === 'REBUILD' && !service.pendingChange) return 'has no plan change waiting';
  return undefined;
}

/** Thrown when the record names another execution (a newer action, or this one already finished). */
export class StaleActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ErrorName.StaleExecution;
  }
}

/** Thrown when the panel, read back, does not (yet) show what was asked: retried, then reported. */
export class PanelStateMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ErrorName.PanelStateMismatch;
  }
}

/** Thrown when the order's server is not on the panel and the action needs it (deleted by hand?). */
export class ServerGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ErrorName.ServerGone;
  }
}

async function inFlight(
  deps: LifecycleDeps,
  input: LifecycleInput,
): Promise<{ service: Service; action: ActionInFlight; serverId?: number }> {
  const order = await deps.orders.get(input.orderId);
  const action = order?.service?.action;
  if (!order?.service || !action || action.execution !== input.execution) {
    throw new StaleActionError(`${input.execution} is not the action in flight for ${input.orderId} any more`);
  }
  const serverId = order.provisioning.serverId;
  return { service: order.service, action, ...(serverId !== undefined ? { serverId } : {}) };
}

/**
 * The action on one of this order's servers by its panel id: the one the order recorded (ids are never
 * reused), or the one found by the order's external id. One call. True when done; false when that id is gone.
 */
async function actOnKnown(deps: LifecycleDeps, kind: LifecycleAction, id: number, service: Service): Promise<boolean> {
  try {
    if (kind === 'SUSPEND') await deps.panel.suspendServer(id);
    else if (kind === 'UNSUSPEND') await deps.panel.unsuspendServer(id);
    else if (kind === 'REBUILD') await deps.panel.rebuildServer(id, service.pendingChange!.plan.resources);
    else return (await deps.panel.terminateServer(id)) === 'deleted';
    return true;
  } catch (e) {
    if (errorNameOf(e) === ErrorName.PanelNotFound) return false;
    throw e;
  }
}

/** The server to read back: by the recorded id (one GET), else by external id. */
async function readServer(deps: LifecycleDeps, orderId: string, serverId: number | undefined) {
  if (serverId !== undefined) {
    const byId = await deps.panel.serverById(serverId);
    // Gone by its id is gone (ids are never reused); one that is not this order's any more is looked up.
    if (!byId || byId.externalId === orderId) return byId;
  }
  return deps.panel.serverOf(orderId);
}

/** CallPanel: the panel call itself, after checking the action is still wanted. */
export async function callPanel(
  deps: LifecycleDeps,
  input: LifecycleInput,
): Promise<{ skipped: boolean; absent?: boolean }> {
  const { service, action, serverId } = await inFlight(deps, input);
  const now = deps.clock.now();
  const moot = action.manual ? undefined : mootBecause(service, action.kind, deps, now);
  if (moot) {
    await finish(deps, input, (s) =>
      logged(s, { at: now.toISOString(), what: `${action.kind}_SKIPPED`, by: 'system', detail: moot }),
    );
    deps.log.info('Lifecycle action no longer needed', { ...input, why: moot });
    return { skipped: true };
  }
  // The call and, in ReadBack, the read-back: two panel calls when the order recorded its server's id.
  if (serverId !== undefined && (await actOnKnown(deps, action.kind, serverId, service))) return { skipped: false };
  // Only the server whose external id is this order's: serverOf looks it up by exactly that.
  const server = await deps.panel.serverOf(input.orderId);
  if (server && (await actOnKnown(deps, action.kind, server.id, service))) return { skipped: false };
  if (action.kind === 'TERMINATE') return { skipped: false, absent: true };
  throw new ServerGoneError(`The panel has no server with external id ${input.orderId} (deleted by hand?)`);
}

/** The sweep's action is moot when a renewal or an extension came first. */
function mootBecause(service: Service, action: LifecycleAction, deps: LifecycleDeps, now: Date): string | undefined {
  if (action === 'REBUILD' && !service.pendingChange) return 'no plan change is waiting';
  if (action === 'SUSPEND' && now.getTime() < suspendAt(service, deps.policy).getTime())
    return `paid until ${service.paidUntil}`;
  if (action === 'TERMINATE') {
    const end = terminateAt(service, deps.policy);
    if (!end || now.getTime() < end.getTime()) return `paid until ${service.paidUntil}`;
  }
  return undefined;
}

/** ReadBack: the panel must now show the server as asked; until it does, a retryable error. */
export async function readBack(deps: LifecycleDeps, input: LifecycleInput): Promise<{ confirmed: true }> {
  const { service, serverId } = await inFlight(deps, input);
  const server = await readServer(deps, input.orderId, serverId);
  if (input.action === 'REBUILD') {
    if (!server) throw new ServerGoneError(`The panel has no server for ${input.orderId} any more`);
    const differs = buildDifference(server, service.pendingChange?.plan.resources);
    if (differs) throw new PanelStateMismatchError(`After the build change the panel shows ${differs}`);
    return { confirmed: true };
  }
  const ok =
    input.action === 'TERMINATE'
      ? server === undefined
      : server !== undefined && server.suspended === (input.action === 'SUSPEND');
  if (!ok) {
    const seen = server === undefined ? 'no server' : server.suspended ? 'suspended' : 'not suspended';
    if (server === undefined) throw new ServerGoneError(`The panel has no server for ${input.orderId} any more`);
    throw new PanelStateMismatchError(`After ${input.action} the panel shows the server as ${seen}`);
  }
  return { confirmed: true };
}

/**
 * Record: the new state, now that the panel shows it. A suspension for non-payment that a renewal overtook
 * is not recorded: the answer is `undo`, and the machine lifts it again.
 */
export async function recordOutcome(
  deps: LifecycleDeps,
  input: LifecycleInput,
): Promise<{ outcome: 'recorded' | 'undo' }> {
  const { service: before } = await inFlight(deps, input);
  const now = deps.clock.now();
  const at = now.toISOString();
  const outcome = await finish(deps, input, (s, a) => {
    const line = { at, what: pastTense(a.kind), by: a.by, ...(a.note ? { detail: a.note } : {}) };
    const base: Service = { ...s };
    delete base.lastActionError;
    if (a.kind === 'REBUILD') return rebuilt(base, line);
    if (a.kind === 'SUSPEND') {
      // Decided on the record this write is conditional on: a renewal that lands first always wins.
      if (!a.manual && now.getTime() < suspendAt(s, deps.policy).getTime()) return undefined;
      return logged(
        {
          ...base,
          state: 'SUSPENDED',
          suspendedAt: at,
          suspendReason: a.manual ? 'MANUAL' : 'OVERDUE',
          ...(a.note ? { suspendNote: a.note } : {}),
        },
        line,
      );
    }
    if (a.kind === 'UNSUSPEND') {
      const next: Service = { ...base, state: 'ACTIVE' };
      delete next.suspendedAt;
      delete next.suspendReason;
      delete next.suspendNote;
      return logged(next, line);
    }
    return logged({ ...base, state: 'TERMINATED', terminatedAt: at }, line);
  });
  if (input.action === 'REBUILD' && outcome === 'done' && before.pendingChange)
    await completePaidBy(deps, before.pendingChange.ref, now);
  return { outcome: outcome === 'kept' ? 'undo' : 'recorded' };
}

/** The server runs on the new plan from now on (and renews at its price); the change is no longer pending. */
function rebuilt(service: Service, line: { at: string; what: string; by: string }): Service | undefined {
  const change = service.pendingChange;
  if (!change) return undefined;
  const next: Service = { ...service, plan: change.plan };
  delete next.pendingChange;
  const from = service.plan?.packageName;
  return logged(next, { ...line, detail: `${from ? `${from} → ` : ''}${change.plan.packageName} (${change.ref})` });
}

/** The upgrade order that paid for a rebuild completes with it (a renewal that brought a downgrade already has). */
async function completePaidBy(deps: LifecycleDeps, ref: string, now: Date): Promise<void> {
  const order = await deps.orders.get(ref);
  if (order?.kind !== 'UPGRADE' || order.status !== 'CONFIRMED') return;
  const next = transition(
    order,
    { type: 'APPLY', by: 'lifecycle', reason: `${order.upgrades} is now ${order.packageName}` },
    now,
  );
  await deps.orders.saveTransition(next, { status: order.status, attempts: order.attempts });
}

function pastTense(action: LifecycleAction): string {
  return { SUSPEND: 'SUSPENDED', UNSUSPEND: 'UNSUSPENDED', TERMINATE: 'TERMINATED', REBUILD: 'REBUILT' }[action];
}

/** What the panel's build shows that differs from `r` ("memory 2048 (wanted 4096)"), or undefined. */
function buildDifference(server: ServerState, r: Resources | undefined): string | undefined {
  if (!r) return undefined;
  const pairs: [string, number | null, number][] = [
    ['memory', server.limits.memory, r.memoryMiB],
    ['swap', server.limits.swap, r.swapMiB],
    ['disk', server.limits.disk, r.diskMiB],
    ['io', server.limits.io, r.ioWeight],
    ['cpu', server.limits.cpu, r.cpuPercent],
    ['databases', server.featureLimits.databases, r.databases],
    ['allocations', server.featureLimits.allocations, r.allocations],
    ['backups', server.featureLimits.backups, r.backups],
  ];
  const off = pairs
    .filter(([, seen, wanted]) => seen !== wanted)
    .map(([k, seen, wanted]) => `${k} ${seen} (wanted ${wanted})`);
  return off.length > 0 ? off.join(', ') : undefined;
}

/**
 * Clears the action in flight (if it is still this execution's) with `change` applied; `change` returning
 * undefined keeps the record as it is and answers 'kept'.
 */
async function finish(
  deps: LifecycleDeps,
  input: LifecycleInput,
  change: (service: Service, action: ActionInFlight) => Service | undefined,
): Promise<'done' | 'kept' | 'stale'> {
  const now = deps.clock.now();
  const outcome = await changeService<'done' | 'kept' | 'stale'>(deps, input.orderId, (service) => {
    const a = service.action;
    if (!a || a.execution !== input.execution) return { unchanged: 'stale' };
    const changed = change(service, a);
    if (!changed) return { unchanged: 'kept' };
    const next = { ...changed };
    delete next.action;
    return { service: withDue(next, deps.policy, now), result: 'done' };
  });
  return outcome.kind === 'no-server' ? 'stale' : outcome.result;
}

/** UndoSuspend: a renewal overtook the suspension: lift it on the panel, read back, and clear the action. */
export async function undoSuspend(deps: LifecycleDeps, input: LifecycleInput): Promise<{ undone: true }> {
  await inFlight(deps, input);
  const server = await deps.panel.serverOf(input.orderId);
  if (server?.suspended) {
    await deps.panel.unsuspendServer(server.id);
    const after = await deps.panel.serverOf(input.orderId);
    if (after?.suspended)
      throw new PanelStateMismatchError('After undoing the suspension the panel still shows it suspended');
  }
  const at = deps.clock.now().toISOString();
  await finish(deps, input, (s) =>
    logged(s, { at, what: 'SUSPEND_UNDONE', by: 'system', detail: 'a renewal was confirmed while it ran' }),
  );
  return { undone: true };
}

/** Notify: the customer and the admins hear what happened (the state is read back from the record). */
export async function notifyOutcome(deps: LifecycleDeps, input: LifecycleInput): Promise<{ notified: number }> {
  const order = await deps.orders.get(input.orderId);
  const service = order?.service;
  if (!order || !service) return { notified: 0 };
  if (input.action === 'REBUILD') {
    if (service.pendingChange || !service.plan) return { notified: 0 };
  } else {
    const expected = input.action === 'SUSPEND' ? 'SUSPENDED' : input.action === 'UNSUSPEND' ? 'ACTIVE' : 'TERMINATED';
    if (service.state !== expected) return { notified: 0 };
  }
  const customer =
    input.action === 'REBUILD'
      ? M.customerPlanChanged(M.customerTo(order, deps.shop), order, service.plan!)
      : M.customerServiceChanged(M.customerTo(order, deps.shop), order, service, deps.shop, deps.policy);
  const messages: OutboundMessage[] = [
    customer,
    ...M.adminsTo(deps.adminIds, deps.shop).map((a) => M.adminServiceChanged(a, order, service, input.action)),
  ];
  await enqueueKeyed(deps, messages, input.execution);
  return { notified: messages.length };
}

/**
 * ActionFailed: the action's panel call, read-back or record failed after its retries. The claim is
 * released (the sweep tries again later; admins get the reason and a retry button now).
 */
export async function actionFailed(
  deps: LifecycleDeps,
  input: LifecycleInput & { error?: { Error?: string; Cause?: string } },
): Promise<{ reported: number }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const error = input.error?.Error ?? 'Error';
  const detail = causeText(input.error?.Cause).slice(0, 400);
  // The panel may have done it before a later step failed (a read-back or an UndoSuspend that could not finish):
  // the local state follows the panel, so a renewal since lifts that suspension, and a deleted server is not renewed.
  const done = await panelAlreadyDid(deps, input);
  const kept = await finish(deps, input, (s, a) => {
    const failed = logged(
      { ...s, lastActionError: { action: a.kind, error, detail, at } },
      { at, what: `${a.kind}_FAILED`, by: 'system', detail: `${error}: ${detail}`.slice(0, 200) },
    );
    if (done && a.kind === 'SUSPEND' && s.state === 'ACTIVE')
      return { ...failed, state: 'SUSPENDED', suspendedAt: at, suspendReason: a.manual ? 'MANUAL' : 'OVERDUE' };
    if (done && a.kind === 'TERMINATE') return { ...failed, state: 'TERMINATED', terminatedAt: at };
    return failed;
  });
  if (kept === 'stale') return { reported: 0 };
  const order = await deps.orders.get(input.orderId);
  if (!order) return { reported: 0 };
  const messages = M.adminsTo(deps.adminIds, deps.shop).map((a) =>
    M.adminServiceActionFailed(a, order, input.action, { error, detail }),
  );
  await enqueueKeyed(deps, messages, `${input.execution}-failed`);
  deps.log.warn('Lifecycle action failed', { ...input, error });
  return { reported: messages.length };
}

/** Whether the panel shows a failed SUSPEND or TERMINATE as done after all; false when it cannot be read. */
async function panelAlreadyDid(deps: LifecycleDeps, input: LifecycleInput): Promise<boolean> {
  if (input.action !== 'SUSPEND' && input.action !== 'TERMINATE') return false;
  try {
    const server = await deps.panel.serverOf(input.orderId);
    return input.action === 'SUSPEND' ? server?.suspended === true : server === undefined;
  } catch {
    return false;
  }
}

/** Lambda errors arrive as JSON in AWS ({errorMessage}) and as plain text locally. */
function causeText(cause: string | undefined): string {
  if (!cause) return 'no detail';
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed) return String(parsed.errorMessage);
  } catch {
    // plain text
  }
  return cause;
}

export async function enqueueKeyed(
  deps: Pick<LifecycleDeps, 'outbox'>,
  messages: readonly OutboundMessage[],
  key: string,
): Promise<void> {
  const items: OutboxItem[] = messages.map((message) => ({ type: 'message', message, key: `${key}-${message.to}` }));
  if (items.length > 0) await deps.outbox.enqueue(items);
}
