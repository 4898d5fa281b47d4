// The webhook against the SQS emulator through the real SqsQueue: FIFO groups, dedup ids and redelivery.
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../../functions/webhook/function-url.js';
import { startSqs } from '../../../local/emulators.js';
import { queueFor as quarantineQueue, SqsQueue } from '../../../shared/aws/queue.js';
import { EnvSecrets } from '../../../shared/config/secrets.js';
import { signBody } from '../../../shared/whatsapp/signature.js';
import { fixtureText, signed } from '../../unit/whatsapp/fixtures.js';

let server: Awaited<ReturnType<typeof startSqs>>;
let sqs: SQSClient;

beforeAll(async () => {
  // The local stack's own fauxqs, on loopback only (fauxqs's startFauxqs listens on every address).
  server = await startSqs();
  sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${server.port}`,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

async function fifo(name: string): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: 'true' } }));
  return out.QueueUrl as string;
}

async function receiveAll(url: string) {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
    }),
  );
  return out.Messages ?? [];
}

describe('webhook → SQS FIFO (fauxqs)', () => {
  it('queues each event once, with sender groups, even when Meta redelivers the POST', async () => {
    // Arrange
    const inbox = await fifo('inbox-a');
    const handler = createWebhookHandler({
      secrets: new EnvSecrets({ WHATSAPP_APP_SECRET: signed.app_secret }),
      inbox: new SqsQueue(sqs, inbox),
      quarantine: new SqsQueue(sqs, await fifo('quarantine-a')),
    });
    const body = fixtureText('08-batched-multiple-messages.json');
    const request = {
      version: '2.0',
      rawPath: '/',
      isBase64Encoded: false,
      body,
      headers: { 'x-hub-signature-256': signBody(body, signed.app_secret) },
      requestContext: { http: { method: 'POST' } },
    } as never;
    // Act
    const first = await handler(request);
    const again = await handler(request);
    // Assert
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    const messages = await receiveAll(inbox);
    expect(messages.map((m) => m.Attributes?.MessageGroupId).sort()).toEqual(['15550101234', '15550105678']);
    expect(messages.map((m) => JSON.parse(m.Body ?? '{}').type)).toEqual(['message', 'message']);
  });

  it('quarantines signed garbage on a standard queue (as the stack creates it)', async () => {
    // Arrange
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'quarantine-standard' }));
    const handler = createWebhookHandler({
      secrets: new EnvSecrets({ WHATSAPP_APP_SECRET: signed.app_secret }),
      inbox: new SqsQueue(sqs, await fifo('inbox-b')),
      quarantine: quarantineQueue(sqs, QueueUrl as string),
    });
    const garbage = '{"object":"whatsapp_business_account","entry":[{"changes":"?"}]}';
    // Act
    const res = await handler({
      body: garbage,
      isBase64Encoded: false,
      headers: { 'x-hub-signature-256': signBody(garbage, signed.app_secret) },
      requestContext: { http: { method: 'POST' } },
    } as never);
    // Assert
    expect(res.statusCode).toBe(200);
    const [kept] = await receiveAll(QueueUrl as string);
    expect(JSON.parse(kept?.Body ?? '{}')).toMatchObject({ reason: 'unparseable', body: garbage });
  });

  it('answers 500 when the queue does not exist, so Meta retries', async () => {
    const handler = createWebhookHandler({
      secrets: new EnvSecrets({ WHATSAPP_APP_SECRET: signed.app_secret }),
      inbox: new SqsQueue(sqs, `http://127.0.0.1:${server.port}/000000000000/missing.fifo`),
      quarantine: new SqsQueue(sqs, `http://127.0.0.1:${server.port}/000000000000/missing.fifo`),
    });
    const res = await handler({
      body: signed.body.toString('utf8'),
      isBase64Encoded: false,
      headers: { 'x-hub-signature-256': signed.x_hub_signature_256 },
      requestContext: { http: { method: 'POST' } },
    } as never);
    expect(res.statusCode).toBe(500);
  });
});
