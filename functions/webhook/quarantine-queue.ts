// The quarantine is a standard SQS queue in the stack (infra/spawnpoint-stack.ts). SqsQueue always sends FIFO
// group and dedup ids, and SQS refuses a MessageDeduplicationId on a standard queue (InvalidParameterValue),
// so a standard queue gets this sender instead; a `.fifo` URL keeps SqsQueue and its dedup.

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type QueueMessage, type QueuePort, SqsQueue } from '../../shared/aws/queue.js';

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

export function quarantineQueue(sqs: SQSClient, queueUrl: string): QueuePort {
  return queueUrl.endsWith('.fifo') ? new SqsQueue(sqs, queueUrl) : new SqsStandardQueue(sqs, queueUrl);
}
