// Inbox worker: SQS FIFO batches of webhook events, with partial batch responses. A failed record and
// the ones after it in the same group (sender) are reported failed, so order holds and nothing is lost.

import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { InboxDeps, InboxEvent, InboxRun } from '../../shared/app/inbox-event.js';
import { processInboxEvent } from '../../shared/app/inbox-event.js';
import { isPaymentNotice, type PaymentNotice } from '../../shared/app/payments/port.js';
import type { InboundEvent } from '../../shared/whatsapp/inbound.js';
import { ensureTimeFor } from '../time-guard.js';

/**
 * Never start a record with less than this left: a password reset may take ~80 s (waiting out an earlier
 * write, the panel's GET and PATCH, a send and its template fallback), a pre-flight ~30 s.
 */
const RESERVE_MS = 90_000;
/** A held message's lease outlives the invocation by this much (clocks of two workers differ a little). */
const LEASE_MARGIN_MS = 5_000;
/** What a record needs after its panel calls: the conditional writes and queueing the replies. */
const FINISH_MS = 8_000;

export function createInboxHandler(deps: InboxDeps) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new SqsFifoPartialProcessorAsync();
    const handle = (record: SQSRecord) => {
      ensureTimeFor(context, RESERVE_MS);
      return processRecord(deps, record, context ? runOf(context) : {});
    };
    return processPartialResponse(event, handle, processor, {
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
  };
}

/**
 * The message is held while this invocation may still run (if it dies, the lease runs out), and its panel
 * calls must end in time to record the outcome and queue the replies.
 */
function runOf(context: Pick<Context, 'getRemainingTimeInMillis'>): InboxRun {
  const left = context.getRemainingTimeInMillis();
  return { leaseMs: left + LEASE_MARGIN_MS, deadline: Date.now() + left - FINISH_MS };
}

async function processRecord(deps: InboxDeps, record: SQSRecord, run: InboxRun): Promise<void> {
  let parsed: InboundEvent | PaymentNotice;
  try {
    parsed = JSON.parse(record.body) as InboundEvent;
  } catch {
    // A body we cannot read will not improve with retries: log it and let it go.
    deps.log.warn('Inbox record is not JSON; dropped', { messageId: record.messageId, size: record.body.length });
    return;
  }
  try {
    const event: InboxEvent = isPaymentNotice(parsed) ? { type: 'payment', notice: parsed } : toInboxEvent(parsed);
    await processInboxEvent(deps, event, run);
  } catch (e) {
    deps.log.warn('Inbox record failed; it will be retried', { messageId: record.messageId, error: describe(e) });
    throw e;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function toInboxEvent(e: InboundEvent): InboxEvent {
  if (e.type === 'status') {
    return {
      type: 'status',
      status: {
        messageId: e.id,
        status: e.status,
        recipient: e.recipient,
        at: new Date(e.timestamp * 1000),
        errorCodes: e.errors.map((x) => x.code),
      },
      phoneNumberId: e.phoneNumberId,
    };
  }
  if (e.type !== 'message') return { type: 'ignored', reason: `event type ${e.type}` };
  const base = {
    id: e.id,
    from: e.from,
    ...(e.userId && e.userId !== e.from ? { userId: e.userId } : {}),
    at: new Date(e.timestamp * 1000),
    ...(e.name ? { name: e.name } : {}),
  };
  const on = { type: 'message' as const, phoneNumberId: e.phoneNumberId };
  switch (e.content.kind) {
    case 'text':
      return { ...on, message: { ...base, text: e.content.text } };
    case 'reply':
      return { ...on, message: { ...base, buttonId: e.content.id } };
    case 'media': {
      const { caption, mediaId, mediaType, mimeType, filename } = e.content;
      const media = mediaId
        ? {
            media: {
              id: mediaId,
              type: mediaType,
              ...(mimeType ? { mimeType } : {}),
              ...(filename ? { filename } : {}),
            },
          }
        : {};
      return { ...on, message: { ...base, ...(caption ? { text: caption } : {}), ...media } };
    }
    default:
      return { ...on, message: base };
  }
}
