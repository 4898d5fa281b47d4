// Outbox worker: SQS FIFO batches (group = recipient) → Graph API. A message that must wait (rate limit,
// outage) is made invisible for the suggested delay and reported failed; the rest of its group waits too.

import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeliveryRetryLaterError, deliver, type OutboxDeps } from '../../shared/app/outbox.js';
import type { OutboxItem } from '../../shared/app/ports.js';

export interface VisibilityPort {
  /** Hides a received message for `seconds` before SQS delivers it again. */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}

export function createOutboxHandler(deps: OutboxDeps, visibility?: VisibilityPort) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const processor = new SqsFifoPartialProcessorAsync();
    return processPartialResponse(event, (record: SQSRecord) => processRecord(deps, record, visibility), processor, {
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
      await visibility.delay(record.receiptHandle, seconds).catch(() => undefined);
    }
    deps.log.warn('Outbox record failed; it will be retried', {
      messageId: record.messageId,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    });
    throw e;
  }
}
