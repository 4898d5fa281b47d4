// `npm run bench`: every figure of docs/performance.md in one table. Not a test: nothing is asserted
// beyond sanity; the numbers depend on the machine. Sections:
//   1. webhook: bundle size, cold import, warm latency per event (bench/webhook.bench.ts)
//   2. end to end on the local stack with zero-latency fakes: confirm → credentials sent, p50/p99
//   3. per order: panel calls, Graph calls, state transitions, Lambda invocations, DynamoDB units, SQS
//      requests, and the AWS cost they imply at list prices
//   4. burst: N orders confirmed at once against a low panel rate limit, against the lower bound; and the
//      same burst from two tiny clients shaped like the WHMCS module and a naive create-per-order bot
//   5. lifecycle sweep: read units with 10,000 servers of which 10 are due (bench/sweep.bench.ts)

import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TaskHandlers } from '../functions/provisioning/tasks.js';
import { type FakePanel, startFakePanel } from '../local/fake-panel/index.js';
import { QueuePoller } from '../local/poller.js';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { deliveries } from '../tests/fault/harness.js';
import { sweepBench, sweepRows } from './sweep.bench.js';
import { quantile, webhookBench } from './webhook.bench.js';

const E2E_ORDERS = Number(process.env.BENCH_E2E_ORDERS ?? 30);
const BURST_ORDERS = Number(process.env.BENCH_BURST_ORDERS ?? 40);
const BURST_LIMIT = Number(process.env.BENCH_BURST_LIMIT ?? 60);
/** The burst's fake panel runs its clock this much faster: its one-minute rate window lasts 60/K s. */
const K = Number(process.env.BENCH_PANEL_SPEED ?? 20);
const ADMIN = '15550105678';

// List prices, us-east-1, as of 2026-11-24 (sources in docs/performance.md).
const PRICE = {
  sfnTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  ddbWrite: 0.625 / 1e6,
  ddbRead: 0.125 / 1e6,
  sqsFifoRequest: 0.5 / 1e6,
};
const MEMORY_GB = { task: 0.5, worker: 0.5, webhook: 0.25 };

const rows: [string, string][] = [];
const section = (title: string) => rows.push([`— ${title}`, '']);
const row = (k: string, v: string | number) => rows.push([`  ${k}`, String(v)]);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const usd = (v: number) => `$${v.toFixed(7)}`;

// ---------------------------------------------------------------- instrumentation

interface Meter {
  batches: Record<string, { n: number; ms: number }>;
  tasks: Record<string, { n: number; ms: number }>;
  ddb: Record<string, number>;
  wru: number;
  rru: number;
  sqs: Record<string, number>;
}
const newMeter = (): Meter => ({ batches: {}, tasks: {}, ddb: {}, wru: 0, rru: 0, sqs: {} });
let meter = newMeter();

// Every queue batch a poller hands to a handler is one Lambda invocation of the inbox or outbox function.
const pollOnce = QueuePoller.prototype.pollOnce;
QueuePoller.prototype.pollOnce = async function (this: QueuePoller, wait?: number) {
  const t = performance.now();
  const n = await pollOnce.call(this, wait);
  if (n > 0) {
    const q = (this as unknown as { o: { queueUrl: string } }).o.queueUrl.includes('outbox') ? 'outbox' : 'inbox';
    meter.batches[q] = meter.batches[q] ?? { n: 0, ms: 0 };
    const b = meter.batches[q];
    b.n++;
    b.ms += Math.max(1, Math.ceil(performance.now() - t));
  }
  return n;
};

function timeTasks(tasks: TaskHandlers): TaskHandlers {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(tasks) as [string, (input: never) => Promise<unknown>][]) {
    out[name] = async (input: never) => {
      const t = performance.now();
      try {
        return await fn(input);
      } finally {
        meter.tasks[name] = meter.tasks[name] ?? { n: 0, ms: 0 };
        const s = meter.tasks[name];
        s.n++;
        s.ms += Math.max(1, Math.ceil(performance.now() - t));
      }
    };
  }
  return out as unknown as TaskHandlers;
}

const DATA_PLANE = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
]);

function instrument(stack: LocalStack): void {
  stack.emulators.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      const input = args.input as Record<string, unknown>;
      if (DATA_PLANE.has(name)) input.ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      meter.ddb[name] = (meter.ddb[name] ?? 0) + 1;
      const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      const units = cc?.CapacityUnits ?? 1;
      if (name === 'GetItemCommand' || name === 'QueryCommand') meter.rru += units;
      else if (DATA_PLANE.has(name)) meter.wru += units;
      return out;
    },
    { step: 'initialize', name: 'benchDynamoMeter' },
  );
  stack.emulators.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const name = context.commandName ?? '?';
      const empty =
        name === 'ReceiveMessageCommand' && ((out.output as { Messages?: unknown[] }).Messages ?? []).length === 0;
      if (!empty && name !== 'GetQueueAttributesCommand') meter.sqs[name] = (meter.sqs[name] ?? 0) + 1;
      return out;
    },
    { step: 'initialize', name: 'benchSqsMeter' },
  );
}

async function say(stack: LocalStack, from: string, text: string, name?: string) {
  await stack.say(from, text, name);
}

async function placeOrders(stack: LocalStack, customers: readonly string[], tier: string) {
  await Promise.all(customers.map((c, i) => say(stack, c, `!order ${tier}`, `Player ${i}`)));
  await stack.settle(120_000);
  const ids: string[] = [];
  for (const c of customers) ids.push(...(await stack.app.inbox.orders.listByCustomer(c, 10)).items.map((o) => o.id));
  return ids;
}

const sum = (o: Record<string, { n: number; ms: number }>, f: 'n' | 'ms') =>
  Object.values(o).reduce((a, b) => a + b[f], 0);

// ---------------------------------------------------------------- 2 + 3: end to end and per order

async function endToEnd() {
  const stack = await startLocalStack({
    pace: 'test',
    panelFaults: { installDelayMs: 0, rateLimitPerMinute: 1_000_000 },
    wrapTasks: timeTasks,
  });
  instrument(stack);
  try {
    const customers = Array.from({ length: E2E_ORDERS }, (_, i) => `1555040${String(i).padStart(4, '0')}`);
    await stack.settle(); // warm-up: nothing queued yet
    meter = newMeter();
    const panelBefore = stack.panel!.state().requests.length;
    const graphBefore = stack.graph!.messages().length;
    const ids = await placeOrders(stack, customers, 'bronze');
    const ordering = {
      meter,
      panel: stack.panel!.state().requests.length - panelBefore,
      graph: stack.graph!.messages().length - graphBefore,
    };

    meter = newMeter();
    const panelMark = stack.panel!.state().requests.length;
    const graphMark = stack.graph!.messages().length;
    const sentAt = new Map<string, number>();
    const off = stack.graph!.onMessage((m) => {
      for (const d of deliveries([m])) if (!sentAt.has(d.orderId)) sentAt.set(d.orderId, performance.now());
    });
    const latencies: number[] = [];
    for (const id of ids) {
      const t = performance.now();
      await say(stack, ADMIN, `!order-confirm ${id}`, 'Admin');
      await stack.settle(60_000);
      const done = sentAt.get(id);
      if (done === undefined) throw new Error(`${id}: no credentials message`);
      latencies.push(done - t);
    }
    off();
    const executions = stack.sfn.list();
    const completed = (await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)))).filter(
      (o) => o?.status === 'COMPLETED',
    ).length;
    const requests = stack.panel!.state().requests.slice(panelMark);
    const transitions = executions.reduce((n, e) => n + e.events.filter((v) => v.type === 'StateEntered').length, 0);
    const retries = executions.reduce((n, e) => n + e.events.filter((v) => v.type === 'StateRetried').length, 0);
    return {
      n: ids.length,
      completed,
      latencies,
      ordering,
      confirm: {
        meter,
        panel: requests.length,
        graph: stack.graph!.messages().length - graphMark,
        transitions,
        retries,
      },
      panelByRoute: tallyRoutes(requests),
    };
  } finally {
    await stack.stop();
  }
}

function tallyRoutes(requests: readonly { method: string; path: string }[]) {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const route = `${r.method} ${r.path
      .replace('/api/application', '')
      .replace(/\?.*$/, '')
      .replace(/\/\d+/g, '/{id}')
      .replace(/\/external\/[^/]+/, '/external/{x}')}`;
    out[route] = (out[route] ?? 0) + 1;
  }
  return out;
}

// ---------------------------------------------------------------- 4: burst

function scaledPanel(limit: number) {
  const t0 = Date.now();
  return startFakePanel({
    now: () => t0 + (Date.now() - t0) * K,
    faults: { installDelayMs: 0, rateLimitPerMinute: limit },
  });
}

async function burstSpawnpoint(callsPerOrder: number) {
  const panel = await scaledPanel(BURST_LIMIT);
  const stack = await startLocalStack({
    pace: 'test',
    env: { PTERODACTYL_URL: panel.url, PTERODACTYL_ADMIN_API_KEY: panel.apiKey, ADMIN_WA_IDS: ADMIN },
  });
  // The definition's rate-limit retry starts at 15 s; on the K-times faster panel clock that is 15/K s. The
  // local runner takes one fixed interval (no backoff or jitter): the definition's first one, scaled.
  (stack.sfn as unknown as { options: { retryMs?: number } }).options.retryMs = 15_000 / K;
  try {
    const customers = Array.from({ length: BURST_ORDERS }, (_, i) => `1555050${String(i).padStart(4, '0')}`);
    const ids = await placeOrders(stack, customers, 'bronze');
    const mark = panel.state().requests.length;
    const t = performance.now();
    let last = t;
    const off = stack.graph!.onMessage((m) => {
      if (deliveries([m]).length > 0) last = performance.now();
    });
    await Promise.all(ids.map((id) => say(stack, ADMIN, `!order-confirm ${id}`, 'Admin')));
    await stack.settle(600_000);
    const seconds = (last - t) / 1000;
    const orders = await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)));
    // Then the admin does what the notices say: !provision-retry every order left CONFIRMED, once the
    // panel's rate window has passed, until all are done (at most 5 rounds).
    let rounds = 0;
    for (; rounds < 5; rounds++) {
      const left = (await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)))).filter(
        (x) => x?.status === 'CONFIRMED',
      );
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, (60_000 / K) * 1.05));
      await Promise.all(left.map((x) => say(stack, ADMIN, `!provision-retry ${x!.id}`, 'Admin')));
      await stack.settle(600_000);
    }
    off();
    const after = await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)));
    const requests = panel.state().requests.slice(mark);
    const users = panel.state().users.filter((u) => !u.root_admin);
    return {
      seconds,
      completed: orders.filter((o) => o?.status === 'COMPLETED').length,
      failedAttempt: orders.filter((o) => o?.status === 'CONFIRMED' && o.attempts > 0).length,
      preflightRefused: orders.filter((o) => o?.status === 'CONFIRMED' && o.attempts === 0).length,
      calls: requests.length,
      r429: requests.filter((r) => r.status === 429).length,
      users: users.length,
      servers: panel.state().servers.length,
      boundSeconds: ((BURST_ORDERS * callsPerOrder) / BURST_LIMIT) * (60 / K),
      retryRounds: rounds,
      completedAfterRetries: after.filter((x) => x?.status === 'COMPLETED').length,
      secondsWithRetries: (last - t) / 1000,
    };
  } finally {
    await stack.stop();
    await panel.close();
  }
}

/** A tiny Application API client with no retry, no backoff and no lookup unless asked. */
function rawClient(panel: FakePanel) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${panel.url}/api/application${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${panel.apiKey}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5_000), // WHMCS's module uses a 5 s timeout
    });
    const json = (await res.json().catch(() => ({}))) as { attributes?: { id?: number } };
    return { status: res.status, id: json.attributes?.id };
  };
}

function serverBody(panel: FakePanel, userId: number, name: string, externalId?: string) {
  const egg = panel.state().eggs.find((e) => e.id === 1)!;
  const environment: Record<string, string> = {};
  for (const v of egg.variables) environment[v.env_variable] = v.default_value;
  environment.SERVER_JARFILE = 'server.jar';
  return {
    name,
    user: userId,
    egg: egg.id,
    docker_image: Object.values(egg.docker_images)[0],
    startup: egg.startup,
    environment,
    limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
    feature_limits: { databases: 1, allocations: 1, backups: 1 },
    deploy: { locations: [1], dedicated_ip: false, port_range: [] },
    ...(externalId ? { external_id: externalId } : {}),
  };
}

/**
 * The same burst from a client shaped like a peer. `naive` (pukibot): new user per order (username with
 * a timestamp), POST /servers, nothing else; a failed order is retried once, whole, by the admin. `whmcs`
 * (pterodactyl/whmcs): user by external id, else create; server by external id, else create; a 429 or a
 * timeout fails the order ("module create failed") and the admin retries it once, a panel-minute later.
 */
async function burstPeer(kind: 'naive' | 'whmcs') {
  const panel = await scaledPanel(BURST_LIMIT);
  const call = rawClient(panel);
  const customers = Array.from({ length: BURST_ORDERS }, (_, i) => `1555060${String(i).padStart(4, '0')}`);
  const statuses: Record<string, number> = {};
  const count = (s: number) => {
    statuses[s] = (statuses[s] ?? 0) + 1;
  };
  const provision = async (c: string, i: number, round: number): Promise<boolean> => {
    const order = `ORD-${kind.toUpperCase().slice(0, 2)}${String(i).padStart(4, '0')}`;
    let userId: number | undefined;
    if (kind === 'whmcs') {
      const found = await call('GET', `/users/external/wa-${c}`);
      count(found.status);
      if (found.status === 429) return false;
      userId = found.id;
    }
    if (userId === undefined) {
      const username = kind === 'naive' ? `user_${c}_${Date.now()}${round}` : `wa${c}`;
      const made = await call('POST', '/users', {
        email: kind === 'naive' ? `${c}.${Date.now()}${round}@players.example` : `wa-${c}@players.example`,
        username,
        first_name: 'Player',
        last_name: String(i),
        ...(kind === 'whmcs' ? { external_id: `wa-${c}` } : {}),
      });
      count(made.status);
      if (made.status !== 201 || made.id === undefined) return false;
      userId = made.id;
    }
    if (kind === 'whmcs') {
      const exists = await call('GET', `/servers/external/${order}`);
      count(exists.status);
      if (exists.status === 200) return true;
      if (exists.status === 429) return false;
    }
    const server = await call(
      'POST',
      '/servers',
      serverBody(panel, userId, `Bronze ${order}`, kind === 'whmcs' ? order : undefined),
    );
    count(server.status);
    return server.status === 201;
  };
  try {
    const t = performance.now();
    let results = await Promise.all(customers.map((c, i) => provision(c, i, 0)));
    const firstTry = results.filter(Boolean).length;
    // The admin retries every failed order once, after the rate window has passed.
    await new Promise((r) => setTimeout(r, (60_000 / K) * 1.05));
    results = await Promise.all(customers.map((c, i) => (results[i] ? true : provision(c, i, 1))));
    const state = panel.state();
    const users = state.users.filter((u) => !u.root_admin);
    const perCustomer = new Map<string, number>();
    for (const u of users) {
      const c = /1555060\d{4}/.exec(`${u.username} ${u.email} ${u.external_id ?? ''}`)?.[0] ?? '?';
      perCustomer.set(c, (perCustomer.get(c) ?? 0) + 1);
    }
    return {
      seconds: (performance.now() - t) / 1000,
      firstTry,
      afterRetry: results.filter(Boolean).length,
      r429: statuses['429'] ?? 0,
      calls: Object.values(statuses).reduce((a, b) => a + b, 0),
      users: users.length,
      duplicateUsers: [...perCustomer.values()].reduce((a, n) => a + Math.max(0, n - 1), 0),
      usersWithoutServer: users.filter((u) => !state.servers.some((s) => s.user_id === u.id)).length,
      servers: state.servers.length,
    };
  } finally {
    await panel.close();
  }
}

// ---------------------------------------------------------------- run

const started = Date.now();
const cpu = cpus();
section(
  `machine: ${cpu[0]?.model ?? '?'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);

section('webhook');
const web = await webhookBench(5);
for (const [k, v] of web.rows) row(k.trim(), v);

section(`end to end, local stack, zero-latency fakes, ${E2E_ORDERS} orders one at a time`);
const e2e = await endToEnd();
row('orders completed', `${e2e.completed} / ${e2e.n}`);
row('confirm → credentials sent p50', ms(quantile(e2e.latencies, 0.5)));
row('confirm → credentials sent p99', ms(quantile(e2e.latencies, 0.99)));
row('(test pace: Wait states 5 ms, queues driven by settle(); not AWS latency)', '');

section('per order (confirm → done; ordering conversation in brackets)');
const n = e2e.n;
const c = e2e.confirm;
const o = e2e.ordering;
const per = (v: number) => (v / n).toFixed(2);
const lambda = {
  tasks: sum(c.meter.tasks, 'n'),
  workers: sum(c.meter.batches, 'n') + sum(o.meter.batches, 'n'),
  webhook: (c.meter.sqs.SendMessageBatchCommand ?? 0) + (o.meter.sqs.SendMessageBatchCommand ?? 0),
};
row('panel calls', `${per(c.panel)} [${per(o.panel)}]  ${JSON.stringify(e2e.panelByRoute)}`);
row('Graph API calls (messages accepted)', `${per(c.graph)} [${per(o.graph)}]`);
row('state transitions (states entered; retries extra)', `${per(c.transitions)} (+${per(c.retries)} retries)`);
row(
  'Lambda invocations: tasks',
  `${per(lambda.tasks)}  ${JSON.stringify(Object.fromEntries(Object.entries(c.meter.tasks).map(([k, v]) => [k, v.n / n])))}`,
);
row('Lambda invocations: inbox + outbox batches', per(lambda.workers));
row('Lambda invocations: webhook (event-bearing POSTs)', per(lambda.webhook));
row('DynamoDB write / read units', `${per(c.meter.wru + o.meter.wru)} / ${per(c.meter.rru + o.meter.rru)}`);
const sqsRequests =
  Object.values(c.meter.sqs).reduce((a, b) => a + b, 0) + Object.values(o.meter.sqs).reduce((a, b) => a + b, 0);
row('SQS FIFO requests (send, non-empty receive, delete, visibility)', per(sqsRequests));

const gbSeconds = (extraMsPerOrder: number) =>
  ((sum(c.meter.tasks, 'ms') / n + extraMsPerOrder) * MEMORY_GB.task +
    ((sum(c.meter.batches, 'ms') + sum(o.meter.batches, 'ms')) / n) * MEMORY_GB.worker +
    (lambda.webhook / n) * 1 * MEMORY_GB.webhook) /
  1000;
const costs = (extraMs: number) => {
  const parts = {
    stepFunctions: ((c.transitions + c.retries) / n) * PRICE.sfnTransition,
    lambdaRequests: ((lambda.tasks + lambda.workers + lambda.webhook) / n) * PRICE.lambdaRequest,
    lambdaDuration: gbSeconds(extraMs) * PRICE.lambdaGbSecondArm,
    dynamodb: ((c.meter.wru + o.meter.wru) / n) * PRICE.ddbWrite + ((c.meter.rru + o.meter.rru) / n) * PRICE.ddbRead,
    sqs: (sqsRequests / n) * PRICE.sqsFifoRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
};
const local = costs(0);
// In AWS the tasks wait on the real panel and Graph API: assume 150 ms per panel call and 300 ms per send.
const realistic = costs((c.panel / n) * 150 + 1 * 300);
for (const [k, v] of Object.entries(local))
  row(
    `cost/order ${k} (measured durations | +150 ms/panel call)`,
    `${usd(v)} | ${usd(realistic[k as keyof typeof realistic])}`,
  );
row(
  'cost per 1,000 orders (measured | realistic)',
  `$${(local.total * 1000).toFixed(4)} | $${(realistic.total * 1000).toFixed(4)}`,
);

const callsPerOrder = (c.panel + o.panel) / n;
section(`burst: ${BURST_ORDERS} orders confirmed at once, panel limit ${BURST_LIMIT}/min, panel clock ×${K}`);
const spawn = await burstSpawnpoint(callsPerOrder);
row(
  'lower bound N × calls/order ÷ limit',
  `${spawn.boundSeconds.toFixed(1)} s (= ${((spawn.boundSeconds * K) / 60).toFixed(2)} panel-min; ${callsPerOrder.toFixed(1)} calls/order)`,
);
row(
  'Spawnpoint first pass: last credentials at',
  `${spawn.seconds.toFixed(1)} s (= ${((spawn.seconds * K) / 60).toFixed(2)} panel-min)`,
);
row(
  'Spawnpoint first pass: completed / failed attempt / pre-flight refused',
  `${spawn.completed} / ${spawn.failedAttempt} / ${spawn.preflightRefused}`,
);
row('Spawnpoint: panel calls / 429s seen (all rounds)', `${spawn.calls} / ${spawn.r429}`);
row(
  'Spawnpoint: completed after admin !provision-retry rounds',
  `${spawn.completedAfterRetries} of ${BURST_ORDERS} after ${spawn.retryRounds} round(s), last credentials at ${spawn.secondsWithRetries.toFixed(1)} s (= ${((spawn.secondsWithRetries * K) / 60).toFixed(2)} panel-min)`,
);
row('Spawnpoint: users / servers on the panel', `${spawn.users} / ${spawn.servers}`);
for (const kind of ['whmcs', 'naive'] as const) {
  const p = await burstPeer(kind);
  const label = kind === 'whmcs' ? 'WHMCS-shaped client' : 'naive bot (pukibot-shaped)';
  row(`${label}: ok first try / after one admin retry`, `${p.firstTry} / ${p.afterRetry} of ${BURST_ORDERS}`);
  row(`${label}: panel calls / 429s`, `${p.calls} / ${p.r429}`);
  row(
    `${label}: users / duplicate users / users without a server / servers`,
    `${p.users} / ${p.duplicateUsers} / ${p.usersWithoutServer} / ${p.servers}`,
  );
  row(`${label}: time incl. the retry wait`, `${p.seconds.toFixed(1)} s`);
}
section('lifecycle sweep: 10,000 servers, 10 due');
for (const [k, v] of sweepRows(await sweepBench(10_000, 10))) row(k, v);
section(`bench ran in ${((Date.now() - started) / 1000).toFixed(0)} s on ${new Date().toISOString().slice(0, 10)}`);

const width = Math.max(...rows.map(([k]) => k.length));
console.log('');
for (const [k, v] of rows) console.log(v === '' ? k : `${k.padEnd(width)}  ${v}`);
process.exit(0);
