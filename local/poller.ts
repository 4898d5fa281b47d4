// A small stand-in for the Lambda SQS event source: receive a batch, call the handler with an SQSEvent,
// delete what succeeded, leave the reported failures to come back after the visibility timeout (and to
// reach the DLQ after the queue's max receives, which the SQS emulator enforces).

import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: BatchHandler;
  batchSize?: number;
  /** How long a received message stays invisible; failed ones come back after it. */
  visibilityTimeoutSeconds?: number;
  onError?: (error: unknown) => void;
}

export class QueuePoller {
  private running = false;
  private loop?: Promise<void>;
  private inFlight = 0;

  constructor(private readonly o: PollerOptions) {}

  /** Receives and handles one batch; returns how many messages it got. */
  async pollOnce(waitTimeSeconds = 0): Promise<number> {
    const res = await this.o.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.o.queueUrl,
        MaxNumberOfMessages: this.o.batchSize ?? 10,
        WaitTimeSeconds: waitTimeSeconds,
        VisibilityTimeout: this.o.visibilityTimeoutSeconds ?? 30,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) return 0;
    this.inFlight += 1;
    try {
      const arn = `arn:aws:sqs:us-east-1:000000000000:${this.o.queueUrl.split('/').pop()}`;
      const records: SQSRecord[] = messages.map((m) => ({
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
          ...(m.Attributes?.MessageGroupId ? { MessageGroupId: m.Attributes.MessageGroupId } : {}),
          ...(m.Attributes?.MessageDeduplicationId
            ? { MessageDeduplicationId: m.Attributes.MessageDeduplicationId }
            : {}),
          ...(m.Attributes?.SequenceNumber ? { SequenceNumber: m.Attributes.SequenceNumber } : {}),
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: 'us-east-1',
      }));
      let failed = new Set<string>();
      try {
        const response = await this.o.handler({ Records: records });
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (e) {
        // A thrown handler error fails the whole batch, as with Lambda.
        this.o.onError?.(e);
        failed = new Set(records.map((r) => r.messageId));
      }
      const done = records.filter((r) => !failed.has(r.messageId));
      if (done.length > 0) {
        await this.o.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.o.queueUrl,
            Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      }
      return messages.length;
    } finally {
      this.inFlight -= 1;
    }
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Polls continuously (long polling) until stop(), `loops` batches at a time (Lambda's concurrent pollers). */
  start(loops = 1): void {
    if (this.running) return;
    this.running = true;
    const loop = async () => {
      while (this.running) {
        try {
          await this.pollOnce(1);
        } catch (e) {
          this.o.onError?.(e);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    this.loop = Promise.all(Array.from({ length: loops }, loop)).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
