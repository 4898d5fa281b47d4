// The Pterodactyl Application API client used by the provisioning tasks. Every operation is idempotent:
// users are found by external_id `wa-<customer key>`, servers by external_id `<order id>`, and a create
// whose answer was lost (timeout, 5xx) is reconciled by looking the object up before deciding anything.

import type { Package, Resources } from '../domain/packages.js';
import { PanelHttp, type PanelRequest, type PanelTransport } from './http.js';
import {
  PanelNoCapacityError,
  PanelNotFoundError,
  PanelRateLimitedError,
  PanelRejectedError,
  PanelUnauthorizedError,
  PanelUnavailableError,
} from './panel-errors.js';
import {
  checkEgg,
  customerExternalId,
  eggMissing,
  locationsOf,
  newUserFields,
  nodeOf,
  portFilter,
  portsText,
  sameId,
  seg,
  serverPayload,
  toServer,
  toUser,
  USERNAME_SUFFIXES,
  unreachableReason,
  usernameFor,
} from './pterodactyl-shapes.js';
import type {
  CustomerRef,
  EnsureServerInput,
  EnsureServerResult,
  EnsureUserResult,
  InstallState,
  Item,
  List,
  PanelHealth,
  PanelMetadataCache,
  PanelPermission,
  PanelPort,
  PanelResource,
  PanelServer,
  PanelTimeouts,
  PanelUser,
  PreflightResult,
  PterodactylPanelOptions,
  RawAllocation,
  RawEgg,
  RawNode,
  RawServer,
  RawUser,
  RollbackReport,
  RollbackTarget,
  Room,
  ServerState,
} from './types.js';

const DEFAULT_TIMEOUTS: PanelTimeouts = { readMs: 10_000, writeMs: 20_000, createServerMs: 45_000 };
/** The panel's docker_image rule (v1.11). */
const DOCKER_IMAGE_RULE = /^[\w./\-:@ ]*$/;
const MAX_LIST_PAGES = 20;
const PAGE_SIZE = 100;
/** Servers one order can have left behind (its own, and creates that landed late): rollback removes them all. */
const MAX_SERVERS_PER_ORDER = 5;

export class PterodactylPanel implements PanelPort {
  private readonly http: PanelTransport;
  private readonly timeouts: PanelTimeouts;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly emailDomain: string;
  private readonly cache: PanelMetadataCache;

  constructor(options: PterodactylPanelOptions) {
    const domain = options.emailDomain.trim().toLowerCase();
    if (!/^[a-z0-9.-]+\.[a-z0-9-]+$|^[a-z0-9-]+$/.test(domain)) {
      throw new Error(`emailDomain must be a domain name such as players.example.com, got "${options.emailDomain}"`);
    }
    this.emailDomain = domain;
    this.now = options.now ?? Date.now;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.cache = options.cache ?? new Map();
    const http = new PanelHttp({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      defaultTimeoutMs: this.timeouts.readMs,
      now: this.now,
    });
    this.http = options.decorate ? options.decorate(http) : http;
  }

  /** The API root this client calls, e.g. `https://panel.example.com/api/application`. */
  get url(): string {
    return this.http.baseUrl;
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.http.destroy();
  }

  // ---- users ----

  async ensureUser(customer: CustomerRef, hint: { likelyNew?: boolean } = {}): Promise<EnsureUserResult> {
    const externalId = customerExternalId(customer.key);
    // A customer the system never made an account for: create at once. The panel's unique external_id
    // refuses a second account, and that refusal is the lookup (an account made by hand is adopted so).
    const existing = hint.likelyNew ? undefined : await this.userByExternalId(externalId);
    if (existing) return { user: existing, created: false };

    const fields = newUserFields(customer, this.emailDomain);
    for (const suffix of USERNAME_SUFFIXES) {
      const body = { ...fields, username: usernameFor(customer, suffix), external_id: externalId };
      try {
        const res = await this.send<Item<RawUser>>({ method: 'POST', path: '/users', body }, this.timeouts.writeMs);
        return { user: toUser(res.attributes), created: true };
      } catch (e) {
        if (e instanceof PanelUnavailableError) {
          // The answer may have been lost after the panel created the user.
          const after = await this.userByExternalId(externalId).catch(() => undefined);
          if (after) return { user: after, created: true, foundAfterLostAnswer: true };
          throw e;
        }
        if (!(e instanceof PanelRejectedError)) throw e;
        if (e.has('external_id', 'unique')) {
          // A concurrent ensureUser for the same customer won the race.
          const winner = await this.userByExternalId(externalId);
          if (winner) return { user: winner, created: false };
          throw e;
        }
        if (e.has('email', 'unique')) return { user: await this.adoptByEmail(body, e), created: false };
        if (e.has('username', 'unique') && e.errors.every((x) => x.sourceField === 'username')) continue;
        throw e;
      }
    }
    throw new PanelRejectedError({
      status: 422,
      code: 'UsernameExhausted',
      detail: `Every username tried for customer ${customer.key} is taken on the panel`,
    });
  }

  /** The customer's panel user (external_id `wa-<key>`), without creating one. */
  findUser(customerKey: string): Promise<PanelUser | undefined> {
    return this.userByExternalId(customerExternalId(customerKey));
  }

  private async userByExternalId(externalId: string): Promise<PanelUser | undefined> {
    try {
      const res = await this.send<Item<RawUser>>({ method: 'GET', path: `/users/external/${seg(externalId)}` });
      return toUser(res.attributes);
    } catch (e) {
      if (e instanceof PanelNotFoundError) return undefined;
      throw e;
    }
  }

  /**
   * Our derived e-mail is taken: adopt that user only when it is unlinked or already ours. The list filter
   * is a partial match (`bob@x.io` also finds `bigbob@x.io.uk`), so only an exact e-mail counts.
   */
  private async adoptByEmail(
    wanted: { email: string; external_id: string; username: string },
    clash: PanelRejectedError,
  ): Promise<PanelUser> {
    const match = await this.userByExactEmail(wanted.email);
    if (!match) {
      throw new PanelUnavailableError({
        code: 'EmailClashVanished',
        detail: `The panel says ${wanted.email} is taken but no user has exactly that e-mail; try again`,
        cause: clash,
      });
    }
    if (match.externalId !== null && !sameId(match.externalId, wanted.external_id)) {
      throw new PanelRejectedError({
        status: 422,
        code: 'EmailOwnedByAnotherUser',
        detail:
          `Panel user ${match.id} (${match.username}) already has the e-mail ${wanted.email} but is linked to ` +
          `external id "${match.externalId}", not "${wanted.external_id}"; fix or unlink that user in the panel`,
        errors: [{ sourceField: 'email', rule: 'unique', detail: `The email has already been taken.` }],
        cause: clash,
      });
    }
    if (match.externalId !== null) return match;
    try {
      const res = await this.send<Item<RawUser>>(
        {
          method: 'PATCH',
          path: `/users/${match.id}`,
          body: {
            email: match.email,
            username: match.username,
            first_name: match.firstName,
            last_name: match.lastName,
            external_id: wanted.external_id,
          },
        },
        this.timeouts.writeMs,
      );
      return toUser(res.attributes);
    } catch (e) {
      if (e instanceof PanelRejectedError && e.has('external_id', 'unique')) {
        const winner = await this.userByExternalId(wanted.external_id);
        if (winner) return winner;
      }
      throw e;
    }
  }

  private async userByExactEmail(email: string): Promise<PanelUser | undefined> {
    const wanted = email.toLowerCase();
    for (let page = 1; page <= MAX_LIST_PAGES; page++) {
      const res = await this.send<List<Item<RawUser>>>({
        method: 'GET',
        path: '/users',
        query: { 'filter[email]': email, per_page: PAGE_SIZE, page },
      });
      const hit = res.data.find((u) => u.attributes.email.toLowerCase() === wanted);
      if (hit) return toUser(hit.attributes);
      const p = res.meta?.pagination;
      if (!p || p.current_page >= p.total_pages) return undefined;
    }
    return undefined;
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const res = await this.send<Item<RawUser>>({ method: 'GET', path: `/users/${userId}` });
    const u = res.attributes;
    await this.send(
      {
        method: 'PATCH',
        path: `/users/${userId}`,
        body: {
          email: u.email,
          username: u.username,
          first_name: u.first_name,
          last_name: u.last_name,
          external_id: u.external_id,
          password,
        },
        redact: [password],
      },
      this.timeouts.writeMs,
    );
  }

  // ---- servers ----

  async findServer(externalId: string): Promise<PanelServer | undefined> {
    try {
      const res = await this.send<Item<RawServer>>({
        method: 'GET',
        path: `/servers/external/${seg(externalId)}`,
        query: { include: 'allocations' },
      });
      return toServer(res.attributes);
    } catch (e) {
      if (e instanceof PanelNotFoundError) return undefined;
      throw e;
    }
  }

  async listServers(): Promise<PanelServer[]> {
    const out: PanelServer[] = [];
    for (let page = 1; ; page++) {
      const res = await this.send<List<Item<RawServer>>>({
        method: 'GET',
        path: '/servers',
        query: { per_page: PAGE_SIZE, page },
      });
      out.push(...res.data.map((s) => toServer(s.attributes)));
      const p = res.meta?.pagination;
      if (!p || p.current_page >= p.total_pages) return out;
    }
  }

  async ensureServer(input: EnsureServerInput): Promise<EnsureServerResult> {
    // An order's first create: nothing can carry its id yet, and the unique external_id would refuse a
    // second server anyway (then the lookup below finds it). A later try looks first.
    const existing = input.likelyNew ? undefined : await this.findServer(input.externalId);
    if (existing) return { server: existing, created: false };

    const { pkg } = input;
    const egg = await this.eggOrRejection(pkg);
    const body = serverPayload(input, egg);
    const taken = new Set<number>();
    for (let attempt = 0; attempt < 5; attempt++) {
      const allocationId =
        pkg.placement.kind === 'node' ? await this.freeAllocation(pkg, pkg.placement.nodeId, taken) : undefined;
      const placement =
        allocationId === undefined
          ? { deploy: { locations: locationsOf(pkg), dedicated_ip: false, port_range: [...pkg.portRange] } }
          : { allocation: { default: allocationId } };
      try {
        const res = await this.send<Item<RawServer>>(
          { method: 'POST', path: '/servers', query: { include: 'allocations' }, body: { ...body, ...placement } },
          this.timeouts.createServerMs,
        );
        return { server: toServer(res.attributes), created: true };
      } catch (e) {
        if (e instanceof PanelUnavailableError) {
          // Timeout or 5xx: the panel may have created it and lost the answer. Look before deciding.
          const after = await this.findServer(input.externalId).catch(() => undefined);
          if (after) return { server: after, created: true };
          throw e;
        }
        if (e instanceof PanelRejectedError && e.has('external_id', 'unique')) {
          const winner = await this.findServer(input.externalId);
          if (winner) return { server: winner, created: false };
          throw e;
        }
        if (e instanceof PanelRejectedError && allocationId !== undefined && e.has('allocation.default')) {
          // Another order took this allocation between our read and our create: pick another one.
          taken.add(allocationId);
          continue;
        }
        throw e;
      }
    }
    throw new PanelNoCapacityError({
      status: 400,
      code: 'NoViableAllocationException',
      detail: `Every free allocation tried on node ${nodeOf(pkg)} was taken by another order meanwhile; try again`,
    });
  }

  /**
   * Install state from the server's status. `suspended` (and `restoring_backup`) count as installed: the
   * panel keeps `suspended` over an install that finishes meanwhile, and an admin who suspends a server
   * mid-install has taken it over; waiting on it would only run into the deadline.
   */
  async installState(serverId: number): Promise<InstallState> {
    const res = await this.send<Item<RawServer>>({ method: 'GET', path: `/servers/${serverId}` });
    const status = res.attributes.status;
    if (status === 'installing') return 'installing';
    if (status === 'install_failed' || status === 'reinstall_failed') return 'failed';
    return 'installed';
  }

  // ---- a server's life: suspend, unsuspend, terminate (the lifecycle state machine's calls) ----

  /** The order's server by external id, as the lifecycle reads it back (suspended or not, its limits), or undefined. */
  async serverOf(orderId: string): Promise<ServerState | undefined> {
    const server = await this.findServer(orderId);
    return (
      server && {
        id: server.id,
        suspended: server.status === 'suspended',
        externalId: server.externalId,
        nodeId: server.nodeId,
        limits: server.limits,
        featureLimits: server.featureLimits,
      }
    );
  }

  /** The server by its panel id (ids are never reused), as the lifecycle reads it back, or undefined (404). */
  async serverById(serverId: number): Promise<ServerState | undefined> {
    try {
      const res = await this.send<Item<RawServer>>({ method: 'GET', path: `/servers/${serverId}` });
      const server = toServer(res.attributes);
      return {
        id: server.id,
        suspended: server.status === 'suspended',
        externalId: server.externalId,
        nodeId: server.nodeId,
        limits: server.limits,
        featureLimits: server.featureLimits,
      };
    } catch (e) {
      if (e instanceof PanelNotFoundError) return undefined;
      throw e;
    }
  }

  /**
   * Whether the node of the order's server has room for `extra` memory and disk (MiB): its limits with
   * overallocation against what its servers hold already. The build PATCH never checks this itself.
   */
  async roomFor(orderId: string, extra: { memoryMiB: number; diskMiB: number }): Promise<Room> {
    const server = await this.findServer(orderId);
    if (!server) return { ok: false, reason: `the panel has no server for ${orderId}` };
    // Fresh: the cached node is for the pre-flight's minute; a plan change wants what is true now.
    const node = (await this.send<Item<RawNode>>({ method: 'GET', path: `/nodes/${server.nodeId}` })).attributes;
    const used = node.allocated_resources ?? { memory: 0, disk: 0 };
    const cap = (limit: number, over: number) => (over < 0 ? Number.POSITIVE_INFINITY : limit * (1 + over / 100));
    const memoryLeft = cap(node.memory, node.memory_overallocate) - used.memory;
    const diskLeft = cap(node.disk, node.disk_overallocate) - used.disk;
    if (extra.memoryMiB <= memoryLeft && extra.diskMiB <= diskLeft) return { ok: true };
    return {
      ok: false,
      reason: `node ${node.id} (${node.name}) has ${Math.max(0, Math.floor(memoryLeft))} MiB RAM and ${Math.max(0, Math.floor(diskLeft))} MiB disk left; the change needs ${extra.memoryMiB} MiB RAM and ${extra.diskMiB} MiB disk more`,
    };
  }

  /**
   * PATCH /servers/{id}/build with the new package's memory, swap, disk, io and cpu; the server's own default
   * allocation (mandatory, and it must stay its own), its CPU pinning (threads) and OOM setting kept as they
   * are; all three feature limits sent (an omitted databases or backups limit is a 422).
   */
  async rebuildServer(serverId: number, r: Resources): Promise<void> {
    const current = (await this.send<Item<RawServer>>({ method: 'GET', path: `/servers/${serverId}` })).attributes;
    const limits = current.limits as RawServer['limits'] & { threads?: string | null; oom_disabled?: boolean };
    await this.send(
      {
        method: 'PATCH',
        path: `/servers/${serverId}/build`,
        body: {
          allocation: current.allocation,
          ...(typeof limits.oom_disabled === 'boolean' ? { oom_disabled: limits.oom_disabled } : {}),
          limits: {
            memory: r.memoryMiB,
            swap: r.swapMiB,
            disk: r.diskMiB,
            io: r.ioWeight,
            cpu: r.cpuPercent,
            threads: limits.threads ?? null,
          },
          feature_limits: { databases: r.databases, allocations: r.allocations, backups: r.backups },
        },
      },
      this.timeouts.writeMs,
    );
  }

  /** POST /servers/{id}/suspend: 204, also when already suspended; a Wings failure is rolled back by the panel. */
  async suspendServer(serverId: number): Promise<void> {
    await this.send({ method: 'POST', path: `/servers/${serverId}/suspend` }, this.timeouts.writeMs);
  }

  async unsuspendServer(serverId: number): Promise<void> {
    await this.send({ method: 'POST', path: `/servers/${serverId}/unsuspend` }, this.timeouts.writeMs);
  }

  /**
   * The normal DELETE, never the forced one: when Wings cannot remove the files the panel refuses and the
   * server stays (a retry or an admin decides), rather than leaving its files behind on the node.
   */
  async terminateServer(serverId: number): Promise<'deleted' | 'absent'> {
    try {
      await this.send({ method: 'DELETE', path: `/servers/${serverId}` }, this.timeouts.writeMs);
      return 'deleted';
    } catch (e) {
      if (e instanceof PanelNotFoundError) return 'absent';
      throw e;
    }
  }

  async rollback(target: RollbackTarget): Promise<RollbackReport> {
    const report: RollbackReport = { server: 'absent', user: 'kept-not-ours' };
    // A create that landed late can leave a second server with the same external id: remove every one.
    for (let i = 0; i < MAX_SERVERS_PER_ORDER; i++) {
      const server = await this.findServer(target.serverExternalId);
      if (!server) break;
      report.serverId ??= server.id;
      const outcome = await this.deleteServer(server.id);
      if (report.server === 'absent' || outcome !== 'absent') report.server = outcome;
    }
    if (target.userId !== undefined) report.userId = target.userId;
    if (target.deleteUser && target.userId !== undefined) report.user = await this.deleteUserIfEmpty(target.userId);
    return report;
  }

  private async deleteServer(id: number): Promise<RollbackReport['server']> {
    try {
      await this.send({ method: 'DELETE', path: `/servers/${id}` }, this.timeouts.writeMs);
      return 'deleted';
    } catch (e) {
      if (e instanceof PanelNotFoundError) return 'absent';
      if (!(e instanceof PanelUnavailableError)) throw e;
    }
    // Wings is down (504) or the panel failed: the force delete removes the panel's record regardless.
    try {
      await this.send({ method: 'DELETE', path: `/servers/${id}/force` }, this.timeouts.writeMs);
      return 'force-deleted';
    } catch (e) {
      if (e instanceof PanelNotFoundError) return 'absent';
      throw e;
    }
  }

  private async deleteUserIfEmpty(id: number): Promise<RollbackReport['user']> {
    try {
      const res = await this.send<Item<RawUser>>({
        method: 'GET',
        path: `/users/${id}`,
        query: { include: 'servers' },
      });
      const servers = res.attributes.relationships?.servers;
      // Without READ on servers the relation is a null_resource: then the DELETE's own check decides.
      if (servers && Array.isArray(servers.data) && servers.data.length > 0) return 'kept-owns-servers';
      await this.send({ method: 'DELETE', path: `/users/${id}` }, this.timeouts.writeMs);
      return 'deleted';
    } catch (e) {
      if (e instanceof PanelNotFoundError) return 'absent';
      if (e instanceof PanelRejectedError && e.status === 400 && e.code === 'DisplayException') {
        return 'kept-owns-servers';
      }
      throw e;
    }
  }

  // ---- pre-flight and health ----

  async preflight(pkg: Package): Promise<PreflightResult> {
    const reasons: string[] = [];
    const warnings: string[] = [];
    const T = pkg.id.toUpperCase();
    try {
      let egg: RawEgg | undefined;
      try {
        egg = await this.egg(pkg.nestId, pkg.eggId);
      } catch (e) {
        if (!(e instanceof PanelNotFoundError)) throw e;
        reasons.push(eggMissing(pkg));
      }
      if (egg) checkEgg(pkg, egg, reasons, warnings);
      if (pkg.dockerImage !== undefined && (!DOCKER_IMAGE_RULE.test(pkg.dockerImage) || pkg.dockerImage.length > 191)) {
        reasons.push(
          `The docker image "${pkg.dockerImage}" is not valid for the panel (letters, digits and . / - : @ _ only, ` +
            `at most 191 characters): fix ${T}_DOCKER_IMAGE`,
        );
      }
      await this.checkPlacement(pkg, reasons);
    } catch (e) {
      if (e instanceof PanelRateLimitedError) {
        // Inconclusive, not failed: a rate limit passes within the minute and provisioning waits it out.
        // (An unreachable panel is reported as a reason: starting into an outage helps nobody.)
        return { ok: reasons.length === 0, reasons, warnings, skipped: unreachableReason(e, this.url) };
      }
      reasons.push(unreachableReason(e, this.url));
    }
    return { ok: reasons.length === 0, reasons, warnings };
  }

  private async checkPlacement(pkg: Package, reasons: string[]): Promise<void> {
    const T = pkg.id.toUpperCase();
    const r = pkg.resources;
    const size = `${r.memoryMiB} MiB RAM, ${r.diskMiB} MiB disk`;
    if (pkg.placement.kind === 'locations') {
      const where = pkg.placement.locationIds.length
        ? `location(s) ${pkg.placement.locationIds.join(', ')}`
        : 'any location';
      let nodes: RawNode[];
      try {
        // Asked on every confirm: it is the pre-flight's one look at the panel now (room, and reachable).
        const res = await this.send<List<Item<RawNode>>>({
          method: 'GET',
          path: '/nodes/deployable',
          query: { memory: r.memoryMiB, disk: r.diskMiB, location_ids: pkg.placement.locationIds },
        });
        nodes = res.data.map((n) => n.attributes);
      } catch (e) {
        if (e instanceof PanelNoCapacityError) {
          reasons.push(
            `No public node in ${where} has room for ${pkg.name} (${size}): add capacity or change ${T}_LOCATION_IDS`,
          );
          return;
        }
        throw e;
      }
      for (const node of nodes) if (await this.hasFreeAllocation(node.id, pkg.portRange)) return;
      reasons.push(
        `The nodes with room for ${pkg.name} (${nodes.map((n) => n.id).join(', ')}) have no free allocation` +
          `${portsText(pkg.portRange)}: add allocations in the panel or change ${T}_PORT_RANGE`,
      );
      return;
    }
    const nodeId = pkg.placement.nodeId;
    let node: RawNode;
    try {
      node = await this.node(nodeId);
    } catch (e) {
      if (!(e instanceof PanelNotFoundError)) throw e;
      reasons.push(`Node ${nodeId} does not exist on the panel (${T}_NODE_ID)`);
      return;
    }
    if (!(await this.hasFreeAllocation(nodeId, pkg.portRange))) {
      reasons.push(
        `Node ${nodeId} (${node.name}) has no free allocation${portsText(pkg.portRange)}: add allocations or change ${T}_PORT_RANGE`,
      );
    }
    const used = node.allocated_resources ?? { memory: 0, disk: 0 };
    const memCap = node.memory * (1 + node.memory_overallocate / 100);
    const diskCap = node.disk * (1 + node.disk_overallocate / 100);
    if (used.memory + r.memoryMiB > memCap || used.disk + r.diskMiB > diskCap) {
      reasons.push(
        `Node ${nodeId} (${node.name}) has no room for ${pkg.name} (${size}; ${used.memory}/${Math.floor(memCap)} MiB RAM ` +
          `and ${used.disk}/${Math.floor(diskCap)} MiB disk in use): free capacity or change ${T}_NODE_ID`,
      );
    }
  }

  async health(): Promise<PanelHealth> {
    const permissions: PanelHealth['permissions'] = {
      users: 'unknown',
      servers: 'unknown',
      nodes: 'unknown',
      allocations: 'unknown',
      locations: 'unknown',
      nests: 'unknown',
      eggs: 'unknown',
    };
    const base = { url: this.url, permissions, writeProbed: [] as PanelResource[] };
    const started = this.now();
    let users: PanelPermission;
    try {
      users = await this.probeRead({ method: 'GET', path: '/users', query: { per_page: 1 } });
    } catch (e) {
      return { ...base, ok: false, latencyMs: this.now() - started, error: unreachableReason(e, this.url) };
    }
    const latencyMs = this.now() - started;
    try {
      permissions.users = users;
      const [servers, nodes, locations, nests] = await Promise.all([
        this.probeRead({ method: 'GET', path: '/servers', query: { per_page: 1 } }),
        this.probeList<RawNode>('/nodes'),
        this.probeRead({ method: 'GET', path: '/locations', query: { per_page: 1 } }),
        this.probeList<{ id: number }>('/nests'),
      ]);
      permissions.servers = servers;
      permissions.locations = locations;
      permissions.nodes = nodes.permission;
      permissions.nests = nests.permission;
      const nodeId = nodes.first?.id;
      const nestId = nests.first?.id;
      if (nestId !== undefined)
        permissions.eggs = await this.probeRead({ method: 'GET', path: `/nests/${nestId}/eggs` });
      if (nodeId !== undefined) {
        permissions.allocations = await this.probeRead({
          method: 'GET',
          path: `/nodes/${nodeId}/allocations`,
          query: { per_page: 1 },
        });
      }
      // Write probes: an empty body passes the ACL check (403 without WRITE) and then fails validation (422),
      // so nothing is ever written.
      const probes: Array<[PanelResource, string]> = [
        ['users', '/users'],
        ['servers', '/servers'],
      ];
      if (nodeId !== undefined) probes.push(['allocations', `/nodes/${nodeId}/allocations`]);
      for (const [resource, path] of probes) {
        if (permissions[resource] !== 'read') continue;
        if (await this.probeWrite(path)) permissions[resource] = 'write';
        base.writeProbed.push(resource);
      }
    } catch (e) {
      return { ...base, ok: false, latencyMs, error: unreachableReason(e, this.url) };
    }
    const needed: Array<[PanelResource, PanelPermission]> = [
      ['users', 'write'],
      ['servers', 'write'],
      ['nodes', 'read'],
      ['allocations', 'read'],
      ['eggs', 'read'],
    ];
    const missing = needed.filter(([res, level]) => !(permissions[res] === 'write' || permissions[res] === level));
    return {
      ...base,
      ok: missing.length === 0,
      latencyMs,
      ...(missing.length
        ? { error: `The API key lacks ${missing.map(([res, level]) => `${level} on ${res}`).join(', ')}` }
        : {}),
    };
  }

  private async probeRead(req: PanelRequest): Promise<PanelPermission> {
    try {
      await this.send(req);
      return 'read';
    } catch (e) {
      if (e instanceof PanelUnauthorizedError && e.status === 403) return 'none';
      if (e instanceof PanelNotFoundError) return 'unknown';
      throw e;
    }
  }

  private async probeList<T>(path: string): Promise<{ permission: PanelPermission; first?: T }> {
    try {
      const res = await this.send<List<Item<T>>>({ method: 'GET', path, query: { per_page: 1 } });
      const first = res.data[0]?.attributes;
      return first === undefined ? { permission: 'read' } : { permission: 'read', first };
    } catch (e) {
      if (e instanceof PanelUnauthorizedError && e.status === 403) return { permission: 'none' };
      throw e;
    }
  }

  private async probeWrite(path: string): Promise<boolean> {
    try {
      await this.send({ method: 'POST', path, body: {} });
      return true; // not expected: an empty body never validates
    } catch (e) {
      if (e instanceof PanelRejectedError && e.status === 422) return true;
      if (e instanceof PanelUnauthorizedError && e.status === 403) return false;
      throw e;
    }
  }

  // ---- metadata (cached) ----

  private egg(nestId: number, eggId: number): Promise<RawEgg> {
    return this.cached(`egg:${nestId}/${eggId}`, async () => {
      const res = await this.send<Item<RawEgg>>({
        method: 'GET',
        path: `/nests/${nestId}/eggs/${eggId}`,
        query: { include: 'variables' },
      });
      return res.attributes;
    });
  }

  private async eggOrRejection(pkg: Package): Promise<RawEgg> {
    try {
      return await this.egg(pkg.nestId, pkg.eggId);
    } catch (e) {
      if (e instanceof PanelNotFoundError) {
        throw new PanelRejectedError({
          status: 404,
          code: e.code ?? 'NotFoundHttpException',
          detail: eggMissing(pkg),
          cause: e,
        });
      }
      throw e;
    }
  }

  private node(nodeId: number): Promise<RawNode> {
    return this.cached(`node:${nodeId}`, async () => {
      const res = await this.send<Item<RawNode>>({ method: 'GET', path: `/nodes/${nodeId}` });
      return res.attributes;
    });
  }

  /** `keep`: which answers are worth reusing (the pre-flight keeps "there is room", never "there is none"). */
  private cached<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.cacheTtlMs) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { at: this.now(), value });
    const forget = () => {
      if (this.cache.get(key)?.value === value) this.cache.delete(key);
    };
    // Failures are not cached: the next call asks again.
    value.then((v) => (keep(v) ? undefined : forget()), forget);
    return value;
  }

  /**
   * The pre-flight's "this node has a free port": a yes is reused for the cache's short while (the create
   * itself still picks, or fails with NoViableAllocation and rolls back); a no is asked again every time.
   */
  private hasFreeAllocation(nodeId: number, portRange: readonly string[]): Promise<boolean> {
    return this.cached(
      `free:${nodeId}:${portRange.join(',')}`,
      async () => (await this.freeAllocations(nodeId, portRange, new Set(), 1)).length > 0,
      (free) => free,
    );
  }

  /** Free allocations of a node (not cached for a create: they change with every order), filtered like `deploy.port_range`. */
  private async freeAllocations(nodeId: number, portRange: readonly string[], skip: Set<number>, want: number) {
    const inRange = portFilter(portRange);
    const found: RawAllocation[] = [];
    for (let page = 1; page <= MAX_LIST_PAGES; page++) {
      const res = await this.send<List<Item<RawAllocation>>>({
        method: 'GET',
        path: `/nodes/${nodeId}/allocations`,
        query: { 'filter[server_id]': 0, per_page: PAGE_SIZE, page },
      });
      for (const { attributes: a } of res.data) {
        if (!a.assigned && !skip.has(a.id) && inRange(a.port)) found.push(a);
      }
      const p = res.meta?.pagination;
      if (found.length >= want || !p || p.current_page >= p.total_pages) break;
    }
    return found;
  }

  private async freeAllocation(pkg: Package, nodeId: number, taken: Set<number>): Promise<number> {
    const T = pkg.id.toUpperCase();
    let free: RawAllocation[];
    try {
      free = await this.freeAllocations(nodeId, pkg.portRange, taken, 1);
    } catch (e) {
      if (e instanceof PanelNotFoundError) {
        throw new PanelRejectedError({
          status: 404,
          code: 'NotFoundHttpException',
          detail: `Node ${nodeId} does not exist on the panel (${T}_NODE_ID)`,
          cause: e,
        });
      }
      throw e;
    }
    // Spread concurrent orders over the free ports of the first page instead of all racing for one.
    const pick = free[Math.floor(Math.random() * free.length)];
    if (!pick) {
      throw new PanelNoCapacityError({
        status: 400,
        code: 'NoViableAllocationException',
        detail: `Node ${nodeId} has no free allocation${portsText(pkg.portRange)} (${T}_NODE_ID / ${T}_PORT_RANGE)`,
      });
    }
    return pick.id;
  }

  private async send<T>(req: PanelRequest, timeoutMs?: number): Promise<T> {
    const res = await this.http.request<T>({ ...req, timeoutMs: timeoutMs ?? req.timeoutMs ?? this.timeouts.readMs });
    return res.data;
  }
}

export {
  buildEnvironment,
  customerExternalId,
  newUserFields,
  portFilter,
  serverPayload,
  usernameFor,
} from './pterodactyl-shapes.js';
