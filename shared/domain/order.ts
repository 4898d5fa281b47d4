// The order entity and its lifecycle, as one pure transition function.
//
//   PENDING ──confirm──▶ CONFIRMED ──start──▶ PROVISIONING ──complete──▶ COMPLETED
//      │                  ▲    │                   │
//      └──cancel──▶ CANCELLED ◀┘                   └──fail──▶ CONFIRMED (with lastError, attempts kept)
//
// The store applies a transition as one conditional write on (status, attempts), so two admins or a
// redelivered command can never apply it twice.

import { IllegalTransitionError } from './errors.js';
import type { Resources, TierId } from './packages.js';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'PROVISIONING', 'COMPLETED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** The provisioning steps, named as the state machine's states, so `!provision-status ID` can say where it is. */
export const PROVISION_STEPS = [
  'EnsureUser',
  'EnsureServer',
  'WaitForInstall',
  'DeliverCredentials',
  'MarkCompleted',
  'Rollback',
] as const;
export type ProvisionStep = (typeof PROVISION_STEPS)[number];

/** What went wrong in a provisioning attempt. `code` is an error name (e.g. PanelRejectedError). */
export interface OrderError {
  step: string;
  code: string;
  message: string;
  at: string;
}

/** What provisioning has made so far; ids only, never a password. */
export interface ProvisioningRecord {
  step?: ProvisionStep;
  panelUserId?: number;
  panelUsername?: string;
  /** True when this order created the panel user (rollback may delete it); false when it reused one. */
  userCreated?: boolean;
  /** Written before a user is created, so a crash between create and record still counts as "ours". */
  userCreateIntent?: boolean;
  serverId?: number;
  serverIdentifier?: string;
  serverAddress?: string;
  credentialsSentAt?: string;
  /**
   * Wall-clock time a try of DeliverCredentials last sent a new password to the panel (never the password):
   * a later try waits until that write can no longer land after its own.
   */
  passwordWriteAt?: string;
  /** The delivered message carried a password (a new account), not "server added to your account". */
  passwordSent?: boolean;
}

export interface HistoryEntry {
  at: string;
  from: OrderStatus | null;
  to: OrderStatus;
  event: OrderEvent['type'] | 'CREATE';
  by: string;
  attempt: number;
  reason?: string;
}

export interface Order {
  id: string;
  customerId: string;
  customerName?: string;
  packageId: TierId;
  packageName: string;
  /** The resources as sold: later catalogue changes do not change what this order builds. */
  resources: Resources;
  price?: string;
  status: OrderStatus;
  /** Provisioning attempts started; the execution of attempt n is named `{id}-{n}`. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  lastError?: OrderError;
  provisioning: ProvisioningRecord;
  history: HistoryEntry[];
}

export type OrderEvent =
  | { type: 'CONFIRM'; by: string }
  | { type: 'START_PROVISIONING'; by: string }
  | { type: 'COMPLETE'; by: string }
  | { type: 'FAIL'; by: string; error: OrderError }
  | { type: 'CANCEL'; by: string; reason?: string };

const ALLOWED: Readonly<Record<OrderStatus, Partial<Record<OrderEvent['type'], OrderStatus>>>> = {
  PENDING: { CONFIRM: 'CONFIRMED', CANCEL: 'CANCELLED' },
  CONFIRMED: { START_PROVISIONING: 'PROVISIONING', CANCEL: 'CANCELLED' },
  PROVISIONING: { COMPLETE: 'COMPLETED', FAIL: 'CONFIRMED' },
  COMPLETED: {},
  CANCELLED: {},
};

export function canApply(status: OrderStatus, event: OrderEvent['type']): boolean {
  return ALLOWED[status][event] !== undefined;
}

export interface NewOrder {
  id: string;
  customerId: string;
  customerName?: string;
  packageId: TierId;
  packageName: string;
  resources: Resources;
  price?: string;
}

export function createOrder(input: NewOrder, now: Date): Order {
  const at = now.toISOString();
  return {
    ...input,
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    provisioning: {},
    history: [{ at, from: null, to: 'PENDING', event: 'CREATE', by: input.customerId, attempt: 0 }],
  };
}

/**
 * Applies one event. Returns the next order; throws IllegalTransitionError when the status does not allow it.
 * A new attempt starts with a clean provisioning record; failure keeps the error and the attempt count.
 */
export function transition(order: Order, event: OrderEvent, now: Date): Order {
  const to = ALLOWED[order.status][event.type];
  if (to === undefined) throw new IllegalTransitionError(order.id, order.status, event.type);
  const at = now.toISOString();
  const attempts = event.type === 'START_PROVISIONING' ? order.attempts + 1 : order.attempts;
  const entry: HistoryEntry = { at, from: order.status, to, event: event.type, by: event.by, attempt: attempts };
  if (event.type === 'CANCEL' && event.reason) entry.reason = event.reason;
  if (event.type === 'FAIL') entry.reason = `${event.error.step}: ${event.error.code}`;

  const next: Order = { ...order, status: to, attempts, updatedAt: at, history: [...order.history, entry] };
  if (event.type === 'START_PROVISIONING') next.provisioning = {};
  if (event.type === 'FAIL') next.lastError = event.error;
  if (event.type === 'COMPLETE') delete next.lastError;
  return next;
}

/** Applies events in order (e.g. CONFIRM then START_PROVISIONING when auto-provisioning is on). */
export function transitionAll(order: Order, events: readonly OrderEvent[], now: Date): Order {
  return events.reduce((o, e) => transition(o, e, now), order);
}

/** The execution name Step Functions keeps unique: one execution per attempt. */
export function executionName(orderId: string, attempt: number): string {
  return `${orderId}-${attempt}`;
}

/** A failed attempt is one that returned to CONFIRMED with an error. */
export function hasFailedAttempt(order: Order): boolean {
  return order.status === 'CONFIRMED' && order.lastError !== undefined && order.attempts > 0;
}

/** What a customer reads for a status: words, not enum values. */
export function customerStatusWords(status: OrderStatus, failedBefore: boolean): string {
  switch (status) {
    case 'PENDING':
      return 'waiting for payment';
    case 'CONFIRMED':
      return failedBefore ? 'paid, setup delayed (our team is on it)' : 'paid, setup starting soon';
    case 'PROVISIONING':
      return 'setting up your server';
    case 'COMPLETED':
      return 'ready';
    case 'CANCELLED':
      return 'cancelled';
  }
}
