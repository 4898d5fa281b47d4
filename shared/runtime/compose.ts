// The composition root of the inbox, outbox and provisioning functions: settings and wiring read once,
// clients created once, adapters wired to ports. Each Lambda entry calls its own compose*() with
// process.env; the local stack and the integration tests call composeApp() with emulator clients and the
// local fakes. (The webhook has its own, smaller root: shared/runtime/compose-webhook.ts.)

import { randomBytes } from 'node:crypto';
import type { InboxDeps } from '../app/inbox-event.js';
import type { LifecycleDeps, LifecycleRunner } from '../app/lifecycle/context.js';
import type { OutboxDeps } from '../app/outbox-delivery.js';
import { generatePassword } from '../app/password-generator.js';
import type { PaymentGateway } from '../app/payments/port.js';
import {
  type Clock,
  type CountMetric,
  type Log,
  type MessageSender,
  type Outbox,
  type ProvisioningRunner,
  systemClock,
} from '../app/ports.js';
import { PANEL_SLOT_WAIT_SECONDS, WAITING_TASK_TIMEOUT_SECONDS } from '../app/provisioning/context.js';
import type { InstallWatchDeps } from '../app/provisioning/install-watch.js';
import { checkInstall, type ProvisioningDeps, rollback } from '../app/provisioning.js';
import type { ReconcileDeps } from '../app/reconcile.js';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { SfnTaskCallbacks, SqsInstallWatchQueue } from '../aws/install-watch.js';
import { StepFunctionsLifecycleRunner } from '../aws/lifecycle-runner.js';
import { QueueOutbox } from '../aws/outbox-queue.js';
import { SqsQueue } from '../aws/queue.js';
import { StepFunctionsRunner } from '../aws/sfn-runner.js';
import { type Env, readPart } from '../config/env-reader.js';
import type { SecretsPort } from '../config/secrets.js';
import { awsSecretsFor } from '../config/secrets-manager.js';
import { readSettings, type Settings } from '../config/settings.js';
import { PacedTransport, type PacingClock, PanelPacer } from '../panel/pacing.js';
import { PterodactylPanel } from '../panel/pterodactyl.js';
import type { PanelMetadataCache } from '../panel/types.js';
import { paymentGateway } from '../payments/index.js';
import { DynamoCustomerRepository } from '../store/customers.js';
import { DynamoInboundDedupe, DynamoSentMessageLog } from '../store/message-records.js';
import { DynamoOrderRepository } from '../store/orders.js';
import { DynamoPanelBudget } from '../store/panel-budget.js';
import { DynamoReceiptRecords } from '../store/receipts.js';
import { GraphClient } from '../whatsapp/graph-client.js';
import { GraphMedia } from '../whatsapp/graph-media.js';
import { type Observability, observability } from './observability.js';
import { GraphSender } from './sender.js';

export interface Overrides {
  clients?: AwsClients;
  secrets?: SecretsPort;
  runner?: ProvisioningRunner;
  lifecycleRunner?: LifecycleRunner;
  clock?: Clock;
  log?: Log;
  metric?: CountMetric;
  /** A gateway instead of PAYMENT_PROVIDER's (tests). */
  gateway?: PaymentGateway;
  /** Shorter panel and Graph timeouts (tests of "the answer was lost"). */
  timeouts?: Timeouts;
  /** The clock the panel budget is paced on (the bench runs the panel's minute faster). */
  pacingClock?: PacingClock;
}

/**
 * How long one panel call may wait for its slot in the shared budget. A task waits its turn (a burst is
 * served first come, first served, with no 429 and no retry); a worker answering a person waits little and
 * otherwise treats the panel as rate limiting (the pre-flight is then skipped, as on a 429).
 */
export const PANEL_SLOT_WAIT_MS = { task: PANEL_SLOT_WAIT_SECONDS * 1000, worker: 5_000 } as const;

export interface Timeouts {
  panelReadMs?: number;
  panelWriteMs?: number;
  panelCreateServerMs?: number;
  graphMs?: number;
}

export interface Wiring {
  tableName: string;
  /** Absent where nothing is sent (the provisioning tasks other than DeliverCredentials). */
  outboxQueueUrl?: string;
  /** Absent where no execution is started (outbox, provisioning tasks). */
  stateMachineArn?: string;
  /** The lifecycle state machine: where suspensions, unsuspensions and terminations are started. */
  lifecycleStateMachineArn?: string;
  /** The install watcher's own queue (it sends each next look there). */
  installWatchQueueUrl?: string;
}

export interface App {
  settings: Settings;
  inbox: InboxDeps;
  outbox: OutboxDeps;
  provisioning: ProvisioningDeps;
  reconcile: ReconcileDeps;
  lifecycle: LifecycleDeps;
}

export function readWiring(env: Env): Wiring {
  return readPart(env, (r) => {
    const outbox = r.optionalString('OUTBOX_QUEUE_URL');
    const arn = r.optionalString('STATE_MACHINE_ARN');
    const lifecycleArn = r.optionalString('LIFECYCLE_STATE_MACHINE_ARN');
    const installWatch = r.optionalString('INSTALL_WATCH_QUEUE_URL');
    return {
      tableName: r.string('TABLE_NAME'),
      ...(outbox ? { outboxQueueUrl: outbox } : {}),
      ...(arn ? { stateMachineArn: arn } : {}),
      ...(lifecycleArn ? { lifecycleStateMachineArn: lifecycleArn } : {}),
      ...(installWatch ? { installWatchQueueUrl: installWatch } : {}),
    };
  });
}

/** Everything the use cases share, built once: stores, queues, the panel, the sender, the runner. */
interface Core {
  settings: Settings;
  wiring: Wiring;
  clients: AwsClients;
  clock: Clock;
  log: Log;
  metric: CountMetric;
  stores: ReturnType<typeof stores>;
  outbox: Outbox;
  /** The panel as the tasks call it: a call waits its turn in the shared budget (PANEL_SLOT_WAIT_MS.task). */
  panel: PterodactylPanel;
  /** The panel as the workers call it: a call waits briefly (PANEL_SLOT_WAIT_MS.worker). */
  workerPanel: PterodactylPanel;
  sender: MessageSender;
  /** The Cloud API's media endpoints (a receipt's file, copied for the admins). */
  media: GraphMedia;
  runner: ProvisioningRunner;
  lifecycleRunner: LifecycleRunner;
  /** PAYMENT_PROVIDER's gateway; absent for manual. */
  gateway?: PaymentGateway;
  guards: { passwordWriteGuardMs: number; serverCreateGuardMs: number; deliveryLeaseMs: number };
  /** The local stack's time scale (its sleeps), when it runs one. */
  pacingClock?: PacingClock;
}

/** `slotWaitMs`: one function's wait for a panel slot; without it (every use case at once) each gets its own. */
function core(env: Env, o: Overrides, obs: () => Pick<Observability, 'log' | 'metric'>, slotWaitMs?: number): Core {
  const settings = readSettings(env);
  const wiring = readWiring(env);
  const clients = o.clients ?? createAwsClients();
  const secrets = o.secrets ?? awsSecretsFor(env);
  const fallback = o.log && o.metric ? undefined : obs();
  const metadata: PanelMetadataCache = new Map();
  const panelWaiting = (ms: number) =>
    panel(settings, secrets, o.timeouts ?? {}, pacer(settings, clients, wiring, ms, o.pacingClock), metadata);
  const taskPanel = panelWaiting(slotWaitMs ?? PANEL_SLOT_WAIT_MS.task);
  return {
    settings,
    wiring,
    clients,
    clock: o.clock ?? systemClock,
    log: o.log ?? fallback!.log,
    metric: o.metric ?? fallback!.metric,
    stores: stores(clients, wiring.tableName),
    outbox: wiring.outboxQueueUrl ? new QueueOutbox(new SqsQueue(clients.sqs, wiring.outboxQueueUrl)) : missingOutbox(),
    panel: taskPanel,
    workerPanel: slotWaitMs === undefined ? panelWaiting(PANEL_SLOT_WAIT_MS.worker) : taskPanel,
    sender: sender(settings, secrets, o.timeouts),
    media: new GraphMedia({
      baseUrl: settings.whatsapp.graphUrl,
      apiVersion: settings.whatsapp.apiVersion,
      phoneNumberId: settings.whatsapp.phoneNumberId,
      accessToken: () => secrets.required('WHATSAPP_ACCESS_TOKEN'),
      ...(o.timeouts?.graphMs ? { timeoutMs: o.timeouts.graphMs } : {}),
    }),
    runner:
      o.runner ??
      (wiring.stateMachineArn ? new StepFunctionsRunner(clients.sfn, wiring.stateMachineArn) : missingRunner()),
    lifecycleRunner:
      o.lifecycleRunner ??
      (wiring.lifecycleStateMachineArn
        ? new StepFunctionsLifecycleRunner(clients.sfn, wiring.lifecycleStateMachineArn)
        : missingLifecycleRunner()),
    ...withGateway(o.gateway ?? paymentGateway(settings.payments, secrets)),
    guards: guards(o.timeouts),
    ...(o.pacingClock ? { pacingClock: o.pacingClock } : {}),
  };
}

const withGateway = (gateway: PaymentGateway | undefined) => (gateway ? { gateway } : {});

/**
 * A write the client gave up on after its timeout is assumed landed or dead by 1.5× that timeout. A try
 * of DeliverCredentials holds the password claim longer than it can run: it may wait out an earlier write,
 * then write (GET + PATCH) and send (free-form, then the template).
 */
function guards(t?: Timeouts) {
  const write = t?.panelWriteMs ?? 20_000;
  const passwordWriteGuardMs = 1.5 * write;
  return {
    passwordWriteGuardMs,
    // Twice the create's timeout: it is counted from before the try's lookups, which come before the POST.
    serverCreateGuardMs: 2 * (t?.panelCreateServerMs ?? 45_000),
    // Deployed: as long as the function may run, so a slow try's claim is never taken from under it.
    deliveryLeaseMs: t
      ? passwordWriteGuardMs + 2 * write + 2 * (t.graphMs ?? 10_000)
      : WAITING_TASK_TIMEOUT_SECONDS * 1000,
  };
}

function stores(clients: AwsClients, tableName: string) {
  return {
    orders: new DynamoOrderRepository(clients.dynamodb, tableName),
    customers: new DynamoCustomerRepository(clients.dynamodb, tableName),
    sent: new DynamoSentMessageLog(clients.dynamodb, tableName),
    dedupe: new DynamoInboundDedupe(clients.dynamodb, tableName),
    receipts: new DynamoReceiptRecords(clients.dynamodb, tableName),
  };
}

/** The shared budget of panel calls (PANEL_RATE_LIMIT_PER_MINUTE), kept in the table. */
function pacer(
  settings: Settings,
  clients: AwsClients,
  wiring: Wiring,
  maxWaitMs: number,
  clock: PacingClock | undefined,
): PanelPacer {
  return new PanelPacer({
    store: new DynamoPanelBudget(clients.dynamodb, wiring.tableName),
    perMinute: settings.panel.rateLimitPerMinute,
    maxWaitMs,
    ...(clock ? { clock } : {}),
  });
}

function panel(
  settings: Settings,
  secrets: SecretsPort,
  t: Timeouts,
  budget: PanelPacer,
  cache: PanelMetadataCache,
): PterodactylPanel {
  const timeouts = {
    ...(t.panelReadMs ? { readMs: t.panelReadMs } : {}),
    ...(t.panelWriteMs ? { writeMs: t.panelWriteMs } : {}),
    ...(t.panelCreateServerMs ? { createServerMs: t.panelCreateServerMs } : {}),
  };
  return new PterodactylPanel({
    baseUrl: settings.panel.url,
    apiKey: () => secrets.required('PTERODACTYL_ADMIN_API_KEY'),
    emailDomain: settings.panel.emailDomain,
    ...(Object.keys(timeouts).length > 0 ? { timeouts } : {}),
    decorate: (http) => new PacedTransport(http, budget),
    cache,
  });
}

function sender(settings: Settings, secrets: SecretsPort, t: Timeouts = {}): MessageSender {
  const graph = new GraphClient({
    baseUrl: settings.whatsapp.graphUrl,
    apiVersion: settings.whatsapp.apiVersion,
    phoneNumberId: settings.whatsapp.phoneNumberId,
    accessToken: () => secrets.required('WHATSAPP_ACCESS_TOKEN'),
    ...(t.graphMs ? { timeoutMs: t.graphMs } : {}),
  });
  return new GraphSender(graph, settings.whatsapp.templateLanguages);
}

function outboxDeps(c: Core): OutboxDeps {
  const { orders, customers, sent } = c.stores;
  const { adminIds, shop } = c.settings;
  return {
    orders,
    customers,
    sent,
    outbox: c.outbox,
    sender: c.sender,
    clock: c.clock,
    adminIds,
    shop,
    log: c.log,
    metric: c.metric,
  };
}

function inboxDeps(c: Core): InboxDeps {
  const s = c.settings;
  return {
    orders: c.stores.orders,
    customers: c.stores.customers,
    dedupe: c.stores.dedupe,
    phoneNumberId: s.whatsapp.phoneNumberId,
    outbox: c.outbox,
    runner: c.runner,
    panel: c.workerPanel,
    settings: {
      catalogue: s.catalogue,
      shop: s.shop,
      adminIds: s.adminIds,
      autoProvisioning: s.provisioning.autoProvisioning,
      payment: s.lifecycle.payment,
    },
    clock: c.clock,
    randomBytes: (n) => randomBytes(n),
    log: c.log,
    metric: c.metric,
    ...withGateway(c.gateway),
    statusDeps: outboxDeps(c),
    // A password reset sends directly, as DeliverCredentials does, under the same guards and claim lease.
    passwords: {
      sender: c.sender,
      sent: c.stores.sent,
      generatePassword: () => generatePassword(),
      passwordWriteGuardMs: c.guards.passwordWriteGuardMs,
      deliveryLeaseMs: c.guards.deliveryLeaseMs,
    },
    // An admin's cancel of a stopped provisioning runs the state machine's own Rollback task.
    // In the worker, a server create that may still land is not waited out (it could take longer than the
    // invocation): the cancel fails and its message comes back once that create can no longer land.
    rollback: (orderId, attempt) => rollback({ ...provisioningDeps(c), sleep: refuseLongWaits }, { orderId, attempt }),
    lifecycle: {
      runner: c.lifecycleRunner,
      panel: lifecyclePanel(c.workerPanel),
      policy: s.lifecycle.policy,
      payment: s.lifecycle.payment,
    },
    // A receipt's file is copied here, in the worker (its WhatsApp secret), and only the new id is queued.
    media: c.media,
    receipts: c.stores.receipts,
  };
}

function lifecyclePanel(p: PterodactylPanel): LifecycleDeps['panel'] {
  return {
    serverOf: (orderId) => p.serverOf(orderId),
    serverById: (id) => p.serverById(id),
    suspendServer: (id) => p.suspendServer(id),
    unsuspendServer: (id) => p.unsuspendServer(id),
    terminateServer: (id) => p.terminateServer(id),
    roomFor: (orderId, extra) => p.roomFor(orderId, extra),
    rebuildServer: (id, r) => p.rebuildServer(id, r),
  };
}

function lifecycleDeps(c: Core): LifecycleDeps & { readUnits: () => number | undefined } {
  const s = c.settings;
  return {
    orders: c.stores.orders,
    outbox: c.outbox,
    panel: lifecyclePanel(c.panel),
    runner: c.lifecycleRunner,
    policy: s.lifecycle.policy,
    payment: s.lifecycle.payment,
    clock: c.clock,
    log: c.log,
    adminIds: s.adminIds,
    shop: s.shop,
    readUnits: () => c.stores.orders.lastReadUnits,
  };
}

function provisioningDeps(c: Core): ProvisioningDeps {
  const s = c.settings;
  return {
    orders: c.stores.orders,
    customers: c.stores.customers,
    sent: c.stores.sent,
    panel: c.panel,
    sender: c.sender,
    outbox: c.outbox,
    clock: c.clock,
    catalogue: s.catalogue,
    shop: s.shop,
    adminIds: s.adminIds,
    installTimeoutSeconds: s.provisioning.installTimeoutSeconds,
    installPollSeconds: s.provisioning.installPollSeconds,
    // A time-scaled stack (tests, the bench) runs the waits inside CheckInstall at its own pace.
    ...(c.pacingClock ? { installPollSleep: c.pacingClock.sleep } : {}),
    ...c.guards,
    generatePassword: () => generatePassword(),
    log: c.log,
  };
}

/** Every use case at once, for the local stack and the integration tests. */
export function composeApp(env: Env, o: Overrides = {}): App {
  const c = core(env, o, () => observability(env.POWERTOOLS_SERVICE_NAME ?? 'spawnpoint'));
  return {
    settings: c.settings,
    inbox: inboxDeps(c),
    outbox: outboxDeps(c),
    provisioning: provisioningDeps(c),
    reconcile: reconcileDeps(c),
    lifecycle: lifecycleDeps(c),
  };
}

/** The composition root of one Lambda function: its deps and its Powertools logger and metrics. */
export interface Composed<D> {
  deps: D;
  observability: Observability;
  clients: AwsClients;
  wiring: Wiring;
}

function composeFunction<D>(env: Env, build: (c: Core) => D, slotWaitMs: number): Composed<D> {
  const obs = observability(env.POWERTOOLS_SERVICE_NAME ?? 'spawnpoint');
  const c = core(env, {}, () => obs, slotWaitMs);
  return { deps: build(c), observability: obs, clients: c.clients, wiring: c.wiring };
}

function reconcileDeps(c: Core): ReconcileDeps {
  const panel = c.workerPanel;
  return {
    panel: { listServers: () => panel.listServers() },
    orders: c.stores.orders,
    outbox: c.outbox,
    adminIds: c.settings.adminIds,
    shop: c.settings.shop,
    clock: c.clock,
    log: c.log,
  };
}

const { task, worker } = PANEL_SLOT_WAIT_MS;
export const composeInbox = (env: Env) => composeFunction(env, inboxDeps, worker);
export const composeReconcile = (env: Env) => composeFunction(env, reconcileDeps, worker);
export const composeOutbox = (env: Env) => composeFunction(env, outboxDeps, worker);
export const composeProvisioning = (env: Env) => composeFunction(env, provisioningDeps, task);
/** The lifecycle sweep and the lifecycle state machine's tasks. */
export const composeLifecycle = (env: Env) => composeFunction(env, lifecycleDeps, task);
/** The install watcher: one look per message (CheckInstall's), answered through Step Functions' callbacks. */
export const composeInstallWatch = (env: Env) => composeFunction(env, installWatchDeps, task);

function installWatchDeps(c: Core): InstallWatchDeps {
  const url = c.wiring.installWatchQueueUrl;
  if (!url) throw new Error('INSTALL_WATCH_QUEUE_URL is required by the install watcher');
  const deps = provisioningDeps(c);
  return {
    callbacks: new SfnTaskCallbacks(c.clients.sfn),
    queue: new SqsInstallWatchQueue(c.clients.sqs, url),
    log: c.log,
    look: (input) => checkInstall(deps, input),
  };
}

/** The longest wait a worker's use case may do inside one message; a longer one fails the message for later. */
const MAX_WAIT_IN_WORKER_MS = 20_000;

async function refuseLongWaits(ms: number): Promise<void> {
  if (ms > MAX_WAIT_IN_WORKER_MS) {
    throw new Error(`A server create may still land for ${Math.ceil(ms / 1000)} s; the cancel runs again after it`);
  }
  await new Promise((r) => setTimeout(r, ms));
}

function missingOutbox(): Outbox {
  return {
    enqueue: async () => {
      throw new Error('OUTBOX_QUEUE_URL is not set for this function');
    },
  };
}

function missingLifecycleRunner(): LifecycleRunner {
  const fail = async (): Promise<never> => {
    throw new Error('LIFECYCLE_STATE_MACHINE_ARN is not set for this function');
  };
  return { start: fail, status: fail };
}

function missingRunner(): ProvisioningRunner {
  const fail = async (): Promise<never> => {
    throw new Error('STATE_MACHINE_ARN is not set for this function');
  };
  return { start: fail, redrive: fail, describe: fail };
}
