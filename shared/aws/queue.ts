// The queue port: what a producer needs from an SQS FIFO queue. Bodies carry ids and events, never secrets.

import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueMessage, QueuePort } from '../app/ports.js';
import { ErrorName } from '../domain/error-names.js';

export type { QueueMessage, QueuePort } from '../app/ports.js';
export { queueJson } from '../app/queue-body.js';

export class QueueSendError extends Error {
  constructor(
    message: string,
    readonly failedIds: string[],
  ) {
    super(message);
    this.name = ErrorName.QueueSend;
  }
}

/** SQS FIFO: batches of 10; group and dedup ids are made SQS-safe (allowed characters, 128 at most). */
export class SqsQueue implements QueuePort {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly QueueMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((m, j) => ({
            Id: String(j),
            MessageBody: m.body,
            // Group ids come from the sender in a (signed) webhook: one SQS refuses fails the whole batch.
            MessageGroupId: sqsSafeId(m.groupId),
            MessageDeduplicationId: sqsSafeId(m.dedupId),
          })),
        }),
      );
      const failed = result.Failed ?? [];
      if (failed.length > 0) {
        throw new QueueSendError(
          `SQS refused ${failed.length} of ${batch.length} messages: ${failed.map((f) => f.Code).join(', ')}`,
          failed.map((f) => batch[Number(f.Id)]?.dedupId ?? '?'),
        );
      }
    }
  }
}

/** SQS allows 128 characters of [A-Za-z0-9!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~] in ids. */
export function sqsSafeId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, '_');
  return safe.length <= 128 ? safe : safe.slice(0, 128);
}

/**
 * A standard (not FIFO) queue, such as the webhook's quarantine: SQS refuses group and dedup ids there
 * (InvalidParameterValue), so messages are sent one by one without them.
 */
export class SqsStandardQueue implements QueuePort {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly QueueMessage[]): Promise<void> {
    for (const m of messages) {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: m.body }));
    }
  }
}

/** The right sender for a queue URL: FIFO (`.fifo`, with dedup) or standard. */
export function queueFor(sqs: SQSClient, queueUrl: string): QueuePort {
  return queueUrl.endsWith('.fifo') ? new SqsQueue(sqs, queueUrl) : new SqsStandardQueue(sqs, queueUrl);
}
