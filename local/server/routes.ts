// The local server's routes: /healthz, /webhook (through the Function URL adapter), the chat page's static
// files, and its JSON API (/api/state, /api/events, /api/send, /api/send-file, /api/media/{id}, /api/faults,
// /api/clock). The page never sees
// a secret: what it sends is wrapped in a Meta envelope, signed here with the app secret, and POSTed over
// HTTP to /webhook, so it goes through exactly the path Meta's requests take. A POST to /api/* from another
// origin (a page elsewhere, posting to this one in a browser) is refused.

import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SweepReport } from '../../shared/app/lifecycle/sweep.js';
import { DAY_MS } from '../../shared/domain/service.js';
import { messageEnvelope } from '../envelope.js';
import { DEFAULT_FAULTS, type FakePanel, type FakePanelFaults } from '../fake-panel/index.js';
import { readBody, serveFunctionUrl } from './function-url.js';
import { CLOCK_MAX_DAYS, type ClockView, clockDaysOf, clockViewOf } from './lifecycle-view.js';
import { postThroughWebhook, sendFile, serveMedia } from './media-routes.js';
import type { PageEvents } from './page-events.js';
import {
  type Attached,
  type ChatContent,
  type ChatMessage,
  FAULT_SETTINGS,
  FAULT_SWITCHES,
  type FaultSwitch,
  faultSwitches,
  healthOf,
  type Phone,
  type StateSnapshot,
} from './view-model.js';

const CHAT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'chat');

/** What the routes read from the running server. */
export interface RouteContext {
  attached(): Attached | undefined;
  baseUrl(): string;
  snapshot(): Promise<StateSnapshot>;
  events: PageEvents;
  /** Adds a message to its phone's conversation and tells the page. */
  record(m: ChatMessage): void;
  onInbound?: (phone: Phone, waId: string, content: ChatContent) => void;
  /** The page moved the local clock forward, and the sweep ran. */
  onClock?: (days: number, clock: ClockView, sweep: SweepReport) => void;
}

/** The context with what the listener keeps between requests. */
type Ctx = RouteContext & {
  /** Runs clock moves one after the other: two quick taps move the clock twice, each with its own sweep. */
  serially<T>(fn: () => Promise<T>): Promise<T>;
};

/** A node:http request listener; an unexpected error answers 500. */
export function requestListener(routes: RouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  let queue: Promise<unknown> = Promise.resolve();
  const c: Ctx = {
    ...routes,
    serially(fn) {
      const run = queue.then(fn);
      queue = run.catch(() => undefined);
      return run;
    },
  };
  return (req, res) => {
    handle(c, req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  };
}

async function handle(c: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const attached = c.attached();

  // While starting, answers close their connection: start-up may block the event loop for seconds, and a
  // kept-alive socket timing out meanwhile would reset the client's next request.
  if (!attached) res.shouldKeepAlive = false;

  if (path === '/healthz') {
    if (!attached) return json(res, 503, { ready: false });
    return json(res, 200, healthOf(attached, c.baseUrl()));
  }
  if (path === '/payments/stripe' || path === '/payments/midtrans') {
    if (!attached) return json(res, 503, { error: 'starting' });
    return serveFunctionUrl(req, res, attached.stack.payments.webhook);
  }
  if (path === '/webhook') {
    if (!attached) return text(res, 503, 'starting');
    return serveFunctionUrl(req, res, attached.stack.webhook);
  }
  if (method === 'GET' && (path === '/' || path === '/index.html')) return staticFile(res, 'index.html');
  if (method === 'GET' && path.startsWith('/chat/')) {
    const name = path.slice('/chat/'.length);
    if (!/^[a-z0-9-]+\.(js|css|svg)$/.test(name)) return text(res, 404, 'not found');
    return staticFile(res, name);
  }
  if (method === 'GET' && path === '/favicon.ico') return staticFile(res, 'favicon.svg');
  if (path.startsWith('/api/')) {
    if (!attached) return json(res, 503, { error: 'starting' });
    return api(c, req, res, `${method} ${path}`, attached);
  }
  return text(res, 404, 'not found');
}

async function api(c: Ctx, req: IncomingMessage, res: ServerResponse, route: string, a: Attached) {
  if (route === 'GET /api/state') return json(res, 200, await c.snapshot());
  if (route === 'GET /api/events') return c.events.open(req, res);
  if (route.startsWith('GET /api/media/')) return serveMedia(res, a, decodeURIComponent(route.slice(15)));
  if (route.startsWith('POST ') && !sameOrigin(req)) return json(res, 403, { error: 'cross-origin request refused' });
  if (route === 'POST /api/send') return send(c, req, res, a);
  if (route === 'POST /api/send-file') return sendFile(c, req, res, a);
  if (route === 'POST /api/faults') return switchFaults(c, req, res, a);
  if (route === 'POST /api/clock') return moveClock(c, req, res, a);
  if (route.endsWith(' /api/clock')) return json(res, 405, { error: 'POST {days} to move the clock' });
  return json(res, 404, { error: 'not found' });
}

/**
 * Whether a browser sent this from the page's own origin. Browsers put `Origin` on every cross-origin POST
 * (and `Sec-Fetch-Site` on every request); a request with neither is not a browser's (curl, the tests).
 */
export function sameOrigin(req: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    try {
      return origin !== 'null' && new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * POST /api/clock {days}: moves the local simulation's clock (what the functions read; not this machine's)
 * forward and runs the lifecycle sweep at once, so reminders, suspensions and terminations come due.
 */
async function moveClock(c: Ctx, req: IncomingMessage, res: ServerResponse, a: Attached): Promise<void> {
  const days = clockDaysOf(await readJson(req));
  if (days === undefined) {
    return json(res, 400, { error: `send {days: a number above 0 and at most ${CLOCK_MAX_DAYS}}` });
  }
  const sweep = await c.serially(() => a.stack.clock.advance(Math.round(days * DAY_MS)));
  const clock = clockViewOf(a.stack);
  c.onClock?.(days, clock, sweep);
  c.events.notify();
  return json(res, 200, { clock, sweep });
}

/** POST /api/send: a message from one of the two phones, through the front door, signed as Meta signs. */
async function send(c: Ctx, req: IncomingMessage, res: ServerResponse, a: Attached): Promise<void> {
  const input = await readJson(req);
  const as = input.as === 'admin' ? 'admin' : input.as === 'customer' ? 'customer' : undefined;
  if (!as) return json(res, 400, { error: 'as must be customer or admin' });
  const content = inboundContentOf(input);
  if (!content) return json(res, 400, { error: 'send text (1-4096 characters) or reply {id, title, kind}' });
  const phone = a.phones[as];
  const { body, id } = messageEnvelope(content.envelope, {
    from: phone.waId,
    name: phone.name,
    phoneNumberId: a.stack.env.WHATSAPP_PHONE_NUMBER_ID!,
    // Stamped with the simulation's clock (the page can move it), as Meta stamps with the real one.
    timestamp: Math.floor(a.stack.clock.now().getTime() / 1000),
  });
  // Through the front door, signed as Meta signs: the same checks as in AWS.
  const status = await postThroughWebhook(c.baseUrl(), a, body);
  if (status !== 200) return json(res, 502, { error: `the webhook answered ${status}` });
  c.record({ id, direction: 'in', waId: phone.waId, at: new Date().toISOString(), content: content.chat });
  c.onInbound?.(as, phone.waId, content.chat);
  return json(res, 200, { wamid: id, webhookStatus: status });
}

/** POST /api/faults: one of the page's fault switches on or off, or all cleared (fake panel only). */
async function switchFaults(c: Ctx, req: IncomingMessage, res: ServerResponse, a: Attached): Promise<void> {
  const panel = a.stack.panel;
  if (!panel) return json(res, 409, { error: 'a real panel is configured; fault switches are for the fake panel' });
  const input = await readJson(req);
  if (input.clear === true) panel.clearFaults();
  else {
    const name = input.fault as FaultSwitch;
    if (!FAULT_SWITCHES.includes(name) || typeof input.on !== 'boolean') {
      return json(res, 400, { error: `send {fault: ${FAULT_SWITCHES.join('|')}, on: boolean} or {clear: true}` });
    }
    setFaultSwitch(panel, name, input.on);
  }
  c.events.notify();
  return json(res, 200, { faults: faultSwitches(panel.faults) });
}

function setFaultSwitch(panel: FakePanel, name: FaultSwitch, on: boolean): void {
  const settings = FAULT_SETTINGS[name];
  if (on) {
    panel.setFaults(settings);
    return;
  }
  const off: Record<string, unknown> = {};
  for (const key of Object.keys(settings)) off[key] = DEFAULT_FAULTS[key as keyof FakePanelFaults];
  panel.setFaults(off as Partial<FakePanelFaults>);
}

/** What the page sent: a text, or a tap on a button or list row. */
function inboundContentOf(
  input: Record<string, unknown>,
): { envelope: Parameters<typeof messageEnvelope>[0]; chat: ChatContent } | undefined {
  if (typeof input.text === 'string') {
    const body = input.text;
    if (body.trim().length === 0 || body.length > 4096) return undefined;
    return { envelope: { text: body }, chat: { kind: 'text', body } };
  }
  const reply = input.reply as { id?: unknown; title?: unknown; kind?: unknown } | undefined;
  if (reply && typeof reply.id === 'string' && typeof reply.title === 'string' && reply.id.length > 0) {
    const kind = reply.kind === 'list_reply' ? 'list_reply' : 'button_reply';
    return {
      envelope: { reply: { id: reply.id, title: reply.title, kind } },
      chat: { kind: 'reply', id: reply.id, title: reply.title, replyKind: kind },
    };
  }
  return undefined;
}

// ------------------------------------------------------------------ HTTP helpers

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, 64 * 1024);
  if (!body) return {};
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

async function staticFile(res: ServerResponse, name: string): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(join(CHAT_DIR, name));
  } catch {
    return text(res, 404, 'not found');
  }
  res.writeHead(200, {
    'content-type': TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    // Message bodies are rendered as text, and nothing but this origin's own files may run.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'",
    'x-content-type-options': 'nosniff',
  });
  res.end(content);
}
