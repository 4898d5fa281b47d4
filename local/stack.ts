// The whole system on one machine: the real handlers on local stand-ins. DynamoDB and SQS emulators,
// pollers acting as the Lambda event sources, the state machine synthesized from the CDK app, the signed
// webhook path, and (unless real ones are configured) the fake panel and fake Graph API.
// `npm start`, the demo, the browser test and the integration tests all run this same assembly.

import './polyfills.js';
import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createInboxHandler } from '../functions/inbox/inbox-batch.js';
import { createLifecycleTasks } from '../functions/lifecycle/tasks.js';
import { createOutboxHandler } from '../functions/outbox/outbox-batch.js';
import { createInstallWatchHandler } from '../functions/provisioning/install-watch-batch.js';
import { createTaskHandlers, type TaskHandlers } from '../functions/provisioning/tasks.js';
import { createWebhookHandler } from '../functions/webhook/function-url.js';
import type { LifecycleRunner } from '../shared/app/lifecycle/context.js';
import { type SweepReport, sweepDue } from '../shared/app/lifecycle/sweep.js';
import type { Clock, CountMetric, Log, ProvisioningRunner } from '../shared/app/ports.js';
import { WATCHER_TIMEOUT_SECONDS } from '../shared/app/provisioning/install-watch.js';
import type { Env } from '../shared/config/env-reader.js';
import { EnvSecrets } from '../shared/config/secrets.js';
import type { PacingClock } from '../shared/panel/pacing.js';
import { type App, composeApp } from '../shared/runtime/compose.js';
import { composeWebhook } from '../shared/runtime/compose-webhook.js';
import { signBody } from '../shared/whatsapp/signature.js';
import { LOCAL_DEFAULTS } from './defaults.js';
import { type Emulators, LOOPBACK, startEmulators } from './emulators.js';
import { type InboundContent, messageEnvelope } from './envelope.js';
import { type FakeGraph, startFakeGraph } from './fake-graph/fake-graph.js';
import { type FakePanel, type FakePanelFaults, startFakePanel } from './fake-panel/index.js';
import { type LocalPayments, startGatewayFake, startPaymentWebhook } from './payments.js';
import { QueuePoller } from './poller.js';
import { resumeAfterRestart } from './restart.js';
import { synthesizeDefinition } from './sfn/definition.js';
import { type ExecutionRecord, LocalStepFunctions, type RecordedEvent } from './sfn/runner.js';
import { DataDir } from './store.js';

export type Pace = 'test' | 'interactive';

export interface LocalStackOptions {
  /** Settings and secrets (merged over the local defaults). */
  env?: Env;
  /** `test`: waits and retries in milliseconds, settle() drives the queues. `interactive`: pollers run by themselves. */
  pace?: Pace;
  panelFaults?: Partial<FakePanelFaults>;
  log?: Log;
  /** Wraps every task handler (fault injection: crash after the panel call, ...). */
  wrapTasks?: (tasks: TaskHandlers) => TaskHandlers;
  onExecutionEvent?: (execution: ExecutionRecord, event: RecordedEvent) => void;
  /** The functions' clock (tests move it forward to pass the install deadline without waiting). */
  clock?: Clock;
  /** Wraps the lifecycle task handlers (fault injection). */
  wrapLifecycleTasks?: (tasks: LifecycleTaskHandlers) => LifecycleTaskHandlers;
  /**
   * Keep the table, the fake panel, the fake Graph API's messages and the clock's offset in this directory
   * across restarts (store.ts; `npm start` gives DATA_DIR). Without it everything is in memory.
   */
  dataDir?: string;
  /** Receives every metric the functions count (tests of the alarms' metrics). */
  metric?: CountMetric;
  /** How far ahead of the real clock the simulation's clock starts (default: as kept in dataDir, else 0). */
  clockOffsetMs?: number;
  /**
   * Runs the state machines' own time (retry intervals, back-off, jitter, Waits) and the panel budget's clock
   * this many times faster, as the bench does with a fake panel whose minute is as much shorter. Without it,
   * test pace uses a fixed 1 ms retry and 5 ms waits.
   */
  timeScale?: number;
}

/** How long a stop of a kept stack lets running executions finish before it aborts them (they start again). */
const STOP_GRACE_MS = 1500;

export type LifecycleTaskHandlers = ReturnType<typeof createLifecycleTasks>;

export interface LocalStack {
  env: Record<string, string>;
  emulators: Emulators;
  panel?: FakePanel;
  graph?: FakeGraph;
  sfn: LocalStepFunctions;
  /** The lifecycle state machine (suspend, unsuspend, terminate), run like the provisioning one. */
  lifecycleSfn: LocalStepFunctions;
  app: App;
  /** Runs the lifecycle sweep once, as the schedule does (npm start runs it every LIFECYCLE_SWEEP_SECONDS). */
  sweep(): Promise<SweepReport>;
  /**
   * The functions' clock, which the page can move forward to watch a month pass (without a `clock` option;
   * with one, the caller moves its own). `advance` moves it and runs the sweep at once.
   */
  clock: { now(): Date; offsetMs(): number; advance(ms: number): Promise<SweepReport> };
  webhook: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  /** The payment gateways' webhook and, with PAYMENT_PROVIDER set, the gateway's fake. */
  payments: LocalPayments;
  /** Posts a signed inbound message through the webhook, as Meta would; returns the wamid. */
  send(from: string, content: InboundContent, name?: string): Promise<string>;
  say(from: string, text: string, name?: string): Promise<string>;
  tap(from: string, id: string, title?: string): Promise<string>;
  /** Posts a raw body through the webhook (signed with the app secret unless `signature` is given). */
  postRaw(body: string, signature?: string | null): Promise<APIGatewayProxyStructuredResultV2>;
  /** Runs queues and executions until nothing is left to do (test pace). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const pace = options.pace ?? 'test';
  const env: Record<string, string> = { ...LOCAL_DEFAULTS };
  // Tests run many orders in seconds: their budget is as wide as it goes (the fake panel's own limit still
  // answers 429), unless a test sets one. `npm start` paces like a deployment (default 200 a minute).
  if (pace === 'test') env.PANEL_RATE_LIMIT_PER_MINUTE = '100000';
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;

  const log = options.log ?? silent;
  const kept = options.dataDir ? new DataDir(options.dataDir) : undefined;
  let offsetMs = options.clockOffsetMs ?? kept?.clockOffsetMs() ?? 0;
  const clock: Clock = options.clock ?? { now: () => new Date(Date.now() + offsetMs) };
  const emulators = await startEmulators(kept ? { dynamoPath: kept.dynamoPath } : {});
  const { panel, graph } = await startFakes(env, pace, options.panelFaults, kept, log);
  const gatewayFakes = await startGatewayFake(env, pace);
  env.TABLE_NAME = emulators.tableName;
  env.OUTBOX_QUEUE_URL = emulators.queues.outbox;

  const { asl, lifecycleAsl } = synthesizeDefinition(env);
  const secrets = new EnvSecrets(env);
  const metric = options.metric ?? (() => {});
  const { app, lateLifecycle, bind } = localApp(env, {
    emulators,
    secrets,
    log,
    clock,
    pace,
    metric,
    ...scaled(options, pace),
  });
  const scale = delayScale(options, pace);
  const sendLater = delayedSender(emulators, scale, log);
  const provisioningTasks = createTaskHandlers(app.provisioning);
  const tasks = options.wrapTasks ? options.wrapTasks(provisioningTasks) : provisioningTasks;
  const runner = newRunner(asl, app, emulators, pace, options, { tasks, sendLater });
  const lifecycleSfn = newLifecycleRunner(lifecycleAsl, app, emulators, pace, options);
  bind(runner, lifecycleSfn);
  const sweep = () => sweepDue(app.lifecycle);
  if (kept) await resumeAfterRestart(app, { provisioning: runner, lifecycle: lateLifecycle }, sweep, log);
  const sweeper = pace === 'interactive' ? startSweeper(sweep, app.settings.lifecycle.sweepSeconds, log) : undefined;
  const webhook = localWebhook(env, emulators, secrets, log);
  const payments = await startPaymentWebhook(env, gatewayFakes, { emulators, secrets, log, metric });

  const pollers = newPollers(app, emulators, pace, log);
  // The install watcher's event source runs by itself at every pace, as Lambda's would: a paused execution
  // waits for it whether or not anyone settles the stack.
  const watcher = installWatchPoller(emulators, { runner, look: tasks.CheckInstall, sendLater, log, scale });
  watcher.start(WATCHER_LOOPS);
  const postRaw = webhookPoster(webhook, env);
  const inFlight = forwardStatuses(graph, postRaw, log);
  const send = inboundSender(postRaw, env, clock);

  if (pace === 'interactive') {
    pollers.inbox.start();
    pollers.outbox.start();
  }

  return {
    env,
    emulators,
    ...(panel ? { panel } : {}),
    ...(graph ? { graph } : {}),
    sfn: runner,
    lifecycleSfn,
    app,
    sweep,
    clock: {
      now: () => clock.now(),
      offsetMs: () => offsetMs,
      async advance(ms: number) {
        offsetMs += Math.max(0, ms);
        kept?.saveClock(offsetMs);
        return sweepUntilQuiet(sweep, lifecycleSfn);
      },
    },
    webhook,
    payments,
    send,
    say: (from, text, name) => send(from, { text }, name),
    tap: (from, id, title) => send(from, { reply: { id, title: title ?? id.slice(0, 20) } }),
    postRaw,
    settle: (timeoutMs) => settle({ pollers, runners: [runner, lifecycleSfn], emulators, inFlight }, timeoutMs),
    async stop() {
      if (sweeper) clearInterval(sweeper);
      await payments.stop();
      await stopParts({ pollers, watcher, runners: [runner, lifecycleSfn], graph, panel, emulators, kept });
    },
  };
}

/**
 * Stops what runs: a kept stack does not wait long for running executions (they start again next time:
 * restart.ts), and writes the panel's rows once more (they are written after every change already).
 */
async function stopParts(p: {
  pollers: Pollers;
  watcher: QueuePoller;
  runners: LocalStepFunctions[];
  graph: FakeGraph | undefined;
  panel: FakePanel | undefined;
  emulators: Emulators;
  kept: DataDir | undefined;
}): Promise<void> {
  await Promise.all([p.pollers.inbox.stop(), p.pollers.outbox.stop()]);
  // A kept stack's paused executions start again next time: its watcher stops at once, beside the runners'
  // grace. In memory, running executions finish first, and they may be waiting for the watcher.
  if (p.kept) await Promise.all([p.watcher.stop(), ...p.runners.map((r) => r.abandon(STOP_GRACE_MS))]);
  else {
    for (const r of p.runners) await r.idle().catch(() => undefined);
    await p.watcher.stop();
  }
  await p.graph?.close();
  await p.panel?.close();
  if (p.kept && p.panel) p.kept.savePanel(p.panel);
  await p.emulators.stop();
}

/**
 * The fake panel and fake Graph API, unless real ones are configured; their URLs and keys go into `env`.
 * Like the emulators they listen on loopback only (HOST is the page's and the webhook's, not theirs).
 */
async function startFakes(
  env: Record<string, string>,
  pace: Pace,
  panelFaults: Partial<FakePanelFaults> | undefined,
  kept: DataDir | undefined,
  log: Log,
): Promise<{ panel?: FakePanel; graph?: FakeGraph }> {
  const faults = { installDelayMs: pace === 'test' ? 30 : 3000, ...panelFaults };
  const panel = env.PTERODACTYL_URL ? undefined : await startPanel(faults, kept, log);
  if (panel) {
    env.PTERODACTYL_URL = panel.url;
    env.PTERODACTYL_ADMIN_API_KEY = panel.apiKey;
  }
  const graph = env.WHATSAPP_GRAPH_URL
    ? undefined
    : await startFakeGraph({
        host: LOOPBACK,
        phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
        apiVersion: env.WHATSAPP_API_VERSION!,
        autoStatuses: ['sent', 'delivered'],
        statusDelayMs: 0,
        ...(kept ? { history: kept.graphHistory() } : {}),
      });
  if (graph) kept?.keepGraph(graph);
  if (graph) {
    env.WHATSAPP_GRAPH_URL = graph.url;
    env.WHATSAPP_ACCESS_TOKEN = graph.accessToken;
  }
  return { ...(panel ? { panel } : {}), ...(graph ? { graph } : {}) };
}

/**
 * The fake panel; a kept one starts from its rows and on its port, so the panel address in the credentials
 * already sent still reaches it (another port, with a warning, when that one is taken).
 */
async function startPanel(faults: Partial<FakePanelFaults>, kept: DataDir | undefined, log: Log): Promise<FakePanel> {
  const saved = kept?.panel();
  let panel: FakePanel | undefined;
  const options = {
    host: LOOPBACK,
    faults,
    ...(saved ? { data: saved } : {}),
    ...(kept ? { onChange: () => panel && kept.savePanel(panel) } : {}),
  };
  try {
    panel = await startFakePanel({ ...options, port: saved?.port ?? 0 });
  } catch (e) {
    if (!saved?.port || (e as { code?: string }).code !== 'EADDRINUSE') throw e;
    log.warn('The fake panel port is taken: the panel address in messages already sent will not reach it', {
      port: saved.port,
    });
    panel = await startFakePanel({ ...options, port: 0 });
  }
  kept?.savePanel(panel);
  return panel;
}

/** The synthesized state machine, run locally against the real task handlers. */
function newRunner(
  asl: ConstructorParameters<typeof LocalStepFunctions>[0]['asl'],
  app: App,
  emulators: Emulators,
  pace: Pace,
  options: LocalStackOptions,
  o: { tasks: TaskHandlers; sendLater: SendLater },
): LocalStepFunctions {
  return new LocalStepFunctions({
    ...runnerBase(emulators, pace, options),
    asl,
    tasks: o.tasks,
    // CheckInstall's SQS integration: the install-watch queue, its first look delayed at the stack's scale.
    queueUrlFor: (ref) => (ref.startsWith('local:InstallWatch') ? emulators.queues.installWatch : undefined),
    sendLater: o.sendLater,
    // The stack's EventBridge rule: a stopped execution becomes a notice on the outbox.
    onStopped: (execution, status) =>
      app.inbox.outbox.enqueue([
        {
          type: 'execution-stopped',
          execution: execution.name,
          status,
          ...(execution.error ? { error: execution.error } : {}),
        },
      ]),
  });
}

/**
 * The use cases wired to the emulators. The runners need the task handlers and the app needs the runners:
 * the cycle is broken with late bindings, bound once the runners exist.
 */
function localApp(
  env: Record<string, string>,
  o: {
    emulators: Emulators;
    secrets: EnvSecrets;
    log: Log;
    clock: Clock;
    pace: Pace;
    metric: CountMetric;
    pacingClock?: PacingClock;
  },
) {
  let runner: LocalStepFunctions | undefined;
  let lifecycleSfn: LocalStepFunctions | undefined;
  const lateRunner: ProvisioningRunner = {
    start: (id, a) => runner!.start(id, a),
    redrive: (id, a) => runner!.redrive(id, a),
    describe: (id, a) => runner!.describe(id, a),
  };
  const lateLifecycle: LifecycleRunner = {
    start: (input) => lifecycleSfn!.startNamed(input.execution, { ...input }),
    status: async (name) => lifecycleSfn!.list().find((e) => e.name === name)?.status,
  };
  const app = composeApp(env, {
    clients: o.emulators.clients,
    secrets: o.secrets,
    runner: lateRunner,
    lifecycleRunner: lateLifecycle,
    log: o.log,
    metric: o.metric,
    clock: o.clock,
    ...(o.pacingClock ? { pacingClock: o.pacingClock } : {}),
    ...(o.pace === 'test'
      ? { timeouts: { panelReadMs: 2000, panelWriteMs: 2000, panelCreateServerMs: 1500, graphMs: 1500 } }
      : {}),
  });
  const bind = (provisioning: LocalStepFunctions, lifecycle: LocalStepFunctions) => {
    runner = provisioning;
    lifecycleSfn = lifecycle;
  };
  return { app, lateLifecycle, bind };
}

/**
 * The panel budget's clock at the stack's time scale: its minutes pass as fast as the scaled panel's. Test
 * pace without a scale runs it 1000× as its retries take 1 ms, so a 429 holds the budget for milliseconds,
 * not the panel's real seconds (an injected 429 must not stop a test for a minute); it is the real time
 * × 1000, not counted from the stack's start, because the budget's item outlives a kept stack's restart.
 */
function scaled(options: LocalStackOptions, pace: Pace): { pacingClock?: PacingClock } {
  const k = options.timeScale;
  // A scale of 1 is real time, at any pace (the bench's bursts at the panel's own speed).
  if (k === 1) return {};
  if (k) {
    const t0 = Date.now();
    return {
      pacingClock: {
        now: () => t0 + (Date.now() - t0) * k,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / k)),
      },
    };
  }
  if (pace !== 'test') return {};
  return { pacingClock: { now: () => Date.now() * 1000, sleep: (ms) => new Promise((r) => setTimeout(r, ms / 1000)) } };
}

/** The schedule (an EventBridge rule in AWS): every LIFECYCLE_SWEEP_SECONDS while the stack runs by itself. */
function startSweeper(sweep: () => Promise<SweepReport>, seconds: number, log: Log): NodeJS.Timeout {
  return setInterval(() => {
    sweep().catch((e: unknown) => log.error('Lifecycle sweep failed', { error: String(e) }));
  }, seconds * 1000);
}

/** The webhook function as its Function URL calls it, with the emulators' queues. */
function localWebhook(env: Record<string, string>, emulators: Emulators, secrets: EnvSecrets, log: Log) {
  return createWebhookHandler(
    composeWebhook(
      { ...env, INBOX_QUEUE_URL: emulators.queues.inbox, WEBHOOK_QUARANTINE_QUEUE_URL: emulators.queues.quarantine },
      { sqs: emulators.clients.sqs, secrets, observability: { log, metric: () => {} } },
    ),
  );
}

/**
 * After the clock jumps, several steps of one server may be due at once (a reminder, then the suspension):
 * sweep, let the started actions finish, and sweep again until a pass does nothing (at most 6 passes).
 */
async function sweepUntilQuiet(sweep: () => Promise<SweepReport>, lifecycle: LocalStepFunctions): Promise<SweepReport> {
  const total: SweepReport = { due: 0, reminders: 0, warnings: 0, actions: 0, nudges: 0, expired: 0, errors: 0 };
  for (let pass = 0; pass < 6; pass++) {
    const r = await sweep();
    await lifecycle.idle();
    total.due += r.due;
    total.reminders += r.reminders;
    total.warnings += r.warnings;
    total.actions += r.actions;
    total.nudges += r.nudges;
    total.expired += r.expired;
    total.errors += r.errors;
    if (r.reminders + r.warnings + r.actions === 0) break;
  }
  return total;
}

/** The lifecycle state machine, run locally against the real lifecycle task handlers. */
function newLifecycleRunner(
  asl: ConstructorParameters<typeof LocalStepFunctions>[0]['asl'],
  app: App,
  emulators: Emulators,
  pace: Pace,
  options: LocalStackOptions,
): LocalStepFunctions {
  const tasks = createLifecycleTasks(app.lifecycle);
  return new LocalStepFunctions({
    ...runnerBase(emulators, pace, options),
    asl,
    tasks: options.wrapLifecycleTasks ? options.wrapLifecycleTasks(tasks) : tasks,
  });
}

/** What both local state machines share: the emulators for direct integrations, the pace, the event hook. */
function runnerBase(emulators: Emulators, pace: Pace, options: LocalStackOptions) {
  return {
    clients: emulators.clients,
    tableName: emulators.tableName,
    outboxQueueUrl: emulators.queues.outbox,
    // Interactive pace keeps the definition's retry intervals, back-off and jitter: a fixed short interval
    // spent every retry inside the panel's one-minute rate-limit window, so the rollback failed too. A time
    // scale keeps them too, only faster.
    ...(options.timeScale ? { timeScale: options.timeScale } : pace === 'test' ? { waitMs: 5, retryMs: 1 } : {}),
    ...(options.onExecutionEvent ? { onEvent: options.onExecutionEvent } : {}),
  };
}

/** Concurrent batches of the install watcher (Lambda runs several at once; a look may wait for its panel slot). */
const WATCHER_LOOPS = 4;

type SendLater = (queueUrl: string, body: string, delaySeconds: number) => Promise<void>;

/**
 * How much faster than real time a message's delay passes: the bench's time scale, test pace 1000× (as its
 * panel budget), `npm start` real time.
 */
function delayScale(options: LocalStackOptions, pace: Pace): number {
  return options.timeScale ?? (pace === 'test' ? 1000 : 1);
}

/**
 * SQS's per-message delay at the stack's time scale. At real time it is SQS's own DelaySeconds; faster, the
 * message is sent when its scaled delay has passed (SQS delays come in whole seconds).
 */
function delayedSender(emulators: Emulators, scale: number, log: Log): SendLater {
  const send = (queueUrl: string, body: string, delaySeconds: number) =>
    emulators.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delaySeconds }),
    );
  return async (queueUrl, body, delaySeconds) => {
    if (scale === 1 || delaySeconds <= 0) {
      await send(queueUrl, body, Math.max(0, Math.round(delaySeconds)));
      return;
    }
    setTimeout(
      () => {
        send(queueUrl, body, 0).catch((e: unknown) => log.warn('A delayed message was not sent', { error: String(e) }));
      },
      (delaySeconds * 1000) / scale,
    );
  };
}

/** The install watcher's event source: its queue, the real handler, the runner's task callbacks. */
function installWatchPoller(
  emulators: Emulators,
  o: { runner: LocalStepFunctions; look: TaskHandlers['CheckInstall']; sendLater: SendLater; log: Log; scale: number },
): QueuePoller {
  const queueUrl = emulators.queues.installWatch;
  return new QueuePoller({
    sqs: emulators.clients.sqs,
    queueUrl,
    handler: createInstallWatchHandler({
      callbacks: {
        succeed: (token, output) => o.runner.sendTaskSuccess(token, output),
        fail: (token, error, cause) => o.runner.sendTaskFailure(token, error, cause),
      },
      queue: { send: (message, delaySeconds) => o.sendLater(queueUrl, JSON.stringify(message), delaySeconds) },
      log: o.log,
      look: o.look,
    }),
    // As deployed (six times the watcher's timeout), at the stack's scale but never under 30 s: a look that
    // waits long for its panel slot in a burst, or that a test holds in real seconds, must not be received a
    // second time meanwhile.
    visibilityTimeoutSeconds: Math.max(30, Math.round((6 * WATCHER_TIMEOUT_SECONDS) / o.scale)),
    onError: (e) => o.log.error('Install watch poller error', { error: String(e) }),
  });
}

interface Pollers {
  inbox: QueuePoller;
  outbox: QueuePoller;
}

/** The Lambda event sources: one poller per queue, calling the real handlers. */
function newPollers(app: App, emulators: Emulators, pace: Pace, log: Log): Pollers {
  const visibility = pace === 'test' ? 1 : 5;
  const inbox = new QueuePoller({
    sqs: emulators.clients.sqs,
    queueUrl: emulators.queues.inbox,
    handler: createInboxHandler(app.inbox),
    visibilityTimeoutSeconds: visibility,
    onError: (e) => log.error('Inbox poller error', { error: String(e) }),
  });
  const outbox = new QueuePoller({
    sqs: emulators.clients.sqs,
    queueUrl: emulators.queues.outbox,
    handler: createOutboxHandler(app.outbox, {
      // Locally a back-off of minutes would stall the demo; scale it down, keep its shape.
      delay: async (receiptHandle, seconds) => {
        await emulators.clients.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: emulators.queues.outbox,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: Math.min(pace === 'test' ? 1 : 10, Math.max(1, Math.round(seconds / 30))),
          }),
        );
      },
    }),
    visibilityTimeoutSeconds: visibility,
    onError: (e) => log.error('Outbox poller error', { error: String(e) }),
  });
  return { inbox, outbox };
}

type Webhook = LocalStack['webhook'];

/** Posts a body to the webhook as a Function URL event, signed with the app secret unless told otherwise. */
function webhookPoster(webhook: Webhook, env: Record<string, string>): LocalStack['postRaw'] {
  return async (body: string, signature?: string | null) =>
    webhook({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/webhook',
      rawQueryString: '',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-hub-signature-256': signature ?? signBody(body, env.WHATSAPP_APP_SECRET!) }),
      },
      requestContext: {
        http: { method: 'POST', path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'local' },
      },
      body,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2);
}

/** Posts a signed inbound message through the webhook, as Meta would; resolves to its wamid. */
function inboundSender(postRaw: LocalStack['postRaw'], env: Record<string, string>, clock: Clock): LocalStack['send'] {
  return async (from: string, content: InboundContent, name?: string) => {
    const { body, id } = messageEnvelope(content, {
      from,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
      // Stamped with the functions' clock, as Meta stamps with the real one: a moved clock keeps windows right.
      timestamp: Math.floor(clock.now().getTime() / 1000),
      ...(name ? { name } : {}),
    });
    const res = await postRaw(body);
    if (res.statusCode !== 200) throw new Error(`Webhook answered ${res.statusCode}: ${String(res.body)}`);
    return id;
  };
}

/**
 * Status callbacks from the fake Graph API come back through the signed webhook, as Meta's would.
 * settle() waits for these too: a status still on its way would otherwise arrive after "settled".
 */
function forwardStatuses(
  graph: FakeGraph | undefined,
  postRaw: LocalStack['postRaw'],
  log: Log,
): Set<Promise<unknown>> {
  const inFlight = new Set<Promise<unknown>>();
  graph?.onStatus((_status, webhookBody) => {
    const post: Promise<unknown> = postRaw(webhookBody)
      .catch((e: unknown) => log.error('Status webhook failed', { error: String(e) }))
      .finally(() => inFlight.delete(post));
    inFlight.add(post);
  });
  return inFlight;
}

async function queueCount(emulators: Emulators, url: string): Promise<number> {
  const a = await emulators.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const at = a.Attributes ?? {};
  return (
    Number(at.ApproximateNumberOfMessages ?? 0) +
    Number(at.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(at.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/** Runs queues and executions until nothing is left to do: twice in a row no message, run or status. */
async function settle(
  s: { pollers: Pollers; runners: LocalStepFunctions[]; emulators: Emulators; inFlight: Set<Promise<unknown>> },
  timeoutMs = 20_000,
): Promise<void> {
  const { pollers, runners, emulators, inFlight } = s;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    if (inFlight.size > 0) await Promise.all([...inFlight]);
    const got = (await pollers.inbox.pollOnce()) + (await pollers.outbox.pollOnce());
    const running = runners.some((r) => r.list().some((e) => e.status === 'RUNNING'));
    if (got === 0 && !running && inFlight.size === 0) {
      const waiting =
        (await queueCount(emulators, emulators.queues.inbox)) + (await queueCount(emulators, emulators.queues.outbox));
      if (waiting === 0 && ++quiet >= 2) return;
      await new Promise((r) => setTimeout(r, waiting > 0 ? 100 : 10));
    } else {
      quiet = 0;
      if (got === 0) await new Promise((r) => setTimeout(r, 5));
    }
  }
  throw new Error(`The local stack did not settle within ${timeoutMs} ms`);
}
