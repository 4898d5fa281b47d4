// Lambda entry: outbox.fifo → WhatsApp Cloud API.
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { composeOutbox } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { createOutboxHandler } from './outbox-batch.js';

const { deps, observability, clients, wiring } = composeOutbox(process.env);
if (!wiring.outboxQueueUrl) throw new Error('OUTBOX_QUEUE_URL is required by the outbox worker');
const queueUrl = wiring.outboxQueueUrl;

export const handler = instrument(
  observability,
  createOutboxHandler(deps, {
    delay: async (receiptHandle, seconds) => {
      await clients.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    },
  }),
);
