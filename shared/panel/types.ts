// Types of the panel port: what provisioning needs from Pterodactyl, in our words, plus the raw
// Application API shapes the client reads (only the fields it uses).

import type { Package } from '../domain/packages.js';
import type { PanelTransport } from './http.js';

export interface PanelUser {
  id: number;
  externalId: string | null;
  uuid: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  rootAdmin: boolean;
  /** When the panel created the account (ISO 8601, the panel's clock). */
  createdAt?: string;
}

export interface PanelServer {
  id: number;
  externalId: string | null;
  uuid: string;
  /** First 8 characters of the uuid: the id in the client UI URL `/server/<identifier>`. */
  identifier: string;
  name: string;
  /** `installing`, `install_failed`, `reinstall_failed`, `suspended`, `restoring_backup` or null (installed). */
  status: string | null;
  userId: number;
  nodeId: number;
  allocationId: number;
  nestId: number;
  eggId: number;
  limits: { memory: number; swap: number; disk: number; io: number; cpu: number };
  featureLimits: { databases: number | null; allocations: number | null; backups: number | null };
  /** `ip_alias || ip` + `:port` of the default allocation, when the allocations were included. */
  address?: string;
}

export type InstallState = 'installing' | 'installed' | 'failed';

/** A server as the lifecycle reads it back. */
export interface ServerState {
  id: number;
  suspended: boolean;
  externalId: string | null;
  nodeId: number;
  limits: PanelServer['limits'];
  featureLimits: PanelServer['featureLimits'];
}

/** Whether a node can take more memory and disk, and if not, why. */
export type Room = { ok: true } | { ok: false; reason: string };

export interface CustomerRef {
  /** Stable customer key; we pass the WhatsApp id (digits). The panel external_id is `wa-<key>`. */
  key: string;
  displayName?: string;
}

export interface EnsureUserResult {
  user: PanelUser;
  /** True only when this call's POST created the user (so rollback may delete it). */
  created: boolean;
  /**
   * The POST's answer was lost and the user was found afterwards: probably this call's create, but another
   * could have made it meanwhile (the caller can check the user's `createdAt`). Absent after a 201.
   */
  foundAfterLostAnswer?: boolean;
}

export interface EnsureServerInput {
  /** The order id: the server's external_id, so one order can never get two servers. */
  externalId: string;
  name: string;
  description?: string;
  userId: number;
  pkg: Package;
  /** No create was ever tried for this order: create without looking first (a clash is looked up). */
  likelyNew?: boolean;
}

export interface EnsureServerResult {
  server: PanelServer;
  /** True when this call created the server (including "created, but the answer was lost"). */
  created: boolean;
}

export interface RollbackTarget {
  serverExternalId: string;
  userId?: number;
  /** Only true when this order created the user. The user is deleted only if it then owns no servers. */
  deleteUser: boolean;
}

export interface RollbackReport {
  server: 'deleted' | 'force-deleted' | 'absent';
  serverId?: number;
  user: 'deleted' | 'absent' | 'kept-owns-servers' | 'kept-not-ours';
  userId?: number;
}

export interface PreflightResult {
  ok: boolean;
  /** Blocking problems, each one a person can act on. */
  reasons: string[];
  /** Things that work but look wrong (e.g. an override that matches no egg variable). */
  warnings: string[];
  /**
   * Set when the check could not be made because the panel was rate limiting (429): not a failure.
   * Provisioning waits out rate limits, so the caller may go ahead.
   */
  skipped?: string;
}

export type PanelResource = 'users' | 'servers' | 'nodes' | 'allocations' | 'locations' | 'nests' | 'eggs';
export type PanelPermission = 'read' | 'write' | 'none' | 'unknown';

export interface PanelHealth {
  ok: boolean;
  url: string;
  latencyMs: number;
  /**
   * Per resource: `write` = read and write confirmed; `read` = read confirmed, write denied or not
   * probed (see `writeProbed`); `none` = no read; `unknown` = could not be probed.
   */
  permissions: Record<PanelResource, PanelPermission>;
  /** Resources whose write permission was probed (with a request the panel rejects before acting). */
  writeProbed: PanelResource[];
  error?: string;
}

/** What task handlers depend on; `PterodactylPanel` implements it, tests may fake it. */
export interface PanelPort {
  /** `likelyNew`: the system never made an account for this customer, so create without looking first. */
  ensureUser(customer: CustomerRef, hint?: { likelyNew?: boolean }): Promise<EnsureUserResult>;
  /** The customer's panel user by its stable key, without creating one (optional for test fakes). */
  findUser?(customerKey: string): Promise<PanelUser | undefined>;
  findServer(externalId: string): Promise<PanelServer | undefined>;
  /** Every server on the panel, page by page (the reconciliation's view; optional for test fakes). */
  listServers?(): Promise<PanelServer[]>;
  ensureServer(input: EnsureServerInput): Promise<EnsureServerResult>;
  installState(serverId: number): Promise<InstallState>;
  setPassword(userId: number, password: string): Promise<void>;
  rollback(target: RollbackTarget): Promise<RollbackReport>;
  preflight(pkg: Package): Promise<PreflightResult>;
  health(): Promise<PanelHealth>;
}

export interface PanelTimeouts {
  /** GETs (default 10 s). */
  readMs: number;
  /** PATCH, DELETE and POST /users (default 20 s). */
  writeMs: number;
  /** POST /servers: the panel waits for Wings, up to ~20 s (default 45 s). */
  createServerMs: number;
}

export interface PterodactylPanelOptions {
  /** Panel root, e.g. `https://panel.example.com` (an URL ending in `/api/application` also works). */
  baseUrl: string;
  /** The `ptla_` key, from a cached secret. Never logged. */
  apiKey: () => Promise<string>;
  /** Domain of the generated account e-mails, e.g. `players.example.com`. */
  emailDomain: string;
  timeouts?: Partial<PanelTimeouts>;
  /** How long egg and node metadata, and the pre-flight's placement answer, are reused (default 60 s). */
  cacheTtlMs?: number;
  now?: () => number;
  /** Wraps the HTTP transport, e.g. with the shared pacing of calls (pacing.ts). */
  decorate?: (http: PanelTransport) => PanelTransport;
  /** The cached metadata, shared by clients of one process that pace differently. */
  cache?: PanelMetadataCache;
}

export type PanelMetadataCache = Map<string, { at: number; value: Promise<unknown> }>;

// ---- Raw Application API shapes (only what the client reads) ----

export interface Item<T, O extends string = string> {
  object: O;
  attributes: T;
}

export interface List<T> {
  object: 'list';
  data: T[];
  meta?: { pagination?: { total: number; count: number; per_page: number; current_page: number; total_pages: number } };
}

export interface RawUser {
  id: number;
  external_id: string | null;
  uuid: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  root_admin: boolean;
  created_at?: string;
  relationships?: { servers?: List<Item<RawServer>> };
}

export interface RawAllocation {
  id: number;
  ip: string;
  alias: string | null;
  port: number;
  assigned: boolean;
}

export interface RawServer {
  id: number;
  external_id: string | null;
  uuid: string;
  identifier: string;
  name: string;
  description: string;
  status: string | null;
  user: number;
  node: number;
  allocation: number;
  nest: number;
  egg: number;
  limits: { memory: number; swap: number; disk: number; io: number; cpu: number };
  feature_limits: { databases: number | null; allocations: number | null; backups: number | null };
  relationships?: { allocations?: List<Item<RawAllocation>> };
}

export interface RawEggVariable {
  name: string;
  env_variable: string;
  default_value: string | null;
  rules: string;
}

export interface RawEgg {
  id: number;
  nest: number;
  name: string;
  docker_image: string;
  docker_images: Record<string, string>;
  startup: string;
  relationships?: { variables?: List<Item<RawEggVariable>> };
}

export interface RawNode {
  id: number;
  name: string;
  public: boolean;
  location_id: number;
  memory: number;
  memory_overallocate: number;
  disk: number;
  disk_overallocate: number;
  allocated_resources?: { memory: number; disk: number };
}
