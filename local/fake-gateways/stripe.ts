// A strict stand-in for the parts of Stripe that Checkout uses, for the local stack and the tests: the
// official SDK (pointed at it with host/port/protocol) creates, reads and expires Checkout Sessions; a pay
// page "pays" them; signed events go to the webhook endpoint exactly as Stripe sends them. It refuses what
// Stripe refuses (stripe-rules.ts), honours Idempotency-Key, and can be switched down.

import type { IncomingMessage, ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { listen, type RequestRecord, readBody, redirect, sendHtml, sendJson } from './http.js';
import {
  type FakeCheckoutSession,
  newEvent,
  newSession,
  paidPageHtml,
  paymentIntentId,
  payPageHtml,
  requestId,
  type StripeEvent,
  sessionId,
  unixNow,
} from './stripe-model.js';
import { checkSessionCreate, parseForm, StripeApiError } from './stripe-rules.js';
import { type SignOptions, type StripeDelivery, StripeWebhookSender } from './stripe-webhooks.js';

export type { RequestRecord } from './http.js';
export type { FakeCheckoutSession, StripeEvent } from './stripe-model.js';
export type { SignOptions, StripeDelivery } from './stripe-webhooks.js';

export interface FakeStripeOptions {
  /** Where events are POSTed; without one they are only recorded (`events`). */
  webhookUrl?: string;
  /** The endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** The only API key accepted (Bearer, or Basic with the key as user). */
  secretKey: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Delay before the one retry of a delivery that got no 2xx; false: no retry. Default 1000 ms. */
  retryDelayMs?: number | false;
  /** How long a delivery waits for the endpoint. Default 10 s. */
  deliveryTimeoutMs?: number;
  /** The `api_version` stamped on events. Default: the installed SDK's pinned version. */
  apiVersion?: string;
}

/** An event to send as is (what is missing is filled in as Stripe would). */
export type EventInput = Partial<StripeEvent> & { type: string; data: { object: unknown } };

export interface FakeStripe {
  /** Base URL of the API and of the pay pages. */
  readonly url: string;
  /** Snapshots of every session, by id. */
  readonly sessions: ReadonlyMap<string, FakeCheckoutSession>;
  /** Every event created, oldest first. */
  readonly events: readonly StripeEvent[];
  /** Every webhook POST attempt, oldest first. */
  readonly deliveries: readonly StripeDelivery[];
  /** Every HTTP request the fake answered, oldest first. */
  readonly requests: readonly RequestRecord[];
  /** The customer pays (`later`: a delayed method, `completed` with payment_status unpaid). Resolves after the first delivery attempt. */
  pay(id: string, options?: { later?: boolean }): Promise<StripeEvent>;
  /** A delayed payment settles (`async_payment_succeeded`) or, with `fail`, fails (`async_payment_failed`). */
  settleLater(id: string, options?: { fail?: boolean }): Promise<StripeEvent>;
  /** The session expires (`checkout.session.expired`). */
  expire(id: string): Promise<StripeEvent>;
  /** Delivers a recorded event again (same bytes), optionally signed with an old timestamp or a wrong secret. */
  resend(eventId: string, options?: SignOptions): Promise<StripeDelivery>;
  /** Records and delivers an arbitrary event once, signed as told. */
  sendEvent(event: EventInput, options?: SignOptions): Promise<StripeDelivery>;
  /** API down: every /v1 call answers 503 with an `api_error` (the SDK raises StripeAPIError). */
  setDown(down: boolean): void;
  setWebhookUrl(url: string | undefined): void;
  /** Resolves when no delivery or retry is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface Stored {
  session: FakeCheckoutSession;
  lineNames: string[];
  /** Paid by a delayed method, not settled yet. */
  awaitingSettlement: boolean;
}

interface Replay {
  fingerprint: string;
  status: number;
  body: unknown;
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

class StripeState {
  readonly sessions = new Map<string, Stored>();
  readonly events: StripeEvent[] = [];
  readonly requests: RequestRecord[] = [];
  readonly replays = new Map<string, Replay>();
  down = false;
  baseUrl = '';

  constructor(
    readonly options: FakeStripeOptions,
    readonly webhooks: StripeWebhookSender,
    readonly apiVersion: string,
  ) {}

  stored(id: string): Stored {
    const s = this.sessions.get(id);
    if (!s) throw new StripeApiError(`No such checkout.session: '${id}'`, 'session', 'resource_missing', 404);
    return s;
  }

  emit(type: string, s: Stored, request?: StripeEvent['request']): Promise<StripeEvent> {
    const event = newEvent(type, s.session, this.apiVersion, this.webhooks.url ? 1 : 0, request);
    this.events.push(event);
    return this.webhooks.send(event).then(() => event);
  }

  /** The customer completes Checkout on the pay page (or through the test hook). */
  pay(id: string, later: boolean): Promise<StripeEvent> {
    const s = this.stored(id);
    if (s.session.status !== 'open')
      throw new Error(`session ${id} is ${s.session.status}, not open: it cannot be paid`);
    s.session.status = 'complete';
    s.session.payment_status = later ? 'unpaid' : 'paid';
    s.session.payment_intent = paymentIntentId();
    s.session.url = null;
    s.session.customer_details = {
      email: s.session.customer_email ?? 'customer@example.com',
      name: 'Test Customer',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    s.awaitingSettlement = later;
    return this.emit('checkout.session.completed', s);
  }

  settle(id: string, fail: boolean): Promise<StripeEvent> {
    const s = this.stored(id);
    if (!s.awaitingSettlement) throw new Error(`session ${id} has no delayed payment awaiting settlement`);
    s.awaitingSettlement = false;
    if (!fail) s.session.payment_status = 'paid';
    return this.emit(fail ? 'checkout.session.async_payment_failed' : 'checkout.session.async_payment_succeeded', s);
  }

  expire(id: string, request?: StripeEvent['request']): Promise<StripeEvent> {
    const s = this.stored(id);
    if (s.session.status !== 'open') {
      // quoted from a production log: the list is Python-style, the status bare.
      throw new StripeApiError(
        `Only Checkout Sessions with a status in ['open'] can be expired. This Checkout Session has a status of ${s.session.status}.`,
      );
    }
    s.session.status = 'expired';
    s.session.url = null;
    return this.emit('checkout.session.expired', s, request);
  }
}

/** Bearer (what the SDK sends) or Basic with the key as user, as Stripe accepts. */
function authError(state: StripeState, header: string | undefined): StripeApiError | undefined {
  const m = /^(Bearer|Basic)\s+(\S+)$/i.exec(header ?? '');
  if (!m) return new StripeApiError(NO_KEY, undefined, undefined, 401);
  const key =
    m[1]?.toLowerCase() === 'basic'
      ? Buffer.from(m[2] ?? '', 'base64')
          .toString('utf8')
          .replace(/:.*$/, '')
      : m[2];
  if (key === state.options.secretKey) return undefined;
  const shown = `${(key ?? '').slice(0, 8)}${'*'.repeat(Math.max(0, (key ?? '').length - 12))}${(key ?? '').slice(-4)}`;
  return new StripeApiError(`Invalid API Key provided: ${shown}`, undefined, undefined, 401);
}

async function handleApi(state: StripeState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const reqId = requestId();
  const headers = { 'request-id': reqId, 'stripe-version': String(req.headers['stripe-version'] ?? state.apiVersion) };
  const raw = await readBody(req);
  const fail = (e: StripeApiError) => sendJson(res, e.status, e.body(), headers);
  if (state.down) {
    return fail(new StripeApiError('The fake Stripe is down (setDown(true)).', undefined, undefined, 503, 'api_error'));
  }
  const denied = authError(state, req.headers.authorization);
  if (denied) return fail(denied);
  const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
  const fingerprint = `${req.method} ${url.pathname} ${raw}`;
  const seen = key !== undefined && req.method === 'POST' ? state.replays.get(key) : undefined;
  if (seen && seen.fingerprint !== fingerprint) {
    // quoted: Stripe's idempotency_error message.
    return fail(
      new StripeApiError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        undefined,
        undefined,
        400,
        'idempotency_error',
      ),
    );
  }
  if (seen) return sendJson(res, seen.status, seen.body, { ...headers, 'idempotent-replayed': 'true' });
  let status = 200;
  let body: unknown;
  try {
    body = await route(state, req.method ?? 'GET', url, raw, { id: reqId, idempotency_key: key ?? null });
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    status = err.status;
    body = err.body();
  }
  // Stripe saves a result only once the endpoint ran: a refused request may be retried with the same key.
  if (key !== undefined && req.method === 'POST' && (status < 400 || status >= 500)) {
    state.replays.set(key, { fingerprint, status, body: structuredClone(body) });
  }
  sendJson(res, status, body, headers);
}

async function route(
  state: StripeState,
  method: string,
  url: URL,
  raw: string,
  request: StripeEvent['request'],
): Promise<unknown> {
  const m = /^\/v1\/checkout\/sessions(?:\/([^/]+))?(?:\/(expire))?$/.exec(url.pathname);
  if (m && method === 'POST' && !m[1]) {
    const input = checkSessionCreate(parseForm(raw), unixNow());
    const id = sessionId();
    const session = newSession(id, input, `${state.baseUrl}/pay/${id}`, unixNow());
    state.sessions.set(id, {
      session,
      lineNames: input.lineItems.map((li) => `${li.quantity} × ${li.name}`),
      awaitingSettlement: false,
    });
    return session;
  }
  if (m?.[1] && method === 'GET' && !m[2]) {
    if (url.search !== '')
      throw new StripeApiError('The fake Stripe does not model expand on Checkout Sessions.', 'expand');
    return state.stored(decodeURIComponent(m[1])).session;
  }
  if (m?.[1] && method === 'POST' && m[2] === 'expire') {
    const s = state.stored(decodeURIComponent(m[1]));
    void state.expire(s.session.id, request);
    return s.session;
  }
  throw new StripeApiError(
    `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    undefined,
    undefined,
    404,
  );
}

/** GET shows the hosted page; POST `choice=now|later` pays and redirects to success_url like Checkout. */
async function handlePayPage(state: StripeState, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const s = state.sessions.get(id);
  if (!s) return sendHtml(res, 404, '<h1>Not found</h1>');
  if (req.method === 'GET') return sendHtml(res, 200, payPageHtml(s.session, s.lineNames));
  if (req.method !== 'POST') return sendHtml(res, 405, '<h1>Method not allowed</h1>');
  const choice = new URLSearchParams(await readBody(req)).get('choice');
  if (s.session.status !== 'open') return sendHtml(res, 409, payPageHtml(s.session, s.lineNames));
  void state.pay(id, choice === 'later');
  const success = s.session.success_url;
  if (success) return redirect(res, success.replace(/\{CHECKOUT_SESSION_ID\}/g, id));
  sendHtml(res, 200, paidPageHtml(s.session));
}

export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const webhooks = new StripeWebhookSender(
    options.webhookUrl,
    options.webhookSecret,
    options.retryDelayMs ?? 1000,
    options.deliveryTimeoutMs ?? 10_000,
  );
  const state = new StripeState(options, webhooks, options.apiVersion ?? Stripe.API_VERSION);
  const server = await listen(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake-stripe.local');
      res.on('finish', () =>
        state.requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          status: res.statusCode,
          at: new Date(),
        }),
      );
      const pay = /^\/pay\/([^/]+)$/.exec(url.pathname);
      if (pay) return handlePayPage(state, req, res, decodeURIComponent(pay[1] as string));
      return handleApi(state, req, res, url);
    },
    options.port,
    options.host,
  );
  state.baseUrl = server.url;
  return fakeStripeApi(state, server.close);
}

function fakeStripeApi(state: StripeState, close: () => Promise<void>): FakeStripe {
  return {
    url: state.baseUrl,
    get sessions() {
      return new Map([...state.sessions].map(([id, s]) => [id, structuredClone(s.session)]));
    },
    get events() {
      return [...state.events];
    },
    get deliveries() {
      return [...state.webhooks.deliveries];
    },
    get requests() {
      return [...state.requests];
    },
    pay: async (id, o = {}) => state.pay(id, o.later === true),
    settleLater: async (id, o = {}) => state.settle(id, o.fail === true),
    expire: async (id) => state.expire(id),
    async resend(eventId, o) {
      const event = state.events.find((e) => e.id === eventId);
      if (!event) throw new Error(`no event ${eventId} was sent`);
      return state.webhooks.resend(event, o);
    },
    async sendEvent(input, o) {
      const event = { ...newEvent(input.type, input.data.object, state.apiVersion, 1), ...input };
      state.events.push(event);
      return state.webhooks.resend(event, o);
    },
    setDown(down) {
      state.down = down;
    },
    setWebhookUrl(url) {
      state.webhooks.url = url;
    },
    idle: () => state.webhooks.idle(),
    async stop() {
      state.webhooks.stop();
      await close();
    },
  };
}
