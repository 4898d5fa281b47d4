// The Application API's servers: list, show, find by external id, create (validation, deployment, egg
// variables, Wings), suspend, unsuspend, reinstall, delete.

import { buildRoutes } from './build.js';
import { envelope, filter, type Includes, like, nodeAttributes, paginate, plainList, sort } from './envelopes.js';
import {
  type Ctx,
  fail,
  NO_NODE,
  NOT_FOUND,
  PORT_RANGE_TOO_BIG,
  phpTruthy,
  type Reply,
  toBool,
  validationError,
} from './http.js';
import { ci, isoNow, type PanelModel } from './model.js';
import { type Route, route } from './routing.js';
import { isArrayLike, isInteger, type RuleSet, validate } from './rules.js';
import {
  allocationAttributes,
  eggAttributes,
  eggVariableAttributes,
  type FakeAllocation,
  type FakeEgg,
  type FakeNode,
  type FakeServer,
  locationAttributes,
  nestAttributes,
  newUuid,
  serverAttributes,
  userAttributes,
} from './state.js';

const WINGS_DOWN = 'Could not establish a connection to the machine running this server. Please try again.';
const NO_ALLOCATION = 'No allocations satisfying the requirements for automatic deployment were found.';

// Rules verbatim from the panel (reference/pterodactyl-rules.json).
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

export function serverRoutes(m: PanelModel): Route[] {
  return [
    route('GET', '/servers', 'servers', (ctx) => listServers(m, ctx)),
    route('GET', '/servers/external/:external_id', 'servers', (ctx, _b, p) =>
      serverByExternal(m, ctx, p.external_id ?? ''),
    ),
    route('GET', '/servers/:server', 'servers', (ctx, b) => serverItem(m, ctx, b.server!)),
    route('POST', '/servers', 'servers', (ctx) => createServer(m, ctx)),
    route('POST', '/servers/:server/suspend', 'servers', (ctx, b) => suspend(m, ctx, b.server!, true)),
    route('POST', '/servers/:server/unsuspend', 'servers', (ctx, b) => suspend(m, ctx, b.server!, false)),
    route('POST', '/servers/:server/reinstall', 'servers', (ctx, b) => reinstall(m, ctx, b.server!)),
    ...buildRoutes(m, (ctx, s) => serverItem(m, ctx, s)),
    route('DELETE', '/servers/:server', 'servers', (ctx, b) => deleteServer(m, ctx, b.server!, false)),
    route('DELETE', '/servers/:server/:mode', 'servers', (ctx, b, p) =>
      deleteServer(m, ctx, b.server!, p.mode === 'force'),
    ),
  ];
}

// ---- reading ----

function serverIncludes(m: PanelModel, s: FakeServer): Includes {
  const d = m.data;
  const egg = d.eggs.find((e) => e.id === s.egg_id);
  const node = d.nodes.find((n) => n.id === s.node_id);
  const user = d.users.find((u) => u.id === s.user_id);
  const nest = d.nests.find((n) => n.id === s.nest_id);
  const location = d.locations.find((l) => l.id === node?.location_id);
  return {
    allocations: [
      'allocations',
      () =>
        plainList(
          d.allocations
            .filter((a) => a.server_id === s.id)
            .map((a) => ({ object: 'allocation', attributes: allocationAttributes(a) })),
        ),
    ],
    user: ['users', () => (user ? { object: 'user', attributes: userAttributes(user) } : null)],
    egg: ['eggs', () => (egg ? { object: 'egg', attributes: eggAttributes(egg) } : null)],
    nest: ['nests', () => (nest ? { object: 'nest', attributes: nestAttributes(nest) } : null)],
    node: ['nodes', () => (node ? { object: 'node', attributes: nodeAttributes(m, node) } : null)],
    location: ['locations', () => (location ? { object: 'location', attributes: locationAttributes(location) } : null)],
    variables: [
      'servers',
      () =>
        plainList(
          (egg?.variables ?? []).map((v) => ({
            object: 'server_variable',
            attributes: { ...eggVariableAttributes(v), server_value: s.variables[v.env_variable] ?? null },
          })),
        ),
    ],
  };
}

function serverEnvelope(m: PanelModel, ctx: Ctx, s: FakeServer): Record<string, unknown> {
  return envelope(
    ctx,
    'server',
    serverAttributes(s, m.environmentOf(s) as Record<string, string>),
    serverIncludes(m, s),
  );
}

function serverItem(m: PanelModel, ctx: Ctx, s: FakeServer, status = 200): Reply {
  return { status, body: serverEnvelope(m, ctx, s) };
}

function listServers(m: PanelModel, ctx: Ctx): Reply {
  const rows = sort(
    ctx,
    filter(ctx, m.data.servers, {
      uuid: (s, t) => like(s.uuid, t),
      uuidShort: (s, t) => like(s.uuid.slice(0, 8), t),
      name: (s, t) => like(s.name, t),
      description: (s, t) => like(s.description, t),
      image: (s, t) => like(s.image, t),
      external_id: (s, t) => like(s.external_id, t),
    }),
    ['id', 'uuid'],
  );
  return paginate(ctx, rows, (s) => serverEnvelope(m, ctx, s));
}

function serverByExternal(m: PanelModel, ctx: Ctx, externalId: string): Reply {
  const s = m.data.servers.find((x) => x.external_id !== null && ci(x.external_id) === ci(externalId));
  if (!s) fail(404, 'NotFoundHttpException', NOT_FOUND);
  return serverItem(m, ctx, s);
}

// ---- creating ----

function createServer(m: PanelModel, ctx: Ctx): Reply {
  const b = ctx.body;
  const deployTruthy = phpTruthy(b.deploy);
  // 1. form validation: every body error at once
  validateServerForm(m, b, deployTruthy);
  const limits = b.limits as Record<string, unknown>;
  // 2. deployment
  const { primary, additional } = deployTruthy
    ? deployAllocation(m, b.deploy as Record<string, unknown>, Number(limits.memory), Number(limits.disk))
    : requestedAllocations(m, b.allocation as Record<string, unknown>);
  // 3. egg variables: a separate, later pass with only environment.* errors
  const egg = m.data.eggs.find((e) => e.id === Number(b.egg)) as FakeEgg;
  const sent =
    isArrayLike(b.environment) && !Array.isArray(b.environment) ? (b.environment as Record<string, unknown>) : {};
  validateEnvironment(egg, sent);
  // 4. insert, status installing, allocations assigned, one variable row per egg variable
  const server = newServer(m, b, egg, primary, sent);
  m.data.servers.push(server);
  for (const a of [primary, ...additional]) a.server_id = server.id;
  // 5. Wings: on any failure the panel force-deletes what it just created
  if (wingsDown(m, ctx)) {
    removeServer(m, server);
    fail(504, 'DaemonConnectionException', WINGS_DOWN);
  }
  m.scheduleInstall(server, ctx.draws.installOutcome, false);

  if (m.loseLeft > 0 || ctx.draws.lost) {
    if (m.loseLeft > 0) m.loseLeft--;
    const lose = m.faultState.loseCreateResponse;
    const mode = typeof lose === 'object' ? lose.mode : 'reset';
    if (mode === 'late') landLate(m, server, typeof lose === 'object' ? (lose.landAfterMs ?? 2_000) : 2_000);
    return { status: 201, lost: mode === 'late' ? 'stall' : mode };
  }
  return serverItem(m, ctx, server, 201);
}

function validateServerForm(m: PanelModel, b: Record<string, unknown>, deployTruthy: boolean): void {
  const d = m.data;
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
}

interface Allocations {
  primary: FakeAllocation;
  additional: FakeAllocation[];
}

/** `allocation.default` and `allocation.additional`, already validated as existing and free. */
function requestedAllocations(m: PanelModel, allocation: Record<string, unknown>): Allocations {
  const d = m.data;
  const primary = d.allocations.find((a) => a.id === Number(allocation.default)) as FakeAllocation;
  const additional: FakeAllocation[] = [];
  for (const id of Object.values((allocation.additional as Record<string, unknown>) ?? {})) {
    const a = d.allocations.find((x) => x.id === Number(id));
    if (a && a !== primary) additional.push(a);
  }
  return { primary, additional };
}

/** Automatic deployment: a viable node, then a free allocation on it picked at random. */
function deployAllocation(m: PanelModel, deploy: Record<string, unknown>, memory: number, disk: number): Allocations {
  const locations = Object.values((deploy.locations as Record<string, unknown>) ?? {}).map(Number);
  const nodes = m.viableNodes(memory, disk, locations);
  if (nodes.length === 0) fail(400, 'NoViableNodeException', NO_NODE, true);
  const ports = Object.values((deploy.port_range as Record<string, unknown>) ?? {}).map(String);
  return { primary: pickDeployAllocation(m, nodes, ports, phpTruthy(deploy.dedicated_ip)), additional: [] };
}

function pickDeployAllocation(
  m: PanelModel,
  nodes: FakeNode[],
  portRange: string[],
  dedicated: boolean,
): FakeAllocation {
  const exact = new Set<number>();
  const ranges: Array<[number, number]> = [];
  for (const entry of portRange) {
    if (/^\d+$/.test(entry)) exact.add(Number(entry));
    const r = /^(\d{4,5})-(\d{4,5})$/.exec(entry);
    if (r) {
      const lo = Number(r[1]);
      const hi = Number(r[2]);
      if (Math.abs(hi - lo) > 1000) fail(400, 'DisplayException', PORT_RANGE_TOO_BIG, true);
      ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
    }
  }
  const filtered = exact.size > 0 || ranges.length > 0;
  const nodeIds = new Set(nodes.map((n) => n.id));
  const busyPairs = new Set(m.data.allocations.filter((a) => a.server_id !== null).map((a) => `${a.node_id}|${a.ip}`));
  const candidates = m.data.allocations.filter(
    (a) =>
      a.server_id === null &&
      nodeIds.has(a.node_id) &&
      (!filtered || exact.has(a.port) || ranges.some(([lo, hi]) => a.port >= lo && a.port <= hi)) &&
      (!dedicated || !busyPairs.has(`${a.node_id}|${a.ip}`)),
  );
  const pick = candidates[Math.floor(m.pickAllocation() * candidates.length)];
  if (!pick) fail(400, 'NoViableAllocationException', NO_ALLOCATION, true);
  return pick;
}

/** Each egg variable against its own rules, named "<Name> variable" in the errors. */
function validateEnvironment(egg: FakeEgg, sent: Record<string, unknown>): void {
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
}

function newServer(
  m: PanelModel,
  b: Record<string, unknown>,
  egg: FakeEgg,
  primary: FakeAllocation,
  sent: Record<string, unknown>,
): FakeServer {
  const stamp = isoNow(m.now());
  const limits = b.limits as Record<string, unknown>;
  const fl = b.feature_limits as Record<string, unknown>;
  const orZero = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return {
    id: ++m.seq.servers,
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
    memory: Number(limits.memory),
    swap: Number(limits.swap),
    disk: Number(limits.disk),
    io: Number(limits.io),
    cpu: Number(limits.cpu),
    threads: typeof limits.threads === 'string' ? limits.threads : null,
    oom_disabled: toBool(b.oom_disabled, true),
    database_limit: orZero(fl.databases),
    allocation_limit: orZero(fl.allocations),
    backup_limit: orZero(fl.backups),
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
}

// ---- power and lifecycle (each needs Wings) ----

function wingsDown(m: PanelModel, ctx: Ctx): boolean {
  return m.faultState.wingsDown || ctx.draws.p504;
}

function removeServer(m: PanelModel, s: FakeServer): void {
  for (const a of m.data.allocations) if (a.server_id === s.id) a.server_id = null;
  m.data.servers = m.data.servers.filter((x) => x !== s);
}

function deleteServer(m: PanelModel, ctx: Ctx, s: FakeServer, force: boolean): Reply {
  if (!force && wingsDown(m, ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
  removeServer(m, s);
  return { status: 204 };
}

function suspend(m: PanelModel, ctx: Ctx, s: FakeServer, suspend: boolean): Reply {
  if ((s.status === 'suspended') === suspend) return { status: 204 };
  if (wingsDown(m, ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
  s.status = suspend ? 'suspended' : null;
  return { status: 204 };
}

function reinstall(m: PanelModel, ctx: Ctx, s: FakeServer): Reply {
  if (wingsDown(m, ctx)) fail(504, 'DaemonConnectionException', WINGS_DOWN);
  s.status = 'installing';
  m.scheduleInstall(s, ctx.draws.installOutcome, true);
  return { status: 204 };
}

/** The create is still in flight: the row (its allocations kept) appears only after `ms`. */
function landLate(m: PanelModel, server: FakeServer, ms: number): void {
  m.data.servers.splice(m.data.servers.indexOf(server), 1);
  setTimeout(() => m.data.servers.push(server), ms).unref();
}
