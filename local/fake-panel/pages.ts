// The fake panel's web pages, so the login the shop sends on WhatsApp can be tried in a browser:
//   GET  /auth/login          the login form (signed in already: on to the servers)
//   POST /auth/login          a form post: the user's username or e-mail and password, checked against the
//                             panel's users (the password the Application API set); a session cookie, then
//                             the server list; wrong ones: the form again, 422
//   GET|POST /auth/logout     ends the session
//   GET  /                    the signed-in user's servers;  GET /server/{identifier}  one of them
// A JSON `POST /auth/login` stays the fake's machine-readable password check (admin.ts). The pages are not
// part of the Application API: no API key, no fault switches, no rate limit, not in the request log.
// Passwords are never stored, echoed or logged here; sessions live in memory and `reset()` clears them.

import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { PanelModel } from './model.js';
import { loginPage, messagePage, type ServerView, serverListPage, serverPage } from './pages-html.js';
import { type FakeServer, type FakeUser, hashPassword, verifyPassword } from './state.js';

export const SESSION_COOKIE = 'pterodactyl_session';
export const BAD_CREDENTIALS = 'These credentials do not match our records.';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface PageRequest {
  method: string;
  pathname: string;
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

interface PageReply {
  status: number;
  html?: string;
  location?: string;
  cookie?: string;
  allow?: string;
}

/** Whether this request is for the web pages (a JSON login post is the password check in admin.ts). */
export function isPageRequest(pathname: string, method: string, headers: IncomingHttpHeaders): boolean {
  const path = trimPath(pathname);
  if (path === '/auth/login' && method === 'POST') {
    return String(headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded');
  }
  return path === '/' || path === '/auth/login' || path === '/auth/logout' || /^\/server\/[^/]+$/.test(path);
}

export function servePage(m: PanelModel, req: PageRequest, res: ServerResponse): void {
  writePage(res, pageReply(m, req));
}

function pageReply(m: PanelModel, req: PageRequest): PageReply {
  const path = trimPath(req.pathname);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const allowed = path === '/auth/logout' || path === '/auth/login' ? ['GET', 'POST'] : ['GET'];
  if (!allowed.includes(method)) {
    return { status: 405, allow: allowed.join(', '), html: messagePage('Method not allowed', `Use ${allowed[0]}.`) };
  }
  if (method === 'POST' && !sameOrigin(req.headers)) {
    return { status: 403, html: messagePage('Forbidden', 'A form from another site cannot post to the panel.') };
  }
  if (path === '/auth/login') return method === 'POST' ? submitLogin(m, req) : showLogin(m, req);
  if (path === '/auth/logout') return logout(m, req);
  const user = sessionUser(m, req.headers);
  if (!user) {
    const next = safeNext(path);
    return {
      status: 302,
      location: next && next !== '/' ? `/auth/login?next=${encodeURIComponent(next)}` : '/auth/login',
    };
  }
  m.refreshInstalls();
  if (path === '/') return { status: 200, html: serverListPage(user.username, serversOf(m, user)) };
  const wanted = decodeSegment(path.slice('/server/'.length));
  const server = m.data.servers.find(
    (s) => s.user_id === user.id && (s.uuid === wanted || s.uuid.slice(0, 8) === wanted),
  );
  if (!server) return { status: 404, html: messagePage('Not found', 'You have no server with that identifier.') };
  return { status: 200, html: serverPage(user.username, serverView(m, server)) };
}

function showLogin(m: PanelModel, req: PageRequest): PageReply {
  const next = safeNext(req.search.get('next'));
  if (sessionUser(m, req.headers)) return { status: 302, location: next ?? '/' };
  return { status: 200, html: loginPage(next ? { next } : {}) };
}

function submitLogin(m: PanelModel, req: PageRequest): PageReply {
  const form = new URLSearchParams(req.rawBody);
  // Laravel trims every input but the password.
  const login = (form.get('user') ?? '').trim();
  const password = form.get('password') ?? '';
  const next = safeNext(form.get('next'));
  const again = (error: string): PageReply => ({
    status: 422,
    html: loginPage({ user: login, error, ...(next ? { next } : {}) }),
  });
  if (login === '' || password === '') return again('Please enter your username or email and your password.');
  const user = m.findLoginUser(login);
  // An unknown user costs the same hash as a known one, so the answer's timing does not tell them apart.
  const ok = verifyPassword(password, user?.password_hash ?? dummyHash());
  if (!user || !ok) return again(BAD_CREDENTIALS);
  endSession(m, req.headers); // a new token at every login: a session id set before it is worth nothing
  const token = randomBytes(32).toString('base64url');
  m.sessions.set(tokenKey(token), { userId: user.id, userUuid: user.uuid, expiresAt: m.now() + SESSION_TTL_MS });
  pruneSessions(m);
  return { status: 303, location: next ?? '/', cookie: `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax` };
}

function logout(m: PanelModel, req: PageRequest): PageReply {
  endSession(m, req.headers);
  return {
    status: 303,
    location: '/auth/login',
    cookie: `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  };
}

// ---- sessions ----

function sessionToken(headers: IncomingHttpHeaders): string | undefined {
  for (const part of String(headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The signed-in user, if the cookie names a live session of a user who still exists. */
function sessionUser(m: PanelModel, headers: IncomingHttpHeaders): FakeUser | undefined {
  const token = sessionToken(headers);
  if (!token) return undefined;
  const key = tokenKey(token);
  const session = m.sessions.get(key);
  if (!session) return undefined;
  const user = m.data.users.find((u) => u.id === session.userId && u.uuid === session.userUuid);
  if (!user || session.expiresAt <= m.now()) {
    m.sessions.delete(key);
    return undefined;
  }
  return user;
}

function endSession(m: PanelModel, headers: IncomingHttpHeaders): void {
  const token = sessionToken(headers);
  if (token) m.sessions.delete(tokenKey(token));
}

function pruneSessions(m: PanelModel): void {
  const now = m.now();
  for (const [key, s] of m.sessions) if (s.expiresAt <= now) m.sessions.delete(key);
}

let dummy: string | undefined;
function dummyHash(): string {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

// ---- helpers ----

function trimPath(pathname: string): string {
  return pathname.replace(/\/+$/, '') || '/';
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Only the panel's own pages: `next` is never an open redirect. */
function safeNext(next: string | null): string | undefined {
  if (next === null) return undefined;
  return next === '/' || /^\/server\/[A-Za-z0-9-]{1,64}$/.test(next) ? next : undefined;
}

/** A form post must come from the panel's own pages (or say nothing of where it comes from). */
function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

function writePage(res: ServerResponse, reply: PageReply): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  };
  if (reply.location) headers.Location = reply.location;
  if (reply.cookie) headers['Set-Cookie'] = reply.cookie;
  if (reply.allow) headers.Allow = reply.allow;
  if (reply.html !== undefined) headers['Content-Type'] = 'text/html; charset=UTF-8';
  res.writeHead(reply.status, headers);
  res.end(reply.html ?? '');
}

// ---- what the pages show ----

function serversOf(m: PanelModel, user: FakeUser): ServerView[] {
  return m.data.servers
    .filter((s) => s.user_id === user.id)
    .sort((a, b) => a.id - b.id)
    .map((s) => serverView(m, s));
}

const STATUS_LABELS: Record<string, string> = {
  installed: 'Installed',
  installing: 'Installing',
  install_failed: 'Install failed',
  reinstall_failed: 'Reinstall failed',
  suspended: 'Suspended',
  restoring_backup: 'Restoring backup',
};

function serverView(m: PanelModel, s: FakeServer): ServerView {
  const status = s.status ?? 'installed';
  const allocation = m.data.allocations.find((a) => a.id === s.allocation_id);
  return {
    name: s.name,
    identifier: s.uuid.slice(0, 8),
    uuid: s.uuid,
    description: s.description,
    status,
    statusLabel: STATUS_LABELS[status] ?? status,
    memory: mib(s.memory),
    swap: s.swap === -1 ? 'Unlimited' : s.swap === 0 ? 'None' : mib(s.swap),
    cpu: s.cpu === 0 ? 'Unlimited' : `${s.cpu}%`,
    disk: mib(s.disk),
    address: allocation ? `${allocation.ip_alias ?? allocation.ip}:${allocation.port}` : '',
    node: m.data.nodes.find((n) => n.id === s.node_id)?.name ?? `node ${s.node_id}`,
    egg: m.data.eggs.find((e) => e.id === s.egg_id)?.name ?? `egg ${s.egg_id}`,
  };
}

function mib(value: number): string {
  if (value === 0) return 'Unlimited';
  return value % 1024 === 0 ? `${value / 1024} GiB` : `${value} MiB`;
}
