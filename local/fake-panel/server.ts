// A strict fake of the Pterodactyl Application API (v1.11) over real HTTP. It follows the panel's middleware
// order (route → 401 → bad JSON → 429 → 404 binding → 403 → 422), its input normalisation, its validation
// rules and its service-layer errors, so a request the real panel refuses is refused here too.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FAULTS, type FakePanelFaults, parseFaults, prng } from './faults.js';
import { type FieldError, isArrayLike, isInteger, type RuleSet, validate } from './rules.js';
import {
  allocationAttributes,
  defaultSeed,
  eggAttributes,
  eggVariableAttributes,
  type FakeAllocation,
  type FakeData,
  type FakeEgg,
  type FakeNest,
  type FakeNode,
  type FakeServer,
  type FakeUser,
  hashPassword,
  type InstallOutcome,
  locationAttributes,
  nestAttributes,
  newUuid,
  serverAttributes,
  unusablePasswordHash,
  userAttributes,
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
const READ = 1;
const WRITE = 2;

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
  faults?: Partial<FakePanelFaults>;
  /** Seed of the PRNG that picks deploy allocations (the panel picks at random). */
  allocationSeed?: number;
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

export interface FakePanelState {
  users: Array<Omit<FakeUser, 'password_hash'> & { has_password: boolean }>;
  servers: FakeServer[];
  allocations: FakeAllocation[];
  nodes: FakeNode[];
  eggs: FakeEgg[];
  nests: FakeNest[];
  requests: FakeRequestLogEntry[];
}

interface ErrorEntry {
  code: string;
  detail: string;
  meta?: { source_field: string; rule: string };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly entries: ErrorEntry[],
    /** DisplayException family: without Accept JSON the panel redirects back. */
    readonly display = false,
    readonly headers: Record<string, string> = {},
  ) {
    super(entries[0]?.detail ?? String(status));
  }
}

function fail(status: number, code: string, detail: string, display = false): never {
  throw new HttpError(status, [{ code, detail }], display);
}

function validationError(errors: FieldError[]): HttpError {
  return new HttpError(
    422,
    errors.map((e) => ({
      code: 'ValidationException',
      detail: e.detail,
      meta: { source_field: e.field, rule: e.rule },
    })),
  );
}

const NOT_FOUND = 'The requested resource could not be found on the server.';
const UNEXPECTED = 'An unexpected error was encountered while processing this request, please try again.';
const WINGS_DOWN = 'Could not establish a connection to the machine running this server. Please try again.';
const NO_NODE = 'No nodes satisfying the requirements specified for automatic deployment could be found.';
const NO_ALLOCATION = 'No allocations satisfying the requirements for automatic deployment were found.';
const USER_HAS_SERVERS =
  'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.';
const PORT_RANGE_TOO_BIG = 'Adding more than 1000 ports in a single range at once is not supported.';

// ---- rules, verbatim from the panel (reference/pterodactyl-rules.json) ----

const USER_RULES: RuleSet = [
  ['external_id', ['sometimes', 'nullable', 'string', 'max:191', 'unique:users,external_id']],
  ['email', ['required', 'email', 'between:1,191', 'unique:users,email']],
  ['username', ['required', 'between:1,191', 'unique:users,username', 'p_username']],
  ['password', ['sometimes', 'nullable', 'string']],
  ['language', ['string', 'in:en']],
  ['root_admin', ['boolean']],
  ['first_name', ['required', 'string', 'between:1,191']],
  ['last_name', ['required', 'string', 'between:1,191']],
];
const USER_ATTRIBUTES = {
  external_id: 'Third Party Identifier',
  root_admin: 'Root Administrator Status',
  first_name: 'first name',
  last_name: 'last name',
};

function serverRules(deployTruthy: boolean): RuleSet {
  const rules: RuleSet = [
    ['external_id', ['sometimes', 'nullable', 'string', 'between:1,191', 'unique:servers']],
    ['name', ['required', 'string', 'min:1', 'max:191']],
    ['description', ['nullable', 'string']],
    ['user', ['required', 'integer', 'exists:users,id']],
    ['egg', ['required', 'exists:eggs,id']],
    ['docker_image', ['required', 'string', 'max:191', 'regex:/^[\\w\\.\\/\\-:@ ]*$/']],
    ['startup', ['required', 'string']],
    ['environment', ['present', 'array']],
    ['skip_scripts', ['sometimes', 'boolean']],
    ['oom_disabled', ['sometimes', 'boolean']],
    ['limits', ['required', 'array']],
    ['limits.memory', ['required', 'numeric', 'min:0']],
    ['limits.swap', ['required', 'numeric', 'min:-1']],
    ['limits.disk', ['required', 'numeric', 'min:0']],
    ['limits.io', ['required', 'numeric', 'between:10,1000']],
    ['limits.threads', ['nullable', 'regex:/^[0-9-,]+$/']],
    ['limits.cpu', ['required', 'numeric', 'min:0']],
    ['feature_limits', ['required', 'array']],
    ['feature_limits.databases', ['present', 'nullable', 'integer', 'min:0']],
    ['feature_limits.allocations', ['sometimes', 'nullable', 'integer', 'min:0']],
    ['feature_limits.backups', ['present', 'nullable', 'integer', 'min:0']],
    ['deploy', ['sometimes', 'required', 'array']],
    ['deploy.locations', deployTruthy ? ['array', 'present'] : ['array']],
    ['deploy.locations.*', ['integer', 'min:1']],
    // One rule with the parameters deploy and boolean: required when deploy is there, never type-checked.
    ['deploy.dedicated_ip', ['required_with:deploy,boolean']],
    ['deploy.port_range', deployTruthy ? ['array', 'present'] : ['array']],
    ['deploy.port_range.*', ['string']],
    ['start_on_completion', ['sometimes', 'boolean']],
  ];
  // Added by the request's withValidator() `sometimes` callbacks, so Laravel appends them last.
  if (!deployTruthy) {
    rules.push(['allocation.default', ['required', 'integer', 'bail', 'exists:allocations,id']]);
    rules.push(['allocation.additional.*', ['integer', 'exists:allocations,id']]);
  }
  return rules;
}

const DEPLOYABLE_RULES: RuleSet = [
  ['memory', ['required', 'integer', 'min:0']],
  ['disk', ['required', 'integer', 'min:0']],
  ['location_ids', ['array']],
  ['location_ids.*', ['integer']],
  ['page', ['integer']],
];

const ALLOCATION_RULES: RuleSet = [
  ['ip', ['required', 'string']],
  ['alias', ['sometimes', 'nullable', 'string', 'max:191']],
  ['ports', ['required', 'array']],
  ['ports.*', ['string']],
];

// ---- request context ----

interface KeyInfo {
  config: FakeApiKeyConfig;
  owner: FakeUser;
}

interface Ctx {
  method: string;
  /** Path below /api/application, without a trailing slash. */
  path: string;
  rawPath: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  rawBody: string;
  contentIsJson: boolean;
  wantsJson: boolean;
  headers: IncomingMessage['headers'];
  key?: KeyInfo;
  rateHeaders: Record<string, string>;
  draws: { p504: boolean; lost: boolean; installOutcome?: InstallOutcome };
}

interface Reply {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
  lost?: 'reset' | 'stall';
}

type Bound = {
  user?: FakeUser;
  server?: FakeServer;
  node?: FakeNode;
  nest?: FakeNest;
  egg?: FakeEgg;
  allocation?: FakeAllocation;
  location?: FakeData['locations'][number];
};

interface Route {
  method: string;
  segments: string[];
  resource: AclResource;
  handle: (ctx: Ctx, bound: Bound, params: Record<string, string>) => Reply | Promise<Reply>;
}

const BINDABLE = new Set(['user', 'server', 'node', 'nest', 'egg', 'allocation', 'location']);

// ---- the fake ----

export class FakePanelServer {
  private data: FakeData;
  private faultState: FakePanelFaults;
  private readonly keys: FakeApiKeyConfig[];
  private readonly buckets = new Map<number, { start: number; count: number }>();
  private readonly log: FakeRequestLogEntry[] = [];
  private readonly routes: Route[];
  private pickAllocation: () => number;
  private random: (() => number) | null = null;
  private unavailableLeft = 0;
  /** Auto-increment counters: like MySQL, an id is never reused after a delete. */
  private seq = { users: 0, servers: 0, allocations: 0 };
  private loseLeft = 0;
  private readonly now: () => number;
  private readonly server: Server;
  private origin = '';

  constructor(
    private readonly options: FakePanelOptions,
    readonly apiKey: string,
    readonly readOnlyApiKey: string,
  ) {
    this.now = options.now ?? Date.now;
    this.data = (options.seed ?? defaultSeed)();
    this.resetSequences();
    this.faultState = { ...DEFAULT_FAULTS };
    this.pickAllocation = prng(options.allocationSeed ?? 1);
    this.keys = [
      { key: apiKey, acl: Object.fromEntries(ACL_RESOURCES.map((r) => [r, READ | WRITE])), label: 'admin' },
      { key: readOnlyApiKey, acl: Object.fromEntries(ACL_RESOURCES.map((r) => [r, READ])), label: 'read-only' },
      ...(options.extraKeys ?? []),
    ];
    this.clearFaults();
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`fake panel bug: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.origin = `http://${addr.address}:${addr.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
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
    this.pickAllocation = prng(this.options.allocationSeed ?? 1);
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
    };
  }

  /** Whether this username (or e-mail) and password would log in to the panel. */
  login(user: string, password: string): boolean {
    const u = this.findLoginUser(user);
    return u ? verifyPassword(password, u.password_hash) : false;
  }

  /** Ends a pending install now, as Wings would report it. */
  completeInstall(serverId: number, outcome: 'success' | 'fail' = 'success'): void {
    const s = this.data.servers.find((x) => x.id === serverId);
    if (!s?.install) return;
    s.install = { ...s.install, outcome, doneAt: this.now() };
    this.refreshInstalls();
  }

  // ---- dispatch ----

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin || 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__fake/')) return this.admin(method, url.pathname, rawBody, res);
    if (url.pathname === '/auth/login' && method === 'POST') return this.httpLogin(rawBody, res);

    const ctx = this.context(req, url, method, rawBody);
    let reply: Reply;
    try {
      reply = await this.api(ctx, url);
    } catch (e) {
      reply =
        e instanceof HttpError
          ? this.render(ctx, e)
          : this.render(ctx, new HttpError(500, [{ code: 'Exception', detail: UNEXPECTED }]));
      if (!(e instanceof HttpError)) console.error('fake panel: unexpected error', e);
    }
    this.log.push({
      at: this.now(),
      method,
      path: url.pathname + url.search,
      status: reply.lost ? 'lost' : reply.status,
      key: ctx.key?.config.label ?? (ctx.headers.authorization ? 'invalid' : 'none'),
    });
    if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
    if (reply.lost === 'reset') {
      req.socket.destroy();
      return;
    }
    if (reply.lost === 'stall') return; // never answered; close() ends the socket
    const headers: Record<string, string> = { ...ctx.rateHeaders, ...reply.headers };
    if (reply.html !== undefined) {
      res.writeHead(reply.status, { 'Content-Type': 'text/html; charset=UTF-8', ...headers });
      res.end(reply.html);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
    } else {
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(reply.body));
    }
  }

  private context(req: IncomingMessage, url: URL, method: string, rawBody: string): Ctx {
    const accept = String(req.headers.accept ?? '')
      .split(',')[0]
      ?.toLowerCase()
      .trim();
    const wantsJson =
      (accept !== undefined && (accept.includes('/json') || accept.includes('+json'))) ||
      String(req.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
    const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
    const path = url.pathname.replace(/^\/api\/application/, '').replace(/\/+$/, '');
    return {
      method,
      path,
      rawPath: url.pathname.replace(/^\//, ''),
      query: normalise(parseQuery(url.searchParams), true) as Record<string, unknown>,
      body: {},
      rawBody,
      contentIsJson: contentType.includes('/json') || contentType.includes('+json'),
      wantsJson,
      headers: req.headers,
      rateHeaders: {},
      draws: { p504: false, lost: false },
    };
  }

  private async api(ctx: Ctx, url: URL): Promise<Reply> {
    const f = this.faultState;
    const rnd = this.random;
    const r = f.random;
    const draw = (p: number | undefined) => (rnd && p ? rnd() < p : false);
    const random5xx = draw(r?.p5xx);
    const random429 = draw(r?.p429);
    const randomSlow = draw(r?.pSlow);
    ctx.draws = { p504: draw(r?.p504), lost: draw(r?.pLost) };
    if (draw(r?.pInstallFail)) ctx.draws.installOutcome = 'fail';
    else if (draw(r?.pInstallNever)) ctx.draws.installOutcome = 'never';

    const delay = f.slowMs + (randomSlow ? (r?.slowMs ?? 2000) : 0);
    if (delay > 0) await sleep(delay);

    if (f.unavailable === true || this.unavailableLeft > 0) {
      if (this.unavailableLeft > 0) this.unavailableLeft--;
      return { status: 503, html: '<html><body><h1>503 Service Unavailable</h1></body></html>' };
    }
    if (random5xx) throw new HttpError(500, [{ code: 'QueryException', detail: UNEXPECTED }]);

    if (!url.pathname.startsWith('/api/application')) {
      fail(404, 'NotFoundHttpException', `The route ${ctx.rawPath} could not be found.`);
    }
    const { route, params } = this.match(ctx);

    // 1. authentication
    ctx.key = this.authenticate(ctx);
    // 2. malformed JSON
    if (ctx.contentIsJson && ctx.rawBody.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(ctx.rawBody);
      } catch (e) {
        fail(
          400,
          'BadRequestHttpException',
          `The JSON data passed in the request appears to be malformed: ${e instanceof Error ? 'Syntax error' : 'error'}`,
        );
      }
      ctx.body = isArrayLike(parsed) ? (normalise(parsed, false) as Record<string, unknown>) : {};
    }
    // 3. throttle (all keys of one admin share a bucket)
    this.throttle(ctx, random429);
    // 4. route-model binding
    const bound = this.bind(params);
    // 5. the key owner must be a root admin; 6. the key's ACL
    if (!ctx.key.owner.root_admin) {
      fail(403, 'AccessDeniedHttpException', 'This account does not have permission to access the API.');
    }
    const bits = ctx.key.config.acl[route.resource] ?? 0;
    const needed = ctx.method === 'GET' ? READ : WRITE;
    if ((bits & needed) === 0) fail(403, 'AccessDeniedHttpException', 'This action is unauthorized.');
    this.refreshInstalls();
    return route.handle(ctx, bound, params);
  }

  private render(ctx: Ctx, e: HttpError): Reply {
    const headers = e.headers;
    if (ctx.wantsJson) {
      return {
        status: e.status,
        headers,
        body: {
          errors: e.entries.map((x) => ({
            code: x.code,
            status: String(e.status),
            detail: x.detail,
            ...(x.meta ? { meta: x.meta } : {}),
          })),
        },
      };
    }
    // Laravel renders HTML (or redirects) when the client did not ask for JSON.
    if (e.status === 401)
      return { status: 302, headers: { ...headers, Location: `${this.origin}/auth/login` }, html: '' };
    if (e.status === 422 || e.display) {
      const back = typeof ctx.headers.referer === 'string' ? ctx.headers.referer : `${this.origin}/`;
      return { status: 302, headers: { ...headers, Location: back }, html: '' };
    }
    return {
      status: e.status,
      headers,
      html: `<!DOCTYPE html><html><head><title>Error ${e.status}</title></head><body><h1>${e.status}</h1></body></html>`,
    };
  }

  private match(ctx: Ctx): { route: Route; params: Record<string, string> } {
    const parts = ctx.path.split('/').filter((p) => p !== '');
    let methodMismatch = false;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] as string;
        const part = decodeURIComponent(parts[i] as string);
        if (seg.startsWith(':')) params[seg.slice(1)] = part;
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== ctx.method) {
        methodMismatch = true;
        allowed.add(route.method);
        continue;
      }
      return { route, params };
    }
    if (methodMismatch) {
      const list = [...allowed].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
      fail(
        405,
        'MethodNotAllowedHttpException',
        `The ${ctx.method} method is not supported for route ${ctx.rawPath}. Supported methods: ${list}.`,
      );
    }
    fail(404, 'NotFoundHttpException', `The route ${ctx.rawPath} could not be found.`);
  }

  private authenticate(ctx: Ctx): KeyInfo {
    const header = String(ctx.headers.authorization ?? '');
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const token = m?.[1] ?? '';
    const config = token.length === 48 ? this.keys.find((k) => k.key === token) : undefined;
    const owner = config ? this.data.users.find((u) => u.id === (config.ownerId ?? 1)) : undefined;
    if (!config || !owner) fail(401, 'AuthenticationException', 'Unauthenticated.');
    return { config, owner };
  }

  private throttle(ctx: Ctx, forced: boolean): void {
    const limit = this.faultState.rateLimitPerMinute;
    const now = this.now();
    const ownerId = ctx.key?.owner.id ?? 0;
    let bucket = this.buckets.get(ownerId);
    if (!bucket || now - bucket.start >= 60_000) {
      bucket = { start: now, count: 0 };
      this.buckets.set(ownerId, bucket);
    }
    const retryAfter = Math.max(1, Math.ceil((bucket.start + 60_000 - now) / 1000));
    if (forced || bucket.count >= limit) {
      const headers = {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        'Retry-After': String(retryAfter),
        'X-RateLimit-Reset': String(Math.ceil(now / 1000) + retryAfter),
      };
      throw new HttpError(429, [{ code: 'ThrottleRequestsException', detail: 'Too Many Attempts.' }], false, headers);
    }
    bucket.count++;
    ctx.rateHeaders = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - bucket.count)),
    };
  }

  private bind(params: Record<string, string>): Bound {
    const bound: Bound = {};
    const id = (name: string): number => {
      const v = params[name] ?? '';
      if (!/^\d+$/.test(v)) fail(404, 'NotFoundHttpException', NOT_FOUND);
      return Number(v);
    };
    const found = <T>(x: T | undefined): T => {
      if (x === undefined) fail(404, 'NotFoundHttpException', NOT_FOUND);
      return x;
    };
    for (const name of Object.keys(params)) {
      if (!BINDABLE.has(name)) continue;
      const n = id(name);
      const d = this.data;
      if (name === 'user') bound.user = found(d.users.find((x) => x.id === n));
      if (name === 'server') bound.server = found(d.servers.find((x) => x.id === n));
      if (name === 'node') bound.node = found(d.nodes.find((x) => x.id === n));
      if (name === 'nest') bound.nest = found(d.nests.find((x) => x.id === n));
      if (name === 'location') bound.location = found(d.locations.find((x) => x.id === n));
    }
    // Scoped bindings: an egg of another nest, an allocation of another node, are 404.
    if (params.egg !== undefined) {
      const n = id('egg');
      bound.egg = found(this.data.eggs.find((x) => x.id === n && x.nest_id === bound.nest?.id));
    }
    if (params.allocation !== undefined) {
      const n = id('allocation');
      bound.allocation = found(this.data.allocations.find((x) => x.id === n && x.node_id === bound.node?.id));
    }
    return bound;
  }

  private refreshInstalls(): void {
    const now = this.now();
    for (const s of this.data.servers) {
      if (!s.install || s.install.doneAt === undefined || now < s.install.doneAt) continue;
      const { outcome, reinstall } = s.install;
      s.install = undefined;
      if (s.status === 'suspended') continue;
      s.status = outcome === 'success' ? null : reinstall ? 'reinstall_failed' : 'install_failed';
    }
  }

  private scheduleInstall(s: FakeServer, ctx: Ctx, reinstall: boolean): void {
    const outcome = ctx.draws.installOutcome ?? this.faultState.installOutcome;
    s.install = {
      outcome,
      reinstall,
      doneAt: outcome === 'never' ? undefined : this.now() + this.faultState.installDelayMs,
    };
  }

  // ---- routes ----

  private buildRoutes(): Route[] {
    const r = (method: string, path: string, resource: AclResource, handle: Route['handle']): Route => ({
      method,
      segments: path.split('/').filter((p) => p !== ''),
      resource,
      handle,
    });
    return [
      r('GET', '/users', 'users', (ctx) => this.listUsers(ctx)),
      r('GET', '/users/external/:external_id', 'users', (ctx, _b, p) => this.userByExternal(ctx, p.external_id ?? '')),
      r('GET', '/users/:user', 'users', (ctx, b) =>
        this.item(ctx, 'user', userAttributes(b.user!), this.userIncludes(b.user!)),
      ),
      r('POST', '/users', 'users', (ctx) => this.createUser(ctx)),
      r('PATCH', '/users/:user', 'users', (ctx, b) => this.updateUser(ctx, b.user!)),
      r('DELETE', '/users/:user', 'users', (_ctx, b) => this.deleteUser(b.user!)),

      r('GET', '/servers', 'servers', (ctx) => this.listServers(ctx)),
      r('GET', '/servers/external/:external_id', 'servers', (ctx, _b, p) =>
        this.serverByExternal(ctx, p.external_id ?? ''),
      ),
      r('GET', '/servers/:server', 'servers', (ctx, b) => this.serverItem(ctx, b.server!)),
      r('POST', '/servers', 'servers', (ctx) => this.createServer(ctx)),
      r('POST', '/servers/:server/suspend', 'servers', (ctx, b) => this.suspend(ctx, b.server!, true)),
      r('POST', '/servers/:server/unsuspend', 'servers', (ctx, b) => this.suspend(ctx, b.server!, false)),
      r('POST', '/servers/:server/reinstall', 'servers', (ctx, b) => this.reinstall(ctx, b.server!)),
      r('DELETE', '/servers/:server', 'servers', (ctx, b) => this.deleteServer(ctx, b.server!, false)),
      r('DELETE', '/servers/:server/:mode', 'servers', (ctx, b, p) =>
        this.deleteServer(ctx, b.server!, p.mode === 'force'),
      ),

      r('GET', '/nodes', 'nodes', (ctx) => this.listNodes(ctx)),
      r('GET', '/nodes/deployable', 'nodes', (ctx) => this.deployable(ctx)),
      r('GET', '/nodes/:node', 'nodes', (ctx, b) =>
        this.item(ctx, 'node', this.nodeAttributes(b.node!), this.nodeIncludes(b.node!)),
      ),
      r('GET', '/nodes/:node/allocations', 'allocations', (ctx, b) => this.listAllocations(ctx, b.node!)),
      r('POST', '/nodes/:node/allocations', 'allocations', (ctx, b) => this.createAllocations(ctx, b.node!)),
      r('DELETE', '/nodes/:node/allocations/:allocation', 'allocations', (_ctx, b) =>
        this.deleteAllocation(b.allocation!),
      ),

      r('GET', '/locations', 'locations', (ctx) => this.listLocations(ctx)),
      r('GET', '/locations/:location', 'locations', (ctx, b) =>
        this.item(ctx, 'location', locationAttributes(b.location!)),
      ),

      r('GET', '/nests', 'nests', (ctx) => this.listNests(ctx)),
      r('GET', '/nests/:nest', 'nests', (ctx, b) =>
        this.item(ctx, 'nest', nestAttributes(b.nest!), this.nestIncludes(b.nest!)),
      ),
      r('GET', '/nests/:nest/eggs', 'eggs', (ctx, b) => this.listEggs(ctx, b.nest!)),
      r('GET', '/nests/:nest/eggs/:egg', 'eggs', (ctx, b) =>
        this.item(ctx, 'egg', eggAttributes(b.egg!), this.eggIncludes(b.egg!)),
      ),
    ];
  }

  // ---- envelopes, includes, lists ----

  private can(ctx: Ctx, resource: AclResource): boolean {
    return ((ctx.key?.config.acl[resource] ?? 0) & READ) !== 0;
  }

  private includesOf(ctx: Ctx): Set<string> {
    const raw = ctx.query.include;
    const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
    return new Set(list.map((x) => x.trim()).filter((x) => x !== ''));
  }

  private item(
    ctx: Ctx,
    object: string,
    attributes: Record<string, unknown>,
    includes: Record<string, [AclResource, () => unknown]> = {},
  ): Reply {
    return { status: 200, body: this.envelope(ctx, object, attributes, includes) };
  }

  private envelope(
    ctx: Ctx,
    object: string,
    attributes: Record<string, unknown>,
    includes: Record<string, [AclResource, () => unknown]> = {},
  ): Record<string, unknown> {
    const wanted = this.includesOf(ctx);
    const relationships: Record<string, unknown> = {};
    for (const [name, [resource, load]] of Object.entries(includes)) {
      if (!wanted.has(name)) continue;
      relationships[name] = this.can(ctx, resource) ? load() : { object: 'null_resource', attributes: null };
    }
    return {
      object,
      attributes: Object.keys(relationships).length ? { ...attributes, relationships } : attributes,
    };
  }

  private plainList(items: Array<{ object: string; attributes: unknown }>): Record<string, unknown> {
    return { object: 'list', data: items };
  }

  private paginate<T>(ctx: Ctx, rows: T[], toItem: (row: T) => Record<string, unknown>): Reply {
    const perRaw = ctx.query.per_page;
    const per = isInteger(perRaw) && Number(perRaw) >= 1 ? Number(perRaw) : 50;
    const pageRaw = ctx.query.page;
    const page = isInteger(pageRaw) && Number(pageRaw) >= 1 ? Number(pageRaw) : 1;
    const total = rows.length;
    const totalPages = Math.max(1, Math.ceil(total / per));
    const slice = rows.slice((page - 1) * per, page * per);
    const base = `${this.origin}/api/application${ctx.path}`;
    const links: Record<string, string> = {};
    if (page > 1) links.previous = `${base}?page=${page - 1}`;
    if (page < totalPages) links.next = `${base}?page=${page + 1}`;
    return {
      status: 200,
      body: {
        object: 'list',
        data: slice.map(toItem),
        meta: {
          pagination: { total, count: slice.length, per_page: per, current_page: page, total_pages: totalPages, links },
        },
      },
    };
  }

  /** spatie/laravel-query-builder: partial, case-insensitive filters; an unknown one is a 400. */
  private filter<T>(ctx: Ctx, rows: T[], allowed: Record<string, (row: T, term: string) => boolean>): T[] {
    const filters = ctx.query.filter;
    if (filters === undefined || filters === null || typeof filters !== 'object') return rows;
    const names = Object.keys(filters);
    const unknown = names.filter((n) => !(n in allowed));
    if (unknown.length) {
      fail(
        400,
        'InvalidFilterQuery',
        `Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`${Object.keys(allowed).join(', ')}\`.`,
      );
    }
    let out = rows;
    for (const name of names) {
      const v = (filters as Record<string, unknown>)[name];
      if (v === null || v === undefined) continue;
      const terms = (Array.isArray(v) ? v.map(String) : String(v).split(',')).filter((t) => t !== '');
      if (terms.length === 0) continue;
      const test = allowed[name] as (row: T, term: string) => boolean;
      out = out.filter((row) => terms.some((t) => test(row, t)));
    }
    return out;
  }

  private sort<T extends { id: number }>(ctx: Ctx, rows: T[], allowed: string[]): T[] {
    const raw = ctx.query.sort;
    if (typeof raw !== 'string') return rows;
    const fields = raw.split(',').filter((x) => x !== '');
    const bad = fields.filter((f) => !allowed.includes(f.replace(/^-/, '')));
    if (bad.length) {
      fail(
        400,
        'InvalidSortQuery',
        `Requested sort(s) \`${bad.join(', ')}\` is not allowed. Allowed sort(s) are \`${allowed.join(', ')}\`.`,
      );
    }
    const out = [...rows];
    for (const f of [...fields].reverse()) {
      const desc = f.startsWith('-');
      const key = f.replace(/^-/, '') as keyof T;
      out.sort((a, b) => {
        const x = a[key] as unknown as string | number;
        const y = b[key] as unknown as string | number;
        return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
      });
    }
    return out;
  }

  // ---- users ----

  private userIncludes(u: FakeUser): Record<string, [AclResource, () => unknown]> {
    return {
      servers: [
        'servers',
        () =>
          this.plainList(this.data.servers.filter((s) => s.user_id === u.id).map((s) => this.serverEnvelopeBare(s))),
      ],
    };
  }

  private listUsers(ctx: Ctx): Reply {
    const rows = this.sort(
      ctx,
      this.filter(ctx, this.data.users, {
        email: (u, t) => like(u.email, t),
        uuid: (u, t) => like(u.uuid, t),
        username: (u, t) => like(u.username, t),
        external_id: (u, t) => like(u.external_id, t),
      }),
      ['id', 'uuid'],
    );
    return this.paginate(ctx, rows, (u) => this.envelope(ctx, 'user', userAttributes(u), this.userIncludes(u)));
  }

  private userByExternal(ctx: Ctx, externalId: string): Reply {
    const u = this.data.users.find((x) => x.external_id !== null && ci(x.external_id) === ci(externalId));
    if (!u) fail(404, 'NotFoundHttpException', NOT_FOUND);
    return this.item(ctx, 'user', userAttributes(u), this.userIncludes(u));
  }

  private userRulesHooks(self?: FakeUser) {
    return {
      unique: (field: string, value: unknown) => {
        const v = ci(String(value));
        return this.data.users.some((u) => {
          if (u === self) return false;
          const col = field === 'email' ? u.email : field === 'username' ? u.username : u.external_id;
          return col !== null && ci(col) === v;
        });
      },
    };
  }

  private createUser(ctx: Ctx): Reply {
    const b = ctx.body;
    const errors = validate(b, USER_RULES, { attributes: USER_ATTRIBUTES, hooks: this.userRulesHooks() });
    if (errors.length) throw validationError(errors);
    const id = ++this.seq.users;
    const stamp = isoNow(this.now());
    const user: FakeUser = {
      id,
      uuid: newUuid(),
      external_id: (b.external_id as string | null | undefined) ?? null,
      username: String(b.username).toLowerCase(),
      email: String(b.email),
      first_name: String(b.first_name),
      last_name: String(b.last_name),
      language: (b.language as string | undefined) ?? 'en',
      root_admin: toBool(b.root_admin, false),
      password_hash: typeof b.password === 'string' ? hashPassword(b.password) : unusablePasswordHash(),
      created_at: stamp,
      updated_at: stamp,
    };
    this.data.users.push(user);
    return {
      status: 201,
      body: {
        ...this.envelope(ctx, 'user', userAttributes(user)),
        meta: { resource: `${this.origin}/api/application/users/${id}` },
      },
    };
  }

  private updateUser(ctx: Ctx, user: FakeUser): Reply {
    const b = ctx.body;
    const errors = validate(b, USER_RULES, { attributes: USER_ATTRIBUTES, hooks: this.userRulesHooks(user) });
    if (errors.length) throw validationError(errors);
    user.email = String(b.email);
    user.username = String(b.username).toLowerCase();
    user.first_name = String(b.first_name);
    user.last_name = String(b.last_name);
    if (Object.hasOwn(b, 'external_id')) user.external_id = (b.external_id as string | null) ?? null;
    if (typeof b.password === 'string') user.password_hash = hashPassword(b.password);
    if (Object.hasOwn(b, 'root_admin')) user.root_admin = toBool(b.root_admin, user.root_admin);
    if (typeof b.language === 'string') user.language = b.language;
    user.updated_at = isoNow(this.now());
    return this.item(ctx, 'user', userAttributes(user));
  }

  private deleteUser(user: FakeUser): Reply {
    if (this.data.servers.some((s) => s.user_id === user.id)) fail(400, 'DisplayException', USER_HAS_SERVERS, true);
    this.data.users = this.data.users.filter((u) => u !== user);
    return { status: 204 };
  }

  private findLoginUser(login: string): FakeUser | undefined {
    const v = ci(login.trim());
    return this.data.users.find((u) => ci(u.username) === v || ci(u.email) === v);
  }

  // ---- servers ----

  private environmentOf(s: FakeServer): Record<string, string | number | null> {
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

  private serverEnvelopeBare(s: FakeServer): { object: string; attributes: Record<string, unknown> } {
    return { object: 'server', attributes: serverAttributes(s, this.environmentOf(s) as Record<string, string>) };
  }

  private serverIncludes(s: FakeServer): Record<string, [AclResource, () => unknown]> {
    const d = this.data;
    const egg = d.eggs.find((e) => e.id === s.egg_id);
    const node = d.nodes.find((n) => n.id === s.node_id);
    const user = d.users.find((u) => u.id === s.user_id);
    const nest = d.nests.find((n) => n.id === s.nest_id);
    const location = d.locations.find((l) => l.id === node?.location_id);
    return {
      allocations: [
        'allocations',
        () =>
          this.plainList(
            d.allocations
              .filter((a) => a.server_id === s.id)
              .map((a) => ({ object: 'allocation', attributes: allocationAttributes(a) })),
          ),
      ],
      user: ['users', () => (user ? { object: 'user', attributes: userAttributes(user) } : null)],
      egg: ['eggs', () => (egg ? { object: 'egg', attributes: eggAttributes(egg) } : null)],
      nest: ['nests', () => (nest ? { object: 'nest', attributes: nestAttributes(nest) } : null)],
      node: ['nodes', () => (node ? { object: 'node', attributes: this.nodeAttributes(node) } : null)],
      location: [
        'locations',
        () => (location ? { object: 'location', attributes: locationAttributes(location) } : null),
      ],
      variables: [
        'servers',
        () =>
          this.plainList(
            (egg?.variables ?? []).map((v) => ({
              object: 'server_variable',
              attributes: { ...eggVariableAttributes(v), server_value: s.variables[v.env_variable] ?? null },
            })),
          ),
      ],
    };
  }

  private serverItem(ctx: Ctx, s: FakeServer, status = 200): Reply {
    return {
      status,
      body: this.envelope(
        ctx,
        'server',
        serverAttributes(s, this.environmentOf(s) as Record<string, string>),
        this.serverIncludes(s),
      ),
    };
  }

  private listServers(ctx: Ctx): Reply {
    const rows = this.sort(
      ctx,
      this.filter(ctx, this.data.servers, {
        uuid: (s, t) => like(s.uuid, t),
        uuidShort: (s, t) => like(s.uuid.slice(0, 8), t),
        name: (s, t) => like(s.name, t),
        description: (s, t) => like(s.description, t),
        image: (s, t) => like(s.image, t),
        external_id: (s, t) => like(s.external_id, t),
      }),
      ['id', 'uuid'],
    );
    return this.paginate(ctx, rows, (s) =>
      this.envelope(
        ctx,
        'server',
        serverAttributes(s, this.environmentOf(s) as Record<string, string>),
        this.serverIncludes(s),
      ),
    );
  }

  private serverByExternal(ctx: Ctx, externalId: string): Reply {
    const s = this.data.servers.find((x) => x.external_id !== null && ci(x.external_id) === ci(externalId));
    if (!s) fail(404, 'NotFoundHttpException', NOT_FOUND);
    return this.serverItem(ctx, s);
  }

  private wingsDown(ctx: Ctx): boolean {
    return this.faultState.wingsDown || ctx.draws.p504;
  }

  private createServer(ctx: Ctx): Reply {
    const b = ctx.body;
    const d = this.data;
    const deployTruthy = phpTruthy(b.deploy);
    // 1. form validation: every body error at once
    const errors = validate(b, serverRules(deployTruthy), {
      hooks: {
        unique: (_f, v) => d.servers.some((s) => s.external_id !== null && ci(s.external_id) === ci(String(v))),
        exists: (field, v) => {
          if (field === 'user') return d.users.some((u) => u.id === Number(v));
          if (field === 'egg') return isInteger(v) && d.eggs.some((e) => e.id === Number(v));
          // allocation.default / allocation.additional.*: must exist and be free
          return isInteger(v) && d.allocations.some((a) => a.id === Number(v) && a.server_id === null);
        },
      },
    });
    if (errors.length) throw validationError(errors);
    const limits = b.limits as Record<string, unknown>;
    const memory = Number(limits.memory);
    const disk = Number(limits.disk);

    // 2. deployment
    let primary: FakeAllocation;
    const additional: FakeAllocation[] = [];
    if (deployTruthy) {
      const deploy = b.deploy as Record<string, unknown>;
      const locations = Object.values((deploy.locations as Record<string, unknown>) ?? {}).map(Number);
      const nodes = this.viableNodes(memory, disk, locations);
      if (nodes.length === 0) fail(400, 'NoViableNodeException', NO_NODE, true);
      const ports = Object.values((deploy.port_range as Record<string, unknown>) ?? {}).map(String);
      primary = this.pickDeployAllocation(nodes, ports, phpTruthy(deploy.dedicated_ip));
    } else {
      const allocation = b.allocation as Record<string, unknown>;
      primary = d.allocations.find((a) => a.id === Number(allocation.default)) as FakeAllocation;
      for (const id of Object.values((allocation.additional as Record<string, unknown>) ?? {})) {
        const a = d.allocations.find((x) => x.id === Number(id));
        if (a && a !== primary) additional.push(a);
      }
    }

    // 3. egg variables: a separate, later pass with only environment.* errors
    const egg = d.eggs.find((e) => e.id === Number(b.egg)) as FakeEgg;
    const sent =
      isArrayLike(b.environment) && !Array.isArray(b.environment) ? (b.environment as Record<string, unknown>) : {};
    const envData: Record<string, unknown> = {};
    const envRules: RuleSet = [];
    const envNames: Record<string, string> = {};
    for (const v of egg.variables) {
      envData[v.env_variable] = sent[v.env_variable] ?? null;
      envRules.push([`environment.${v.env_variable}`, v.rules]);
      envNames[`environment.${v.env_variable}`] = `${v.name} variable`;
    }
    const envErrors = validate({ environment: envData }, envRules, { attributes: envNames });
    if (envErrors.length) throw validationError(envErrors);

    // 4. insert, status installing, allocations assigned, one variable row per egg variable
    const stamp = isoNow(this.now());
    const fl = b.feature_limits as Record<string, unknown>;
    const server: FakeServer = {
      id: ++this.seq.servers,
      uuid: newUuid(),
      external_id: (b.external_id as string | null | undefined) ?? null,
      name: String(b.name),
      description: typeof b.description === 'string' ? b.description : '',
      status: 'installing',
      user_id: Number(b.user),
      node_id: primary.node_id,
      allocation_id: primary.id,
      nest_id: egg.nest_id,
      egg_id: egg.id,
      memory,
      swap: Number(limits.swap),
      disk,
      io: Number(limits.io),
      cpu: Number(limits.cpu),
      threads: typeof limits.threads === 'string' ? limits.threads : null,
      oom_disabled: toBool(b.oom_disabled, true),
      database_limit: fl.databases === null || fl.databases === undefined ? 0 : Number(fl.databases),
      allocation_limit: fl.allocations === null || fl.allocations === undefined ? 0 : Number(fl.allocations),
      backup_limit: fl.backups === null || fl.backups === undefined ? 0 : Number(fl.backups),
      startup: String(b.startup),
      image: String(b.docker_image),
      skip_scripts: toBool(b.skip_scripts, false),
      variables: Object.fromEntries(
        egg.variables.map((v) => {
          const x = sent[v.env_variable];
          return [
            v.env_variable,
            x === null || x === undefined ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x),
          ];
        }),
      ),
      created_at: stamp,
      updated_at: stamp,
    };
    d.servers.push(server);
    for (const a of [primary, ...additional]) a.server_id = server.id;

    // 5. Wings: on any failure the panel force-deletes what it just created
    if (this.wingsDown(ctx)) {
      this.removeServer(server);
      fail(504, 'DaemonConnectionException', WINGS_DOWN);
    }
    this.scheduleInstall(server, ctx, false);

    if (this.loseLeft > 0 || ctx.draws.lost) {
      if (this.loseLeft > 0) this.loseLeft--;
      const mode =
        typeof this.faultState.loseCreateResponse === 'object' ? this.faultState.loseCreateResponse.mode : 'reset';
      return { status: 201, lost: mode };
    }
    return this.serverItem(ctx, server, 201);
  }

  private viableNodes(memory: number, disk: number, locations: number[]): FakeNode[] {
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

  private usedOn(nodeId: number): { memory: number; disk: number } {
    let memory = 0;
    let disk = 0;
    for (const s of this.data.servers) {
      if (s.node_id !== nodeId) continue;
      memory += s.memory;
      disk += s.disk;
    }
    return { memory, disk };
  }

  private pickDeployAllocation(nodes: FakeNode[], portRange: string[], dedicated: boolean): FakeAllocation {
    const exact = new Set<number>();
    const ranges: Array<[number, number]> = [];
    for (const entry of portRange) {
      if (/^\d+$/.test(entry)) exact.add(Number(entry));
      const m = /^(\d{4,5})-(\d{4,5})$/.exec(entry);
      if (m) {
        const lo = Number(m[1]);
        const hi = Number(m[2]);
        if (Math.abs(hi - lo) > 1000) fail(400, 'DisplayException', PORT_RANGE_TOO_BIG, true);
        ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
      }
    }
    const filtered = exact.size > 0 || ranges.length > 0;
    const nodeIds = new Set(nodes.map((n) => n.id));
    const busyPairs = new Set(
      this.data.allocations.filter((a) => a.server_id !== null).map((a) => `${a.node_id}|${a.ip}`),
    );
    const candidates = this.data.allocations.filter(
      (a) =>
        a.server_id === null &&
        nodeIds.has(a.node_id) &&
        (!filtered || exact.has(a.port) || ranges.some(([lo, hi]) => a.port >= lo && a.port <= hi)) &&
        (!dedicated || !busyPairs.has(`${a.node_id}|${a.ip}`)),
    );
    const pick = candidates[Math.floor(this.pickAllocation() * candidates.length)];
    if (!pick) fail(400, 'NoViableAllocationException', NO_ALLOCATION, true);
    return pick;
  }

  private removeServer(s: FakeServer): void {
    for (const a of this.data.allocations) if (a.server_id === s.id) a.server_id = null;
    this.data.servers = this.data.servers.filter((x) => x !== s);
  }

  private deleteServer(ctx: Ctx, s: FakeServer, force: boolean): Reply {
    if (!force && this.wingsDown(ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
    this.removeServer(s);
    return { status: 204 };
  }

  private suspend(ctx: Ctx, s: FakeServer, suspend: boolean): Reply {
    if ((s.status === 'suspended') === suspend) return { status: 204 };
    if (this.wingsDown(ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
    s.status = suspend ? 'suspended' : null;
    return { status: 204 };
  }

  private reinstall(ctx: Ctx, s: FakeServer): Reply {
    if (this.wingsDown(ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
    s.status = 'installing';
    this.scheduleInstall(s, ctx, true);
    return { status: 204 };
  }

  // ---- nodes, allocations, locations, nests, eggs ----

  private nodeAttributes(n: FakeNode): Record<string, unknown> {
    return { ...n, allocated_resources: this.usedOn(n.id) };
  }

  private nodeIncludes(n: FakeNode): Record<string, [AclResource, () => unknown]> {
    const location = this.data.locations.find((l) => l.id === n.location_id);
    return {
      allocations: [
        'allocations',
        () =>
          this.plainList(
            this.data.allocations
              .filter((a) => a.node_id === n.id)
              .map((a) => ({ object: 'allocation', attributes: allocationAttributes(a) })),
          ),
      ],
      location: [
        'locations',
        () => (location ? { object: 'location', attributes: locationAttributes(location) } : null),
      ],
      servers: [
        'servers',
        () =>
          this.plainList(this.data.servers.filter((s) => s.node_id === n.id).map((s) => this.serverEnvelopeBare(s))),
      ],
    };
  }

  private listNodes(ctx: Ctx): Reply {
    const rows = this.sort(
      ctx,
      this.filter(ctx, this.data.nodes, {
        uuid: (n, t) => like(n.uuid, t),
        name: (n, t) => like(n.name, t),
        fqdn: (n, t) => like(n.fqdn, t),
        daemon_token_id: () => false,
      }),
      ['id', 'uuid', 'memory', 'disk'],
    );
    return this.paginate(ctx, rows, (n) => this.envelope(ctx, 'node', this.nodeAttributes(n), this.nodeIncludes(n)));
  }

  private deployable(ctx: Ctx): Reply {
    const errors = validate(ctx.query, DEPLOYABLE_RULES);
    if (errors.length) throw validationError(errors);
    const locations = Object.values((ctx.query.location_ids as Record<string, unknown> | undefined) ?? {}).map(Number);
    const nodes = this.viableNodes(Number(ctx.query.memory), Number(ctx.query.disk), locations);
    if (nodes.length === 0) fail(400, 'NoViableNodeException', NO_NODE, true);
    const toItem = (n: FakeNode) => {
      const used = this.usedOn(n.id);
      return this.envelope(
        ctx,
        'node',
        { ...this.nodeAttributes(n), sum_memory: used.memory, sum_disk: used.disk },
        this.nodeIncludes(n),
      );
    };
    if (ctx.query.page !== undefined && ctx.query.page !== null) return this.paginate(ctx, nodes, toItem);
    return { status: 200, body: { object: 'list', data: nodes.map(toItem) } };
  }

  private listAllocations(ctx: Ctx, node: FakeNode): Reply {
    const rows = this.filter(
      ctx,
      this.data.allocations.filter((a) => a.node_id === node.id),
      {
        ip: (a, t) => a.ip === t,
        port: (a, t) => String(a.port) === t,
        ip_alias: (a, t) => like(a.ip_alias, t),
        server_id: (a, t) => (/^\d+$/.test(t) && t !== '0' ? a.server_id === Number(t) : a.server_id === null),
      },
    );
    return this.paginate(ctx, rows, (a) => this.envelope(ctx, 'allocation', allocationAttributes(a)));
  }

  private createAllocations(ctx: Ctx, node: FakeNode): Reply {
    const errors = validate(ctx.body, ALLOCATION_RULES);
    if (errors.length) throw validationError(errors);
    const ip = String(ctx.body.ip);
    const alias = typeof ctx.body.alias === 'string' ? ctx.body.alias : null;
    const ports: number[] = [];
    for (const entry of Object.values(ctx.body.ports as Record<string, string>)) {
      const range = /^(\d{4,5})-(\d{4,5})$/.exec(entry);
      if (range) {
        const lo = Number(range[1]);
        const hi = Number(range[2]);
        if (Math.abs(hi - lo) > 1000) fail(400, 'DisplayException', PORT_RANGE_TOO_BIG, true);
        for (let p = Math.min(lo, hi); p <= Math.max(lo, hi); p++) ports.push(p);
      } else if (/^\d+$/.test(entry)) {
        ports.push(Number(entry));
      } else {
        fail(
          400,
          'InvalidPortMappingException',
          `The mapping provided for ${entry} was invalid and could not be processed.`,
          true,
        );
      }
    }
    for (const port of ports) {
      if (port < 1024 || port > 65535) {
        fail(
          400,
          'PortOutOfRangeException',
          'Ports in an allocation must be greater than 1024 and less than or equal to 65535.',
          true,
        );
      }
      const exists = this.data.allocations.some((a) => a.node_id === node.id && a.ip === ip && a.port === port);
      if (!exists) {
        this.data.allocations.push({
          id: ++this.seq.allocations,
          node_id: node.id,
          ip,
          ip_alias: alias,
          port,
          notes: null,
          server_id: null,
        });
      }
    }
    return { status: 204 };
  }

  private deleteAllocation(a: FakeAllocation): Reply {
    if (a.server_id !== null) {
      fail(
        400,
        'ServerUsingAllocationException',
        'A server is currently assigned to this allocation, it cannot be deleted.',
        true,
      );
    }
    this.data.allocations = this.data.allocations.filter((x) => x !== a);
    return { status: 204 };
  }

  private listLocations(ctx: Ctx): Reply {
    const rows = this.sort(
      ctx,
      this.filter(ctx, this.data.locations, { short: (l, t) => like(l.short, t), long: (l, t) => like(l.long, t) }),
      ['id'],
    );
    return this.paginate(ctx, rows, (l) => this.envelope(ctx, 'location', locationAttributes(l)));
  }

  private nestIncludes(n: FakeNest): Record<string, [AclResource, () => unknown]> {
    return {
      eggs: [
        'eggs',
        () =>
          this.plainList(
            this.data.eggs
              .filter((e) => e.nest_id === n.id)
              .map((e) => ({ object: 'egg', attributes: eggAttributes(e) })),
          ),
      ],
    };
  }

  private listNests(ctx: Ctx): Reply {
    return this.paginate(ctx, this.data.nests, (n) =>
      this.envelope(ctx, 'nest', nestAttributes(n), this.nestIncludes(n)),
    );
  }

  private eggIncludes(e: FakeEgg): Record<string, [AclResource, () => unknown]> {
    const nest = this.data.nests.find((n) => n.id === e.nest_id);
    return {
      variables: [
        'eggs',
        () =>
          this.plainList(e.variables.map((v) => ({ object: 'egg_variable', attributes: eggVariableAttributes(v) }))),
      ],
      nest: ['nests', () => (nest ? { object: 'nest', attributes: nestAttributes(nest) } : null)],
    };
  }

  private listEggs(ctx: Ctx, nest: FakeNest): Reply {
    const eggs = this.data.eggs.filter((e) => e.nest_id === nest.id);
    // Not paginated: no meta.
    return {
      status: 200,
      body: { object: 'list', data: eggs.map((e) => this.envelope(ctx, 'egg', eggAttributes(e), this.eggIncludes(e))) },
    };
  }

  // ---- admin endpoints (not part of the panel) ----

  private admin(method: string, path: string, rawBody: string, res: ServerResponse): void {
    let status = 200;
    let body: unknown;
    try {
      const route = `${method} ${path}`;
      if (route === 'GET /__fake/state') body = this.state();
      else if (route === 'GET /__fake/faults') body = this.faults;
      else if (route === 'POST /__fake/faults') {
        this.setFaults(parseFaults(rawBody.trim() ? JSON.parse(rawBody) : {}));
        body = this.faults;
      } else if (route === 'DELETE /__fake/faults') {
        this.clearFaults();
        body = this.faults;
      } else if (route === 'POST /__fake/reset') {
        this.reset();
        body = { ok: true };
      } else {
        status = 404;
        body = { error: `no admin route ${route}` };
      }
    } catch (e) {
      status = 400;
      body = { error: e instanceof Error ? e.message : String(e) };
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private httpLogin(rawBody: string, res: ServerResponse): void {
    let body: { user?: unknown; password?: unknown } = {};
    try {
      body = JSON.parse(rawBody || '{}') as typeof body;
    } catch {
      // fall through: a malformed body cannot log in
    }
    const ok =
      typeof body.user === 'string' && typeof body.password === 'string' && this.login(body.user, body.password);
    const user = ok ? this.findLoginUser(body.user as string) : undefined;
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify(
        ok && user
          ? { ok: true, user: { id: user.id, username: user.username } }
          : { ok: false, error: 'These credentials do not match our records.' },
      ),
    );
  }
}

// ---- helpers ----

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** PHP-style query parsing, one level deep: `a[b]=1` → {a:{b:'1'}}, `a[]=1` → {a:['1']}. */
function parseQuery(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of params) {
    const m = /^([^[\]]+)\[([^[\]]*)\]$/.exec(rawKey);
    if (!m) {
      out[rawKey] = value;
      continue;
    }
    const name = m[1] as string;
    const sub = m[2] as string;
    if (sub === '') {
      const arr = Array.isArray(out[name]) ? (out[name] as unknown[]) : [];
      arr.push(value);
      out[name] = arr;
    } else {
      const obj =
        out[name] && typeof out[name] === 'object' && !Array.isArray(out[name])
          ? (out[name] as Record<string, unknown>)
          : {};
      obj[sub] = value;
      out[name] = obj;
    }
  }
  return out;
}

/** TrimStrings (except a top-level password) and ConvertEmptyStringsToNull, recursively. */
function normalise(value: unknown, isQuery: boolean, key = ''): unknown {
  if (typeof value === 'string') {
    const keep = !isQuery && (key === 'password' || key === 'password_confirmation');
    const v = keep ? value : value.replace(/^[\s\uFEFF\u200B]+|[\s\uFEFF\u200B]+$/gu, '');
    return v === '' ? null : v;
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, isQuery, key ? `${key}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, isQuery, key ? `${key}.${k}` : k);
    return out;
  }
  return value;
}

function phpTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '' || v === '0') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function toBool(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  return v === true || v === 1 || v === '1';
}

function ci(s: string): string {
  return s.toLowerCase();
}

/** SQL `LOWER(col) LIKE '%term%'`: `%` and `_` are wildcards. */
function like(column: string | null, term: string): boolean {
  if (column === null) return false;
  const pattern = term
    .toLowerCase()
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(pattern, 's').test(column.toLowerCase());
}

function maxId(rows: Array<{ id: number }>): number {
  return rows.reduce((max, r) => Math.max(max, r.id), 0);
}

function isoNow(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
