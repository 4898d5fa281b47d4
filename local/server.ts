// The local stack's HTTP front door (node:http, no framework): the webhook as a Lambda Function URL would
// call it, a health check, the chat page and its small JSON API. The page never sees a secret: what it
// sends is wrapped in a Meta envelope, signed here with the app secret, and POSTed over HTTP to /webhook,
// so it goes through exactly the path Meta's requests take.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ORDER_STATUSES, type Order } from '../shared/domain/order.js';
import { signBody } from '../shared/whatsapp/signature.js';
import { LOCAL_CUSTOMER } from './defaults.js';
import { messageEnvelope } from './envelope.js';
import type { SentMessage } from './fake-graph/fake-graph.js';
import { DEFAULT_FAULTS, type FakePanelFaults } from './fake-panel/index.js';
import type { ExecutionRecord } from './sfn/runner.js';
import type { LocalStack } from './stack.js';

const CHAT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'chat');
/** A Function URL takes payloads up to 6 MB; larger requests never reach the function. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const MAX_MESSAGES_PER_PHONE = 300;

// ------------------------------------------------------------------ Function URL (payload v2) adapter

/** Content types a Function URL passes as text; everything else arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === '') return false;
  return (
    ct.startsWith('text/') ||
    /^application\/(json|javascript|xml|yaml|x-yaml|x-www-form-urlencoded|graphql)$/.test(ct) ||
    /\+(json|xml|yaml)$/.test(ct)
  );
}

/** The event a Lambda Function URL builds from an HTTP request (payload format 2.0). */
export function toFunctionUrlEvent(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'httpVersion'> & { socket?: { remoteAddress?: string } },
  body: Buffer,
  now = new Date(),
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies.push(...String(value).split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const text = isTextContentType(headers['content-type']);
  const method = (req.method ?? 'GET').toUpperCase();
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket?.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
  return event as unknown as APIGatewayProxyEventV2;
}

function writeLambdaResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : result.body;
  const bytes = result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(bytes);
}

// ------------------------------------------------------------------ what the page shows

export type Phone = 'customer' | 'admin';

export type ChatContent =
  | { kind: 'text'; body: string }
  | { kind: 'buttons'; header?: string; body: string; footer?: string; buttons: { id: string; title: string }[] }
  | {
      kind: 'list';
      header?: string;
      body: string;
      footer?: string;
      button: string;
      sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    }
  | { kind: 'template'; name: string; language: string; params: string[]; quickReplies: string[] }
  | { kind: 'reply'; id: string; title: string; replyKind: 'button_reply' | 'list_reply' }
  | { kind: 'other'; type: string };

export interface ChatMessage {
  id: string;
  /** `in`: the phone sent it to the business; `out`: the business sent it to the phone. */
  direction: 'in' | 'out';
  waId: string;
  at: string;
  content: ChatContent;
}

/** A Graph API send request as the phone would show it. */
export function chatContentOf(body: Record<string, unknown>): ChatContent {
  const b = body as {
    type?: string;
    text?: { body?: string };
    interactive?: {
      type?: string;
      header?: { text?: string };
      body?: { text?: string };
      footer?: { text?: string };
      action?: {
        button?: string;
        buttons?: { reply?: { id?: string; title?: string } }[];
        sections?: { title?: string; rows?: { id?: string; title?: string; description?: string }[] }[];
      };
    };
    template?: {
      name?: string;
      language?: { code?: string };
      components?: { type?: string; parameters?: { text?: string; payload?: string }[] }[];
    };
  };
  const opt = <K extends string>(key: K, v: string | undefined) => (v ? ({ [key]: v } as Record<K, string>) : {});
  if (b.type === 'text') return { kind: 'text', body: b.text?.body ?? '' };
  if (b.type === 'interactive' && b.interactive) {
    const i = b.interactive;
    const common = {
      ...opt('header', i.header?.text),
      body: i.body?.text ?? '',
      ...opt('footer', i.footer?.text),
    };
    if (i.type === 'button') {
      const buttons = (i.action?.buttons ?? []).map((x) => ({ id: x.reply?.id ?? '', title: x.reply?.title ?? '' }));
      return { kind: 'buttons', ...common, buttons };
    }
    if (i.type === 'list') {
      return {
        kind: 'list',
        ...common,
        button: i.action?.button ?? 'Menu',
        sections: (i.action?.sections ?? []).map((s) => ({
          ...opt('title', s.title),
          rows: (s.rows ?? []).map((r) => ({
            id: r.id ?? '',
            title: r.title ?? '',
            ...opt('description', r.description),
          })),
        })),
      };
    }
  }
  if (b.type === 'template' && b.template) {
    const components = b.template.components ?? [];
    return {
      kind: 'template',
      name: b.template.name ?? '',
      language: b.template.language?.code ?? '',
      params: components.filter((c) => c.type === 'body').flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? '')),
      quickReplies: components
        .filter((c) => c.type === 'button')
        .flatMap((c) => (c.parameters ?? []).map((p) => p.payload ?? '')),
    };
  }
  return { kind: 'other', type: String(b.type) };
}

export interface OrderView {
  id: string;
  customerId: string;
  customerName?: string;
  packageName: string;
  price?: string;
  status: Order['status'];
  attempts: number;
  createdAt: string;
  updatedAt: string;
  lastError?: Order['lastError'];
  provisioning: Order['provisioning'];
  history: Order['history'];
}

export interface ExecutionView {
  name: string;
  orderId: string;
  attempt: number;
  status: ExecutionRecord['status'];
  startedAt: string;
  endedAt?: string;
  currentState?: string;
  failedState?: string;
  error?: string;
  redriveCount: number;
  events: { type: string; at: string; state?: string; error?: string; cause?: string; retry?: number }[];
}

export type FaultSwitch = 'down' | 'slow' | 'full' | 'rateLimited' | 'installFails';
export const FAULT_SWITCHES: readonly FaultSwitch[] = ['down', 'slow', 'full', 'rateLimited', 'installFails'];
/** What each switch sets on the fake panel. */
export const FAULT_SETTINGS: Readonly<Record<FaultSwitch, Partial<FakePanelFaults>>> = {
  down: { unavailable: true },
  slow: { slowMs: 2500 },
  full: { full: true },
  rateLimited: { rateLimitPerMinute: 6 },
  installFails: { installOutcome: 'fail' },
};

export interface PanelView {
  kind: 'fake' | 'real';
  url: string;
  faults?: Record<FaultSwitch, boolean>;
  users?: { id: number; username: string; email: string; name: string; rootAdmin: boolean; createdAt: string }[];
  servers?: {
    id: number;
    identifier: string;
    name: string;
    userId: number;
    status: string;
    memory: number;
    disk: number;
    cpu: number;
    address?: string;
    createdAt: string;
  }[];
}

export interface StateSnapshot {
  ready: boolean;
  phones: Record<Phone, { waId: string; name: string }>;
  /** Messages per wa_id, oldest first. */
  conversations: Record<string, ChatMessage[]>;
  /** Newest first. */
  orders: OrderView[];
  /** Newest first. */
  executions: ExecutionView[];
  panel?: PanelView;
  /** Whether outbound messages are visible (only with the fake Graph API). */
  outboundVisible: boolean;
}

// ------------------------------------------------------------------ the server

export interface LocalServerOptions {
  port?: number;
  host?: string;
  /** Display names used in the envelopes the page sends. */
  names?: Partial<Record<Phone, string>>;
  /** Notable things, one line each, without secrets or message bodies. */
  onInbound?: (phone: Phone, waId: string, content: ChatContent) => void;
}

export interface ReadyInfo {
  startedInMs?: number;
}

export interface LocalServer {
  url: string;
  port: number;
  /** Wires the stack in; /healthz says ready from then on. */
  attach(stack: LocalStack, info?: ReadyInfo): void;
  /** Something changed (an execution event, ...): push a fresh state to the page soon. */
  notify(): void;
  snapshot(): Promise<StateSnapshot>;
  close(): Promise<void>;
}

interface Attached {
  stack: LocalStack;
  phones: Record<Phone, { waId: string; name: string }>;
  info: ReadyInfo;
  unsubscribe: () => void;
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  let attached: Attached | undefined;
  const conversations = new Map<string, ChatMessage[]>();
  const sseClients = new Set<ServerResponse>();
  let baseUrl = '';

  const record = (m: ChatMessage) => {
    const list = conversations.get(m.waId) ?? [];
    list.push(m);
    if (list.length > MAX_MESSAGES_PER_PHONE) list.splice(0, list.length - MAX_MESSAGES_PER_PHONE);
    conversations.set(m.waId, list);
    notify();
  };

  // ---- pushing state to the page: on every notable change (debounced), and a slow poll for the rest
  let pushTimer: NodeJS.Timeout | undefined;
  let lastPushed = '';
  const push = async () => {
    pushTimer = undefined;
    if (sseClients.size === 0) return;
    let json: string;
    try {
      json = JSON.stringify(await snapshot());
    } catch {
      return; // the emulators are stopping
    }
    if (json === lastPushed) return;
    lastPushed = json;
    for (const res of sseClients) res.write(`event: state\ndata: ${json}\n\n`);
  };
  function notify() {
    if (pushTimer || sseClients.size === 0) return;
    pushTimer = setTimeout(() => void push(), 40);
  }
  const poll = setInterval(() => {
    notify();
    for (const res of sseClients) res.write(': keep-alive\n\n');
  }, 1000);
  poll.unref();

  async function snapshot(): Promise<StateSnapshot> {
    if (!attached) {
      return {
        ready: false,
        phones: {
          customer: { waId: LOCAL_CUSTOMER, name: 'Customer' },
          admin: { waId: '', name: 'Admin' },
        },
        conversations: {},
        orders: [],
        executions: [],
        outboundVisible: false,
      };
    }
    const { stack, phones } = attached;
    return {
      ready: true,
      phones,
      conversations: Object.fromEntries(conversations),
      orders: await recentOrders(stack),
      executions: stack.sfn
        .list()
        .map(executionView)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, 20),
      panel: panelView(stack),
      outboundVisible: stack.graph !== undefined,
    };
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    // While starting, answers close their connection: start-up may block the event loop for seconds, and a
    // kept-alive socket timing out meanwhile would reset the client's next request.
    if (!attached) res.shouldKeepAlive = false;

    if (path === '/healthz') {
      if (!attached) return json(res, 503, { ready: false });
      return json(res, 200, healthOf(attached, baseUrl));
    }

    if (path === '/webhook') {
      if (!attached) return text(res, 503, 'starting');
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (body === undefined) return text(res, 413, 'Request Entity Too Large');
      const result = await attached.stack.webhook(toFunctionUrlEvent(req, body));
      return writeLambdaResult(res, result);
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
      return api(req, res, path, method, attached);
    }
    return text(res, 404, 'not found');
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string, method: string, a: Attached) {
    if (method === 'GET' && path === '/api/state') return json(res, 200, await snapshot());
    if (method === 'GET' && path === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: state\ndata: ${JSON.stringify(await snapshot())}\n\n`);
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (method === 'POST' && path === '/api/send') {
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
      });
      // Through the front door, signed as Meta signs: the same checks as in AWS.
      const answer = await fetch(`${baseUrl}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signBody(body, a.stack.env.WHATSAPP_APP_SECRET!),
          'user-agent': 'facebookexternalua',
        },
        body,
      });
      await answer.arrayBuffer();
      if (answer.status !== 200) return json(res, 502, { error: `the webhook answered ${answer.status}` });
      record({ id, direction: 'in', waId: phone.waId, at: new Date().toISOString(), content: content.chat });
      options.onInbound?.(as, phone.waId, content.chat);
      return json(res, 200, { wamid: id, webhookStatus: answer.status });
    }
    if (method === 'POST' && path === '/api/faults') {
      const panel = a.stack.panel;
      if (!panel) return json(res, 409, { error: 'a real panel is configured; fault switches are for the fake panel' });
      const input = await readJson(req);
      if (input.clear === true) panel.clearFaults();
      else {
        const name = input.fault as FaultSwitch;
        if (!FAULT_SWITCHES.includes(name) || typeof input.on !== 'boolean') {
          return json(res, 400, { error: `send {fault: ${FAULT_SWITCHES.join('|')}, on: boolean} or {clear: true}` });
        }
        const settings = FAULT_SETTINGS[name];
        if (input.on) panel.setFaults(settings);
        else {
          const off: Record<string, unknown> = {};
          for (const key of Object.keys(settings)) off[key] = DEFAULT_FAULTS[key as keyof FakePanelFaults];
          panel.setFaults(off as Partial<FakePanelFaults>);
        }
      }
      notify();
      return json(res, 200, { faults: faultSwitches(panel.faults) });
    }
    return json(res, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    attach(stack, info = {}) {
      const admin = (stack.env.ADMIN_WA_IDS ?? '').split(',').map((s) => s.trim().replace(/^\+/, ''))[0] ?? '';
      const customer = LOCAL_CUSTOMER;
      const phones = {
        customer: { waId: customer, name: options.names?.customer ?? 'Alex' },
        admin: { waId: admin, name: options.names?.admin ?? 'Sam (admin)' },
      };
      const unsubscribe =
        stack.graph?.onMessage((m: SentMessage) => {
          record({
            id: m.wamid,
            direction: 'out',
            waId: m.recipient,
            at: m.at.toISOString(),
            content: chatContentOf(m.body),
          });
        }) ?? (() => {});
      attached = { stack, phones, info, unsubscribe };
      notify();
    },
    notify,
    snapshot,
    async close() {
      clearInterval(poll);
      if (pushTimer) clearTimeout(pushTimer);
      attached?.unsubscribe();
      for (const res of sseClients) res.end();
      sseClients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// ------------------------------------------------------------------ helpers

export function faultSwitches(f: Readonly<FakePanelFaults>): Record<FaultSwitch, boolean> {
  return {
    down: f.unavailable === true,
    slow: f.slowMs > 0,
    full: f.full,
    rateLimited: f.rateLimitPerMinute < DEFAULT_FAULTS.rateLimitPerMinute,
    installFails: f.installOutcome === 'fail',
  };
}

function inboundContentOf(input: Record<string, unknown>):
  | {
      envelope: Parameters<typeof messageEnvelope>[0];
      chat: ChatContent;
    }
  | undefined {
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

async function recentOrders(stack: LocalStack): Promise<OrderView[]> {
  const pages = await Promise.all(ORDER_STATUSES.map((s) => stack.app.inbox.orders.listByStatus(s, 25)));
  return pages
    .flatMap((p) => p.items)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 12)
    .map((o) => ({
      id: o.id,
      customerId: o.customerId,
      ...(o.customerName ? { customerName: o.customerName } : {}),
      packageName: o.packageName,
      ...(o.price ? { price: o.price } : {}),
      status: o.status,
      attempts: o.attempts,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      ...(o.lastError ? { lastError: o.lastError } : {}),
      provisioning: o.provisioning,
      history: o.history,
    }));
}

function executionView(e: ExecutionRecord): ExecutionView {
  return {
    name: e.name,
    orderId: e.orderId,
    attempt: e.attempt,
    status: e.status,
    startedAt: e.startedAt,
    ...(e.endedAt ? { endedAt: e.endedAt } : {}),
    ...(e.currentState ? { currentState: e.currentState } : {}),
    ...(e.failedState ? { failedState: e.failedState } : {}),
    ...(e.error ? { error: e.error } : {}),
    redriveCount: e.redriveCount,
    // State inputs and outputs stay out: the page shows the steps, not the data.
    events: e.events.map((ev) => ({
      type: ev.type,
      at: ev.at,
      ...(ev.state ? { state: ev.state } : {}),
      ...(ev.error ? { error: ev.error } : {}),
      ...(ev.cause ? { cause: ev.cause.slice(0, 500) } : {}),
      ...(ev.retry !== undefined ? { retry: ev.retry } : {}),
    })),
  };
}

function panelView(stack: LocalStack): PanelView {
  const panel = stack.panel;
  if (!panel) return { kind: 'real', url: stack.env.PTERODACTYL_URL ?? '' };
  const s = panel.state();
  const allocations = new Map(s.allocations.map((a) => [a.id, a]));
  return {
    kind: 'fake',
    url: panel.url,
    faults: faultSwitches(panel.faults),
    // Only what a person needs to see: never password hashes (the fake keeps no passwords at all).
    users: s.users.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email,
      name: `${u.first_name} ${u.last_name}`.trim(),
      rootAdmin: u.root_admin,
      createdAt: u.created_at,
    })),
    servers: s.servers.map((x) => {
      const alloc = allocations.get(x.allocation_id);
      return {
        id: x.id,
        identifier: x.uuid.slice(0, 8),
        name: x.name,
        userId: x.user_id,
        status: x.status ?? 'ready',
        memory: x.memory,
        disk: x.disk,
        cpu: x.cpu,
        ...(alloc ? { address: `${alloc.ip_alias ?? alloc.ip}:${alloc.port}` } : {}),
        createdAt: x.created_at,
      };
    }),
  };
}

function healthOf(a: Attached, baseUrl: string) {
  const { stack } = a;
  return {
    ready: true,
    ...(a.info.startedInMs !== undefined ? { startedInMs: a.info.startedInMs } : {}),
    page: `${baseUrl}/`,
    webhook: `${baseUrl}/webhook`,
    panel: { kind: stack.panel ? 'fake' : 'real', url: stack.env.PTERODACTYL_URL },
    graph: { kind: stack.graph ? 'fake' : 'real', url: stack.env.WHATSAPP_GRAPH_URL },
    dynamodb: stack.emulators.endpoints.dynamodb,
    sqs: stack.emulators.endpoints.sqs,
    queues: stack.emulators.queues,
    table: stack.emulators.tableName,
    phones: a.phones,
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

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
