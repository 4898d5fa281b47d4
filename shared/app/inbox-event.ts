// The inbox worker's use case for one queued webhook event: drop redeliveries, record the customer's
// last inbound time (the 24-hour window), then run the command or apply the status.

import { ErrorName } from '../domain/error-names.js';
import { type ConversationDeps, handleMessage, type IncomingMessage } from './conversation.js';
import type { OutboxDeps } from './outbox-delivery.js';
import type { PaymentNotice } from './payments/port.js';
import { settlePayment } from './payments/settle.js';
import type { CustomerRepository, InboundDedupe } from './ports.js';
import { handleStatus, type IncomingStatus } from './statuses.js';

export type InboxEvent =
  | { type: 'message'; message: IncomingMessage; phoneNumberId?: string }
  /** A verified payment gateway event, queued by the gateways' webhook. */
  | { type: 'payment'; notice: PaymentNotice }
  | { type: 'status'; status: IncomingStatus; phoneNumberId?: string }
  | { type: 'ignored'; reason: string };

export interface InboxDeps extends ConversationDeps {
  dedupe: InboundDedupe;
  customers: CustomerRepository;
  statusDeps: Pick<OutboxDeps, 'sent' | 'outbox' | 'adminIds' | 'shop' | 'log' | 'metric'>;
  /** The shop's own number (WHATSAPP_PHONE_NUMBER_ID): events for another number of the same app are not ours. */
  phoneNumberId?: string;
}

/** Another worker is processing this message right now: the queue brings it back after its lease. */
export class MessageInProgressError extends Error {
  constructor(messageId: string) {
    super(`Message ${messageId} is being processed by another worker; it comes back after the lease`);
    this.name = ErrorName.MessageInProgress;
  }
}

/** How long a worker holds a message it processes, when the invocation cannot say (locally, in tests). */
export const DEFAULT_MESSAGE_LEASE_MS = 120_000;

/** How long this worker holds the message, and by when it must be done with it (epoch ms). */
export interface InboxRun {
  leaseMs?: number;
  deadline?: number;
}

export async function processInboxEvent(
  deps: InboxDeps,
  event: InboxEvent,
  run: InboxRun = {},
): Promise<'processed' | 'duplicate' | 'ignored'> {
  if (event.type === 'payment') return settleOnce(deps, event.notice, run);
  if (event.type !== 'ignored' && foreign(deps, event.phoneNumberId)) {
    // The same Meta app can serve several numbers; only ours are acted on. Acknowledged and counted.
    deps.statusDeps.metric('InboxForeignNumber');
    deps.log.warn('Event for another phone number ignored', { phoneNumberId: event.phoneNumberId });
    return 'ignored';
  }
  switch (event.type) {
    case 'ignored':
      deps.log.info('Inbox event ignored', { reason: event.reason });
      return 'ignored';
    case 'status':
      await handleStatus(deps.statusDeps, event.status);
      return 'processed';
    case 'message': {
      const m = event.message;
      const seen = await deps.dedupe.begin(m.id, deps.clock.now(), run.leaseMs ?? DEFAULT_MESSAGE_LEASE_MS);
      if (seen === 'duplicate') return 'duplicate';
      if (seen === 'in-progress') throw new MessageInProgressError(m.id);
      try {
        const customer = await deps.customers.touch(m.from, m.at, m.name);
        await handleMessage(deps, m, {
          ...(run.deadline ? { deadline: run.deadline } : {}),
          ...(customer ? { customer } : {}),
        });
        await deps.dedupe.complete(m.id, deps.clock.now());
        return 'processed';
      } catch (e) {
        // Let the redelivery run it again: every step of a command is safe to repeat.
        await deps.dedupe.forget(m.id).catch(() => undefined);
        throw e;
      }
    }
  }
}

/** One gateway event is settled once, however often the gateway or the queue delivers it. */
async function settleOnce(deps: InboxDeps, notice: PaymentNotice, run: InboxRun): Promise<'processed' | 'duplicate'> {
  const key = `pay:${notice.provider}:${notice.eventId}`;
  const seen = await deps.dedupe.begin(key, deps.clock.now(), run.leaseMs ?? DEFAULT_MESSAGE_LEASE_MS);
  if (seen === 'duplicate') return 'duplicate';
  if (seen === 'in-progress') throw new MessageInProgressError(key);
  try {
    await settlePayment(deps, notice, run.deadline ? { deadline: run.deadline } : {});
    await deps.dedupe.complete(key, deps.clock.now());
    return 'processed';
  } catch (e) {
    await deps.dedupe.forget(key).catch(() => undefined);
    throw e;
  }
}

function foreign(deps: InboxDeps, phoneNumberId: string | undefined): boolean {
  return deps.phoneNumberId !== undefined && phoneNumberId !== undefined && phoneNumberId !== deps.phoneNumberId;
}
