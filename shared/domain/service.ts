// A completed order's life as a server: paid until a date, reminded before it, suspended after it,
// terminated after a grace, renewed by renewal orders. Pure: the sweep, the lifecycle state machine, the
// renewal use case and the views all decide from these functions, so one rule has one place.
//
//   ACTIVE ──(paidUntil + SUSPEND_AFTER_DAYS, unpaid)──▶ SUSPENDED ──(+ TERMINATE_AFTER_DAYS, unpaid)──▶ TERMINATED
//     ▲  reminders at paidUntil − RENEWAL_REMINDER_DAYS      │  last warning TERMINATION_WARNING_DAYS before
//     └───────────────(renewal confirmed: unsuspend)─────────┘
//
// The state changes only after the panel was read back (the lifecycle state machine records it); what the
// sweep writes itself is which notices went out and which action it started.

import type { Order } from './order.js';
import type { Resources, TierId } from './packages.js';

export const SERVICE_STATES = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** A panel-changing action; each runs as one execution of the lifecycle state machine. */
export const LIFECYCLE_ACTIONS = ['SUSPEND', 'UNSUSPEND', 'TERMINATE', 'REBUILD'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** Why a server is suspended: unpaid (a renewal lifts it) or by an admin (only `!unsuspend` lifts it, as in WHMCS). */
export type SuspendReason = 'OVERDUE' | 'MANUAL';

export const DAY_MS = 86_400_000;

/** What a server is sold as: its package, resources and price for one period (a plan change replaces it). */
export interface Plan {
  packageId: TierId;
  packageName: string;
  resources: Resources;
  /** The price label as shown ("R$ 45/month"). */
  price?: string;
  /** One period's price in the shop currency's minor unit. */
  priceMinor?: number;
}

/** A plan change paid for (an upgrade) or due with a renewal (a downgrade), waiting for the panel's build. */
export interface PendingChange {
  plan: Plan;
  /** The order that pays for it: the upgrade order, or the renewal that brings a downgrade. */
  ref: string;
  at: string;
}

/** One line of the server's life, for `!provision-status ID`. */
export interface ServiceLogEntry {
  at: string;
  what: string;
  by: string;
  detail?: string;
}

/** The action in flight: claimed on the item before its execution starts, cleared by its outcome. */
export interface ActionInFlight {
  kind: LifecycleAction;
  /** The execution's name: `{orderId}-{action}-{seq}`. */
  execution: string;
  at: string;
  by: string;
  /** An admin's `!suspend`/`!unsuspend`/`!terminate` (not the sweep's, not after a renewal). */
  manual: boolean;
  note?: string;
  /** The sweep's last look at it (a recheck restarts the same execution name, which starts nothing twice). */
  checkedAt?: string;
}

export interface Service {
  /** Revision: every write of the record is conditional on the one it read. */
  rev: number;
  state: ServiceState;
  /** The period one payment buys, in days (decimals allowed, so tests can live a month in a minute). */
  periodDays: number;
  startedAt: string;
  paidUntil: string;
  suspendedAt?: string;
  suspendReason?: SuspendReason;
  suspendNote?: string;
  terminatedAt?: string;
  /** Notices already sent (reminders, last warning), by key: each is sent at most once per period. */
  notices: string[];
  /** Renewal orders already applied: a renewal confirmed twice extends once. */
  renewals: string[];
  /** The plan it runs on after a plan change; absent while it runs on what its order sold. */
  plan?: Plan;
  /** A change to apply on the panel (REBUILD); cleared when the panel, read back, shows it. */
  pendingChange?: PendingChange;
  /** A downgrade chosen by the customer, applied with the next renewal (priced at it). */
  nextPlan?: Plan;
  action?: ActionInFlight;
  /** Actions started so far; the next one's execution name ends in this + 1. */
  actionSeq: number;
  lastActionError?: { action: LifecycleAction; error: string; detail: string; at: string };
  /** When the sweep should look at this server next (the sparse index's sort key); absent when nothing can happen. */
  dueAt?: string;
  log: ServiceLogEntry[];
}

export interface LifecyclePolicy {
  /** Days before paidUntil to remind, e.g. [3, 1]; the day itself is always reminded too. */
  reminderDays: number[];
  suspendAfterDays: number;
  /** Days after suspension; `never` keeps suspended servers forever. */
  terminateAfterDays: number | 'never';
  terminationWarningDays: number;
}

export const DEFAULT_POLICY: LifecyclePolicy = {
  reminderDays: [3, 1],
  suspendAfterDays: 2,
  terminateAfterDays: 7,
  terminationWarningDays: 2,
};

/** An action in flight is looked at again after this long (a start lost between the claim and the execution). */
export const ACTION_RECHECK_MS = 30 * 60_000;
/** After a failed action the sweep tries again this much later; admins have a retry button meanwhile. */
export const ACTION_RETRY_AFTER_MS = 6 * 3600_000;
/** How many lines of life a server keeps. */
const LOG_LIMIT = 40;

export type DueStep =
  | { kind: 'remind'; at: Date; days: number; key: string; skipped: string[] }
  | { kind: 'warn'; at: Date; key: string; terminateAt: Date }
  | { kind: 'suspend'; at: Date }
  | { kind: 'terminate'; at: Date }
  | { kind: 'unsuspend'; at: Date }
  | { kind: 'rebuild'; at: Date }
  | { kind: 'recheck'; at: Date }
  | { kind: 'retry'; at: Date; action: LifecycleAction };

const addDays = (iso: string | Date, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS);

/** The service a completed order starts with: paid for one period from its completion. */
export function startService(completedAt: string, periodDays: number, policy: LifecyclePolicy, by: string): Service {
  const service: Service = {
    rev: 0,
    state: 'ACTIVE',
    periodDays,
    startedAt: completedAt,
    paidUntil: addDays(completedAt, periodDays).toISOString(),
    notices: [],
    renewals: [],
    actionSeq: 0,
    log: [{ at: completedAt, what: 'STARTED', by, detail: `paid for ${formatDays(periodDays)}` }],
  };
  return withDue(service, policy, new Date(completedAt));
}

export function isPaid(service: Pick<Service, 'paidUntil'>, now: Date): boolean {
  return new Date(service.paidUntil).getTime() > now.getTime();
}

/** Reminder keys of a period: `remind-3@<paidUntil>`; the day itself is `remind-0@…`. */
export function reminderKey(days: number, paidUntil: string): string {
  return `remind-${days}@${paidUntil}`;
}

/** The time the server is (or would be) suspended for non-payment. */
export function suspendAt(service: Pick<Service, 'paidUntil'>, policy: LifecyclePolicy): Date {
  return addDays(service.paidUntil, policy.suspendAfterDays);
}

/**
 * When a suspended, unpaid server is deleted: TERMINATE_AFTER_DAYS after it was suspended for non-payment
 * (a manual suspension counts from when it would have been, so a paid server is never terminated).
 */
export function terminateAt(service: Service, policy: LifecyclePolicy): Date | undefined {
  if (policy.terminateAfterDays === 'never' || service.state !== 'SUSPENDED') return undefined;
  const suspended = new Date(service.suspendedAt ?? service.paidUntil).getTime();
  const base = Math.max(suspended, suspendAt(service, policy).getTime());
  return new Date(base + policy.terminateAfterDays * DAY_MS);
}

/** The next thing the sweep must do for this server, and when; undefined when nothing ever will. */
export function nextStep(service: Service, policy: LifecyclePolicy, now: Date): DueStep | undefined {
  if (service.state === 'TERMINATED') return undefined;
  if (service.action) {
    const since = new Date(service.action.checkedAt ?? service.action.at).getTime();
    return { kind: 'recheck', at: new Date(since + ACTION_RECHECK_MS) };
  }
  const step = service.state === 'ACTIVE' ? activeStep(service, policy, now) : suspendedStep(service, policy, now);
  // Non-payment comes first: a plan change that keeps failing must not keep an unpaid server running.
  const overdue = step && step.at.getTime() <= now.getTime() && (step.kind === 'suspend' || step.kind === 'terminate');
  if (overdue) return step;
  const failed = service.lastActionError;
  if (failed && stillWanted(service, failed.action, policy, now)) {
    return {
      kind: 'retry',
      at: new Date(new Date(failed.at).getTime() + ACTION_RETRY_AFTER_MS),
      action: failed.action,
    };
  }
  // A paid plan change goes to the panel at once, unless the server must first be unsuspended.
  if (service.pendingChange && step?.kind !== 'unsuspend') return { kind: 'rebuild', at: now };
  return step;
}

function activeStep(service: Service, policy: LifecyclePolicy, now: Date): DueStep {
  const days = [...new Set([...policy.reminderDays, 0])].filter((d) => d >= 0).sort((a, b) => b - a);
  const open = days
    .map((d) => ({ d, key: reminderKey(d, service.paidUntil), at: addDays(service.paidUntil, -d) }))
    .filter((r) => !service.notices.includes(r.key));
  // Reminders whose time has passed: only the latest is worth sending (a fresh period that starts inside the
  // reminder window, a sweep that was down); the earlier ones count as sent.
  const passed = open.filter((r) => r.at.getTime() <= now.getTime());
  const suspend = suspendAt(service, policy);
  if (passed.length > 0 && now.getTime() < suspend.getTime()) {
    const latest = passed[passed.length - 1]!;
    return {
      kind: 'remind',
      at: latest.at,
      days: latest.d,
      key: latest.key,
      skipped: passed.slice(0, -1).map((r) => r.key),
    };
  }
  const upcoming = open.find((r) => r.at.getTime() > now.getTime());
  if (upcoming) return { kind: 'remind', at: upcoming.at, days: upcoming.d, key: upcoming.key, skipped: [] };
  return { kind: 'suspend', at: suspend };
}

function suspendedStep(service: Service, policy: LifecyclePolicy, now: Date): DueStep | undefined {
  if (service.suspendReason !== 'MANUAL' && isPaid(service, now)) return { kind: 'unsuspend', at: now };
  const end = terminateAt(service, policy);
  if (!end) return undefined;
  const key = `warn@${end.toISOString()}`;
  const warnAt = new Date(Math.max(end.getTime() - policy.terminationWarningDays * DAY_MS, 0));
  if (policy.terminationWarningDays > 0 && !service.notices.includes(key) && now.getTime() < end.getTime()) {
    return { kind: 'warn', at: warnAt, key, terminateAt: end };
  }
  return { kind: 'terminate', at: end };
}

/** Whether an action that failed is still what the server needs (a renewal since may have made it moot). */
function stillWanted(service: Service, action: LifecycleAction, policy: LifecyclePolicy, now: Date): boolean {
  switch (action) {
    case 'SUSPEND':
      return service.state === 'ACTIVE' && now.getTime() >= suspendAt(service, policy).getTime();
    case 'UNSUSPEND':
      return service.state === 'SUSPENDED' && service.suspendReason !== 'MANUAL' && isPaid(service, now);
    case 'TERMINATE': {
      const end = terminateAt(service, policy);
      return end !== undefined && now.getTime() >= end.getTime();
    }
    case 'REBUILD':
      return service.state !== 'TERMINATED' && service.pendingChange !== undefined;
  }
}

/** The service with its `dueAt` set from its next step (absent when nothing is left to do). */
export function withDue(service: Service, policy: LifecyclePolicy, now: Date): Service {
  const step = nextStep(service, policy, now);
  const next = { ...service };
  if (step) next.dueAt = step.at.toISOString();
  else delete next.dueAt;
  return next;
}

/** Appends a line to the server's life, keeping the newest LOG_LIMIT. */
export function logged(service: Service, entry: ServiceLogEntry): Service {
  return { ...service, log: [...service.log, entry].slice(-LOG_LIMIT) };
}

/** Keeps only the notices of the current period and the one before (older ones can never be due again). */
export function prunedNotices(notices: readonly string[], paidUntil: string): string[] {
  const keep = notices.filter((n) => n.endsWith(`@${paidUntil}`) || n.startsWith('warn@'));
  return keep.slice(-12);
}

/**
 * The paid-until date after a renewal of `periodDays`: from the old date while the server runs (or was
 * suspended by hand while paid), from now when it was suspended for non-payment: days spent suspended are
 * not billed.
 */
export function renewedUntil(service: Service, periodDays: number, now: Date): string {
  const old = new Date(service.paidUntil).getTime();
  const base = service.state === 'SUSPENDED' ? Math.max(old, now.getTime()) : old;
  return new Date(base + periodDays * DAY_MS).toISOString();
}

/** The paid-until date after `!extend ID DAYS` (negative shortens). */
export function extendedUntil(service: Service, days: number): string {
  return addDays(service.paidUntil, days).toISOString();
}

/** The execution name of an action: unique per server and action number, so the same start cannot run twice. */
export function actionExecutionName(orderId: string, action: LifecycleAction, seq: number): string {
  return `${orderId}-${action.toLowerCase()}-${seq}`;
}

/** The plan a server runs on now: its latest plan change, or what its order sold. */
export function currentPlan(order: Order): Plan {
  if (order.service?.plan) return order.service.plan;
  return {
    packageId: order.packageId,
    packageName: order.packageName,
    resources: order.resources,
    ...(order.price ? { price: order.price } : {}),
    ...(order.priceMinor !== undefined ? { priceMinor: order.priceMinor } : {}),
  };
}

/** The plan the next renewal pays for: a scheduled downgrade, or the current plan. */
export function renewalPlan(order: Order): Plan {
  return order.service?.nextPlan ?? currentPlan(order);
}

/** Reads `{orderId}-{action}-{seq}` back. */
export function parseActionExecution(
  name: string,
): { orderId: string; action: LifecycleAction; seq: number } | undefined {
  const m = /^(ORD-[0-9A-Z]{6})-(suspend|unsuspend|terminate|rebuild)-(\d+)$/.exec(name);
  if (!m) return undefined;
  return { orderId: m[1]!, action: m[2]!.toUpperCase() as LifecycleAction, seq: Number(m[3]) };
}

/** "30 days", "1 day", "0.5 days", "2 hours" for fractions under a day (tests with decimal days read well). */
export function formatDays(days: number): string {
  const abs = Math.abs(days);
  if (abs > 0 && abs < 1) {
    const hours = abs * 24;
    if (hours >= 1) return `${trim(hours)} hour${hours === 1 ? '' : 's'}`;
    const minutes = hours * 60;
    return minutes >= 1 ? `${trim(minutes)} minute${minutes === 1 ? '' : 's'}` : `${trim(minutes * 60)} seconds`;
  }
  return `${trim(abs)} day${abs === 1 ? '' : 's'}`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(1)));
}

/** What a person reads for a state. */
export function serviceStateWords(service: Service): string {
  switch (service.state) {
    case 'ACTIVE':
      return 'active';
    case 'SUSPENDED':
      return service.suspendReason === 'MANUAL' ? 'suspended by the shop' : 'suspended (unpaid)';
    case 'TERMINATED':
      return 'terminated (deleted)';
  }
}

/** Whether a customer should be offered to renew now: within the reminder window, overdue, or suspended. */
export function renewalDue(service: Service, policy: LifecyclePolicy, now: Date): boolean {
  if (service.state === 'TERMINATED') return false;
  if (service.state === 'SUSPENDED') return true;
  const window = Math.max(0, ...policy.reminderDays) * DAY_MS;
  return new Date(service.paidUntil).getTime() - now.getTime() <= window;
}
