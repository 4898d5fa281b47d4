// What every provisioning task receives and the check each makes first: the execution still matches the order.

import type * as M from '../../domain/messages.js';
import type { Order, ProvisioningRecord, ProvisionStep } from '../../domain/order.js';
import type { Package } from '../../domain/packages.js';
import type { PanelPort, PanelUser } from '../../panel/types.js';
import type {
  Clock,
  CustomerRepository,
  Log,
  MessageSender,
  OrderRepository,
  Outbox,
  SentMessageLog,
} from '../ports.js';
import { StaleExecutionError } from './errors.js';

export interface TaskInput {
  orderId: string;
  attempt: number;
}

export interface ProvisioningDeps {
  orders: OrderRepository;
  customers: CustomerRepository;
  panel: PanelPort & { findUser?(key: string): Promise<PanelUser | undefined> };
  sender: MessageSender;
  sent: SentMessageLog;
  outbox: Outbox;
  clock: Clock;
  catalogue: readonly Package[];
  shop: M.ShopInfo;
  adminIds: readonly string[];
  installTimeoutSeconds: number;
  /** The longest wait between install checks (INSTALL_POLL_SECONDS); they start 2 s apart and grow. */
  installPollSeconds: number;
  /**
   * The wait between install looks inside one CheckInstall invocation (a young install). Default: real
   * time; the local stack passes its own time scale's.
   */
  installPollSleep?: (ms: number) => Promise<void>;
  generatePassword: () => string;
  /**
   * How long a password write the panel client gave up on (timeout, lost answer) may still land on the
   * panel. A retry of DeliverCredentials waits this long after the previous try's write before writing a
   * new password, so a late write of an old password cannot replace the one that is sent. Default 30 s.
   */
  passwordWriteGuardMs?: number;
  /**
   * The same for a server create, counted from just before the try that sent it (its lookups come first):
   * Rollback does not decide "no server" before this has passed. Default 90 s.
   */
  serverCreateGuardMs?: number;
  /** How long a try of DeliverCredentials holds the password claim: longer than one invocation can run. Default 95 s. */
  deliveryLeaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Log;
}

/**
 * How long one panel call of a task (provisioning or lifecycle) may wait for its slot in the shared budget
 * (PANEL_RATE_LIMIT_PER_MINUTE): a burst of orders is served in turn rather than refused and retried.
 */
export const PANEL_SLOT_WAIT_SECONDS = 240;

/**
 * Lambda timeouts of the tasks that call the panel (infra sets them from here): two paced calls, each after
 * a full slot wait, with room to work. DeliverCredentials may also wait for another try's password claim and
 * out an earlier password write; Rollback out a server create in flight.
 */
export const WAITING_TASK_TIMEOUT_SECONDS = 600;

/**
 * The order, if this execution is still its current attempt (else StaleExecutionError); records the step.
 * `onlyAfter`: record it only when the order's step is one of these (a late look of an install watch must
 * not move the step back from DeliverCredentials or Rollback).
 */
export async function provisioningOrder(
  deps: ProvisioningDeps,
  input: TaskInput,
  step: ProvisionStep,
  onlyAfter?: readonly (ProvisionStep | undefined)[],
): Promise<Order> {
  const order = await deps.orders.get(input.orderId);
  if (order?.status !== 'PROVISIONING' || order.attempts !== input.attempt) {
    throw new StaleExecutionError(input, order);
  }
  const current = order.provisioning.step;
  if (current !== step && (!onlyAfter || onlyAfter.includes(current)))
    await deps.orders.recordProvisioning(order.id, input.attempt, { step });
  return order;
}

/**
 * Whether the panel created `user` after `since` (wall-clock ISO), allowing only for the panel's
 * whole-second timestamps. Clock skew is not allowed for on purpose: a panel clock behind ours makes our own
 * account look older (the safe side: no password is set on it, it is not removed, `!reset-password` helps),
 * while a tolerance would let an account made by hand just before the order count as ours.
 */
export function createdSince(user: PanelUser, since: string | undefined): boolean {
  if (!since || !user.createdAt) return false;
  const created = Date.parse(user.createdAt);
  return Number.isFinite(created) && created >= Date.parse(since) - CLOCK_SKEW_MS;
}

const CLOCK_SKEW_MS = 1_000;

/**
 * The latest server create of this attempt whose outcome never became known (no answer, or the task died
 * mid-call): the last try's, if it did not settle, or an earlier one's kept on record.
 */
export function latestUnsettledCreate(p: ProvisioningRecord): string | undefined {
  const last = p.serverCreateSettled === false ? p.serverCreateAt : undefined;
  return [last, p.serverCreateUnsettledAt]
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
}

/** Wall-clock now, on purpose: these times bound HTTP requests and are compared with the panel's clock. */
export function wallClock(): Date {
  return new Date();
}
