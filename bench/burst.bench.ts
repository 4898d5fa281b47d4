// The burst (issue 18): N orders confirmed at once against the fake panel's per-minute limit, by this
// project and by two tiny clients shaped like its peers, on the same fake panel, limit and clock; printed
// as one table. `npm run bench:burst` (BENCH_BURSTS="40@60,200@240,200@60" or "none", BENCH_PANEL_SPEED)
// or a section of `npm run bench`.
//
// Time scale: the fake panel's clock runs K times faster (its one-minute rate window lasts 60/K s), and so
// do the state machines' own times (retry intervals, back-off and jitter, Waits: the runner's `timeScale`)
// and the panel budget's clock. K is chosen so the bound lasts ~50 real seconds, which the CPU work of 200
// executions on two cores fits in; times are shown in panel-minutes (real seconds × K / 60).
//
// Spawnpoint's budget (PANEL_RATE_LIMIT_PER_MINUTE) is set EQUAL to the panel's limit, so the bound is
// "all panel calls of the burst ÷ the panel's limit": the least time these calls can take.

import { performance } from 'node:perf_hooks';
import { type FakePanel, startFakePanel } from '../local/fake-panel/index.js';
import { startLocalStack } from '../local/stack.js';
import { deliveries, roomySeed } from '../tests/fault/harness.js';

const ADMIN = '15550105678';

export interface Burst {
  orders: number;
  /** The panel's limit (calls a minute), and Spawnpoint's budget. */
  limit: number;
}

export interface BurstResult {
  client: string;
  completedFirstPass: number;
  rolledBack: number;
  adminRetries: number;
  completedAfterRetries: number;
  calls: number;
  r429: number;
  /** First confirm to the last credentials (or the last successful create, for the peers), in real seconds. */
  seconds: number;
  users: number;
  servers: number;
  duplicateUsers: number;
  usersWithoutServer: number;
  password: string;
}

export function parseBursts(text: string): Burst[] {
  if (text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const [orders, limit] = part.trim().split('@').map(Number);
    if (!orders || !limit) throw new Error(`BENCH_BURSTS wants N@LIMIT,N@LIMIT..., got "${text}"`);
    return { orders, limit };
  });
}

/**
 * K: the panel's minute lasts 60/K real seconds. Only the panel's and the state machines' times are scaled;
 * the handlers' own work (the emulators, one process, two cores) is not, so K is kept low enough that the
 * bound of ~5 calls an order lasts ~250 real seconds and that work stays small beside it.
 */
export function speedFor(b: Burst): number {
  const fixed = process.env.BENCH_PANEL_SPEED;
  return fixed ? Number(fixed) : Math.max(1, Math.round((b.orders * 5 * 60) / (b.limit * 250)));
}

function scaledPanel(b: Burst, k: number): Promise<FakePanel> {
  const t0 = Date.now();
  return startFakePanel({
    now: () => t0 + (Date.now() - t0) * k,
    seed: roomySeed(b.orders),
    requestLogLimit: 20_000,
    faults: { installDelayMs: 0, rateLimitPerMinute: b.limit },
  });
}

function panelFacts(panel: FakePanel, prefix: string) {
  const state = panel.state();
  const users = state.users.filter((u) => !u.root_admin);
  const perCustomer = new Map<string, number>();
  for (const u of users) {
    const c = new RegExp(`${prefix}\\d{4}`).exec(`${u.username} ${u.email} ${u.external_id ?? ''}`)?.[0] ?? '?';
    perCustomer.set(c, (perCustomer.get(c) ?? 0) + 1);
  }
  return {
    calls: state.requestCounts.total,
    r429: state.requestCounts.byStatus['429'] ?? 0,
    users: users.length,
    servers: state.servers.length,
    duplicateUsers: [...perCustomer.values()].reduce((a, n) => a + Math.max(0, n - 1), 0),
    usersWithoutServer: users.filter((u) => !state.servers.some((s) => s.user_id === u.id)).length,
  };
}

export async function burstSpawnpoint(b: Burst): Promise<BurstResult> {
  const k = speedFor(b);
  const panel = await scaledPanel(b, k);
  const stack = await startLocalStack({
    pace: 'test',
    timeScale: k,
    env: {
      PTERODACTYL_URL: panel.url,
      PTERODACTYL_ADMIN_API_KEY: panel.apiKey,
      ADMIN_WA_IDS: ADMIN,
      PANEL_RATE_LIMIT_PER_MINUTE: String(b.limit),
    },
  });
  const prefix = '1555050';
  try {
    const customers = Array.from({ length: b.orders }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
    await Promise.all(customers.map((c, i) => stack.say(c, '!order bronze', `Player ${i}`)));
    await stack.settle(600_000);
    const ids: string[] = [];
    for (const c of customers) ids.push(...(await stack.app.inbox.orders.listByCustomer(c, 10)).items.map((o) => o.id));

    const t = performance.now();
    let last = t;
    const off = stack.graph!.onMessage((m) => {
      if (deliveries([m]).some((d) => d.kind !== 'reset')) last = performance.now();
    });
    await Promise.all(ids.map((id) => stack.say(ADMIN, `!order-confirm ${id}`, 'Admin')));
    await stack.settle(1_800_000);
    const seconds = (last - t) / 1000;
    const first = await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)));
    const rolledBack = stack.sfn.list().filter((e) => e.events.some((v) => v.state === 'Rollback')).length;
    // What the notices would have the admin do: !provision-retry every order left CONFIRMED.
    let adminRetries = 0;
    for (let round = 0; round < 5; round++) {
      const left = (await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)))).filter(
        (x) => x?.status === 'CONFIRMED',
      );
      if (left.length === 0) break;
      adminRetries += left.length;
      await new Promise((r) => setTimeout(r, (60_000 / k) * 1.05));
      await Promise.all(left.map((x) => stack.say(ADMIN, `!provision-retry ${x!.id}`, 'Admin')));
      await stack.settle(1_800_000);
    }
    off();
    const after = await Promise.all(ids.map((id) => stack.app.inbox.orders.get(id)));
    const perMinute = new Map<number, number>();
    const t0 = panel.state().requests[0]?.at ?? 0;
    for (const r of panel.state().requests) {
      const m = Math.floor((r.at - t0) / 60_000);
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    }
    console.error(`calls per panel-minute: ${[...perMinute.values()].join(' ')}`);
    return {
      client: 'Spawnpoint',
      completedFirstPass: first.filter((o) => o?.status === 'COMPLETED').length,
      rolledBack,
      adminRetries,
      completedAfterRetries: after.filter((o) => o?.status === 'COMPLETED').length,
      seconds,
      ...panelFacts(panel, prefix),
      password: 'one WhatsApp message per new account',
    };
  } finally {
    await stack.stop();
    await panel.close();
  }
}

/** A tiny Application API client with no retry, no backoff and no lookup unless asked. */
function rawClient(panel: FakePanel) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; id?: number }> => {
    const res = await fetch(`${panel.url}/api/application${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${panel.apiKey}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5_000), // WHMCS's module uses a 5 s timeout
    }).catch(() => undefined);
    // No answer in time: the module call fails (status 0), as WHMCS reports a timeout.
    if (!res) return { status: 0 };
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
export async function burstPeer(kind: 'naive' | 'whmcs', b: Burst): Promise<BurstResult> {
  const k = speedFor(b);
  const panel = await scaledPanel(b, k);
  const call = rawClient(panel);
  const prefix = '1555060';
  const customers = Array.from({ length: b.orders }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  let last = 0;
  const provision = async (c: string, i: number, round: number): Promise<boolean> => {
    const order = `ORD-${kind.toUpperCase().slice(0, 2)}${String(i).padStart(4, '0')}`;
    let userId: number | undefined;
    if (kind === 'whmcs') {
      const found = await call('GET', `/users/external/wa-${c}`);
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
      if (made.status !== 201 || made.id === undefined) return false;
      userId = made.id;
    }
    if (kind === 'whmcs') {
      const exists = await call('GET', `/servers/external/${order}`);
      if (exists.status === 200) return true;
      if (exists.status === 429) return false;
    }
    const server = await call(
      'POST',
      '/servers',
      serverBody(panel, userId, `Bronze ${order}`, kind === 'whmcs' ? order : undefined),
    );
    if (server.status === 201) last = performance.now();
    return server.status === 201;
  };
  try {
    const t = performance.now();
    let results = await Promise.all(customers.map((c, i) => provision(c, i, 0)));
    const firstTry = results.filter(Boolean).length;
    // The admin retries every failed order once, after the rate window has passed.
    await new Promise((r) => setTimeout(r, (60_000 / k) * 1.05));
    results = await Promise.all(customers.map((c, i) => (results[i] ? true : provision(c, i, 1))));
    return {
      client: kind === 'whmcs' ? 'WHMCS-shaped' : 'naive bot',
      completedFirstPass: firstTry,
      rolledBack: 0,
      adminRetries: b.orders - firstTry,
      completedAfterRetries: results.filter(Boolean).length,
      seconds: (last - t) / 1000,
      ...panelFacts(panel, prefix),
      password: kind === 'whmcs' ? 'none (relies on panel e-mail)' : 'plaintext in chat, per order',
    };
  } finally {
    await panel.close();
  }
}

/** Every burst, every client: one table (markdown), with Spawnpoint's time against its bound. */
export async function burstTable(bursts: readonly Burst[]): Promise<string> {
  const lines = [
    '| burst (panel limit = budget) | client | completed 1st pass | rolled back | admin retries | completed after retries | panel calls (429s) | first confirm → last login | bound: calls ÷ limit | ratio | users / servers / duplicate users / users without a server |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const b of bursts) {
    const k = speedFor(b);
    const results = [await burstSpawnpoint(b), await burstPeer('whmcs', b), await burstPeer('naive', b)];
    const pmin = (s: number) => (s * k) / 60;
    for (const r of results) {
      console.error(`burst ${b.orders}@${b.limit} ×${k}: ${JSON.stringify(r)}`);
      const bound = r.calls / b.limit;
      const time = pmin(r.seconds);
      // A ratio to the bound means something only for a burst that got done.
      const ratio = r.completedAfterRetries === b.orders ? (time / bound).toFixed(2) : 'not all done';
      lines.push(
        `| ${b.orders} @ ${b.limit}/min (×${k}) | ${r.client} | ${r.completedFirstPass} | ${r.rolledBack} | ${r.adminRetries} | ${r.completedAfterRetries} | ${r.calls} (${r.r429}) | ${time.toFixed(2)} panel-min | ${bound.toFixed(2)} panel-min | ${ratio} | ${r.users} / ${r.servers} / ${r.duplicateUsers} / ${r.usersWithoutServer} |`,
      );
    }
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bursts = parseBursts(process.env.BENCH_BURSTS ?? '40@60,200@240,200@60');
  console.log(await burstTable(bursts));
  process.exit(0);
}
