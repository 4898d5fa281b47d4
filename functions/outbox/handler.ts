// Lambda entry: outbox.fifo → WhatsApp Cloud API.
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../shared/aws/clients.js';
import { composeApp } from '../../shared/runtime/compose.js';
import { createOutboxHandler } from './outbox.js';

const clients = createAwsClients();
const queueUrl = process.env.OUTBOX_QUEUE_URL ?? '';

export const handler = createOutboxHandler(composeApp(process.env, { clients }).outbox, {
  delay: async (receiptHandle, seconds) => {
    await clients.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  },
});
