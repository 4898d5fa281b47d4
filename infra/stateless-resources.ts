// The stateless part of the stack: the code and its wiring. The webhook behind its Function URL, the two
// queue workers, the provisioning tasks, their state machine and the install watcher, and the EventBridge rule that turns a
// stopped execution into an outbox notice (behaviour the admins rely on, so it lives with the workflow).
// Each function gets exactly the table, queues, secrets and state machine it uses, through the bind* helpers.
// Resources go into the stack's own scope: see stateful-resources.ts for why.

import { Duration } from 'aws-cdk-lib';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue as SqsQueueTarget } from 'aws-cdk-lib/aws-events-targets';
import {
  type FunctionUrl,
  FunctionUrlAuthType,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { WAITING_TASK_TIMEOUT_SECONDS } from '../shared/app/provisioning/context.js';
import { EXTENSION_SECRET_CACHE_SECONDS } from '../shared/config/extension-secrets.js';
import { CHECK_INSTALL_MEMORY_MB, INSTALL_WATCHER_MEMORY_MB } from '../shared/domain/install-polling.js';
import type { StackConfig } from './config.js';
import { HouseFunction, type HouseFunctionProps, type TableOperation } from './house-function.js';
import { LifecycleStateMachine } from './lifecycle-state-machine.js';
import { ProvisioningStateMachine } from './provisioning-state-machine.js';
import type { StatefulResources } from './stateful-resources.js';

export interface StatelessResourcesProps {
  config: StackConfig;
  state: StatefulResources;
  /** The workers' timeouts; the queues' visibility timeouts are made from the same numbers. */
  workerTimeouts: { inbox: Duration; outbox: Duration; installWatch: Duration };
}

export type ProvisioningTasks = Record<
  'ensureUser' | 'ensureServer' | 'checkInstall' | 'deliverCredentials' | 'rollback',
  HouseFunction
>;

/** A function's id, short name, handler file and description, and what differs from the defaults. */
/**
 * The DynamoDB operations each function's code sends, read from its code path (the repositories its
 * compose* builds, shared/store/*.ts); tests/infra/grants.test.ts compares every policy with its own list.
 */
const TABLE_USE = {
  // orders: create and saveTransition (Put), get, lists and counts (Query); customers.touch (Update); the
  // dedupe row and its lease (Put, Get, Update, Delete); statuses on the sent log (Get, Update); receipt
  // drafts (Put, Get, Update) and receipt notes on an order's history (Update).
  inboxWorker: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
  // orders.get, customers.get (the 24-hour window), sent.record.
  outboxWorker: ['GetItem', 'PutItem'],
  // orders.get and recordProvisioning, customers.get and its updates (system-created user, password claim).
  task: ['GetItem', 'UpdateItem'],
  // ...and the sent log's record of the login it sends.
  deliverCredentials: ['GetItem', 'PutItem', 'UpdateItem'],
  // orders.get for each server that carries an order id; the panel budget's item (UpdateItem, GetItem).
  reconcile: ['GetItem', 'UpdateItem'],
  // orders.get and saveService (an update) for the server of the action.
  lifecycleTask: ['GetItem', 'UpdateItem'],
  // orders.listDue (the due index), get and saveService.
  lifecycleSweep: ['GetItem', 'UpdateItem', 'Query'],
} as const satisfies Record<string, readonly TableOperation[]>;

/**
 * How many batches each queue worker may work on at once: the event source's maximum concurrency, and the
 * concurrency reserved for the worker, so nothing else in the account (a flood at the webhook, another
 * app) can throttle it. Inbox: 5 chats at a time, each FIFO group in order. Outbox: few concurrent senders,
 * since WhatsApp limits messages per recipient pair and FIFO groups keep each chat in order. Install
 * watcher: 5 batches of looks, each look waiting its turn in the panel budget anyway.
 */
export const WORKER_CONCURRENCY = { inbox: 5, outbox: 2, installWatcher: 5 } as const;

type FunctionSpec = [id: string, name: string, entry: string, description: string, extra?: Partial<HouseFunctionProps>];

export class StatelessResources {
  readonly webhook: HouseFunction;
  readonly webhookUrl: FunctionUrl;
  /** The payment gateways' webhook and its Function URL (PAYMENT_PROVIDER stripe or midtrans only). */
  readonly paymentsWebhook?: HouseFunction;
  readonly paymentsWebhookUrl?: FunctionUrl;
  readonly tasks: ProvisioningTasks;
  readonly provisioning: ProvisioningStateMachine;
  /** One look per install-watch message; answers the paused CheckInstall (shared/app/provisioning/install-watch.ts). */
  readonly installWatcher: HouseFunction;
  readonly inboxWorker: HouseFunction;
  readonly outboxWorker: HouseFunction;
  readonly reconcile: HouseFunction;
  readonly lifecycle: LifecycleStateMachine;
  readonly lifecycleTask: HouseFunction;
  readonly lifecycleSweep: HouseFunction;
  /** Every function, by name: the alarms watch each one. */
  readonly functions: Record<string, HouseFunction>;

  constructor(scope: Construct, props: StatelessResourcesProps) {
    const { config: c, state } = props;
    const common = { namePrefix: c.namePrefix, logRetention: c.logRetention, removalPolicy: c.removalPolicy };
    const fn = ([id, name, entry, description, extra]: FunctionSpec) =>
      new HouseFunction(scope, id, { ...common, name, entry, description, environment: c.functionSettings, ...extra });

    this.webhook = webhookFunction(scope, c, state, common);
    this.webhookUrl = this.webhook.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    const gateway = c.settings.payments.provider !== 'manual';
    if (gateway) {
      this.paymentsWebhook = paymentsWebhookFunction(scope, c, state, common);
      this.paymentsWebhookUrl = this.paymentsWebhook.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    }

    this.tasks = provisioningTasks(fn);
    for (const [name, t] of Object.entries(this.tasks))
      t.bindTable(
        state.table,
        name === 'deliverCredentials' ? TABLE_USE.deliverCredentials : TABLE_USE.task,
      ).bindSecrets(state.secrets, 'panel');
    // Only the delivery task sends (the login) and writes to the outbox (to tell admins it could not).
    this.tasks.deliverCredentials
      .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
      .bindSecrets(state.secrets, 'whatsapp');
    this.provisioning = new ProvisioningStateMachine(scope, 'Provisioning', {
      functions: this.tasks,
      table: state.table,
      outbox: state.outbox.queue,
      installWatch: state.installWatch.queue,
      // Room for a lost watch's timeout and the one look after it (each up to the install timeout), and the
      // tasks' retries around them.
      executionTimeoutSeconds: 2 * c.settings.provisioning.installTimeoutSeconds + 6 * 3600,
      installTimeoutSeconds: c.settings.provisioning.installTimeoutSeconds,
      installPollSeconds: c.settings.provisioning.installPollSeconds,
      ...common,
    });
    this.installWatcher = installWatcher(fn, state, this.provisioning, props.workerTimeouts.installWatch);

    this.inboxWorker = fn([
      'InboxWorker',
      'inbox',
      'functions/inbox/handler.ts',
      'Inbox worker: the conversation with customers and admins.',
      { timeout: props.workerTimeouts.inbox, reservedConcurrentExecutions: WORKER_CONCURRENCY.inbox },
    ])
      .bindTable(state.table, TABLE_USE.inboxWorker)
      .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
      // The panel for the pre-flight and health; WhatsApp for replies sent directly (a password reset) and
      // for copying a payment receipt's file through the media endpoints (only its new id is queued).
      .bindSecrets(state.secrets, 'panel', 'whatsapp')
      .bindStateMachine(this.provisioning.stateMachine);
    // The gateway's keys: payment links, and Midtrans's status read back before a payment is acted on.
    if (gateway) this.inboxWorker.bindSecrets(state.secrets, 'payments');
    ({
      task: this.lifecycleTask,
      sweep: this.lifecycleSweep,
      machine: this.lifecycle,
    } = lifecycle(scope, fn, c, state, common));
    // Renewals and admins' !suspend/!unsuspend/!terminate start lifecycle executions.
    this.inboxWorker.bindLifecycle(this.lifecycle.stateMachine);
    this.inboxWorker.consumeQueue(state.inbox.queue, { batchSize: 10, maxConcurrency: WORKER_CONCURRENCY.inbox });

    this.outboxWorker = outboxWorker(fn, state, props.workerTimeouts.outbox);

    this.reconcile = reconciliation(scope, fn, state);

    this.functions = {
      webhook: this.webhook,
      inboxWorker: this.inboxWorker,
      outboxWorker: this.outboxWorker,
      reconcile: this.reconcile,
      lifecycleTask: this.lifecycleTask,
      lifecycleSweep: this.lifecycleSweep,
      ...this.tasks,
      installWatcher: this.installWatcher,
      ...(this.paymentsWebhook ? { paymentsWebhook: this.paymentsWebhook } : {}),
    };
    executionStoppedRule(scope, c.namePrefix, this.provisioning, state);
  }
}

/** The public webhook behind its Function URL: the inbox, the quarantine and its own secret, nothing else. */
function webhookFunction(
  scope: Construct,
  c: StackConfig,
  state: StatefulResources,
  common: Pick<HouseFunctionProps, 'namePrefix' | 'logRetention' | 'removalPolicy'>,
): HouseFunction {
  return new HouseFunction(scope, 'Webhook', {
    ...common,
    name: 'webhook',
    entry: 'functions/webhook/handler.ts',
    description: 'WhatsApp webhook: verify the signature, split the envelope, queue the events, answer 200.',
    memorySize: 256,
    timeout: Duration.seconds(10),
    // Public: its cap, so a flood of requests cannot take the account's concurrency (docs/operations.md).
    reservedConcurrentExecutions: c.webhookReservedConcurrency,
    // Its secret is read through AWS's extension over localhost, not the Secrets Manager SDK client, which
    // was a third of the webhook's cold import (issue 18); cached as long as the function caches it.
    paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
      cacheSize: 10,
      secretsManagerTtl: Duration.seconds(EXTENSION_SECRET_CACHE_SECONDS),
      logLevel: ParamsAndSecretsLogLevel.WARN,
    }),
  })
    .bindQueue(state.inbox.queue, 'INBOX_QUEUE_URL')
    .bindQueue(state.quarantine, 'WEBHOOK_QUARANTINE_QUEUE_URL')
    .bindSecrets(state.secrets, 'webhook');
}

/**
 * The payment gateways' webhook behind its own Function URL: proves the gateway's event with the gateway's
 * secret and queues it on the inbox, nothing else (no table, no WhatsApp, no panel).
 */
function paymentsWebhookFunction(
  scope: Construct,
  c: StackConfig,
  state: StatefulResources,
  common: Pick<HouseFunctionProps, 'namePrefix' | 'logRetention' | 'removalPolicy'>,
): HouseFunction {
  return (
    new HouseFunction(scope, 'PaymentsWebhook', {
      ...common,
      name: 'payments-webhook',
      entry: 'functions/payments/handler.ts',
      description:
        "Payment gateway webhook: verify the gateway's proof, queue the payment for the inbox worker, answer 200.",
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: { PAYMENT_PROVIDER: c.settings.payments.provider },
      // Public too: capped like the WhatsApp webhook.
      reservedConcurrentExecutions: c.webhookReservedConcurrency,
    })
      .bindQueue(state.inbox.queue, 'INBOX_QUEUE_URL')
      // Stripe's proof is its endpoint secret alone (never the API key); Midtrans signs with its server key.
      .bindSecrets(state.secrets, c.settings.payments.provider === 'stripe' ? 'paymentsWebhook' : 'payments')
  );
}

/** The outbox worker: sends, and backs a message off by its visibility (functions/outbox/handler.ts). */
function outboxWorker(fn: (spec: FunctionSpec) => HouseFunction, state: StatefulResources, timeout: Duration) {
  const worker = fn([
    'OutboxWorker',
    'outbox',
    'functions/outbox/handler.ts',
    'Outbox worker: sends WhatsApp messages, templates when the window is closed.',
    { timeout, reservedConcurrentExecutions: WORKER_CONCURRENCY.outbox },
  ])
    .bindTable(state.table, TABLE_USE.outboxWorker)
    .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
    .bindSecrets(state.secrets, 'whatsapp');
  worker.consumeQueue(state.outbox.queue, {
    batchSize: 10,
    maxConcurrency: WORKER_CONCURRENCY.outbox,
    delaysItems: true,
  });
  return worker;
}

/**
 * The install watcher: consumes the install-watch queue (one look per message, a batch at once), sends each
 * next look to the same queue, and answers the paused CheckInstall of the provisioning execution.
 */
function installWatcher(
  fn: (spec: FunctionSpec) => HouseFunction,
  state: StatefulResources,
  provisioning: ProvisioningStateMachine,
  timeout: Duration,
): HouseFunction {
  const watcher = fn([
    'InstallWatcherFn',
    'install-watcher',
    'functions/provisioning/install-watch.ts',
    'Provisioning: one look at an install per message; calls the execution back when it is done.',
    // A look is a read and a send; most of its time is the panel's answer: as small as it runs in.
    { timeout, memorySize: INSTALL_WATCHER_MEMORY_MB, reservedConcurrentExecutions: WORKER_CONCURRENCY.installWatcher },
  ])
    .bindTable(state.table, TABLE_USE.task)
    .bindQueue(state.installWatch.queue, 'INSTALL_WATCH_QUEUE_URL')
    .bindSecrets(state.secrets, 'panel');
  watcher.consumeQueue(state.installWatch.queue, { batchSize: 10, maxConcurrency: WORKER_CONCURRENCY.installWatcher });
  // SendTaskSuccess / SendTaskFailure on this state machine's tasks, nothing else (no heartbeat: none is asked).
  provisioning.stateMachine.grant(watcher, 'states:SendTaskSuccess', 'states:SendTaskFailure');
  return watcher;
}

/** The daily reconciliation of panel servers against their orders, and its schedule. */
function reconciliation(scope: Construct, fn: (spec: FunctionSpec) => HouseFunction, state: StatefulResources) {
  const reconcile = fn([
    'ReconcileFn',
    'reconcile',
    'functions/reconcile/handler.ts',
    'Daily: report panel servers whose order is not running or completed.',
    // Lists every server on the panel (100 a page) and reads each one's order.
    { timeout: Duration.minutes(5) },
  ])
    .bindTable(state.table, TABLE_USE.reconcile)
    .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
    .bindSecrets(state.secrets, 'panel');
  new Rule(scope, 'ReconcileSchedule', {
    description: 'Once a day, the reconciliation of panel servers against their orders.',
    schedule: Schedule.rate(Duration.days(1)),
    targets: [new LambdaFunction(reconcile, { retryAttempts: 2 })],
  });
  return reconcile;
}

/**
 * A server's life: the lifecycle state machine and the function that runs its tasks, and the sweep on its
 * schedule (LIFECYCLE_SWEEP_SECONDS, rounded up to whole minutes: EventBridge's finest rate).
 */
function lifecycle(
  scope: Construct,
  fn: (spec: FunctionSpec) => HouseFunction,
  c: StackConfig,
  state: StatefulResources,
  common: Pick<HouseFunctionProps, 'namePrefix' | 'logRetention' | 'removalPolicy'>,
) {
  const task = fn([
    'LifecycleTaskFn',
    'lifecycle-task',
    'functions/lifecycle/task.ts',
    'Lifecycle: suspend, unsuspend or terminate a server, read it back, record it, tell people.',
    // Its panel calls wait their turn in the shared budget like the provisioning tasks'.
    { timeout: Duration.seconds(WAITING_TASK_TIMEOUT_SECONDS) },
  ])
    .bindTable(state.table, TABLE_USE.lifecycleTask)
    .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
    .bindSecrets(state.secrets, 'panel');
  const machine = new LifecycleStateMachine(scope, 'Lifecycle', { task, ...common });
  const sweep = fn([
    'LifecycleSweepFn',
    'lifecycle-sweep',
    'functions/lifecycle/sweep.ts',
    'Lifecycle sweep: reminders, last warnings, and the actions that are due.',
    { timeout: Duration.minutes(2), reservedConcurrentExecutions: 1 },
  ])
    .bindTable(state.table, TABLE_USE.lifecycleSweep)
    .bindQueue(state.outbox.queue, 'OUTBOX_QUEUE_URL')
    .bindLifecycle(machine.stateMachine, { describe: true });
  new Rule(scope, 'LifecycleSchedule', {
    description: 'The lifecycle sweep: what is due (reminders, suspensions, terminations) is done.',
    schedule: Schedule.rate(Duration.minutes(Math.max(1, Math.ceil(c.settings.lifecycle.sweepSeconds / 60)))),
    targets: [new LambdaFunction(sweep, { retryAttempts: 0 })],
  });
  return { task, sweep, machine };
}

/** The five Lambda tasks of the state machine. */
function provisioningTasks(fn: (spec: FunctionSpec) => HouseFunction): ProvisioningTasks {
  // Every task calls the panel, and each call may wait its turn in the shared budget (a burst of orders):
  // PANEL_SLOT_WAIT_SECONDS per call. DeliverCredentials may also wait for another try's password claim and
  // out an earlier password write; Rollback out a server create whose answer was lost.
  const timeout = Duration.seconds(WAITING_TASK_TIMEOUT_SECONDS);
  return {
    ensureUser: fn([
      'EnsureUserFn',
      'ensure-user',
      'functions/provisioning/ensure-user.ts',
      "Provisioning: the customer's panel user.",
      { timeout },
    ]),
    ensureServer: fn([
      'EnsureServerFn',
      'ensure-server',
      'functions/provisioning/ensure-server.ts',
      "Provisioning: the order's server.",
      { timeout },
    ]),
    // Called only by executions started before the install watch (deployed mid-install): they wait on their
    // own definition's CheckInstall. Remove once none can be running or be redriven: 14 days (the redrive
    // window) after the last such execution ended.
    checkInstall: fn([
      'CheckInstallFn',
      'check-install',
      'functions/provisioning/check-install.ts',
      'Provisioning (executions started before the install watch): is the server installed?',
      { timeout, memorySize: CHECK_INSTALL_MEMORY_MB },
    ]),
    deliverCredentials: fn([
      'DeliverCredentialsFn',
      'deliver-credentials',
      'functions/provisioning/deliver-credentials.ts',
      'Provisioning: set the password and send the login.',
      { timeout },
    ]),
    rollback: fn([
      'RollbackFn',
      'rollback',
      'functions/provisioning/rollback.ts',
      'Provisioning: remove what this order created.',
      { timeout },
    ]),
  };
}

/**
 * An execution that stops at a step without a Catch (Rollback, DeliverCredentials, a notice) after its
 * retries leaves the order PROVISIONING. This rule puts a notice on the outbox, which tells the admins where
 * it stopped and how to resume it (and ignores executions whose rollback already told them).
 */
function executionStoppedRule(
  scope: Construct,
  prefix: string,
  provisioning: ProvisioningStateMachine,
  state: StatefulResources,
): Rule {
  return new Rule(scope, 'ExecutionStopped', {
    ruleName: `${prefix}-execution-stopped`,
    description: 'Provisioning executions that ended FAILED, TIMED_OUT or ABORTED → outbox notice to the admins.',
    eventPattern: {
      source: ['aws.states'],
      detailType: ['Step Functions Execution Status Change'],
      detail: {
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        stateMachineArn: [provisioning.stateMachine.stateMachineArn],
      },
    },
    targets: [
      new SqsQueueTarget(state.outbox.queue, {
        messageGroupId: 'execution-stopped',
        message: RuleTargetInput.fromObject({
          type: 'execution-stopped',
          execution: EventField.fromPath('$.detail.name'),
          status: EventField.fromPath('$.detail.status'),
          error: EventField.fromPath('$.detail.error'),
        }),
      }),
    ],
  });
}
