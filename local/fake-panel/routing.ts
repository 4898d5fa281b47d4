// The fake panel's router: the route table's shape, matching a path to a route (404 and 405 as Laravel
// answers them), and route-model binding (an unknown or mis-scoped id is a 404).

import { type Ctx, fail, NOT_FOUND, type Reply } from './http.js';
import type { AclResource } from './model.js';
import type { FakeAllocation, FakeData, FakeEgg, FakeNest, FakeNode, FakeServer, FakeUser } from './state.js';

export type Bound = {
  user?: FakeUser;
  server?: FakeServer;
  node?: FakeNode;
  nest?: FakeNest;
  egg?: FakeEgg;
  allocation?: FakeAllocation;
  location?: FakeData['locations'][number];
};

export interface Route {
  method: string;
  segments: string[];
  resource: AclResource;
  handle: (ctx: Ctx, bound: Bound, params: Record<string, string>) => Reply | Promise<Reply>;
}

const BINDABLE = new Set(['user', 'server', 'node', 'nest', 'egg', 'allocation', 'location']);

/** One route: `path` segments starting with `:` are parameters; `resource` is the ACL the key needs. */
export function route(method: string, path: string, resource: AclResource, handle: Route['handle']): Route {
  return { method, segments: path.split('/').filter((p) => p !== ''), resource, handle };
}

/** The first route whose path and method match; 405 when only the method differs, else 404. */
export function match(routes: Route[], ctx: Ctx): { route: Route; params: Record<string, string> } {
  const parts = ctx.path.split('/').filter((p) => p !== '');
  let methodMismatch = false;
  const allowed = new Set<string>();
  for (const route of routes) {
    const params = matchSegments(route.segments, parts);
    if (!params) continue;
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

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = segments[i] as string;
    const part = decodeURIComponent(parts[i] as string);
    if (seg.startsWith(':')) params[seg.slice(1)] = part;
    else if (seg !== part) return undefined;
  }
  return params;
}

/** Route-model binding: every bindable parameter must name an existing row, else 404. */
export function bind(data: FakeData, params: Record<string, string>): Bound {
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
    if (name === 'user') bound.user = found(data.users.find((x) => x.id === n));
    if (name === 'server') bound.server = found(data.servers.find((x) => x.id === n));
    if (name === 'node') bound.node = found(data.nodes.find((x) => x.id === n));
    if (name === 'nest') bound.nest = found(data.nests.find((x) => x.id === n));
    if (name === 'location') bound.location = found(data.locations.find((x) => x.id === n));
  }
  // Scoped bindings: an egg of another nest, an allocation of another node, are 404.
  if (params.egg !== undefined) {
    const n = id('egg');
    bound.egg = found(data.eggs.find((x) => x.id === n && x.nest_id === bound.nest?.id));
  }
  if (params.allocation !== undefined) {
    const n = id('allocation');
    bound.allocation = found(data.allocations.find((x) => x.id === n && x.node_id === bound.node?.id));
  }
  return bound;
}
