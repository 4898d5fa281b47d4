// What the fake adds beside the panel's API: test controls over HTTP (`/__fake/state`, `/__fake/faults`,
// `/__fake/reset`) and a JSON password check at `POST /auth/login` (a browser's form post there goes to pages.ts).

import type { ServerResponse } from 'node:http';
import { parseFaults } from './faults.js';
import type { PanelModel } from './model.js';

export function serveAdmin(m: PanelModel, method: string, path: string, rawBody: string, res: ServerResponse): void {
  let status = 200;
  let body: unknown;
  try {
    const route = `${method} ${path}`;
    if (route === 'GET /__fake/state') body = m.state();
    else if (route === 'GET /__fake/faults') body = m.faults;
    else if (route === 'POST /__fake/faults') {
      m.setFaults(parseFaults(rawBody.trim() ? JSON.parse(rawBody) : {}));
      body = m.faults;
    } else if (route === 'DELETE /__fake/faults') {
      m.clearFaults();
      body = m.faults;
    } else if (route === 'POST /__fake/reset') {
      m.reset();
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

export function serveLogin(m: PanelModel, rawBody: string, res: ServerResponse): void {
  let body: { user?: unknown; password?: unknown } = {};
  try {
    body = JSON.parse(rawBody || '{}') as typeof body;
  } catch {
    // fall through: a malformed body cannot log in
  }
  const ok = typeof body.user === 'string' && typeof body.password === 'string' && m.login(body.user, body.password);
  const user = ok ? m.findLoginUser(body.user as string) : undefined;
  res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify(
      ok && user
        ? { ok: true, user: { id: user.id, username: user.username } }
        : { ok: false, error: 'These credentials do not match our records.' },
    ),
  );
}
