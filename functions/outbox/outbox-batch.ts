// Outbox worker: SQS FIFO batches (group = recipient) → Graph API. A message that must wait (rate limit,
// outage) is made invisible for the suggested delay and reported failed; the rest of its group waits too.

import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeliveryRetryLaterError, deliver, type OutboxDeps } from '../../shared/app/outbox-delivery.js';
import type { OutboxItem } from '../../shared/app/ports.js';
import { ensureTimeFor } from '../time-guard.js';

/** A send can take ~20 s (Graph timeout, then the template fallback); never start one with less than 25 s. */
const RESERVE_MS = 25_000;

export interface VisibilityPort {
  /** Hides a received message for `seconds` before SQS delivers it again. */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}

export function createOutboxHandler(deps: OutboxDeps, visibility?: VisibilityPort) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new SqsFifoPartialProcessorAsync();
    const handle = (record: SQSRecord) => {
      ensureTimeFor(context, RESERVE_MS);
      return processRecord(deps, record, visibility);
    };
    return processPartialResponse(event, handle, processor, {
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
  };
}

async function processRecord(deps: OutboxDeps, record: SQSRecord, visibility?: VisibilityPort): Promise<void> {
  let item: OutboxItem;
  try {
    item = JSON.parse(record.body) as OutboxItem;
  } catch {
    deps.log.error('Outbox record is not JSON; dropped', { messageId: record.messageId });
    return;
  }
  try {
    await deliver(deps, item);
  } catch (e) {
    if (e instanceof DeliveryRetryLaterError && visibility) {
      // Backoff: exponential in the receive count, at least what the error suggests, at most 15 minutes.
      const receives = Number(record.attributes.ApproximateReceiveCount ?? '1');
      const seconds = Math.min(900, Math.max(e.delaySeconds, 2 ** receives * 5));
      await visibility.delay(record.receiptHandle, seconds).catch((err: unknown) =>
        // The message still comes back, after the queue's visibility timeout instead of the back-off.
        deps.log.warn('Could not delay the retried message', {
          messageId: record.messageId,
          error: err instanceof Error ? err.name : String(err),
        }),
      );
    }
    deps.log.warn('Outbox record failed; it will be retried', {
      messageId: record.messageId,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    });
    throw e;
  }
}
