// What the server lifecycle's use cases share: their ports, and the one way a server's service record
// changes (read, decide with the domain's pure rules, write conditionally on the revision read, again on
// a conflict). The sweep, the lifecycle state machine's tasks, renewals and admins' commands all go through it.

import type { ShopInfo } from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import { completedAt, isForServer, periodOf } from '../../domain/order.js';
import type { Resources } from '../../domain/packages.js';
import type { PaymentPolicy } from '../../domain/payment-deadlines.js';
import type { LifecycleAction, LifecyclePolicy, Service } from '../../domain/service.js';
import { startService } from '../../domain/service.js';
import type { Room, ServerState } from '../../panel/types.js';
import type { Clock, Log, OrderRepository, Outbox } from '../ports.js';

/** The panel as the lifecycle uses it: find the order's server, suspend, unsuspend, delete, change its build. */
export interface LifecyclePanel {
  /** The server whose external id is the order id; undefined when the panel has none. */
  serverOf(orderId: string): Promise<ServerState | undefined>;
  /** The server by the panel id the order recorded (one GET, no external-id lookup); undefined on a 404. */
  serverById(serverId: number): Promise<ServerState | undefined>;
  /** Whether the server's node has room for this much more memory and disk (MiB). */
  roomFor(orderId: string, extra: { memoryMiB: number; diskMiB: number }): Promise<Room>;
  /** PATCH the build to these resources, keeping the allocation, CPU pinning and OOM setting. */
  rebuildServer(serverId: number, resources: Resources): Promise<void>;
  suspendServer(serverId: number): Promise<void>;
  unsuspendServer(serverId: number): Promise<void>;
  /** The normal delete (Wings removes the files); 'absent' when it was already gone. */
  terminateServer(serverId: number): Promise<'deleted' | 'absent'>;
}

/** The lifecycle state machine's Lambda states; the task handlers (functions/lifecycle/tasks.ts) are keyed by them. */
export const LIFECYCLE_TASKS = ['CallPanel', 'ReadBack', 'Record', 'UndoSuspend', 'Notify', 'ActionFailed'] as const;
export type LifecycleTaskName = (typeof LIFECYCLE_TASKS)[number];

export interface LifecycleInput {
  orderId: string;
  action: LifecycleAction;
  execution: string;
}

/** Starts executions of the lifecycle state machine by name; a name already used is not started again. */
export interface LifecycleRunner {
  start(input: LifecycleInput): Promise<'started' | 'already-started'>;
  /** The execution's status, or undefined when none has that name (a start lost after its claim). */
  status(execution: string): Promise<'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | undefined>;
}

export type LifecycleOrders = Pick<
  OrderRepository,
  'get' | 'listDue' | 'saveService' | 'saveTransition' | 'markNudged' | 'clearDue'
>;

export interface LifecycleDeps {
  orders: LifecycleOrders;
  outbox: Outbox;
  panel: LifecyclePanel;
  runner: LifecycleRunner;
  policy: LifecyclePolicy;
  /** An unpaid order's nudge and expiry; orders made here (renewals, upgrades) get their deadlines from it. */
  payment?: PaymentPolicy;
  clock: Clock;
  log: Log;
  adminIds: readonly string[];
  shop: ShopInfo;
}

/** What a decision returns: the new record (and anything the caller wants back), or why nothing changes. */
export type Decision<T> = { service: Service; result: T } | { unchanged: T };

export type ChangeOutcome<T> =
  | { kind: 'changed'; order: Order; service: Service; result: T }
  | { kind: 'unchanged'; order: Order; service: Service; result: T }
  | { kind: 'no-server'; order?: Order };

const MAX_TRIES = 6;

/**
 * Reads the order, lets `decide` compute the next service record, and writes it conditionally on the
 * revision it read; on a conflict it reads and decides again. A completed new order whose record the sweep
 * has not written yet gets its first one here (paid for one period from its completion).
 */
export async function changeService<T>(
  deps: Pick<LifecycleDeps, 'orders' | 'policy'>,
  orderId: string,
  decide: (service: Service, order: Order) => Decision<T>,
): Promise<ChangeOutcome<T>> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const order = await deps.orders.get(orderId);
    const current = order && serviceOf(order, deps.policy);
    if (!order || !current) return { kind: 'no-server', ...(order ? { order } : {}) };
    const decision = decide(current, order);
    if ('unchanged' in decision) return { kind: 'unchanged', order, service: current, result: decision.unchanged };
    const next = { ...decision.service, rev: current.rev + 1 };
    if (await deps.orders.saveService(orderId, next, order.service ? current.rev : undefined)) {
      return { kind: 'changed', order: { ...order, service: next }, service: next, result: decision.result };
    }
  }
  throw new Error(`The service record of ${orderId} kept changing under ${MAX_TRIES} tries`);
}

/** A completed new order's service: as stored, or the one it starts with before the sweep first writes it. */
export function serviceOf(order: Order, policy: LifecyclePolicy): Service | undefined {
  if (order.status !== 'COMPLETED' || isForServer(order)) return undefined;
  if (order.service) return order.service;
  return startService(completedAt(order) ?? order.updatedAt, periodOf(order), policy, 'provisioning');
}
