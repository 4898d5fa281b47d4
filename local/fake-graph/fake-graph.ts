// A strict stand-in for the Graph API's `/messages` endpoint: the local stack and the tests send through
// the real GraphClient to it. It refuses what Meta refuses, records what it accepts, injects the error codes
// the outbox must handle, hangs or drops connections (ambiguous sends), and emits status webhooks.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEMPLATES } from '../../shared/domain/messages.js';
import { GRAPH_ERRORS, graphError, type StatusError, statusError } from './graph-error-table.js';
import { MediaStore } from './media.js';
import { recipientKey, type TemplateSpec, type ValidationContext, validateSend } from './validate.js';

export { GRAPH_ERRORS, type StatusError } from './graph-error-table.js';
export type { MediaStore, StoredMedia } from './media.js';
export type { TemplateSpec } from './validate.js';

/** Placeholder counts of the templates in docs/whatsapp-templates.md (what a shop registers). */
export const REGISTERED_TEMPLATES: Readonly<Record<string, TemplateSpec>> = {
  [TEMPLATES.credentials]: { bodyParams: 5 },
  [TEMPLATES.serverAdded]: { bodyParams: 4 },
  [TEMPLATES.provisioningFailed]: { bodyParams: 3 },
  [TEMPLATES.adminAlert]: { bodyParams: 1 },
  [TEMPLATES.orderUpdate]: { bodyParams: 2 },
  [TEMPLATES.passwordReset]: { bodyParams: 3 },
  [TEMPLATES.renewalReminder]: { bodyParams: 3, quickReplies: 1 },
  [TEMPLATES.terminationWarning]: { bodyParams: 2, quickReplies: 1 },
  [TEMPLATES.serviceSuspended]: { bodyParams: 2, quickReplies: 1 },
  [TEMPLATES.serviceTerminated]: { bodyParams: 2 },
  [TEMPLATES.receiptImage]: { bodyParams: 1, quickReplies: 2, header: 'image' },
  [TEMPLATES.receiptDocument]: { bodyParams: 1, quickReplies: 2, header: 'document' },
};

export interface FakeGraphOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  accessToken?: string;
  phoneNumberId?: string;
  apiVersion?: string;
  displayPhoneNumber?: string;
  wabaId?: string;
  /** Registered templates: names (any parameter count) or names with their placeholder counts. */
  templates?: readonly string[] | Readonly<Record<string, TemplateSpec>>;
  templateLanguages?: readonly string[];
  /** Refuse `to` without a leading + (Meta would silently prepend the business's country code). Default true. */
  requirePlus?: boolean;
  /** Statuses emitted for every accepted message, in order. Default sent, delivered. */
  autoStatuses?: readonly ('sent' | 'delivered' | 'read')[];
  statusDelayMs?: number;
  maxBodyBytes?: number;
  now?: () => Date;
  /** Messages accepted before (a run kept on disk): `messages()` starts with them, oldest first. */
  history?: readonly SentMessage[];
}

export interface SentMessage {
  wamid: string;
  /** Digits of the phone number, or the business-scoped user id. */
  recipient: string;
  type: string;
  body: Record<string, unknown>;
  at: Date;
}

/** A status object as it appears in a webhook's `value.statuses[]`. */
export interface FakeStatus {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  errors?: StatusError[];
}

export interface FailOptions {
  /** How many sends fail (default 1). */
  count?: number;
  /** Only sends to this recipient fail. */
  recipient?: string;
  /** Override the HTTP status of the error response. */
  httpStatus?: number;
  /** Accept the send (200) and report the error later as a `failed` status, as Meta often does. */
  asStatus?: boolean;
}

export interface TimeoutOptions {
  /** `hang`: never answer (the client times out); `drop`: destroy the connection. Default hang. */
  mode?: 'hang' | 'drop';
  /** Record the message as accepted before hanging: the send happened, the client cannot know. Default true. */
  accept?: boolean;
  count?: number;
  recipient?: string;
}

export interface FakeGraph {
  url: string;
  accessToken: string;
  phoneNumberId: string;
  apiVersion: string;
  messages(): SentMessage[];
  failNext(code: number, options?: FailOptions): void;
  /** Answer with a bare HTTP status (e.g. 502 from a proxy, no Graph envelope). */
  failNextHttp(status: number, options?: Omit<FailOptions, 'httpStatus' | 'asStatus'>): void;
  timeoutNext(options?: TimeoutOptions): void;
  closeWindow(recipient: string): void;
  openWindow(recipient: string): void;
  /** The media endpoints' files: add what a customer sends (`addInbound`), read what was uploaded. */
  media: MediaStore;
  onMessage(cb: (message: SentMessage) => void): () => void;
  /** `webhookBody` is the JSON body Meta would POST: sign it and send it through the webhook. */
  onStatus(cb: (status: FakeStatus, webhookBody: string) => void): () => void;
  emitStatus(wamid: string, status: FakeStatus['status'], errors?: StatusError[]): void;
  reset(): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: 'graph'; code: number; httpStatus?: number; asStatus: boolean; remaining: number; recipient?: string }
  | { kind: 'http'; status: number; remaining: number; recipient?: string }
  | { kind: 'timeout'; mode: 'hang' | 'drop'; accept: boolean; remaining: number; recipient?: string };

interface Settings {
  accessToken: string;
  phoneNumberId: string;
  apiVersion: string;
  displayPhoneNumber: string;
  wabaId: string;
  now: () => Date;
  validation: ValidationContext;
  autoStatuses: readonly ('sent' | 'delivered' | 'read')[];
  statusDelayMs: number;
  maxBodyBytes: number;
}

function settingsOf(options: FakeGraphOptions): Settings {
  const templates = new Map<string, TemplateSpec | undefined>(
    Array.isArray(options.templates)
      ? options.templates.map((name) => [name, undefined] as const)
      : Object.entries((options.templates as Record<string, TemplateSpec> | undefined) ?? REGISTERED_TEMPLATES),
  );
  return {
    accessToken: options.accessToken ?? `EAAFAKE${randomBytes(24).toString('hex')}`,
    phoneNumberId: options.phoneNumberId ?? '100000000000001',
    apiVersion: options.apiVersion ?? 'v25.0',
    displayPhoneNumber: options.displayPhoneNumber ?? '15550100000',
    wabaId: options.wabaId ?? '200000000000002',
    now: options.now ?? (() => new Date()),
    validation: {
      templates,
      templateLanguages: options.templateLanguages ?? ['en_US', 'id', 'pt_BR'],
      requirePlus: options.requirePlus ?? true,
    },
    autoStatuses: options.autoStatuses ?? ['sent', 'delivered'],
    statusDelayMs: options.statusDelayMs ?? 0,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  };
}

/** What the fake has accepted, the faults it was told to inject next, and the status webhooks it emits. */
class GraphRecorder {
  readonly events = new EventEmitter();
  sent: SentMessage[] = [];
  faults: Fault[] = [];
  readonly closedWindows = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly s: Settings) {}

  takeFault(recipient: string): Fault | undefined {
    const fault = this.faults.find((f) => f.recipient === undefined || recipientKey(f.recipient) === recipient);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  record(recipient: string, type: string, body: Record<string, unknown>): SentMessage {
    const message: SentMessage = { wamid: newWamid(recipient), recipient, type, body, at: this.s.now() };
    this.sent.push(message);
    this.events.emit('message', message);
    return message;
  }

  emitStatus(wamid: string, status: FakeStatus['status'], errors?: StatusError[]): void {
    const message = this.sent.find((m) => m.wamid === wamid);
    const recipient = message?.recipient ?? '';
    const value: FakeStatus = {
      id: wamid,
      status,
      timestamp: String(Math.floor(this.s.now().getTime() / 1000)),
      ...(/^\d+$/.test(recipient) ? { recipient_id: recipient } : { recipient_user_id: recipient }),
      ...(errors ? { errors } : {}),
    };
    this.events.emit('status', value, this.statusWebhookBody(value));
  }

  private statusWebhookBody(value: FakeStatus): string {
    return JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.s.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: this.s.displayPhoneNumber, phone_number_id: this.s.phoneNumberId },
                statuses: [value],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
  }

  /** The statuses Meta would report for an accepted message: the auto statuses, or one `failed`. */
  scheduleStatuses(wamid: string, failure?: number): void {
    if (this.events.listenerCount('status') === 0) return;
    const plan: [FakeStatus['status'], StatusError[] | undefined][] =
      failure === undefined ? this.s.autoStatuses.map((s) => [s, undefined]) : [['failed', [statusError(failure)]]];
    let delay = this.s.statusDelayMs;
    for (const [status, errors] of plan) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.emitStatus(wamid, status, errors);
      }, delay);
      this.timers.add(timer);
      delay += this.s.statusDelayMs;
    }
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  reset(): void {
    this.sent = [];
    this.faults = [];
    this.closedWindows.clear();
    this.stopTimers();
  }
}

/** GET /{version}/{media-id}, a media URL, or POST /{version}/{phone-number-id}/media; false for anything else. */
async function handleMedia(
  s: Settings,
  media: MediaStore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const parts = url.pathname.split('/');
  if (req.method === 'GET' && url.pathname === '/whatsapp_business/attachments/') {
    media.download(req, res, url);
    return true;
  }
  const info = req.method === 'GET' && parts.length === 3;
  const upload = req.method === 'POST' && parts.length === 4 && parts[3] === 'media';
  if (!info && !upload) return false;
  const phone = url.searchParams.get('phone_number_id');
  if (req.headers.authorization !== `Bearer ${s.accessToken}`) {
    sendJson(
      res,
      401,
      graphError(190, 'Invalid OAuth access token - Cannot parse access token', undefined, 'OAuthException'),
    );
  } else if (parts[1] !== s.apiVersion) {
    sendJson(res, 400, graphError(100, `Unknown API version ${parts[1]}; this fake serves ${s.apiVersion}`));
  } else if (info && phone !== null && phone !== s.phoneNumberId) {
    sendJson(res, 400, graphError(100, 'The media does not belong to this phone number', 33));
  } else if (info) {
    media.info(res, decodeURIComponent(parts[2]!));
  } else if (parts[2] !== s.phoneNumberId) {
    sendJson(res, 400, graphError(100, `Object with ID '${parts[2]}' does not exist`, 33));
  } else {
    await media.upload(req, res);
  }
  return true;
}

/** The request's credentials, path, version, phone number id and content type, as Meta checks them. */
function refusal(s: Settings, req: IncomingMessage, url: URL): [status: number, body: unknown] | undefined {
  if (req.headers.authorization !== `Bearer ${s.accessToken}`) {
    return [
      401,
      graphError(190, 'Invalid OAuth access token - Cannot parse access token', undefined, 'OAuthException'),
    ];
  }
  const [, version, phone, edge] = url.pathname.split('/');
  if (edge !== 'messages' || url.pathname.split('/').length !== 4) return [404, graphError(100, 'Unknown path')];
  if (version !== s.apiVersion) {
    return [400, graphError(100, `Unknown API version ${version}; this fake serves ${s.apiVersion}`)];
  }
  if (phone !== s.phoneNumberId) {
    return [
      400,
      graphError(
        100,
        `Unsupported post request. Object with ID '${phone}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
        33,
      ),
    ];
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return [400, graphError(100, 'The request body must be JSON (Content-Type: application/json)')];
  }
  return undefined;
}

/** POST /{version}/{phone-number-id}/messages. */
async function handleSend(
  s: Settings,
  g: GraphRecorder,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const refused = refusal(s, req, url);
  if (refused) return sendJson(res, ...refused);
  const raw = await readBody(req, s.maxBodyBytes);
  if (raw === undefined) return sendJson(res, 413, graphError(100, 'Request body too large'));
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendJson(res, 400, graphError(100, 'The request body is not valid JSON'));
  }
  const result = validateSend(body, s.validation);
  if (!result.ok) return sendJson(res, 400, graphError(result.code, result.details));
  if (result.kind === 'read') return sendJson(res, 200, { success: true });
  const message = body as Record<string, unknown>;

  const fault = g.takeFault(result.recipient);
  if (fault?.kind === 'http') return sendText(res, fault.status, `<html><body>${fault.status}</body></html>`);
  if (fault?.kind === 'timeout') {
    if (fault.accept) g.scheduleStatuses(g.record(result.recipient, result.type, message).wamid);
    if (fault.mode === 'drop') req.socket.destroy();
    return; // hang: never answer; close() destroys the socket
  }
  if (fault?.kind === 'graph' && !fault.asStatus) {
    const known = GRAPH_ERRORS[fault.code];
    return sendJson(res, fault.httpStatus ?? known?.http ?? 400, graphError(fault.code));
  }
  if (result.freeForm && g.closedWindows.has(result.recipient)) {
    return sendJson(res, 400, graphError(131047));
  }

  const accepted = g.record(result.recipient, result.type, message);
  g.scheduleStatuses(accepted.wamid, fault?.kind === 'graph' ? fault.code : undefined);
  const input = result.to;
  return sendJson(res, 200, {
    messaging_product: 'whatsapp',
    contacts: [
      /^\d+$/.test(result.recipient) ? { input, wa_id: result.recipient } : { input, user_id: result.recipient },
    ],
    messages: [{ id: accepted.wamid }],
  });
}

/** The fake's own controls over HTTP (`/__fake/...`), for runs in another process. */
async function handleControl(
  s: Settings,
  api: FakeGraph,
  sent: () => SentMessage[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.slice('/__fake/'.length);
  if (req.method === 'GET' && path === 'messages') return sendJson(res, 200, sent());
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
  const raw = (await readBody(req, s.maxBodyBytes)) ?? '{}';
  const input = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
  switch (path) {
    case 'faults':
      return controlFaults(api, input, res);
    case 'windows': {
      const recipient = str(input['recipient']);
      if (!recipient) return sendJson(res, 400, { error: 'recipient is required' });
      if (input['open'] === true) api.openWindow(recipient);
      else api.closeWindow(recipient);
      return sendJson(res, 200, { ok: true });
    }
    case 'statuses': {
      const wamid = str(input['wamid']);
      const status = str(input['status']) as FakeStatus['status'] | undefined;
      if (!wamid || !status) return sendJson(res, 400, { error: 'wamid and status are required' });
      const code = num(input['code']);
      api.emitStatus(wamid, status, code !== undefined ? [statusError(code)] : undefined);
      return sendJson(res, 200, { ok: true });
    }
    case 'reset':
      api.reset();
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { error: 'unknown control path' });
  }
}

function controlFaults(api: FakeGraph, input: Record<string, unknown>, res: ServerResponse): void {
  const common = { count: num(input['count']), recipient: str(input['recipient']) };
  const opts = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
  if (input['timeout'] === 'hang' || input['timeout'] === 'drop') {
    api.timeoutNext({ ...opts, mode: input['timeout'], ...(input['accept'] === false ? { accept: false } : {}) });
  } else if (num(input['httpStatus']) !== undefined && num(input['code']) === undefined) {
    api.failNextHttp(num(input['httpStatus']) as number, opts);
  } else if (num(input['code']) !== undefined) {
    api.failNext(num(input['code']) as number, {
      ...opts,
      ...(num(input['httpStatus']) !== undefined ? { httpStatus: num(input['httpStatus']) } : {}),
      ...(input['asStatus'] === true ? { asStatus: true } : {}),
    });
  } else {
    sendJson(res, 400, { error: 'give code, httpStatus or timeout' });
    return;
  }
  sendJson(res, 200, { ok: true });
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const s = settingsOf(options);
  const g = new GraphRecorder(s);
  g.sent = (options.history ?? []).map((m) => ({ ...m, at: new Date(m.at) }));
  let baseUrl = '';
  const media = new MediaStore({ ...s, baseUrl: () => baseUrl });
  s.validation.refuseMedia = (id, type) => media.refuseToSend(id, type);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-graph.local');
    const work = url.pathname.startsWith('/__fake/')
      ? handleControl(s, api, () => g.sent, req, res, url)
      : handleMedia(s, media, req, res, url).then((done) => {
          if (done) return;
          if (req.method === 'POST') return handleSend(s, g, req, res, url);
          sendJson(res, 405, graphError(100, `Unsupported ${req.method} request`));
        });
    work.catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, graphError(1, err instanceof Error ? err.message : 'fake failure'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;
  const api = fakeGraphApi(s, g, media, baseUrl, async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return api;
}

function withRecipient(recipient: string | undefined): { recipient?: string } {
  return recipient !== undefined ? { recipient } : {};
}

function fakeGraphApi(
  s: Settings,
  g: GraphRecorder,
  media: MediaStore,
  url: string,
  closeServer: () => Promise<void>,
): FakeGraph {
  return {
    url,
    media,
    accessToken: s.accessToken,
    phoneNumberId: s.phoneNumberId,
    apiVersion: s.apiVersion,
    messages: () => [...g.sent],
    failNext(code, o = {}) {
      g.faults.push({
        kind: 'graph',
        code,
        ...(o.httpStatus !== undefined ? { httpStatus: o.httpStatus } : {}),
        asStatus: o.asStatus ?? false,
        remaining: o.count ?? 1,
        ...withRecipient(o.recipient),
      });
    },
    failNextHttp(status, o = {}) {
      g.faults.push({ kind: 'http', status, remaining: o.count ?? 1, ...withRecipient(o.recipient) });
    },
    timeoutNext(o = {}) {
      g.faults.push({
        kind: 'timeout',
        mode: o.mode ?? 'hang',
        accept: o.accept ?? true,
        remaining: o.count ?? 1,
        ...withRecipient(o.recipient),
      });
    },
    closeWindow: (recipient) => void g.closedWindows.add(recipientKey(recipient)),
    openWindow: (recipient) => void g.closedWindows.delete(recipientKey(recipient)),
    onMessage(cb) {
      g.events.on('message', cb);
      return () => void g.events.off('message', cb);
    },
    onStatus(cb) {
      g.events.on('status', cb);
      return () => void g.events.off('status', cb);
    },
    emitStatus: (wamid, status, errors) => g.emitStatus(wamid, status, errors),
    reset: () => {
      g.reset();
      media.clear();
    },
    async close() {
      g.stopTimers();
      g.events.removeAllListeners();
      await closeServer();
    },
  };
}

/** Looks like Meta's: `wamid.` + base64 of a small binary record holding the recipient and a random id. */
function newWamid(recipient: string): string {
  const digits = Buffer.from(recipient.replace(/\D/g, '').slice(0, 15));
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, digits.length]),
    digits,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
    Buffer.from(randomBytes(9).toString('hex').toUpperCase()),
    Buffer.from([0x00]),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}

function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
