// The payment webhook's composition root: one SQS client (the inbox queue) and the gateway's secret.
// No DynamoDB, panel, Graph or Step Functions client: it proves and queues, the inbox worker settles.

import { SQSClient } from '@aws-sdk/client-sqs';
import type { PaymentWebhookDeps } from '../app/payment-webhook.js';
import { type AwsEndpoints, clientConfig } from '../aws/client-config.js';
import { queueFor } from '../aws/queue.js';
import { type Env, readPart } from '../config/env-reader.js';
import type { SecretsPort } from '../config/secrets.js';
import { awsSecretsFor } from '../config/secrets-manager.js';
import { isPaymentProvider } from '../domain/payment.js';
import { type Observability, observability } from './observability.js';

export interface PaymentWebhookOverrides {
  sqs?: SQSClient;
  endpoints?: AwsEndpoints;
  secrets?: SecretsPort;
  observability?: Pick<Observability, 'log' | 'metric'>;
  now?: () => number;
}

export function composePaymentWebhook(env: Env, o: PaymentWebhookOverrides = {}): PaymentWebhookDeps {
  const wiring = readPart(env, (r) => {
    const provider = (r.raw('PAYMENT_PROVIDER') ?? 'manual').toLowerCase();
    if (!isPaymentProvider(provider)) r.fail(`PAYMENT_PROVIDER must be manual, stripe or midtrans, got "${provider}"`);
    return { inboxQueueUrl: r.string('INBOX_QUEUE_URL'), provider: isPaymentProvider(provider) ? provider : 'manual' };
  });
  const sqs = o.sqs ?? new SQSClient(clientConfig(o.endpoints ?? {}, o.endpoints?.sqs));
  const obs = o.observability ?? observability(env.POWERTOOLS_SERVICE_NAME ?? 'payments-webhook');
  return {
    provider: wiring.provider,
    secrets: o.secrets ?? awsSecretsFor(env),
    inbox: queueFor(sqs, wiring.inboxQueueUrl),
    logger: obs.log,
    metrics: { count: obs.metric },
    ...(o.now ? { now: o.now } : {}),
  };
}
