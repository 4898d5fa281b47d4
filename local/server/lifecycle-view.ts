// What the page shows of servers' lives: each completed order's service (state, paid-until date, the
// action in flight, what comes next), renewals as renewals of their server, and the local simulation's
// clock, which the page can move forward (POST /api/clock) to watch a month pass.

import { serviceOf } from '../../shared/app/lifecycle/context.js';
import type { Order } from '../../shared/domain/order.js';
import {
  DAY_MS,
  type DueStep,
  type LifecyclePolicy,
  nextStep,
  type Service,
  type ServiceLogEntry,
  serviceStateWords,
} from '../../shared/domain/service.js';
import type { LocalStack } from '../stack.js';

/** The most a single POST /api/clock may move the clock, in days. */
export const CLOCK_MAX_DAYS = 90;
/** Lines of a server's life the page gets. */
const LOG_LINES = 8;

export interface ServerView {
  state: Service['state'];
  /** What a person reads: `active`, `suspended (unpaid)`, `suspended by the shop`, `terminated (deleted)`. */
  words: string;
  paidUntil: string;
  periodDays: number;
  startedAt: string;
  suspendedAt?: string;
  suspendReason?: Service['suspendReason'];
  terminatedAt?: string;
  /** A suspension, unsuspension or termination in flight (its lifecycle run is named by `execution`). */
  action?: { kind: string; execution: string; at: string; by: string; manual: boolean };
  lastActionError?: { action: string; error: string; at: string };
  /** What the sweep does next for this server, and when (by the simulation's clock). */
  next?: { kind: DueStep['kind']; at: string; days?: number };
  /** False while the sweep has not written the record yet (derived from the completed order). */
  recorded: boolean;
  /** Renewal orders applied to this server. */
  renewals: string[];
  /** The newest lines of the server's life, oldest first. */
  log: ServiceLogEntry[];
}

/** The server a completed order is, as of `now`; undefined for other orders and for renewals. */
export function serverViewOf(order: Order, policy: LifecyclePolicy, now: Date): ServerView | undefined {
  const s = serviceOf(order, policy);
  if (!s) return undefined;
  const step = s.action ? undefined : nextStep(s, policy, now);
  const a = s.action;
  const failed = s.lastActionError;
  return {
    state: s.state,
    words: serviceStateWords(s),
    paidUntil: s.paidUntil,
    periodDays: s.periodDays,
    startedAt: s.startedAt,
    ...(s.suspendedAt ? { suspendedAt: s.suspendedAt } : {}),
    ...(s.suspendReason ? { suspendReason: s.suspendReason } : {}),
    ...(s.terminatedAt ? { terminatedAt: s.terminatedAt } : {}),
    ...(a ? { action: { kind: a.kind, execution: a.execution, at: a.at, by: a.by, manual: a.manual } } : {}),
    ...(failed ? { lastActionError: { action: failed.action, error: failed.error, at: failed.at } } : {}),
    ...(step
      ? { next: { kind: step.kind, at: step.at.toISOString(), ...('days' in step ? { days: step.days } : {}) } }
      : {}),
    recorded: order.service !== undefined,
    renewals: [...s.renewals],
    log: s.log.slice(-LOG_LINES),
  };
}

export interface ClockView {
  /** The simulation's time, to the minute (so the page's state does not change every second). */
  now: string;
  offsetMs: number;
  /** The offset in days, to two decimals. */
  offsetDays: number;
  maxDays: number;
  policy: LifecyclePolicy;
  /** How often the sweep runs by itself, in seconds (it also runs each time the clock moves). */
  sweepSeconds: number;
}

export function clockViewOf(stack: Pick<LocalStack, 'clock' | 'app'>): ClockView {
  const now = stack.clock.now();
  const offsetMs = stack.clock.offsetMs();
  return {
    now: new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString(),
    offsetMs,
    offsetDays: Math.round((offsetMs / DAY_MS) * 100) / 100,
    maxDays: CLOCK_MAX_DAYS,
    policy: stack.app.settings.lifecycle.policy,
    sweepSeconds: stack.app.settings.lifecycle.sweepSeconds,
  };
}

/**
 * The days a POST /api/clock asks to move forward: a JSON number above 0 and at most CLOCK_MAX_DAYS (an
 * hour is 1/24). Anything else (a string, a negative, NaN, a year) is refused: the clock only moves forward.
 */
export function clockDaysOf(input: Record<string, unknown>): number | undefined {
  const days = input.days;
  if (typeof days !== 'number' || !Number.isFinite(days)) return undefined;
  if (days <= 0 || days > CLOCK_MAX_DAYS) return undefined;
  return days;
}
