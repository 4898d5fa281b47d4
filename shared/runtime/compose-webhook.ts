// The webhook's composition root, kept apart from compose.ts: this bundle builds one SQS client and reads
// its secret, and must not pull in axios, the panel or Graph clients, or the DynamoDB and Step Functions SDKs.

import { SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookDeps } from '../app/webhook.js';
import { type AwsEndpoints, clientConfig } from '../aws/client-config.js';
import { queueFor } from '../aws/queue.js';
import { type Env, readPart } from '../config/env-reader.js';
import { webhookSecretsFor } from '../config/extension-secrets.js';
import type { SecretsPort } from '../config/secrets.js';
import { type Observability, observability } from './observability.js';

export interface WebhookWiring {
  inboxQueueUrl: string;
  quarantineQueueUrl: string;
}

export function readWebhookWiring(env: Env): WebhookWiring {
  return readPart(env, (r) => ({
    inboxQueueUrl: r.string('INBOX_QUEUE_URL'),
    quarantineQueueUrl: r.string('WEBHOOK_QUARANTINE_QUEUE_URL'),
  }));
}

export interface WebhookOverrides {
  sqs?: SQSClient;
  endpoints?: AwsEndpoints;
  secrets?: SecretsPort;
  observability?: Pick<Observability, 'log' | 'metric'>;
}

export function composeWebhook(env: Env, o: WebhookOverrides = {}): WebhookDeps {
  const wiring = readWebhookWiring(env);
  const sqs = o.sqs ?? new SQSClient(clientConfig(o.endpoints ?? {}, o.endpoints?.sqs));
  const obs = o.observability ?? observability(env.POWERTOOLS_SERVICE_NAME ?? 'webhook');
  return {
    secrets: o.secrets ?? webhookSecretsFor(env),
    inbox: queueFor(sqs, wiring.inboxQueueUrl),
    quarantine: queueFor(sqs, wiring.quarantineQueueUrl),
    logger: obs.log,
    metrics: { count: obs.metric },
  };
}
