// The install wait (issue 18, cost): what waiting for one install costs in AWS, before and after the install
// watch (shared/app/provisioning/install-watch.ts: CheckInstall pauses once, each look a delayed SQS message),
// for installs of several lengths, beside the designs weighed; and a run on the local stack that checks the
// model against the synthesized definition and the real watcher. `npx tsx bench/install.bench.ts`, or a
// section of `npm run bench`.
//
// Time scale of the run: the fake panel's clock, the functions' clock, the state machine's own times and
// the install watch's delays all run ×K (BENCH_INSTALL_SPEED, default 30), so a 10-minute install takes 20
// real seconds; times are shown in install seconds (real × K).

import { pathToFileURL } from 'node:url';
import type { TaskHandlers } from '../functions/provisioning/tasks.js';
import { startFakePanel } from '../local/fake-panel/index.js';
import { startLocalStack } from '../local/stack.js';
import { FIRST_POLL_SECONDS, installWait, nextPollSeconds } from '../shared/domain/install-polling.js';
import { roomySeed } from '../tests/fault/harness.js';
import { ASSUMED_MS, MEMORY_GB, PRICE } from './prices.js';

const ADMIN = '15550105678';
/** INSTALL_POLL_SECONDS as deployed by default. */
const MAX_POLL_SECONDS = 60;

export const INSTALL_SCENARIOS = [
  { label: 'instant (the bench’s fake)', seconds: 0 },
  { label: '30 s', seconds: 30 },
  { label: '2 min', seconds: 120 },
  { label: '2½ min', seconds: 150 },
  { label: '3 min', seconds: 180 },
  { label: '10 min', seconds: 600 },
];

export interface InstallCost {
  looks: number;
  /** Transitions of the install wait alone. */
  transitions: number;
  invocations: number;
  /** Billed Lambda time: sleeps inside a function (the designs that had them) and looks (ASSUMED_MS.panelCall each). */
  lambdaSeconds: number;
  lateSeconds: number;
  usd: number;
}

const usd = (v: number) => `$${v.toFixed(6)}`;

/** Per look: the panel budget's booking (1 write unit) and the order's read (1 read unit). */
const LOOK_DDB = PRICE.ddbWrite + PRICE.ddbRead;

function priced(c: Omit<InstallCost, 'usd'>, memoryGb: number): InstallCost {
  const usd =
    c.transitions * PRICE.sfnTransition +
    c.invocations * PRICE.lambdaRequest +
    c.lambdaSeconds * memoryGb * PRICE.lambdaGbSecondArm +
    c.looks * LOOK_DDB;
  return { ...c, usd };
}

/**
 * Before: PlanInstallCheck, then Wait → CheckInstall → IsInstalled for each look (3 transitions), the wait
 * rounded up to whole seconds, at 512 MB (CheckInstall ran only for the look).
 */
export function installCostBefore(seconds: number, max = MAX_POLL_SECONDS): InstallCost {
  const first = Math.min(FIRST_POLL_SECONDS, max);
  let t = first;
  let looks = 1;
  while (t < seconds) {
    t += Math.max(first, Math.min(Math.ceil(t * 0.2), max));
    looks++;
  }
  return priced(
    {
      looks,
      transitions: 1 + 3 * looks,
      invocations: looks,
      lambdaSeconds: (looks * ASSUMED_MS.panelCall) / 1000,
      lateSeconds: t - seconds,
    },
    MEMORY_GB.task,
  );
}

/**
 * The design of the morning of 2026-11-30 (kept for the comparison): CheckInstall waited inside itself
 * (128 MB) while the install was under 75 s, then each look was one retry on InstallNotReadyError (first 15 s,
 * ×1.2, at most 60 s).
 */
export function installCostRetry(seconds: number, max = MAX_POLL_SECONDS): InstallCost {
  const insideUntil = 75;
  let t = Math.min(FIRST_POLL_SECONDS, max);
  let slept = t;
  let looks = 1;
  while (t < seconds && t < insideUntil) {
    const wait = nextPollSeconds(t * 1000, max);
    t += wait;
    slept += wait;
    looks++;
  }
  let retries = 0;
  while (t < seconds) {
    t += Math.min(max, Math.min(15, max) * 1.2 ** retries);
    retries++;
    looks++;
  }
  return priced(
    {
      looks,
      transitions: 1 + retries,
      invocations: 1 + retries,
      lambdaSeconds: slept + (looks * ASSUMED_MS.panelCall) / 1000,
      lateSeconds: t - seconds,
    },
    MEMORY_GB.checkInstall,
  );
}

/**
 * A look of the install watch: an SQS send, a receive and a delete (standard queue), one watcher invocation
 * of ASSUMED_MS.panelCall at 128 MB (priced as if each look were a batch of its own: AWS batches them when
 * several are due), the budget's booking and the order's read.
 */
export const WATCH_LOOK_USD =
  3 * PRICE.sqsStandardRequest +
  PRICE.lambdaRequest +
  (ASSUMED_MS.panelCall / 1000) * MEMORY_GB.installWatcher * PRICE.lambdaGbSecondArm +
  PRICE.ddbWrite +
  PRICE.ddbRead;

/** Now: CheckInstall pauses once (one transition); each look is a delayed message and one short invocation. */
export function installCostAfter(seconds: number, max = MAX_POLL_SECONDS): InstallCost {
  const w = installWait(seconds, max);
  const looks = w.looks.length;
  return {
    looks,
    transitions: w.transitions,
    invocations: looks,
    lambdaSeconds: (looks * ASSUMED_MS.panelCall) / 1000,
    lateSeconds: w.lateSeconds,
    usd: w.transitions * PRICE.sfnTransition + looks * WATCH_LOOK_USD,
  };
}

/**
 * The designs compared for the choice (docs/performance.md): the same looks (2 s first, then a fifth of the
 * install's age, at most 60 s), waited for inside CheckInstall until `insideUntil` seconds of install age
 * and by the state machine after that. The designs built (before, chosen) use their exact models above; the
 * others a simpler one (no whole-second rounding), which puts the chosen design ~$0.00003 lower at 2½–10 min.
 */
export interface WaitDesign {
  label: string;
  /** Install age until which the looks are waited for inside one CheckInstall invocation. */
  insideUntil: number;
  memoryGb: number;
  /** Transitions a look outside costs (3: Wait, CheckInstall, Choice; 1: a retry). */
  perLook: number;
  /** Transitions besides the looks (PlanInstallCheck, or entering CheckInstall once). */
  fixed: number;
  /** For a wait held by an Express workflow: its price per second (64 MB) and per execution (5 minutes each). */
  express?: { perSecond: number; perExecution: number };
  /** The exact model, for the designs that are (or were) built. */
  exact?: (seconds: number) => InstallCost;
}

export const WAIT_DESIGNS: readonly WaitDesign[] = [
  {
    label: 'before: Wait → CheckInstall → Choice per look, 512 MB',
    insideUntil: 0,
    memoryGb: 0.5,
    perLook: 3,
    fixed: 1,
    exact: (seconds) => installCostBefore(seconds),
  },
  { label: 'Retry on InstallNotReadyError only, 512 MB', insideUntil: 0, memoryGb: 0.5, perLook: 1, fixed: 0 },
  {
    label: 'wait inside until the break-even (18.75 s at 512 MB), then Retry',
    insideUntil: 18.75,
    memoryGb: 0.5,
    perLook: 1,
    fixed: 1,
  },
  { label: 'the same at 256 MB (37.5 s)', insideUntil: 37.5, memoryGb: 0.25, perLook: 1, fixed: 1 },
  {
    label: 'the same at 128 MB (75 s): built this morning, replaced',
    insideUntil: 75,
    memoryGb: 0.125,
    perLook: 1,
    fixed: 1,
    exact: (seconds) => installCostRetry(seconds),
  },
  { label: 'the whole wait inside CheckInstall, 128 MB', insideUntil: 900, memoryGb: 0.125, perLook: 1, fixed: 1 },
  {
    label: 'an Express workflow holds the wait (estimate, not built)',
    insideUntil: 0,
    memoryGb: 0.125,
    perLook: 0,
    fixed: 1,
    express: { perSecond: 0.00001667 * (64 / 1024), perExecution: 1 / 1e6 },
  },
  {
    label: '**chosen: the install watch (one paused task, a delayed SQS message a look)**',
    insideUntil: 0,
    memoryGb: 0.125,
    perLook: 0,
    fixed: 1,
    exact: (seconds) => installCostAfter(seconds),
  },
];

/** One design's cost of waiting for an install of `seconds`. */
export function designCost(d: WaitDesign, seconds: number): number {
  if (d.exact) return d.exact(seconds).usd;
  let t = FIRST_POLL_SECONDS;
  let looks = 1;
  let inside = t;
  let outside = 0;
  while (t < seconds) {
    const next = Math.max(FIRST_POLL_SECONDS, Math.min(0.2 * t, MAX_POLL_SECONDS));
    if (t < d.insideUntil) inside += next;
    else outside++;
    t += next;
    looks++;
  }
  const lambdaSeconds = (d.insideUntil > 0 ? inside : 0) + (looks * ASSUMED_MS.panelCall) / 1000;
  const invocations = d.insideUntil > 0 ? 1 + outside : looks;
  const express = d.express ? t * d.express.perSecond + Math.ceil(t / 300) * d.express.perExecution : 0;
  return (
    (d.fixed + d.perLook * (d.insideUntil > 0 ? outside : looks)) * PRICE.sfnTransition +
    invocations * PRICE.lambdaRequest +
    lambdaSeconds * d.memoryGb * PRICE.lambdaGbSecondArm +
    looks * LOOK_DDB +
    express
  );
}

/** The comparison's table: each design's install-wait cost by install length. */
export function designTable(): string {
  const lengths = INSTALL_SCENARIOS.filter((sc) => sc.seconds > 0);
  const lines = [
    `| design | ${lengths.map((sc) => sc.label).join(' | ')} |`,
    `|---|${lengths.map(() => '---').join('|')}|`,
  ];
  for (const d of WAIT_DESIGNS)
    lines.push(`| ${d.label} | ${lengths.map((sc) => usd(designCost(d, sc.seconds))).join(' | ')} |`);
  return lines.join('\n');
}

export interface MeasuredInstall {
  seconds: number;
  looks: number;
  invocations: number;
  /** The whole execution's: states entered and retries. */
  transitions: number;
  retries: number;
  /** From the install's end (the panel's clock) to CheckInstall's answer, in install seconds. */
  lateSeconds: number;
  completed: boolean;
}

/**
 * One order per install length on the local stack, everything ×K: counts what the definition and the real
 * CheckInstall do, to hold the model above to it.
 */
export async function measuredInstalls(lengths: readonly number[], k: number): Promise<MeasuredInstall[]> {
  const t0 = Date.now();
  const scaledNow = () => t0 + (Date.now() - t0) * k;
  const panel = await startFakePanel({
    now: scaledNow,
    seed: roomySeed(lengths.length),
    faults: { installDelayMs: 0, rateLimitPerMinute: 1_000_000 },
  });
  let invocations = 0;
  let answeredAt = 0;
  let installEnd = 0;
  const wrap = (tasks: TaskHandlers): TaskHandlers => ({
    ...tasks,
    EnsureServer: async (input) => {
      const out = await tasks.EnsureServer(input);
      // When the panel will report the install done (its clock), as scheduled at the create; now if it is.
      installEnd = panel.state().servers.find((s) => s.id === out.serverId)?.install?.doneAt ?? scaledNow();
      return out;
    },
    CheckInstall: async (input) => {
      invocations++;
      const out = await tasks.CheckInstall(input);
      answeredAt = scaledNow();
      return out;
    },
  });
  const stack = await startLocalStack({
    pace: 'test',
    timeScale: k,
    clock: { now: () => new Date(scaledNow()) },
    wrapTasks: wrap,
    env: {
      PTERODACTYL_URL: panel.url,
      PTERODACTYL_ADMIN_API_KEY: panel.apiKey,
      ADMIN_WA_IDS: ADMIN,
      INSTALL_POLL_SECONDS: String(MAX_POLL_SECONDS),
      INSTALL_TIMEOUT_SECONDS: '900',
    },
  });
  const out: MeasuredInstall[] = [];
  try {
    for (const [i, seconds] of lengths.entries()) {
      const customer = `1555080${String(i).padStart(4, '0')}`;
      await stack.say(customer, '!order bronze', `Player ${i}`);
      await stack.settle();
      const id = (await stack.app.inbox.orders.listByCustomer(customer, 1)).items[0]!.id;
      panel.setFaults({ installDelayMs: seconds * 1000 });
      invocations = 0;
      const looksBefore = looksAt(panel.state().requests);
      await stack.say(ADMIN, `!order-confirm ${id}`, 'Admin');
      await stack.settle(900_000 / k + 60_000);
      const order = await stack.app.inbox.orders.get(id);
      const events = stack.sfn.get(id, 1)?.events ?? [];
      out.push({
        seconds,
        looks: looksAt(panel.state().requests) - looksBefore,
        invocations,
        transitions: events.filter((e) => e.type === 'StateEntered').length,
        retries: events.filter((e) => e.type === 'StateRetried').length,
        lateSeconds: (answeredAt - installEnd) / 1000,
        completed: order?.status === 'COMPLETED',
      });
    }
  } finally {
    await stack.stop();
    await panel.close();
  }
  return out;
}

/** Install looks in the panel's request log: `GET /servers/{id}`. */
function looksAt(requests: readonly { method: string; path: string }[]): number {
  return requests.filter((r) => r.method === 'GET' && /\/api\/application\/servers\/\d+$/.test(r.path)).length;
}

/** The model's table: per install length, before and after. */
export function installCostTable(): string {
  const lines = [
    '| install | looks (watch) | transitions of the wait: before → retry → watch | watcher invocations / billed s (128 MB) | customer waits after the end (watch) | install wait cost: before → retry → watch |',
    '|---|---|---|---|---|---|',
  ];
  for (const s of INSTALL_SCENARIOS) {
    const b = installCostBefore(s.seconds);
    const r = installCostRetry(s.seconds);
    const a = installCostAfter(s.seconds);
    lines.push(
      `| ${s.label} | ${a.looks} | ${b.transitions} → ${r.transitions} → ${a.transitions} | ${a.invocations} / ${a.lambdaSeconds.toFixed(1)} s | ${a.lateSeconds.toFixed(1)} s | ${usd(b.usd)} → ${usd(r.usd)} → ${usd(a.usd)} |`,
    );
  }
  return lines.join('\n');
}

/** The run's table, beside the model's counts. */
export function measuredTable(rows: readonly MeasuredInstall[], k: number): string {
  const lines = [
    `| install (×${k}) | completed | looks (model) | watcher looks (model) | transitions incl. retries, whole execution (model: 6 + install) | late, install s (model) |`,
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const m = installCostAfter(r.seconds);
    lines.push(
      `| ${r.seconds} s | ${r.completed ? 'yes' : 'NO'} | ${r.looks} (${m.looks}) | ${r.invocations} (${m.invocations}) | ${r.transitions + r.retries} (${6 + m.transitions}) | ${r.lateSeconds.toFixed(1)} (${m.lateSeconds.toFixed(1)}) |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const k = Number(process.env.BENCH_INSTALL_SPEED ?? 30);
  console.log(installCostTable());
  console.log('');
  console.log(designTable());
  console.log('');
  console.log(
    measuredTable(
      await measuredInstalls(
        INSTALL_SCENARIOS.map((s) => s.seconds),
        k,
      ),
      k,
    ),
  );
  process.exit(0);
}
