// One Application API request through the panel's middleware, in the panel's order: faults (the fake's
// own), route → 401 → malformed JSON → 429 → 404 binding → 403 root admin → 403 ACL → the handler (whose
// validation answers 422).

import { type Ctx, fail, HttpError, type KeyInfo, normalise, type Reply, UNEXPECTED } from './http.js';
import { type PanelModel, READ, WRITE } from './model.js';
import { bind, match, type Route } from './routing.js';
import { isArrayLike } from './rules.js';

export async function runApi(m: PanelModel, routes: Route[], ctx: Ctx, url: URL): Promise<Reply> {
  const f = m.faultState; // as it was when the request came in, even if switched during the delay
  const { random5xx, random429, delay } = drawFaults(m, ctx);
  if (delay > 0) await sleep(delay);

  if (f.unavailable === true || m.unavailableLeft > 0) {
    if (m.unavailableLeft > 0) m.unavailableLeft--;
    return { status: 503, html: '<html><body><h1>503 Service Unavailable</h1></body></html>' };
  }
  if (random5xx) throw new HttpError(500, [{ code: 'QueryException', detail: UNEXPECTED }]);

  if (!url.pathname.startsWith('/api/application')) {
    fail(404, 'NotFoundHttpException', `The route ${ctx.rawPath} could not be found.`);
  }
  const { route, params } = match(routes, ctx);

  // 1. authentication
  ctx.key = authenticate(m, ctx);
  // 2. malformed JSON
  parseJsonBody(ctx);
  // 3. throttle (all keys of one admin share a bucket)
  throttle(m, ctx, random429);
  // 4. route-model binding
  const bound = bind(m.data, params);
  // 5. the key owner must be a root admin; 6. the key's ACL
  if (!ctx.key.owner.root_admin) {
    fail(403, 'AccessDeniedHttpException', 'This account does not have permission to access the API.');
  }
  const bits = ctx.key.config.acl[route.resource] ?? 0;
  const needed = ctx.method === 'GET' ? READ : WRITE;
  if ((bits & needed) === 0) fail(403, 'AccessDeniedHttpException', 'This action is unauthorized.');
  m.refreshInstalls();
  return route.handle(ctx, bound, params);
}

/** This request's draws from the random faults (kept on `ctx` for the handlers), and its delay. */
function drawFaults(m: PanelModel, ctx: Ctx): { random5xx: boolean; random429: boolean; delay: number } {
  const rnd = m.random;
  const r = m.faultState.random;
  const draw = (p: number | undefined) => (rnd && p ? rnd() < p : false);
  const random5xx = draw(r?.p5xx);
  const random429 = draw(r?.p429);
  const randomSlow = draw(r?.pSlow);
  ctx.draws = { p504: draw(r?.p504), lost: draw(r?.pLost) };
  if (draw(r?.pInstallFail)) ctx.draws.installOutcome = 'fail';
  else if (draw(r?.pInstallNever)) ctx.draws.installOutcome = 'never';
  const delay = m.faultState.slowMs + (randomSlow ? (r?.slowMs ?? 2000) : 0);
  return { random5xx, random429, delay };
}

function authenticate(m: PanelModel, ctx: Ctx): KeyInfo {
  const header = String(ctx.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const token = bearer?.[1] ?? '';
  const config = token.length === 48 ? m.keys.find((k) => k.key === token) : undefined;
  const owner = config ? m.data.users.find((u) => u.id === (config.ownerId ?? 1)) : undefined;
  if (!config || !owner) fail(401, 'AuthenticationException', 'Unauthenticated.');
  return { config, owner };
}

function parseJsonBody(ctx: Ctx): void {
  if (!ctx.contentIsJson || ctx.rawBody.trim() === '') return;
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

function throttle(m: PanelModel, ctx: Ctx, forced: boolean): void {
  const limit = m.faultState.rateLimitPerMinute;
  const now = m.now();
  const ownerId = ctx.key?.owner.id ?? 0;
  let bucket = m.buckets.get(ownerId);
  if (!bucket || now - bucket.start >= 60_000) {
    bucket = { start: now, count: 0 };
    m.buckets.set(ownerId, bucket);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
