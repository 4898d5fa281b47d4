// `npm run bench`: every figure of docs/performance.md in one table. Not a test: nothing is asserted
// beyond sanity; the numbers depend on the machine. Sections:
//   1. webhook: bundle size, cold import, warm latency per event (bench/webhook.bench.ts)
//   2. end to end on the local stack with zero-latency fakes: confirm → credentials sent, p50/p99
//   3. per order: panel calls, Graph calls, state transitions, Lambda invocations, DynamoDB units, SQS
//      requests, and the AWS cost they imply at list prices
//   4. burst: N orders confirmed at once against a low panel rate limit, against the lower bound; and the
//      same burst from two tiny clients shaped like the WHMCS module and a naive create-per-order bot
//   5. lifecycle sweep: read units with 10,000 servers of which 10 are due (bench/sweep.bench.ts)
//   6. the install wait: its cost per install length before and after, the per-order totals with the first
//      renewal against the goal, and a scaled run that holds the model to the real definition (bench/install.bench.ts)

import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { deliveries } from '../tests/fault/harness.js';
import { burstTable, parseBursts } from './burst.bench.js';
import {
  designTable,
  INSTALL_SCENARIOS,
  installCostAfter,
  installCostBefore,
  installCostRetry,
  installCostTable,
  measuredInstalls,
  measuredTable,
} from './install.bench.js';
import { instrument, type Meter, resetMeter, timeTasks } from './meter.js';
import { ASSUMED_MS, MEMORY_GB, PRICE } from './prices.js';
import { type RenewalPhase, renewalCosts } from './renewal.bench.js';
import { sweepBench, sweepRows } from './sweep.bench.js';
import { quantile, webhookBench } from './webhook.bench.js';

const E2E_ORDERS = Number(process.env.BENCH_E2E_ORDERS ?? 30);
/** Bursts as N@LIMIT: N orders confirmed at once against a panel allowing LIMIT calls a minute (bench/burst.bench.ts). */
const RENEWAL_ORDERS = Number(process.env.BENCH_RENEWAL_ORDERS ?? 10);
const BURSTS = parseBursts(process.env.BENCH_BURSTS ?? '40@60,200@240,200@60');
/** The install run's time scale (bench/install.bench.ts); "none" skips the run (the model is always shown). */
const INSTALL_SPEED = process.env.BENCH_INSTALL_SPEED ?? '10';
const ADMIN = '15550105678';

let meter: Meter = resetMeter();
const rows: [string, string][] = [];
const section = (title: string) => rows.push([`— ${title}`, '']);
const row = (k: string, v: string | number) => rows.push([`  ${k}`, String(v)]);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const usd = (v: number) => `$${v.toFixed(7)}`;

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
    meter = resetMeter();
    const panelBefore = stack.panel!.state().requests.length;
    const graphBefore = stack.graph!.messages().length;
    const ids = await placeOrders(stack, customers, 'bronze');
    const ordering = {
      meter,
      panel: stack.panel!.state().requests.length - panelBefore,
      graph: stack.graph!.messages().length - graphBefore,
    };

    meter = resetMeter();
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
row('(test pace: waits and retries in milliseconds, queues driven by settle(); not AWS latency)', '');

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

/**
 * Milliseconds at each function's memory: a look at an install (the tasks' CheckInstall, run by the install
 * watcher) at 128 MB, the other tasks at 512 MB.
 */
const taskGbMs = (tasks: Meter['tasks']) =>
  Object.entries(tasks).reduce(
    (a, [name, t]) => a + t.ms * (name === 'CheckInstall' ? MEMORY_GB.installWatcher : MEMORY_GB.task),
    0,
  );
const installLooks = e2e.panelByRoute['GET /servers/{id}'] ?? 0;
const gbSeconds = (realistic: boolean) => {
  // In AWS the tasks wait on the real panel and Graph API (ASSUMED_MS); the local run does so in no time.
  // The install watch's first delay is SQS's, not a function's.
  const extra = realistic
    ? ((c.panel - installLooks) * ASSUMED_MS.panelCall + n * ASSUMED_MS.send) * MEMORY_GB.task +
      installLooks * ASSUMED_MS.panelCall * MEMORY_GB.installWatcher
    : 0;
  return (
    (taskGbMs(c.meter.tasks) +
      extra +
      (sum(c.meter.batches, 'ms') + sum(o.meter.batches, 'ms')) * MEMORY_GB.worker +
      lambda.webhook * 1 * MEMORY_GB.webhook) /
    1000 /
    n
  );
};
const costs = (realistic: boolean) => {
  const parts = {
    stepFunctions: ((c.transitions + c.retries) / n) * PRICE.sfnTransition,
    lambdaRequests: ((lambda.tasks + lambda.workers + lambda.webhook) / n) * PRICE.lambdaRequest,
    lambdaDuration: gbSeconds(realistic) * PRICE.lambdaGbSecondArm,
    dynamodb: ((c.meter.wru + o.meter.wru) / n) * PRICE.ddbWrite + ((c.meter.rru + o.meter.rru) / n) * PRICE.ddbRead,
    sqs: (sqsRequests / n) * PRICE.sqsFifoRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
};
const local = costs(false);
const realistic = costs(true);
for (const [k, v] of Object.entries(local))
  row(
    `cost/order ${k} (measured durations | +150 ms/panel call, 300 ms/send)`,
    `${usd(v)} | ${usd(realistic[k as keyof typeof realistic])}`,
  );
row(
  'cost per 1,000 orders (measured | realistic)',
  `$${(local.total * 1000).toFixed(4)} | $${(realistic.total * 1000).toFixed(4)}`,
);

section(`first renewal, per order (${RENEWAL_ORDERS} orders; the sweep's own invocations are in "per month idle")`);
const ren = await renewalCosts(RENEWAL_ORDERS);
/** One usage's cost at list prices: transitions, Lambda requests and GB-s, DynamoDB units, SQS requests. */
function usageCost(p: RenewalPhase, perOrder: number) {
  const webhook = p.meter.sqs.SendMessageBatchCommand ?? 0;
  const requests = sum(p.meter.tasks, 'n') + sum(p.meter.batches, 'n') + webhook;
  const gbs =
    (sum(p.meter.tasks, 'ms') * MEMORY_GB.task +
      sum(p.meter.batches, 'ms') * MEMORY_GB.worker +
      webhook * MEMORY_GB.webhook +
      p.panel * ASSUMED_MS.panelCall * MEMORY_GB.task) /
    1000;
  const sqs = Object.values(p.meter.sqs).reduce((a, b) => a + b, 0);
  const parts = {
    stepFunctions: (p.transitions + p.retries) * PRICE.sfnTransition,
    lambdaRequests: requests * PRICE.lambdaRequest,
    lambdaDuration: gbs * PRICE.lambdaGbSecondArm,
    dynamodb: p.meter.wru * PRICE.ddbWrite + p.meter.rru * PRICE.ddbRead,
    sqs: sqs * PRICE.sqsFifoRequest,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0) / perOrder;
  return {
    total,
    transitions: (p.transitions + p.retries) / perOrder,
    requests: requests / perOrder,
    sqs: sqs / perOrder,
  };
}
const onTime = usageCost(ren.onTime, ren.n);
const late = usageCost(ren.late, ren.n);
// A payment confirmed by the gateway: its webhook function (256 MB, ~100 ms) and one SQS send, per payment.
const paymentWebhook = PRICE.lambdaRequest + 0.1 * MEMORY_GB.webhook * PRICE.lambdaGbSecondArm + PRICE.sqsFifoRequest;
row(
  'on time (a reminder, !renew, confirmed): transitions / Lambda requests / SQS requests / cost',
  `${onTime.transitions.toFixed(1)} / ${onTime.requests.toFixed(1)} / ${onTime.sqs.toFixed(1)} / ${usd(onTime.total)}`,
);
row(
  'late (3 reminders, suspended, !renew, confirmed, unsuspended): same',
  `${late.transitions.toFixed(1)} / ${late.requests.toFixed(1)} / ${late.sqs.toFixed(1)} / ${usd(late.total)}`,
);
row('a payments webhook invocation (256 MB, 100 ms, one SQS send)', usd(paymentWebhook));
row(
  'per order incl. its first renewal and two gateway payments (realistic provisioning; on time | late)',
  `${usd(realistic.total + onTime.total + 2 * paymentWebhook)} | ${usd(realistic.total + late.total + 2 * paymentWebhook)}`,
);

section(
  `the install wait per order, by install length (realistic provisioning with the install's own cost, + first renewal on time + two gateway payments; goal ≤ $0.0005)`,
);
const withoutInstall = realistic.total - installCostAfter(0).usd + onTime.total + 2 * paymentWebhook;
for (const sc of INSTALL_SCENARIOS) {
  const before = installCostBefore(sc.seconds);
  const retry = installCostRetry(sc.seconds);
  const after = installCostAfter(sc.seconds);
  const total = withoutInstall + after.usd;
  row(
    `${sc.label}: transitions ${before.transitions} → ${retry.transitions} → ${after.transitions}; per order before → retry → watch`,
    `${usd(withoutInstall + before.usd)} → ${usd(withoutInstall + retry.usd)} → ${usd(total)} (${total <= 0.0005 ? 'meets' : 'over'} the goal)`,
  );
}
let installRun = '';
if (INSTALL_SPEED !== 'none') {
  const k = Number(INSTALL_SPEED);
  const measured = await measuredInstalls(
    INSTALL_SCENARIOS.map((sc) => sc.seconds),
    k,
  );
  for (const m of measured)
    row(
      `run ×${k}, ${m.seconds} s install: completed / looks / watcher looks / transitions incl. retries / late`,
      `${m.completed ? 'yes' : 'NO'} / ${m.looks} / ${m.invocations} / ${m.transitions + m.retries} / ${m.lateSeconds.toFixed(1)} s`,
    );
  installRun = measuredTable(measured, k);
}

section(
  `burst: orders confirmed at once against the panel's limit (${BURSTS.map((b) => `${b.orders}@${b.limit}`).join(', ')})`,
);
const burst = await burstTable(BURSTS);
section('lifecycle sweep: 10,000 servers, 10 due');
for (const [k, v] of sweepRows(await sweepBench(10_000, 10))) row(k, v);
section(`bench ran in ${((Date.now() - started) / 1000).toFixed(0)} s on ${new Date().toISOString().slice(0, 10)}`);

const width = Math.max(...rows.map(([k]) => k.length));
console.log('');
for (const [k, v] of rows) console.log(v === '' ? k : `${k.padEnd(width)}  ${v}`);
console.log(
  `\nBurst (time scale: the panel's minute and the state machines' own times run ×K, shown per row)\n${burst}`,
);
console.log(
  `\nThe install wait (model: install-polling.ts's schedule, ASSUMED_MS a look, list prices)\n${installCostTable()}\n\n${designTable()}${installRun ? `\n\nThe same on the local stack (time scale ×${INSTALL_SPEED}), beside the model\n${installRun}` : ''}`,
);
process.exit(0);
