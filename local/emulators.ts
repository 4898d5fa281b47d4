// The local stand-ins that speak the AWS wire protocols: dynalite (DynamoDB) and fauxqs (SQS), in-process.
// The table and queues are created with the same keys, indexes and redrive settings as the CDK stack.
// Both listen on loopback only: anyone who could reach the SQS emulator could put a message on the inbox
// queue, past the webhook's signature check, as an admin.

import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { type AwsClients, createAwsClients } from '../shared/aws/clients.js';
import { TABLE } from '../shared/store/schema.js';
import { assertDataDirFree } from './store.js';

export const LOCAL_REGION = 'us-east-1';
/** Where every local stand-in listens: this machine only. */
export const LOOPBACK = '127.0.0.1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface QueueUrls {
  inbox: string;
  inboxDlq: string;
  outbox: string;
  outboxDlq: string;
  installWatch: string;
  installWatchDlq: string;
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
export const MAX_RECEIVES = { inbox: 5, outbox: 8, installWatch: 5 } as const;

export interface EmulatorOptions {
  tableName?: string;
  queuePrefix?: string;
  /**
   * Keep the table in this directory (dynalite's LevelDB store) instead of in memory; a table already there
   * is used as it is. The queues are always in memory.
   */
  dynamoPath?: string;
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  if (options.dynamoPath) await assertDataDirFree(dirname(options.dynamoPath));
  const ddbServer = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dynamoPath ? { path: options.dynamoPath } : {}),
  });
  await new Promise<void>((resolve) => ddbServer.listen(0, LOOPBACK, () => resolve()));
  const ddbPort = (ddbServer.address() as AddressInfo).port;
  const sqsServer = await startSqs();

  const endpoints = { dynamodb: `http://${LOOPBACK}:${ddbPort}`, sqs: `http://${LOOPBACK}:${sqsServer.port}` };
  const clients = createAwsClients({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, ...endpoints });
  const tableName = options.tableName ?? 'spawnpoint-local';
  if (!(await keptTableFits(clients.dynamodb, tableName))) await createTable(clients.dynamodb, tableName);
  const queues = await createQueues(clients.sqs, options.queuePrefix ?? 'spawnpoint-local');

  return {
    clients,
    tableName,
    queues,
    endpoints,
    queuedBodies: () => [...sqsServer.bodies],
    async stop() {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.sfn.destroy();
      await sqsServer.stop();
      await new Promise<void>((resolve) => ddbServer.close(() => resolve()));
    },
  };
}

/** Bodies kept for queuedBodies(), newest last; the oldest go first past this many (`npm start` runs for days). */
const MAX_QUEUED_BODIES = 100_000;

/**
 * fauxqs on loopback. Its `startFauxqs` listens on 0.0.0.0 whatever `host` it is given (`host` only names
 * the queue URLs), so the app it exports is started here on 127.0.0.1 instead. Its message spy comes only
 * with `startFauxqs`: an `onSend` hook keeps the body of every message a send accepted.
 */
export async function startSqs(): Promise<{ port: number; bodies: string[]; stop(): Promise<void> }> {
  // `host` names the queue URLs as before (sqs.<region>.127.0.0.1:<port>); the SDK sends to the endpoint.
  const app = buildApp({ logger: false, host: LOOPBACK });
  const bodies: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 200 && typeof payload === 'string') {
      for (const body of acceptedBodies(String(request.headers['x-amz-target'] ?? ''), request.body, payload)) {
        bodies.push(body);
      }
      if (bodies.length > MAX_QUEUED_BODIES) bodies.splice(0, bodies.length - MAX_QUEUED_BODIES);
    }
    return payload;
  });
  await app.listen({ port: 0, host: LOOPBACK });
  const port = (app.server.address() as AddressInfo).port;
  return { port, bodies, stop: () => app.close() };
}

/** The message bodies a SendMessage or SendMessageBatch request put on a queue, read from its answer. */
function acceptedBodies(target: string, request: unknown, answer: string): string[] {
  const req = (request ?? {}) as { MessageBody?: unknown; Entries?: { Id?: string; MessageBody?: unknown }[] };
  if (target === 'AmazonSQS.SendMessage') return typeof req.MessageBody === 'string' ? [req.MessageBody] : [];
  if (target !== 'AmazonSQS.SendMessageBatch') return [];
  let ok: Set<string | undefined>;
  try {
    ok = new Set(((JSON.parse(answer) as { Successful?: { Id?: string }[] }).Successful ?? []).map((e) => e.Id));
  } catch {
    return [];
  }
  return (req.Entries ?? [])
    .filter((e) => ok.has(e.Id) && typeof e.MessageBody === 'string')
    .map((e) => e.MessageBody as string);
}

/**
 * Whether a table kept from a previous run is there (false: create it). One without an index the stack now
 * has is refused: queries on it would fail one by one, long after start.
 */
async function keptTableFits(ddb: DynamoDBClient, tableName: string): Promise<boolean> {
  let have: Set<string | undefined>;
  try {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  } catch (e) {
    if ((e as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw e;
  }
  const missing = [TABLE.customerIndex, TABLE.statusIndex, TABLE.dueIndex].filter((i) => !have.has(i.name));
  if (missing.length > 0) {
    throw new Error(
      `The kept table ${tableName} lacks the index ${missing.map((i) => i.name).join(', ')} (made by an older version): npm start -- --fresh starts over`,
    );
  }
  return true;
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
        { AttributeName: TABLE.dueIndex.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.dueIndex.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(TABLE.customerIndex), gsi(TABLE.statusIndex), gsi(TABLE.dueIndex)],
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
  const installWatchDlq = await create(`${prefix}-install-watch-dlq`, {});
  const installWatch = await create(`${prefix}-install-watch`, {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: await arnOf(installWatchDlq),
      maxReceiveCount: MAX_RECEIVES.installWatch,
    }),
  });
  const quarantine = await create(`${prefix}-webhook-quarantine`, {});
  return { inbox, inboxDlq, outbox, outboxDlq, installWatch, installWatchDlq, quarantine };
}
