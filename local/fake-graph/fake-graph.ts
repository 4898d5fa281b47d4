// A strict stand-in for the Graph API's `/messages` endpoint: the local stack and the tests send through
// the real GraphClient to it. It refuses what Meta refuses, records what it accepts, injects the error codes
// the outbox must handle, hangs or drops connections (ambiguous sends), and emits status webhooks.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEMPLATES } from '../../shared/domain/messages.js';
import { recipientKey, type TemplateSpec, validateSend } from './validate.js';

export type { TemplateSpec } from './validate.js';

/** Placeholder counts of the templates in docs/whatsapp-templates.md (what a shop registers). */
export const REGISTERED_TEMPLATES: Readonly<Record<string, TemplateSpec>> = {
  [TEMPLATES.credentials]: { bodyParams: 5 },
  [TEMPLATES.serverAdded]: { bodyParams: 4 },
  [TEMPLATES.provisioningFailed]: { bodyParams: 3 },
  [TEMPLATES.adminAlert]: { bodyParams: 1 },
  [TEMPLATES.orderUpdate]: { bodyParams: 2 },
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
}

export interface SentMessage {
  wamid: string;
  /** Digits of the phone number, or the business-scoped user id. */
  recipient: string;
  type: string;
  body: Record<string, unknown>;
  at: Date;
}

export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
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
  onMessage(cb: (message: SentMessage) => void): () => void;
  /** `webhookBody` is the JSON body Meta would POST: sign it and send it through the webhook. */
  onStatus(cb: (status: FakeStatus, webhookBody: string) => void): () => void;
  emitStatus(wamid: string, status: FakeStatus['status'], errors?: StatusError[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** Titles and HTTP statuses Meta uses for the codes the outbox handles. */
export const GRAPH_ERRORS: Readonly<
  Record<number, { title: string; details: string; http: number; subcode?: number }>
> = {
  1: { title: 'API Unknown', details: 'Invalid request or possible server error.', http: 500 },
  2: { title: 'API Service', details: 'Temporary due to downtime or due to being overloaded.', http: 503 },
  4: { title: 'API Too Many Calls', details: 'The app has reached its API call rate limit.', http: 400 },
  100: { title: 'Invalid parameter', details: 'The request included invalid or unsupported parameters.', http: 400 },
  190: {
    title: 'Error validating access token: Session has expired',
    details: 'The access token has expired.',
    http: 401,
    subcode: 463,
  },
  368: {
    title: 'Temporarily blocked for policies violations',
    details: 'The WhatsApp Business Account is restricted for policy violations.',
    http: 400,
  },
  80007: {
    title: 'Rate limit issues',
    details: 'The WhatsApp Business Account has reached its rate limit.',
    http: 400,
  },
  130429: { title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.', http: 400 },
  131000: { title: 'Something went wrong', details: 'Message failed to send due to an unknown error.', http: 500 },
  131008: {
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
    http: 400,
  },
  131009: { title: 'Parameter value is not valid', details: 'One or more parameter values are invalid.', http: 400 },
  131016: { title: 'Service unavailable', details: 'A service is temporarily unavailable.', http: 503 },
  131026: {
    title: 'Message undeliverable',
    details: 'Unable to deliver message. The recipient phone number is not a WhatsApp phone number.',
    http: 400,
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    details: 'Add the recipient phone number to the allowed list.',
    http: 400,
  },
  131047: {
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    http: 400,
  },
  131048: {
    title: 'Spam rate limit hit',
    details: 'Too many previous messages were blocked or flagged as spam.',
    http: 400,
  },
  131049: {
    title: 'Meta chose not to deliver',
    details: 'This message was not delivered to maintain healthy ecosystem engagement.',
    http: 400,
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    http: 400,
  },
  131057: { title: 'Account in maintenance mode', details: 'The business account is in maintenance mode.', http: 503 },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    details: 'The number of parameters does not match the template.',
    http: 400,
  },
  132001: {
    title: 'Template does not exist',
    details: 'The template does not exist in the specified language or has not been approved.',
    http: 400,
  },
};

type Fault =
  | { kind: 'graph'; code: number; httpStatus?: number; asStatus: boolean; remaining: number; recipient?: string }
  | { kind: 'http'; status: number; remaining: number; recipient?: string }
  | { kind: 'timeout'; mode: 'hang' | 'drop'; accept: boolean; remaining: number; recipient?: string };

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const accessToken = options.accessToken ?? `EAAFAKE${randomBytes(24).toString('hex')}`;
  const phoneNumberId = options.phoneNumberId ?? '100000000000001';
  const apiVersion = options.apiVersion ?? 'v25.0';
  const displayPhoneNumber = options.displayPhoneNumber ?? '15550100000';
  const wabaId = options.wabaId ?? '200000000000002';
  const now = options.now ?? (() => new Date());
  const templates = new Map<string, TemplateSpec | undefined>(
    Array.isArray(options.templates)
      ? options.templates.map((name) => [name, undefined] as const)
      : Object.entries((options.templates as Record<string, TemplateSpec> | undefined) ?? REGISTERED_TEMPLATES),
  );
  const ctx = {
    templates,
    templateLanguages: options.templateLanguages ?? ['en_US'],
    requirePlus: options.requirePlus ?? true,
  };
  const autoStatuses = options.autoStatuses ?? ['sent', 'delivered'];
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const events = new EventEmitter();
  let sent: SentMessage[] = [];
  let faults: Fault[] = [];
  const closedWindows = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  function takeFault(recipient: string): Fault | undefined {
    const fault = faults.find((f) => f.recipient === undefined || recipientKey(f.recipient) === recipient);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  }

  function record(recipient: string, type: string, body: Record<string, unknown>): SentMessage {
    const message: SentMessage = { wamid: newWamid(recipient), recipient, type, body, at: now() };
    sent.push(message);
    events.emit('message', message);
    return message;
  }

  function emitStatus(wamid: string, status: FakeStatus['status'], errors?: StatusError[]): void {
    const message = sent.find((m) => m.wamid === wamid);
    const recipient = message?.recipient ?? '';
    const value: FakeStatus = {
      id: wamid,
      status,
      timestamp: String(Math.floor(now().getTime() / 1000)),
      ...(/^\d+$/.test(recipient) ? { recipient_id: recipient } : { recipient_user_id: recipient }),
      ...(errors ? { errors } : {}),
    };
    const webhookBody = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
                statuses: [value],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
    events.emit('status', value, webhookBody);
  }

  function scheduleStatuses(wamid: string, failure?: number): void {
    if (events.listenerCount('status') === 0) return;
    const plan: [FakeStatus['status'], StatusError[] | undefined][] =
      failure === undefined ? autoStatuses.map((s) => [s, undefined]) : [['failed', [statusError(failure)]]];
    let delay = options.statusDelayMs ?? 0;
    for (const [status, errors] of plan) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        emitStatus(wamid, status, errors);
      }, delay);
      timers.add(timer);
      delay += options.statusDelayMs ?? 0;
    }
  }

  async function handleSend(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      return sendJson(
        res,
        401,
        graphError(190, 'Invalid OAuth access token - Cannot parse access token', undefined, 'OAuthException'),
      );
    }
    const [, version, phone, edge] = url.pathname.split('/');
    if (edge !== 'messages' || url.pathname.split('/').length !== 4)
      return sendJson(res, 404, graphError(100, 'Unknown path'));
    if (version !== apiVersion) {
      return sendJson(res, 400, graphError(100, `Unknown API version ${version}; this fake serves ${apiVersion}`));
    }
    if (phone !== phoneNumberId) {
      return sendJson(
        res,
        400,
        graphError(
          100,
          `Unsupported post request. Object with ID '${phone}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
          33,
        ),
      );
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 400, graphError(100, 'The request body must be JSON (Content-Type: application/json)'));
    }
    const raw = await readBody(req, maxBodyBytes);
    if (raw === undefined) return sendJson(res, 413, graphError(100, 'Request body too large'));
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, graphError(100, 'The request body is not valid JSON'));
    }
    const result = validateSend(body, ctx);
    if (!result.ok) return sendJson(res, 400, graphError(result.code, result.details));
    if (result.kind === 'read') return sendJson(res, 200, { success: true });
    const message = body as Record<string, unknown>;

    const fault = takeFault(result.recipient);
    if (fault?.kind === 'http') return sendText(res, fault.status, `<html><body>${fault.status}</body></html>`);
    if (fault?.kind === 'timeout') {
      if (fault.accept) scheduleStatuses(record(result.recipient, result.type, message).wamid);
      if (fault.mode === 'drop') req.socket.destroy();
      return; // hang: never answer; close() destroys the socket
    }
    if (fault?.kind === 'graph' && !fault.asStatus) {
      const known = GRAPH_ERRORS[fault.code];
      return sendJson(res, fault.httpStatus ?? known?.http ?? 400, graphError(fault.code));
    }
    if (result.freeForm && closedWindows.has(result.recipient)) {
      return sendJson(res, 400, graphError(131047));
    }

    const accepted = record(result.recipient, result.type, message);
    scheduleStatuses(accepted.wamid, fault?.kind === 'graph' ? fault.code : undefined);
    const input = result.to;
    return sendJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [
        /^\d+$/.test(result.recipient) ? { input, wa_id: result.recipient } : { input, user_id: result.recipient },
      ],
      messages: [{ id: accepted.wamid }],
    });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/__fake/'.length);
    if (req.method === 'GET' && path === 'messages') return sendJson(res, 200, sent);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const raw = (await readBody(req, maxBodyBytes)) ?? '{}';
    const input = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
    const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
    switch (path) {
      case 'faults': {
        const common = { count: n(input['count']), recipient: s(input['recipient']) };
        const opts = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
        if (input['timeout'] === 'hang' || input['timeout'] === 'drop') {
          api.timeoutNext({ ...opts, mode: input['timeout'], ...(input['accept'] === false ? { accept: false } : {}) });
        } else if (n(input['httpStatus']) !== undefined && n(input['code']) === undefined) {
          api.failNextHttp(n(input['httpStatus']) as number, opts);
        } else if (n(input['code']) !== undefined) {
          api.failNext(n(input['code']) as number, {
            ...opts,
            ...(n(input['httpStatus']) !== undefined ? { httpStatus: n(input['httpStatus']) } : {}),
            ...(input['asStatus'] === true ? { asStatus: true } : {}),
          });
        } else return sendJson(res, 400, { error: 'give code, httpStatus or timeout' });
        return sendJson(res, 200, { ok: true });
      }
      case 'windows': {
        const recipient = s(input['recipient']);
        if (!recipient) return sendJson(res, 400, { error: 'recipient is required' });
        if (input['open'] === true) api.openWindow(recipient);
        else api.closeWindow(recipient);
        return sendJson(res, 200, { ok: true });
      }
      case 'statuses': {
        const wamid = s(input['wamid']);
        const status = s(input['status']) as FakeStatus['status'] | undefined;
        if (!wamid || !status) return sendJson(res, 400, { error: 'wamid and status are required' });
        const code = n(input['code']);
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

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-graph.local');
    const work = url.pathname.startsWith('/__fake/')
      ? handleControl(req, res, url)
      : req.method === 'POST'
        ? handleSend(req, res, url)
        : Promise.resolve(sendJson(res, 405, graphError(100, `Unsupported ${req.method} request`)));
    work.catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, graphError(1, err instanceof Error ? err.message : 'fake failure'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  const api: FakeGraph = {
    url: `http://${address.address}:${address.port}`,
    accessToken,
    phoneNumberId,
    apiVersion,
    messages: () => [...sent],
    failNext(code, o = {}) {
      faults.push({
        kind: 'graph',
        code,
        ...(o.httpStatus !== undefined ? { httpStatus: o.httpStatus } : {}),
        asStatus: o.asStatus ?? false,
        remaining: o.count ?? 1,
        ...(o.recipient !== undefined ? { recipient: o.recipient } : {}),
      });
    },
    failNextHttp(status, o = {}) {
      faults.push({
        kind: 'http',
        status,
        remaining: o.count ?? 1,
        ...(o.recipient !== undefined ? { recipient: o.recipient } : {}),
      });
    },
    timeoutNext(o = {}) {
      faults.push({
        kind: 'timeout',
        mode: o.mode ?? 'hang',
        accept: o.accept ?? true,
        remaining: o.count ?? 1,
        ...(o.recipient !== undefined ? { recipient: o.recipient } : {}),
      });
    },
    closeWindow: (recipient) => void closedWindows.add(recipientKey(recipient)),
    openWindow: (recipient) => void closedWindows.delete(recipientKey(recipient)),
    onMessage(cb) {
      events.on('message', cb);
      return () => void events.off('message', cb);
    },
    onStatus(cb) {
      events.on('status', cb);
      return () => void events.off('status', cb);
    },
    emitStatus,
    reset() {
      sent = [];
      faults = [];
      closedWindows.clear();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      events.removeAllListeners();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function graphError(code: number, details?: string, subcode?: number, type = 'OAuthException') {
  const known = GRAPH_ERRORS[code];
  const sub = subcode ?? known?.subcode;
  return {
    error: {
      message: `(#${code}) ${known?.title ?? 'Error'}`,
      type,
      code,
      ...(sub !== undefined ? { error_subcode: sub } : {}),
      error_data: { messaging_product: 'whatsapp', details: details ?? known?.details ?? 'Unknown error' },
      fbtrace_id: `AFake${randomBytes(9).toString('base64url')}`,
    },
  };
}

function statusError(code: number): StatusError {
  const known = GRAPH_ERRORS[code];
  const title = known?.title ?? 'Error';
  return { code, title, message: title, error_data: { details: known?.details ?? 'Unknown error' } };
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
