// The outbox: renders notices into messages, chooses free-form or template by the 24-hour window,
// sends, records what was sent, and handles the Cloud API's errors by code.

import { ErrorName, errorNameOf } from '../domain/error-names.js';
import * as M from '../domain/messages.js';
import type { Order } from '../domain/order.js';
import type { OutboundMessage } from '../domain/outbound.js';
import type {
  Clock,
  CustomerRepository,
  Log,
  MessageSender,
  OrderRepository,
  Outbox,
  OutboxItem,
  SentMessageLog,
} from './ports.js';
import { formForRecipient, isUndeliverable, type Sent, sendFailureText, sendInForm } from './send.js';

export type { MessageSender, SendForm } from './ports.js';

export interface OutboxDeps {
  orders: OrderRepository;
  customers: CustomerRepository;
  sent: SentMessageLog;
  outbox: Outbox;
  sender: MessageSender;
  clock: Clock;
  adminIds: readonly string[];
  shop: M.ShopInfo;
  log: Log;
  metric: (name: string) => void;
}

export type DeliveryOutcome = 'sent' | 'queued' | 'dropped' | 'unknown';

/** Thrown to make the queue deliver the item again later (rate limits, outages, an invalid token). */
export class DeliveryRetryLaterError extends Error {
  constructor(
    message: string,
    readonly delaySeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = ErrorName.DeliveryRetryLater;
  }
}

export async function deliver(deps: OutboxDeps, item: OutboxItem): Promise<DeliveryOutcome> {
  if (item.type === 'notice') return renderNotice(deps, item);
  if (item.type === 'execution-stopped') return renderStopped(deps, item);
  return sendMessage(deps, item.message, item.key, item.forceTemplate === true);
}

async function renderNotice(deps: OutboxDeps, item: Extract<OutboxItem, { type: 'notice' }>): Promise<DeliveryOutcome> {
  const order = await deps.orders.get(item.orderId);
  if (!order) {
    deps.log.warn('Notice for an unknown order dropped', { orderId: item.orderId, notice: item.notice });
    return 'dropped';
  }
  if (!noticeStillTrue(order, item)) {
    // A redriven notice step, or a backed-up queue: the order has moved on since; what it says is no longer true.
    deps.log.info('Stale notice dropped', { orderId: order.id, notice: item.notice, attempt: item.attempt });
    return 'dropped';
  }
  const messages =
    item.notice === 'provisioned'
      ? M.adminsTo(deps.adminIds, deps.shop).map((a) => M.adminProvisioned(a, order))
      : [
          M.customerProvisioningFailed(M.customerTo(order, deps.shop), order, deps.shop),
          ...M.adminsTo(deps.adminIds, deps.shop).map((a) => M.adminProvisioningFailed(a, order, failureDetail(order))),
        ];
  await deps.outbox.enqueue(
    messages.map((message) => ({
      type: 'message',
      message,
      key: `${item.orderId}-${item.attempt}-${item.notice}-${message.to}`,
    })),
  );
  return 'queued';
}

/** A notice speaks of one attempt's end: it is sent only while the order still is where that attempt left it. */
function noticeStillTrue(order: Order, item: Extract<OutboxItem, { type: 'notice' }>): boolean {
  if (order.attempts !== item.attempt) return false;
  return item.notice === 'provisioned' ? order.status === 'COMPLETED' : order.status === 'CONFIRMED';
}

/**
 * An execution stopped at a step without a Catch (Rollback, DeliverCredentials, a notice) after its
 * retries: the order is still PROVISIONING and nobody has been told. Tell the admins where it stopped and
 * how to resume it.
 */
async function renderStopped(
  deps: OutboxDeps,
  item: Extract<OutboxItem, { type: 'execution-stopped' }>,
): Promise<DeliveryOutcome> {
  const m = /^(ORD-[0-9A-Z]{6})-(\d+)$/.exec(item.execution);
  const order = m ? await deps.orders.get(m[1]!) : undefined;
  if (!m || !order || order.status !== 'PROVISIONING' || order.attempts !== Number(m[2])) {
    // Ended by a rollback that already notified, or stale: nothing more to say.
    return 'dropped';
  }
  const stop: M.StoppedExecution = {
    step: order.provisioning.step ?? 'unknown',
    status: item.status,
    error: (item.error ?? '').slice(0, 200) || 'unknown',
  };
  deps.log.warn('Provisioning execution stopped without finishing', { orderId: order.id, ...stop });
  // Admins only: the customer hears once, when the resumed rollback's NotifyFailure (or delivery) runs.
  const messages = M.adminsTo(deps.adminIds, deps.shop).map((a) => M.adminExecutionStopped(a, order, stop));
  await deps.outbox.enqueue(
    messages.map((message) => ({
      type: 'message',
      message,
      key: `${item.execution}-stopped-${stop.step}-${message.to}`,
    })),
  );
  return 'queued';
}

/** The error as the state machine recorded it; Lambda errors' Cause is JSON in AWS and plain text locally. */
export function failureDetail(order: Order): M.FailureDetail {
  const e = order.lastError;
  if (!e) return { step: order.provisioning.step ?? 'unknown', code: 'unknown', detail: 'no error recorded' };
  let detail = e.message;
  try {
    const parsed: unknown = JSON.parse(e.message);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed)
      detail = String((parsed as { errorMessage: unknown }).errorMessage);
  } catch {
    // plain text
  }
  return { step: e.step, code: e.code, detail: detail.slice(0, 600) };
}

async function sendMessage(
  deps: OutboxDeps,
  message: OutboundMessage,
  key: string,
  forceTemplate: boolean,
): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  try {
    const form = forceTemplate && message.template ? 'template' : await formForRecipient(deps, message);
    const sent = await sendInForm(deps, message, form);
    await record(deps, message, sent, now);
    return 'sent';
  } catch (e) {
    return handleFailure(deps, message, key, e);
  }
}

async function record(deps: OutboxDeps, message: OutboundMessage, sent: Sent, now: Date): Promise<void> {
  await deps.sent.record({
    messageId: sent.messageId,
    to: message.to,
    kind: message.kind,
    form: sent.form,
    ...(message.orderId ? { orderId: message.orderId } : {}),
    status: 'accepted',
    sentAt: now.toISOString(),
    updatedAt: now.toISOString(),
    // Kept so a late "window closed" failure can be resent as a template (never for credentials).
    ...(sent.form === 'free-form' && message.template && message.kind !== 'credentials' ? { resendable: message } : {}),
  });
  deps.metric('MessagesSent');
}

async function handleFailure(
  deps: OutboxDeps,
  message: OutboundMessage,
  key: string,
  e: unknown,
): Promise<DeliveryOutcome> {
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (errorNameOf(e)) {
    case ErrorName.WhatsAppRetryable: {
      const delay = Number((e as { retryAfterSeconds?: unknown }).retryAfterSeconds ?? 30);
      throw new DeliveryRetryLaterError(`Retry later (${String(code)})`, Number.isFinite(delay) ? delay : 30, {
        cause: e,
      });
    }
    case ErrorName.WhatsAppToken:
      deps.metric('WhatsAppTokenInvalid');
      deps.log.error('The WhatsApp access token is invalid or expired; rotate it in the secret', { code });
      throw new DeliveryRetryLaterError('Access token invalid', 300, { cause: e });
    case ErrorName.WhatsAppAmbiguous:
      // It may have been accepted: never resend blindly. Record the attempt; status webhooks will tell.
      deps.metric('MessagesAmbiguous');
      deps.log.warn('Send outcome unknown (timeout); not resending', { key, kind: message.kind, to: message.to });
      return 'unknown';
    default: {
      if (!isUndeliverable(e)) throw e;
      const reason = sendFailureText(e);
      deps.metric('MessagesFailedPermanently');
      deps.log.error('Message refused permanently', { key, kind: message.kind, code, error: reason });
      await reportToAdmins(deps, message, key, reason);
      return 'dropped';
    }
  }
}

/** Tells the admins a customer message could not be delivered (never about admin messages: no loops). */
export async function reportToAdmins(
  deps: Pick<OutboxDeps, 'adminIds' | 'outbox' | 'shop'>,
  message: Pick<OutboundMessage, 'to' | 'kind' | 'orderId'>,
  key: string,
  reason: string,
): Promise<void> {
  if (deps.adminIds.includes(message.to)) return;
  await deps.outbox.enqueue(
    M.adminsTo(deps.adminIds, deps.shop).map((a) => ({
      type: 'message' as const,
      key: `${key}:undeliverable:${a.id}`,
      message: M.adminUndeliverable(a, message, reason),
    })),
  );
}
