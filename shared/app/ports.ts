// The ports the use cases depend on. Adapters live in shared/store (DynamoDB), shared/aws (SQS, Step
// Functions), shared/panel and shared/whatsapp; tests and the local stack pass the same adapters pointed
// at emulators.

import type { Lang } from '../domain/i18n/lang.js';
import type { HistoryEntry, Order, OrderStatus, ProvisioningRecord } from '../domain/order.js';
import type { OutboundMessage } from '../domain/outbound.js';
import type { ResetRecord } from '../domain/password-reset-rules.js';
import type { PayLink } from '../domain/payment.js';
import type { Service } from '../domain/service.js';
import type { PanelPort, PanelUser } from '../panel/types.js';

/** The one logger shape every use case receives (Powertools' Logger in Lambda, the console or silence locally). */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Counts a business event (a CloudWatch metric in Lambda). */
export type CountMetric = (name: string, n?: number) => void;

export const silentLog: Log = { info() {}, warn() {}, error() {} };

export type SendForm = 'free-form' | 'template';

/** Sends one message in one form. Throws the WhatsApp client's named errors (see shared/domain/error-names.ts). */
export interface MessageSender {
  send(message: OutboundMessage, form: SendForm): Promise<{ messageId: string }>;
}

/** One message for a queue (SQS FIFO in AWS and locally). Bodies carry ids and events, never secrets. */
export interface QueueMessage {
  body: string;
  /** FIFO message group: messages of one group are delivered in order, one at a time. */
  groupId: string;
  /** FIFO deduplication id: a second send with the same id within 5 minutes is dropped by SQS. */
  dedupId: string;
}

export interface QueuePort {
  /** Sends every message or throws; order is kept within a group. */
  send(messages: readonly QueueMessage[]): Promise<void>;
}

/** The secrets a use case may read, by name (values never travel in state, queues or logs). */
export type SecretName =
  | 'PTERODACTYL_ADMIN_API_KEY'
  | 'WHATSAPP_ACCESS_TOKEN'
  | 'WHATSAPP_APP_SECRET'
  | 'WHATSAPP_APP_SECRET_PREVIOUS'
  | 'WHATSAPP_VERIFY_TOKEN'
  | 'STRIPE_SECRET_KEY'
  | 'STRIPE_WEBHOOK_SECRET'
  | 'MIDTRANS_SERVER_KEY';

export interface SecretsPort {
  /** The value, or undefined when it is not set (e.g. no previous app secret outside a rotation). */
  optional(name: SecretName): Promise<string | undefined>;
  /** The value; throws SecretMissingError when it is not set. */
  required(name: SecretName): Promise<string>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface ExpectedState {
  status: OrderStatus;
  attempts: number;
}

export interface OrderRepository {
  /** Stores a new order; false when the id is taken (the caller draws another). */
  create(order: Order): Promise<boolean>;
  get(id: string): Promise<Order | undefined>;
  /** A customer's orders, newest first. */
  listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>>;
  /** Sets the language an order's messages are written in (the customer chose another with !language). */
  setLanguage(id: string, lang: Lang): Promise<void>;
  /** Orders in one status, oldest first: the admin's queue. */
  listByStatus(status: OrderStatus, limit: number, cursor?: string): Promise<Page<Order>>;
  countByStatus(): Promise<Record<OrderStatus, number>>;
  /**
   * Writes `next` only if the stored order is still in `expected` (status and attempts): one conditional
   * write, so two admins or a redelivered command produce one transition. False when it had changed.
   */
  saveTransition(next: Order, expected: ExpectedState): Promise<boolean>;
  /**
   * Claims the delivery of this attempt's login for `leaseMs`: true when no other holder's lease is live
   * (the same holder may claim again), false otherwise or when the attempt is not running any more.
   */
  claimDelivery(id: string, attempt: number, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Gives the delivery claim up (this holder's only). */
  releaseDelivery(id: string, holder: string): Promise<void>;
  /** Merges provisioning facts while the given attempt is still running; false when it is not. */
  recordProvisioning(id: string, attempt: number, patch: ProvisioningRecord): Promise<boolean>;
  /** Completed servers whose next lifecycle step is due by `now`, soonest first (the sparse due index). */
  listDue(now: Date, limit: number, cursor?: string): Promise<Page<Order>>;
  /**
   * Writes a completed order's service record (and its due-index keys) if the stored record is still at
   * `expectedRev` (undefined: there is none yet). False when it changed meanwhile.
   */
  saveService(orderId: string, service: Service, expectedRev: number | undefined): Promise<boolean>;
  /** Records an unpaid order's one nudge (and its next due time); false when it was already sent or it is paid. */
  markNudged(id: string, at: string, nextDueAt: string | undefined): Promise<boolean>;
  /** Records the payment page an unpaid order's customer was given; false when it is no longer PENDING. */
  savePayLink(id: string, link: PayLink): Promise<boolean>;
  /** Takes an order out of the due index, if it is still in `status`. */
  clearDue(id: string, status: OrderStatus): Promise<void>;
}

export interface Customer {
  id: string;
  name?: string;
  /** ISO time of the customer's last message: the 24-hour window. */
  lastInboundAt?: string;
  firstSeenAt: string;
  /** What the system knows of the panel users it made for this customer, by panel user id. */
  panelUsers: Record<number, PanelUserFacts>;
  /** The language the customer reads: chosen with !language (`languageChosen`), else seen in their words. */
  language?: Lang;
  languageChosen?: boolean;
  /** The customer's recent password resets (the last 24 hours) and the version their next write expects. */
  passwordResets?: { entries: PasswordResetEntry[]; version: number };
}

/** One password reset, keyed by the request (the WhatsApp message id), so a redelivered request is one reset. */
export type PasswordResetEntry = ResetRecord;

/** Kept on the customer, so no single order has to remember it (orders fail, retry and run at once). */
export interface PanelUserFacts {
  /** The system created this panel account (so it may give it a password, or remove it while unused). */
  createdBySystemAt?: string;
  /** A password for this account reached the customer: later orders add servers to it without one. */
  passwordDeliveredAt?: string;
  /**
   * Wall-clock time a password for this account was last sent to the panel (by DeliverCredentials or a
   * reset; never the password): the next write waits until that one can no longer land after it.
   */
  passwordWriteAt?: string;
}

export interface CustomerRepository {
  /**
   * Records an inbound message's time and the profile name; returns the customer as stored, or undefined when
   * a later message was recorded first (the caller reads it then).
   */
  touch(id: string, at: Date, name?: string): Promise<Customer | undefined>;
  get(id: string): Promise<Customer | undefined>;
  /**
   * Keeps the customer's language: `chosen` (!language) always wins; a language seen in their words is kept
   * only while they have chosen none.
   */
  setLanguage(id: string, lang: Lang, how: 'chosen' | 'seen', at: Date): Promise<void>;
  /** Records that the system created this panel user for the customer (idempotent). */
  markUserCreatedBySystem(customerId: string, panelUserId: number, at: Date): Promise<void>;
  /**
   * Claims the right to set and send the password of a panel user for `leaseMs`: true when no password was
   * delivered for it and no other holder's lease is live (the same `holder` may claim again). One
   * conditional write, so two orders, or two overlapping tries of one, never both send a password.
   */
  claimPasswordDelivery(
    customerId: string,
    panelUserId: number,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean>;
  /** Gives the claim up (this holder's only), so another try can take it at once. */
  releasePasswordClaim(customerId: string, panelUserId: number, holder: string): Promise<void>;
  /** Records that a password for this panel user reached the customer, and releases the claim. */
  markPasswordDelivered(customerId: string, panelUserId: number, at: Date): Promise<void>;
  /**
   * The same claim for a password reset: the account may already have had a password delivered. True when
   * no other holder's lease is live. It shuts out DeliverCredentials and other resets while held.
   */
  claimPasswordReset(
    customerId: string,
    panelUserId: number,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean>;
  /** Records when a password of this account was sent to the panel (DeliverCredentials or a reset), so a later write waits it out. */
  recordPasswordWrite(customerId: string, panelUserId: number, at: Date): Promise<void>;
  /**
   * Replaces the customer's recent resets if they are still at `version` (one conditional write: the rate
   * limit holds under concurrent requests). False when another write came first.
   */
  savePasswordResets(customerId: string, entries: readonly PasswordResetEntry[], version: number): Promise<boolean>;
}

/**
 * Processed message ids, with a lease while one is being processed (as Powertools Idempotency's in-progress
 * expiry): a worker that dies mid-record (timeout, out of memory) leaves a lease that runs out, so the
 * redelivery is processed, not taken for a duplicate.
 */
export interface InboundDedupe {
  /**
   * `first`: this call holds the message for `leaseMs`; `duplicate`: it was processed; `in-progress`:
   * another worker holds a live lease (one conditional put).
   */
  begin(messageId: string, at: Date, leaseMs: number): Promise<'first' | 'duplicate' | 'in-progress'>;
  /** Marks the message processed: every later delivery is a duplicate. */
  complete(messageId: string, at: Date): Promise<void>;
  /** Forgets a message id, so a message whose processing failed is processed again when redelivered. */
  forget(messageId: string): Promise<void>;
}

export type DeliveryStatus = 'accepted' | 'unknown' | 'sent' | 'delivered' | 'read' | 'failed';

export interface SentMessageRecord {
  messageId: string;
  to: string;
  kind: OutboundMessage['kind'];
  form: 'free-form' | 'template';
  orderId?: string;
  status: DeliveryStatus;
  sentAt: string;
  updatedAt: string;
  errorCode?: number;
  /** The message itself, to resend in template form if the window turns out closed. Never for credentials. */
  resendable?: OutboundMessage;
  /** Set once a template resend was queued, so a repeated failed status does not queue it twice. */
  resentAs?: string;
}

export interface SentMessageLog {
  record(entry: SentMessageRecord): Promise<void>;
  get(messageId: string): Promise<SentMessageRecord | undefined>;
  /** Applies a status if it moves forward (sent < delivered < read; failed is final). Returns the updated record. */
  applyStatus(
    messageId: string,
    status: DeliveryStatus,
    at: Date,
    errorCode?: number,
  ): Promise<SentMessageRecord | undefined>;
  /** Marks that a template resend was queued; false if one already was. */
  markResent(messageId: string, marker: string): Promise<boolean>;
}

/** What the outbox queue carries: a message ready to send, or a notice the outbox worker renders. */
export type OutboxItem =
  | { type: 'message'; message: OutboundMessage; key: string; forceTemplate?: boolean }
  | { type: 'notice'; notice: 'provisioned' | 'provisioning-failed'; orderId: string; attempt: number }
  /**
   * An execution ended FAILED, TIMED_OUT or ABORTED (an EventBridge rule in AWS, the local runner locally).
   * `execution` is its name, `{orderId}-{attempt}`. The outbox tells people only when the order is still
   * PROVISIONING in that attempt: a rollback that ran to its end has already told them.
   */
  | { type: 'execution-stopped'; execution: string; status: string; error?: string };

export interface Outbox {
  /** Queues items; `key` dedups a message (the same key twice within minutes is sent once). */
  enqueue(items: readonly OutboxItem[]): Promise<void>;
}

export type StartResult = 'started' | 'already-started';

export interface ProvisioningRunner {
  /** Starts the execution named `{orderId}-{attempt}`; starting it again is harmless. */
  start(orderId: string, attempt: number): Promise<StartResult>;
  /** Resumes a failed execution from the step that failed (Step Functions redrive). */
  redrive(orderId: string, attempt: number): Promise<'redriven' | 'not-redrivable'>;
  /** Where the execution is, when it can be told (RUNNING at step X, FAILED at step Y, ...). */
  describe(orderId: string, attempt: number): Promise<ExecutionView | undefined>;
}

export interface ExecutionView {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  currentStep?: string;
  failedStep?: string;
  /** Why a stopped execution stopped: the error name (e.g. CredentialsUndeliverableError) and its cause. */
  error?: string;
  cause?: string;
}

/** The part of the panel the conversation needs (pre-flight at confirm, health for the admin's checks). */
export type PanelChecks = Pick<PanelPort, 'preflight' | 'health'>;

/** The panel as the conversation uses it: the checks, and a customer's account for a password reset. */
export type ConversationPanel = PanelChecks &
  Pick<PanelPort, 'setPassword'> & { findUser(customerKey: string): Promise<PanelUser | undefined> };

/** What a rollback of an order's attempt removed from the panel (the provisioning Rollback task's output). */
export interface RollbackSummary {
  server: string;
  user: string;
}

// ---------------------------------------------------------------- payment receipts (conversation/receipts.ts)

/** A photo, document, ... a person sent us, as the webhook names it: ids only, never its URL or bytes. */
export interface InboundMedia {
  /** The Cloud API's media id (valid 7 days). */
  id: string;
  /** The message type: image, document, audio, video or sticker. */
  type: string;
  mimeType?: string;
  filename?: string;
}

/** Inbound media copied into media this number can send, or why it could not be. */
export type MediaCopy =
  | { ok: true; mediaId: string; kind: 'image' | 'document'; mimeType: string; bytes: number }
  /** `too-big`: over what the Cloud API sends; `unsupported`: a type it cannot send; `gone`: expired or unknown. */
  | { ok: false; problem: 'too-big' | 'unsupported' | 'gone'; bytes?: number; maxBytes?: number };

/**
 * The Cloud API's media endpoints: retrieve inbound media (GET /{media-id}, then its short-lived URL with the
 * token) and upload it again (POST /{phone-number-id}/media), so it can be sent by the new id. Bytes stay in
 * the worker's memory: never queued, stored or logged, and neither is the media URL. Transient failures throw.
 */
export interface MediaPort {
  copy(media: InboundMedia, options?: { deadline?: number }): Promise<MediaCopy>;
}

/** What a receipt said, kept while the customer picks its order (several unpaid orders). */
export interface ReceiptDraft {
  /** The receipt's message id (wamid): the key the "which order?" buttons carry. */
  messageId: string;
  from: string;
  at: string;
  text?: string;
  media?: InboundMedia;
  /** The order it was sent on for, and by which tap (a second tap is told it was already sent). */
  usedFor?: string;
  usedBy?: string;
}

export interface ReceiptRecords {
  /** Keeps a draft for 7 days (as long as the inbound media id is valid); the same id twice is one draft. */
  saveDraft(draft: ReceiptDraft): Promise<void>;
  /** The draft, unless it expired by `now`. */
  getDraft(messageId: string, now: Date): Promise<ReceiptDraft | undefined>;
  /** Marks the draft sent for `orderId` by the tap `by`: true unless another tap already sent it. */
  claimDraft(messageId: string, orderId: string, by: string): Promise<boolean>;
  /**
   * Appends a note (from = to) to the order's history while it is still in `status`: one conditional update,
   * no transition. False when the order moved on, or its history is full.
   */
  note(orderId: string, entry: HistoryEntry, status: OrderStatus): Promise<boolean>;
}
