// The order entity and its lifecycle, as one pure transition function.
//
//   PENDING ──confirm──▶ CONFIRMED ──start──▶ PROVISIONING ──complete──▶ COMPLETED
//      │                  ▲    │                   │    │
//      └──cancel──▶ CANCELLED ◀┘                   │    └──fail──▶ CONFIRMED (with lastError, attempts kept)
//                         ▲                        │
//                         └────────abandon─────────┘ (an admin, after the stopped execution's rollback)
//
// A renewal order (kind RENEWAL) pays another period of an existing server: PENDING ──confirm──▶ CONFIRMED
// ──apply──▶ COMPLETED, where "apply" is the extension of that server's paid-until date. It never provisions.
// A completed new order is a server: its life (paid until, suspension, termination) is `service`.
//
// The store applies a transition as one conditional write on (status, attempts), so two admins or a
// redelivered command can never apply it twice. The state machine writes COMPLETE and FAIL itself, with
// updates built from this table (shared/store/provisioning-outcomes.ts); a test holds them to transition().

import { IllegalTransitionError } from './domain-errors.js';
import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import type { Lang } from './i18n/lang.js';
import type { Resources, TierId } from './packages.js';
import type { GatewayPaymentRecord, PayLink, PaymentRecord } from './payment.js';
import { type PaymentPolicy, withPaymentDeadlines } from './payment-deadlines.js';
import type { Service } from './service.js';

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
  /**
   * Wall-clock time the intent was written. A user found after a failed create counts as this order's only
   * when the panel says it was created after this time: an account made by hand, or by an older bot, never is.
   */
  userCreateIntentAt?: string;
  /**
   * Wall-clock time a server create was last sent. A create the client gave up on can still land on the
   * panel for a while; Rollback waits that window out before it decides there is no server.
   */
  serverCreateAt?: string;
  /** False while that create's outcome is unknown (sent, no answer yet, or the answer was lost). */
  serverCreateSettled?: boolean;
  /** The latest earlier create whose outcome never became known: a later try's success does not settle it. */
  serverCreateUnsettledAt?: string;
  serverId?: number;
  serverIdentifier?: string;
  serverAddress?: string;
  credentialsSentAt?: string;
  /** The delivered message carried a password (a new account), not "server added to your account". */
  passwordSent?: boolean;
}

/**
 * History entries that change nothing (from = to), written beside the transitions: a payment receipt arrived,
 * an admin rejected one (shared/domain/receipt-rules.ts). Not events: transition() never sees them.
 */
export type OrderNote = 'RECEIPT' | 'RECEIPT_REJECTED';

export interface HistoryEntry {
  at: string;
  from: OrderStatus | null;
  to: OrderStatus;
  event: OrderEvent['type'] | 'CREATE' | OrderNote;
  by: string;
  attempt: number;
  reason?: string;
}

/** A new server, another period of an existing one (`renews` names it), or a bigger plan for one (`upgrades`). */
export type OrderKind = 'NEW' | 'RENEWAL' | 'UPGRADE';

export interface Order {
  id: string;
  /** Absent on orders stored before renewals existed: those are NEW. */
  kind?: OrderKind;
  /** The server (its order id) a renewal pays for. */
  renews?: string;
  /** The server (its order id) an upgrade is for; `packageId`/`resources` are what it becomes. */
  upgrades?: string;
  /** The price in the shop currency's minor unit (`price` is its label), and that currency. */
  priceMinor?: number;
  currency?: string;
  /** Days one payment buys, as sold (the package's period when the order was placed). */
  periodDays?: number;
  customerId: string;
  customerName?: string;
  /** The language the customer reads (their kept choice when the order was placed; !language updates it). */
  lang?: Lang;
  packageId: TierId;
  packageName: string;
  /** The resources as sold: later catalogue changes do not change what this order builds. */
  resources: Resources;
  price?: string;
  /**
   * The WhatsApp message id (wamid) of the `!order` that created this order: a reprocessed message finds
   * its order by it instead of making a second one. Absent on orders stored before the field existed
   * (their first history entry reads `message <wamid>`).
   */
  sourceMessageId?: string;
  status: OrderStatus;
  /** Provisioning attempts started; the execution of attempt n is named `{id}-{n}`. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  lastError?: OrderError;
  provisioning: ProvisioningRecord;
  history: HistoryEntry[];
  /** The server's life once the order completed; written by the lifecycle sweep and state machine. */
  service?: Service;
  /** While unpaid: when to nudge the customer once, when that nudge went out, and when the order expires. */
  paymentReminderAt?: string;
  nudgedAt?: string;
  payBy?: string;
  /** How and when it was paid: written with its confirmation (by an admin or a gateway). */
  payment?: PaymentRecord;
  /** The payment page the customer was last given (PAYMENT_PROVIDER set). */
  payLink?: PayLink;
}

export type OrderEvent =
  /** Paid: by an admin's word, or by a verified gateway payment (`payment`, with its ids and amount). */
  | { type: 'CONFIRM'; by: string; payment?: GatewayPaymentRecord }
  | { type: 'START_PROVISIONING'; by: string }
  | { type: 'COMPLETE'; by: string }
  | { type: 'FAIL'; by: string; error: OrderError }
  | { type: 'CANCEL'; by: string; reason?: string }
  /**
   * An admin gives up on an order whose execution stopped without finishing (e.g. credentials that cannot
   * be delivered), after the panel rollback of what it made has run.
   */
  | { type: 'ABANDON'; by: string; reason?: string }
  /** A confirmed renewal was applied to its server (the server's paid-until date moved). */
  | { type: 'APPLY'; by: string; reason?: string };

const ALLOWED: Readonly<Record<OrderStatus, Partial<Record<OrderEvent['type'], OrderStatus>>>> = {
  PENDING: { CONFIRM: 'CONFIRMED', CANCEL: 'CANCELLED' },
  CONFIRMED: { START_PROVISIONING: 'PROVISIONING', CANCEL: 'CANCELLED', APPLY: 'COMPLETED' },
  PROVISIONING: { COMPLETE: 'COMPLETED', FAIL: 'CONFIRMED', ABANDON: 'CANCELLED' },
  COMPLETED: {},
  CANCELLED: {},
};

export function canApply(status: OrderStatus, event: OrderEvent['type']): boolean {
  return nextStatus(status, event) !== undefined;
}

/** The status an event leads to from `status`, or undefined when the lifecycle does not allow it. */
export function nextStatus(status: OrderStatus, event: OrderEvent['type']): OrderStatus | undefined {
  return ALLOWED[status][event];
}

/** The step a completed order's provisioning record ends on: the state machine's MarkCompleted. */
export const COMPLETION_STEP: ProvisionStep = 'MarkCompleted';

/** The history reason of a failed attempt: where it failed and the error's name. */
export function failureReason(error: Pick<OrderError, 'step' | 'code'>): string {
  return `${error.step}: ${error.code}`;
}

/** What a new order is made from; the rest (status, attempts, times, history) `createOrder` sets. */
export type NewOrder = Pick<
  Order,
  'id' | 'customerId' | 'customerName' | 'packageId' | 'packageName' | 'resources' | 'price'
> &
  Partial<Pick<Order, 'kind' | 'renews' | 'upgrades' | 'periodDays' | 'priceMinor' | 'currency' | 'lang'>>;

export function isRenewal(order: Pick<Order, 'kind'>): boolean {
  return order.kind === 'RENEWAL';
}

/** An order that pays for an existing server (renewal, upgrade): applied to it, never provisioned. */
export function isForServer(order: Pick<Order, 'kind'>): boolean {
  return order.kind === 'RENEWAL' || order.kind === 'UPGRADE';
}

/** The server an order pays for: a renewal's or an upgrade's; a new order is its own. */
export function serverIdOf(order: Pick<Order, 'id' | 'kind' | 'renews' | 'upgrades'>): string {
  return order.renews ?? order.upgrades ?? order.id;
}

/** Days a payment of this order buys: as sold, else the 30 every order had before periods were configurable. */
export function periodOf(order: Pick<Order, 'periodDays'>): number {
  return order.periodDays ?? 30;
}

/** When a completed new order completed: its COMPLETE history entry. */
export function completedAt(order: Order): string | undefined {
  return order.history.findLast((h) => h.event === 'COMPLETE')?.at;
}

/** A new PENDING order; with a payment policy, stamped with when to nudge and when it expires unpaid. */
export function createOrder(input: NewOrder, now: Date, payment?: PaymentPolicy): Order {
  const at = now.toISOString();
  const order: Order = {
    ...input,
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    provisioning: {},
    history: [{ at, from: null, to: 'PENDING', event: 'CREATE', by: input.customerId, attempt: 0 }],
  };
  return withPaymentDeadlines(order, payment);
}

/**
 * Applies one event. Returns the next order; throws IllegalTransitionError when the status does not allow it.
 * A new attempt starts with a clean provisioning record; failure keeps the error and the attempt count;
 * completion clears the error and records the last step, MarkCompleted.
 */
export function transition(order: Order, event: OrderEvent, now: Date): Order {
  const to = nextStatus(order.status, event.type);
  if (to === undefined) throw new IllegalTransitionError(order.id, order.status, event.type);
  // A renewal or upgrade is applied, never provisioned; a new order is provisioned, never applied.
  const renewal = isForServer(order);
  if ((event.type === 'APPLY') !== renewal && (event.type === 'APPLY' || event.type === 'START_PROVISIONING')) {
    throw new IllegalTransitionError(order.id, order.status, event.type);
  }
  const at = now.toISOString();
  const attempts = event.type === 'START_PROVISIONING' ? order.attempts + 1 : order.attempts;
  const entry: HistoryEntry = { at, from: order.status, to, event: event.type, by: event.by, attempt: attempts };
  if ((event.type === 'CANCEL' || event.type === 'ABANDON' || event.type === 'APPLY') && event.reason)
    entry.reason = event.reason;
  if (event.type === 'FAIL') entry.reason = failureReason(event.error);

  const next: Order = { ...order, status: to, attempts, updatedAt: at, history: [...order.history, entry] };
  if (event.type === 'CONFIRM') next.payment = { method: 'manual', ...event.payment, by: event.by, at };
  if (event.type === 'START_PROVISIONING') next.provisioning = {};
  if (event.type === 'FAIL') next.lastError = event.error;
  if (event.type === 'COMPLETE') {
    delete next.lastError;
    next.provisioning = { ...order.provisioning, step: COMPLETION_STEP };
  }
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
export function customerStatusWords(status: OrderStatus, failedBefore: boolean, lang: Lang): string {
  const t = say(COMMON_TEXTS, lang);
  switch (status) {
    case 'PENDING':
      return t('statusPending');
    case 'CONFIRMED':
      return failedBefore ? t('statusConfirmedDelayed') : t('statusConfirmed');
    case 'PROVISIONING':
      return t('statusProvisioning');
    case 'COMPLETED':
      return t('statusCompleted');
    case 'CANCELLED':
      return t('statusCancelled');
  }
}
