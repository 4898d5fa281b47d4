// PATCH /servers/{id}/build as the panel validates and answers it (reference/lifecycle.md §2.4): the rules of
// UpdateServerBuildConfigurationRequest, the default allocation that must stay the server's own, only the keys
// sent are written, `backups: null` stored as 0, no capacity check, 200 with the server object.

import { type Ctx, fail, type Reply, toBool, validationError } from './http.js';
import type { PanelModel } from './model.js';
import { type Route, route } from './routing.js';
import { isArrayLike, isInteger, type RuleSet, validate } from './rules.js';
import type { FakeServer } from './state.js';

const NOT_ASSIGNED = 'The requested default allocation is not currently assigned to this server.';
const NO_FALLBACK =
  'You are attempting to delete the default allocation for this server but there is no fallback allocation to use.';

function buildRules(withLimits: boolean): RuleSet {
  const limit = (field: string, rule: string[]) =>
    [
      withLimits ? `limits.${field}` : field,
      [withLimits ? 'required_with:limits' : 'required_without:limits', ...rule],
    ] as const;
  return [
    ['allocation', ['required', 'bail', 'exists:allocations,id']],
    ['oom_disabled', ['sometimes', 'boolean']],
    ['limits', ['sometimes', 'array']],
    limit('memory', ['numeric', 'min:0']),
    limit('swap', ['numeric', 'min:-1']),
    limit('io', ['numeric', 'between:10,1000']),
    limit('cpu', ['numeric', 'min:0']),
    limit('disk', ['numeric', 'min:0']),
    [withLimits ? 'limits.threads' : 'threads', ['nullable', 'regex:/^[0-9-,]+$/']],
    ['add_allocations', ['bail', 'array']],
    ['add_allocations.*', ['integer']],
    ['remove_allocations', ['bail', 'array']],
    ['remove_allocations.*', ['integer']],
    ['feature_limits', ['required', 'array']],
    ['feature_limits.databases', ['present', 'nullable', 'integer', 'min:0']],
    ['feature_limits.allocations', ['sometimes', 'nullable', 'integer', 'min:0']],
    ['feature_limits.backups', ['present', 'nullable', 'integer', 'min:0']],
  ] as RuleSet;
}

export function buildRoutes(m: PanelModel, reply: (ctx: Ctx, s: FakeServer) => Reply): Route[] {
  return [route('PATCH', '/servers/:server/build', 'servers', (ctx, b) => updateBuild(m, ctx, b.server!, reply))];
}

function updateBuild(m: PanelModel, ctx: Ctx, s: FakeServer, reply: (ctx: Ctx, s: FakeServer) => Reply): Reply {
  const b = ctx.body;
  const withLimits = b.limits !== undefined;
  const errors = validate(b, buildRules(withLimits), {
    hooks: { exists: (_f, v) => isInteger(v) && m.data.allocations.some((a) => a.id === Number(v)) },
  });
  if (errors.length) throw validationError(errors);
  if (m.faultState.buildRefused) fail(400, 'DisplayException', NOT_ASSIGNED, true);
  const allocation = Number(b.allocation);
  const own = m.data.allocations.filter((a) => a.server_id === s.id).map((a) => a.id);
  const removing = isArrayLike(b.remove_allocations) ? (b.remove_allocations as unknown[]).map(Number) : [];
  if (!own.includes(allocation)) fail(400, 'DisplayException', NOT_ASSIGNED, true);
  if (removing.includes(allocation)) fail(400, 'DisplayException', NO_FALLBACK, true);
  applyBuild(s, b, withLimits);
  s.updated_at = new Date(m.now()).toISOString();
  return reply(ctx, s);
}

/** Only the keys sent are written; `databases: null` is unlimited (null), `backups: null` becomes 0. */
function applyBuild(s: FakeServer, b: Record<string, unknown>, withLimits: boolean): void {
  const src = (withLimits ? b.limits : b) as Record<string, unknown>;
  for (const k of ['memory', 'swap', 'disk', 'io', 'cpu'] as const) if (src[k] !== undefined) s[k] = Number(src[k]);
  if ('threads' in src) s.threads = typeof src.threads === 'string' ? src.threads : null;
  if (b.oom_disabled !== undefined) s.oom_disabled = toBool(b.oom_disabled, s.oom_disabled);
  const fl = b.feature_limits as Record<string, unknown>;
  s.database_limit = fl.databases === null ? (null as unknown as number) : Number(fl.databases);
  if (fl.allocations !== undefined)
    s.allocation_limit = fl.allocations === null ? (null as unknown as number) : Number(fl.allocations);
  s.backup_limit = fl.backups === null ? 0 : Number(fl.backups);
}
