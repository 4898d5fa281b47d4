// The composition root of the inbox, outbox and provisioning functions: settings read once, clients
// created once, adapters wired to ports. Lambda handlers call it with process.env; the local stack and the
// integration tests call it with emulator clients and local fakes. (The webhook composes its own, smaller
// set: its bundle must not pull in axios.)

import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { InboxDeps } from '../app/inbox.js';
import type { OutboxDeps } from '../app/outbox.js';
import { generatePassword } from '../app/password.js';
import { type Clock, type Outbox, type ProvisioningRunner, systemClock } from '../app/ports.js';
import type { ProvisioningDeps } from '../app/provisioning.js';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { QueueOutbox } from '../aws/outbox-queue.js';
import { SqsQueue } from '../aws/queue.js';
import { StepFunctionsRunner } from '../aws/sfn-runner.js';
import { type Env, EnvReader } from '../config/env-reader.js';
import { EnvSecrets, JsonSecretSecrets, type SecretsPort } from '../config/secrets.js';
import { readSettings, type Settings } from '../config/settings.js';
import { PterodactylPanel } from '../panel/pterodactyl.js';
import { DynamoCustomerRepository } from '../store/customers.js';
import { DynamoInboundDedupe, DynamoSentMessageLog } from '../store/messages.js';
import { DynamoOrderRepository } from '../store/orders.js';
import { GraphClient } from '../whatsapp/graph-client.js';
import { chooseForm } from '../whatsapp/window.js';
import { GraphSender } from './sender.js';

export interface AppLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface Overrides {
  clients?: AwsClients;
  secrets?: SecretsPort;
  runner?: ProvisioningRunner;
  clock?: Clock;
  log?: AppLog;
  metric?: (name: string) => void;
  /** Shorter panel and Graph timeouts (tests of "the answer was lost"). */
  timeouts?: { panelReadMs?: number; panelWriteMs?: number; panelCreateServerMs?: number; graphMs?: number };
}

export interface Wiring {
  tableName: string;
  /** Absent where nothing is sent (the provisioning tasks other than DeliverCredentials). */
  outboxQueueUrl?: string;
  /** Absent where no execution is started (outbox, provisioning tasks). */
  stateMachineArn?: string;
}

export interface App {
  settings: Settings;
  inbox: InboxDeps;
  outbox: OutboxDeps;
  provisioning: ProvisioningDeps;
}

export function readWiring(env: Env): Wiring {
  const r = new EnvReader(env);
  const wiring: Wiring = { tableName: r.string('TABLE_NAME') };
  const outbox = r.optionalString('OUTBOX_QUEUE_URL');
  if (outbox) wiring.outboxQueueUrl = outbox;
  const arn = r.optionalString('STATE_MACHINE_ARN');
  if (arn) wiring.stateMachineArn = arn;
  r.done();
  return wiring;
}

/** Secrets from Secrets Manager when SECRET_ARN is set (AWS), else from the environment (local). */
export function secretsFor(env: Env): SecretsPort {
  const arn = env.SECRET_ARN;
  if (!arn) return new EnvSecrets(env);
  return new JsonSecretSecrets(async () => {
    const value = await getSecret<Record<string, unknown>>(arn, { transform: 'json', maxAge: 60 });
    return value ?? {};
  }, 60);
}

export function powertoolsLog(serviceName: string): { log: AppLog; metric: (name: string) => void } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: 'Spawnpoint', serviceName });
  return {
    log: {
      info: (m, f) => logger.info(m, f ?? {}),
      warn: (m, f) => logger.warn(m, f ?? {}),
      error: (m, f) => logger.error(m, f ?? {}),
    },
    metric: (name) => {
      metrics.addMetric(name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
}

export function composeApp(env: Env, o: Overrides = {}): App {
  const settings = readSettings(env);
  const wiring = readWiring(env);
  const clients = o.clients ?? createAwsClients();
  const secrets = o.secrets ?? secretsFor(env);
  const clock = o.clock ?? systemClock;
  const fallback = o.log && o.metric ? undefined : powertoolsLog(env.POWERTOOLS_SERVICE_NAME ?? 'spawnpoint');
  const log = o.log ?? fallback!.log;
  const metric = o.metric ?? fallback!.metric;

  const orders = new DynamoOrderRepository(clients.dynamodb, wiring.tableName);
  const customers = new DynamoCustomerRepository(clients.dynamodb, wiring.tableName);
  const sent = new DynamoSentMessageLog(clients.dynamodb, wiring.tableName);
  const dedupe = new DynamoInboundDedupe(clients.dynamodb, wiring.tableName);
  const outbox = wiring.outboxQueueUrl
    ? new QueueOutbox(new SqsQueue(clients.sqs, wiring.outboxQueueUrl))
    : missingOutbox();
  const panel = new PterodactylPanel({
    baseUrl: settings.panel.url,
    apiKey: () => secrets.required('PTERODACTYL_ADMIN_API_KEY'),
    emailDomain: settings.panel.emailDomain,
    ...(o.timeouts
      ? {
          timeouts: {
            ...(o.timeouts.panelReadMs ? { readMs: o.timeouts.panelReadMs } : {}),
            ...(o.timeouts.panelWriteMs ? { writeMs: o.timeouts.panelWriteMs } : {}),
            ...(o.timeouts.panelCreateServerMs ? { createServerMs: o.timeouts.panelCreateServerMs } : {}),
          },
        }
      : {}),
  });
  const graph = new GraphClient({
    baseUrl: settings.whatsapp.graphUrl,
    apiVersion: settings.whatsapp.apiVersion,
    phoneNumberId: settings.whatsapp.phoneNumberId,
    accessToken: () => secrets.required('WHATSAPP_ACCESS_TOKEN'),
    ...(o.timeouts?.graphMs ? { timeoutMs: o.timeouts.graphMs } : {}),
  });
  const sender = new GraphSender(graph, settings.whatsapp.templateLanguage);
  const runner =
    o.runner ??
    (wiring.stateMachineArn ? new StepFunctionsRunner(clients.sfn, wiring.stateMachineArn) : missingRunner());

  const outboxDeps: OutboxDeps = {
    orders,
    customers,
    sent,
    outbox,
    sender,
    clock,
    adminIds: settings.adminIds,
    shop: settings.shop,
    chooseForm,
    log,
    metric,
  };
  const inbox: InboxDeps = {
    orders,
    outbox,
    runner,
    panel,
    settings: {
      catalogue: settings.catalogue,
      shop: settings.shop,
      adminIds: settings.adminIds,
      autoProvisioning: settings.provisioning.autoProvisioning,
    },
    clock,
    randomBytes: (n) => randomBytes(n),
    log,
    dedupe,
    customers,
    statusDeps: outboxDeps,
  };
  const provisioning: ProvisioningDeps = {
    orders,
    customers,
    panel,
    sender,
    sent,
    outbox,
    clock,
    catalogue: settings.catalogue,
    shop: settings.shop,
    adminIds: settings.adminIds,
    installTimeoutSeconds: settings.provisioning.installTimeoutSeconds,
    // A password write the client gave up on after its timeout is assumed landed or dead by 1.5× that.
    passwordWriteGuardMs: 1.5 * (o.timeouts?.panelWriteMs ?? 20_000),
    chooseForm,
    generatePassword: () => generatePassword(),
    log,
  };
  return { settings, inbox, outbox: outboxDeps, provisioning };
}

function missingOutbox(): Outbox {
  return {
    enqueue: async () => {
      throw new Error('OUTBOX_QUEUE_URL is not set for this function');
    },
  };
}

function missingRunner(): ProvisioningRunner {
  const fail = async (): Promise<never> => {
    throw new Error('STATE_MACHINE_ARN is not set for this function');
  };
  return { start: fail, redrive: fail, describe: fail };
}
