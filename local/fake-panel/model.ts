// The fake panel's state behind the HTTP layer: its rows, id sequences, API keys, fault switches and
// their counters, rate-limit buckets and request log, plus the few rules several areas share (installs
// finishing, node capacity, a server's environment).

import { DEFAULT_FAULTS, type FakePanelFaults, parseFaults, prng } from './faults.js';
import {
  defaultSeed,
  type FakeAllocation,
  type FakeData,
  type FakeEgg,
  type FakeNest,
  type FakeNode,
  type FakeServer,
  type FakeUser,
  type InstallOutcome,
  verifyPassword,
} from './state.js';

export type AclResource =
  | 'servers'
  | 'nodes'
  | 'allocations'
  | 'users'
  | 'locations'
  | 'nests'
  | 'eggs'
  | 'database_hosts'
  | 'server_databases';
const ACL_RESOURCES: AclResource[] = [
  'servers',
  'nodes',
  'allocations',
  'users',
  'locations',
  'nests',
  'eggs',
  'database_hosts',
  'server_databases',
];
export const READ = 1;
const DEFAULT_REQUEST_LOG_LIMIT = 2_000;
export const WRITE = 2;

export interface FakeApiKeyConfig {
  /** `ptla_` + 11 characters (the identifier) + 32 characters (the secret). */
  key: string;
  /** Bitmask per resource: 1 read, 2 write, 3 both. Missing = 0. */
  acl: Partial<Record<AclResource, number>>;
  /** The user the key belongs to (default 1, the root admin). */
  ownerId?: number;
  label?: string;
}

export interface FakePanelOptions {
  host?: string;
  port?: number;
  /** The admin key (read & write on everything). Default: a random valid key. */
  apiKey?: string;
  /** A key with read-only access to everything. Default: a random valid key. */
  readOnlyApiKey?: string;
  extraKeys?: FakeApiKeyConfig[];
  /** Initial data (default `defaultSeed()`); `reset()` goes back to it. */
  seed?: () => FakeData;
  /** Start from these rows and sequences instead of the seed (a run kept on disk); `reset()` still goes to the seed. */
  data?: PanelData;
  /** Called after every request that may have changed the rows, before it is answered (to keep them on disk). */
  onChange?: () => void;
  faults?: Partial<FakePanelFaults>;
  /** Seed of the PRNG that picks deploy allocations (the panel picks at random). */
  allocationSeed?: number;
  /** How many requests `state().requests` keeps, newest last (default 2,000); `requestCounts` counts them all. */
  requestLogLimit?: number;
  now?: () => number;
}

export interface FakeRequestLogEntry {
  at: number;
  method: string;
  /** Path and query; never headers or bodies. */
  path: string;
  status: number | 'lost';
  key: string;
}

/** A signed-in browser session of the web pages, keyed by the SHA-256 of its cookie's token. */
export interface FakeSession {
  userId: number;
  /** The user's uuid at login: a user deleted (or reset away) and a new one with the same id is not them. */
  userUuid: string;
  expiresAt: number;
}

/** Every request since start (or `reset()`), never truncated: the log keeps only the newest ones. */
export interface FakeRequestCounts {
  total: number;
  /** By answer: an HTTP status, or `lost` (no answer). */
  byStatus: Record<string, number>;
}

export interface FakePanelState {
  users: Array<Omit<FakeUser, 'password_hash'> & { has_password: boolean }>;
  servers: FakeServer[];
  allocations: FakeAllocation[];
  nodes: FakeNode[];
  eggs: FakeEgg[];
  nests: FakeNest[];
  /** The newest requests (`requestLogLimit`). */
  requests: FakeRequestLogEntry[];
  requestCounts: FakeRequestCounts;
}

/** What the panel keeps in MySQL: its rows and the auto-increment counters (ids are never reused). */
export interface PanelData {
  data: FakeData;
  seq: { users: number; servers: number; allocations: number };
}

export class PanelModel {
  data: FakeData;
  faultState: FakePanelFaults;
  readonly keys: FakeApiKeyConfig[];
  readonly buckets = new Map<number, { start: number; count: number }>();
  readonly log: FakeRequestLogEntry[] = [];
  /** The web pages' sessions (`pages.ts`); `reset()` signs everyone out. */
  readonly sessions = new Map<string, FakeSession>();
  requestCounts: FakeRequestCounts = { total: 0, byStatus: {} };
  pickAllocation: () => number;
  random: (() => number) | null = null;
  unavailableLeft = 0;
  /** Auto-increment counters: like MySQL, an id is never reused after a delete. */
  seq = { users: 0, servers: 0, allocations: 0 };
  loseLeft = 0;
  readonly now: () => number;

  constructor(
    private readonly options: FakePanelOptions,
    apiKey: string,
    readOnlyApiKey: string,
  ) {
    this.now = options.now ?? Date.now;
    this.data = options.data ? structuredClone(options.data.data) : (options.seed ?? defaultSeed)();
    this.resetSequences();
    if (options.data) {
      const saved = options.data.seq;
      for (const k of ['users', 'servers', 'allocations'] as const) this.seq[k] = Math.max(this.seq[k], saved[k] ?? 0);
    }
    this.faultState = { ...DEFAULT_FAULTS };
    this.pickAllocation = prng(options.allocationSeed ?? 1);
    this.keys = [
      { key: apiKey, acl: Object.fromEntries(ACL_RESOURCES.map((r) => [r, READ | WRITE])), label: 'admin' },
      { key: readOnlyApiKey, acl: Object.fromEntries(ACL_RESOURCES.map((r) => [r, READ])), label: 'read-only' },
      ...(options.extraKeys ?? []),
    ];
    this.clearFaults();
  }

  // ---- test controls ----

  get faults(): Readonly<FakePanelFaults> {
    return { ...this.faultState };
  }

  setFaults(partial: Partial<FakePanelFaults>): void {
    const f = parseFaults(partial);
    this.faultState = { ...this.faultState, ...f };
    if (f.unavailable !== undefined) this.unavailableLeft = typeof f.unavailable === 'number' ? f.unavailable : 0;
    if (f.loseCreateResponse !== undefined) {
      this.loseLeft = typeof f.loseCreateResponse === 'number' ? f.loseCreateResponse : f.loseCreateResponse.count;
    }
    if (f.random !== undefined) this.random = f.random ? prng(f.random.seed) : null;
    if (f.rateLimitPerMinute !== undefined) this.buckets.clear();
  }

  private resetSequences(): void {
    this.seq = {
      users: maxId(this.data.users),
      servers: maxId(this.data.servers),
      allocations: maxId(this.data.allocations),
    };
  }

  /** Back to the start-up faults (`options.faults` over the defaults): no fault unless asked for there. */
  clearFaults(): void {
    this.faultState = { ...DEFAULT_FAULTS };
    this.unavailableLeft = 0;
    this.loseLeft = 0;
    this.random = null;
    this.buckets.clear();
    if (this.options.faults) this.setFaults(this.options.faults);
  }

  reset(): void {
    this.data = (this.options.seed ?? defaultSeed)();
    this.resetSequences();
    this.clearFaults();
    this.log.length = 0;
    this.sessions.clear();
    this.requestCounts = { total: 0, byStatus: {} };
    this.pickAllocation = prng(this.options.allocationSeed ?? 1);
  }

  /** The rows (password hashes included) and sequences, to start another panel from (`options.data`). */
  exportData(): PanelData {
    return structuredClone({ data: this.data, seq: this.seq });
  }

  state(): FakePanelState {
    this.refreshInstalls();
    const copy = <T>(x: T): T => structuredClone(x);
    return {
      users: this.data.users.map(({ password_hash, ...u }) => ({ ...copy(u), has_password: password_hash !== '' })),
      servers: copy(this.data.servers),
      allocations: copy(this.data.allocations),
      nodes: copy(this.data.nodes),
      eggs: copy(this.data.eggs),
      nests: copy(this.data.nests),
      requests: copy(this.log),
      requestCounts: copy(this.requestCounts),
    };
  }

  /** Logs a request: counted for good, kept in the log while it is among the newest `requestLogLimit`. */
  logRequest(entry: FakeRequestLogEntry): void {
    this.requestCounts.total++;
    const key = String(entry.status);
    this.requestCounts.byStatus[key] = (this.requestCounts.byStatus[key] ?? 0) + 1;
    this.log.push(entry);
    const limit = this.options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
  }

  /** Whether this username (or e-mail) and password would log in to the panel. */
  login(user: string, password: string): boolean {
    const u = this.findLoginUser(user);
    return u ? verifyPassword(password, u.password_hash) : false;
  }

  findLoginUser(login: string): FakeUser | undefined {
    const v = ci(login.trim());
    return this.data.users.find((u) => ci(u.username) === v || ci(u.email) === v);
  }

  /** Ends a pending install now, as Wings would report it. */
  completeInstall(serverId: number, outcome: 'success' | 'fail' = 'success'): void {
    const s = this.data.servers.find((x) => x.id === serverId);
    if (!s?.install) return;
    s.install = { ...s.install, outcome, doneAt: this.now() };
    this.refreshInstalls();
  }

  // ---- rules shared by several areas ----

  /** Installs whose time has come end now, as Wings would have reported them by this time. */
  refreshInstalls(): void {
    const now = this.now();
    for (const s of this.data.servers) {
      if (!s.install || s.install.doneAt === undefined || now < s.install.doneAt) continue;
      const { outcome, reinstall } = s.install;
      s.install = undefined;
      if (s.status === 'suspended') continue;
      s.status = outcome === 'success' ? null : reinstall ? 'reinstall_failed' : 'install_failed';
    }
  }

  /** Starts an install; `drawn` is the outcome a random fault picked for this request, if any. */
  scheduleInstall(s: FakeServer, drawn: InstallOutcome | undefined, reinstall: boolean): void {
    const outcome = drawn ?? this.faultState.installOutcome;
    s.install = {
      outcome,
      reinstall,
      doneAt: outcome === 'never' ? undefined : this.now() + this.faultState.installDelayMs,
    };
  }

  /** Public nodes (in `locations`, if any) with room for this much memory and disk, overallocation included. */
  viableNodes(memory: number, disk: number, locations: number[]): FakeNode[] {
    if (this.faultState.full) return [];
    return this.data.nodes.filter((n) => {
      if (!n.public) return false;
      if (locations.length > 0 && !locations.includes(n.location_id)) return false;
      const used = this.usedOn(n.id);
      return (
        used.memory + memory <= n.memory * (1 + n.memory_overallocate / 100) &&
        used.disk + disk <= n.disk * (1 + n.disk_overallocate / 100)
      );
    });
  }

  usedOn(nodeId: number): { memory: number; disk: number } {
    const node = this.data.nodes.find((n) => n.id === nodeId);
    if (this.faultState.full && node) {
      return {
        memory: Math.ceil(node.memory * (1 + node.memory_overallocate / 100)),
        disk: Math.ceil(node.disk * (1 + node.disk_overallocate / 100)),
      };
    }
    let memory = 0;
    let disk = 0;
    for (const s of this.data.servers) {
      if (s.node_id !== nodeId) continue;
      memory += s.memory;
      disk += s.disk;
    }
    return { memory, disk };
  }

  /** The server's environment as the panel reports it: egg variables, then the P_SERVER_* ones. */
  environmentOf(s: FakeServer): Record<string, string | number | null> {
    const egg = this.data.eggs.find((e) => e.id === s.egg_id);
    const env: Record<string, string | number | null> = {};
    for (const v of egg?.variables ?? []) env[v.env_variable] = s.variables[v.env_variable] ?? v.default_value;
    const node = this.data.nodes.find((n) => n.id === s.node_id);
    const location = this.data.locations.find((l) => l.id === node?.location_id);
    env.STARTUP = s.startup;
    env.P_SERVER_LOCATION = location?.short ?? null;
    env.P_SERVER_UUID = s.uuid;
    env.P_SERVER_ALLOCATION_LIMIT = s.allocation_limit;
    return env;
  }
}

export function ci(s: string): string {
  return s.toLowerCase();
}

export function isoNow(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function maxId(rows: Array<{ id: number }>): number {
  return rows.reduce((max, r) => Math.max(max, r.id), 0);
}
