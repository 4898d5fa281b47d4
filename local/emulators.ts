// The local stand-ins that speak the AWS wire protocols: dynalite (DynamoDB) and fauxqs (SQS), in-process.
// The table and queues are created with the same keys, indexes and redrive settings as the CDK stack.

import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { type AwsClients, createAwsClients } from '../shared/aws/clients.js';
import { TABLE } from '../shared/store/schema.js';

export const LOCAL_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface QueueUrls {
  inbox: string;
  inboxDlq: string;
  outbox: string;
  outboxDlq: string;
  quarantine: string;
}

export interface Emulators {
  clients: AwsClients;
  tableName: string;
  queues: QueueUrls;
  endpoints: { dynamodb: string; sqs: string };
  /** Bodies of every message published to any queue so far (newest last). */
  queuedBodies(): string[];
  stop(): Promise<void>;
}

/** Max receives before a message moves to its DLQ; the same numbers as the CDK stack. */
export const MAX_RECEIVES = { inbox: 5, outbox: 8 } as const;

export async function startEmulators(options: { tableName?: string; queuePrefix?: string } = {}): Promise<Emulators> {
  const ddbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => ddbServer.listen(0, '127.0.0.1', () => resolve()));
  const ddbPort = (ddbServer.address() as AddressInfo).port;
  // Spies keep every message that went through the queues, so tests can scan them (e.g. for secrets).
  const sqsServer = await startFauxqs({
    port: 0,
    logger: false,
    host: '127.0.0.1',
    messageSpies: { bufferSize: 100_000 },
  });

  const endpoints = { dynamodb: `http://127.0.0.1:${ddbPort}`, sqs: `http://127.0.0.1:${sqsServer.port}` };
  const clients = createAwsClients({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, ...endpoints });
  const tableName = options.tableName ?? 'spawnpoint-local';
  await createTable(clients.dynamodb, tableName);
  const queues = await createQueues(clients.sqs, options.queuePrefix ?? 'spawnpoint-local');

  return {
    clients,
    tableName,
    queues,
    endpoints,
    queuedBodies: () =>
      sqsServer.spy
        .getAllMessages()
        .filter((m) => m.service === 'sqs' && m.status === 'published')
        .map((m) => (m as { body: string }).body),
    async stop() {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.sfn.destroy();
      await sqsServer.stop();
      await new Promise<void>((resolve) => ddbServer.close(() => resolve()));
    },
  };
}

export async function createTable(ddb: DynamoDBClient, tableName: string): Promise<void> {
  const gsi = (index: { name: string; partitionKey: string; sortKey: string }) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
        { AttributeName: TABLE.customerIndex.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.customerIndex.sortKey, AttributeType: 'S' },
        { AttributeName: TABLE.statusIndex.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.statusIndex.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(TABLE.customerIndex), gsi(TABLE.statusIndex)],
    }),
  );
  await waitUntilTableExists({ client: ddb, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: tableName });
}

async function createQueues(sqs: SQSClient, prefix: string): Promise<QueueUrls> {
  const create = async (name: string, attributes: Record<string, string>) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const arnOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!
      .QueueArn!;
  const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'false' };

  const inboxDlq = await create(`${prefix}-inbox-dlq.fifo`, fifo);
  const outboxDlq = await create(`${prefix}-outbox-dlq.fifo`, fifo);
  const inbox = await create(`${prefix}-inbox.fifo`, {
    ...fifo,
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(inboxDlq), maxReceiveCount: MAX_RECEIVES.inbox }),
  });
  const outbox = await create(`${prefix}-outbox.fifo`, {
    ...fifo,
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: await arnOf(outboxDlq),
      maxReceiveCount: MAX_RECEIVES.outbox,
    }),
  });
  const quarantine = await create(`${prefix}-webhook-quarantine`, {});
  return { inbox, inboxDlq, outbox, outboxDlq, quarantine };
}
