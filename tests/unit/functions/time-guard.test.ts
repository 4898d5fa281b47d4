// A worker never starts a record it may not finish before the Lambda timeout: with too little time left the
// whole rest of the batch is reported failed, untouched, and comes back after the visibility timeout.

import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createInboxHandler } from '../../../functions/inbox/inbox-batch.js';
import { createOutboxHandler } from '../../../functions/outbox/outbox-batch.js';
import type { InboxDeps } from '../../../shared/app/inbox-event.js';
import type { OutboxDeps } from '../../../shared/app/outbox-delivery.js';

const record = (n: number, group: string): SQSRecord => ({
  messageId: `m${n}`,
  receiptHandle: `r${n}`,
  body: '{"type":"message"}',
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 'x',
    ApproximateFirstReceiveTimestamp: '0',
    MessageGroupId: group,
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q.fifo',
  awsRegion: 'us-east-1',
});
const almostOutOfTime = { getRemainingTimeInMillis: () => 5_000 } as Context;
// Deps that fail the test if touched: nothing may be processed.
const untouchable = new Proxy(
  {},
  {
    get: () => {
      throw new Error('a record was processed');
    },
  },
);

describe('the remaining-time guard', () => {
  it('the inbox leaves every record for the next invocation when time is short', async () => {
    const handler = createInboxHandler(untouchable as InboxDeps);
    const result = await handler({ Records: [record(1, 'a'), record(2, 'b'), record(3, 'a')] }, almostOutOfTime);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2', 'm3']);
  });

  it('the outbox leaves every record for the next invocation when time is short', async () => {
    const handler = createOutboxHandler(untouchable as OutboxDeps);
    const result = await handler({ Records: [record(1, 'a'), record(2, 'b')] }, almostOutOfTime);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2']);
  });
});
