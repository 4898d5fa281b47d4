// Lambda entry of the WhatsApp webhook (Function URL): wires the real dependencies once per cold start.

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SqsQueue } from '../../shared/aws/queue.js';
import { JsonSecretSecrets } from '../../shared/config/secrets.js';
import { quarantineQueue } from './quarantine-queue.js';
import { createWebhookHandler } from './webhook.js';

const env = requireEnv(['INBOX_QUEUE_URL', 'WEBHOOK_QUARANTINE_QUEUE_URL', 'SECRET_ARN']);
const logger = new Logger({ serviceName: 'webhook' });
const metrics = new Metrics({ namespace: 'Spawnpoint', serviceName: 'webhook' });
// Only the SQS client: importing the DynamoDB and Step Functions clients would lengthen the cold start.
const sqs = new SQSClient({});

const handle = createWebhookHandler({
  secrets: new JsonSecretSecrets(async () => {
    const value = await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 60 });
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('secret is not a JSON object');
    return value as Record<string, unknown>;
  }, 0), // Powertools already caches for 60 s: one cache, one staleness bound

  inbox: new SqsQueue(sqs, env.INBOX_QUEUE_URL),
  quarantine: quarantineQueue(sqs, env.WEBHOOK_QUARANTINE_QUEUE_URL),
  logger,
  metrics: { count: (name, n = 1) => metrics.addMetric(name, MetricUnit.Count, n) },
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await handle(event);
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}

function requireEnv<K extends string>(names: readonly K[]): Record<K, string> {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, process.env[n] as string])) as Record<K, string>;
}
