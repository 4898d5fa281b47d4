// A strict stand-in for Midtrans Snap and the Core API status endpoint, for the local stack and the tests:
// Snap creates a transaction (refusing what Midtrans refuses, a reused order_id above all), a pay page lets
// the customer pay by QRIS, GoPay, bank transfer or card (or be denied, expire, cancel), and each change is
// POSTed as Midtrans's HTTP notification, signed in its body with SHA-512. No SDK involved: the shop calls
// it over HTTP with Basic auth (server key, empty password), as the official client does.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  basicAuth,
  escapeHtml,
  listen,
  postWebhook,
  type RequestRecord,
  readBody,
  redirect,
  sendHtml,
  sendJson,
} from './http.js';
import { snapPageHtml, snapResultHtml } from './midtrans-pages.js';
import {
  checkSnap,
  jakartaTime,
  METHODS,
  type MidtransMethod,
  type MidtransTransaction,
  OUTCOMES,
  signatureKey,
  statusCodeOf,
  type TransactionStatus,
  transactionJson,
} from './midtrans-rules.js';

export type { RequestRecord } from './http.js';
export type { MidtransItem, MidtransMethod, MidtransTransaction, TransactionStatus } from './midtrans-rules.js';

export interface FakeMidtransOptions {
  /** The only server key accepted (Basic auth user, empty password); also what signatures are made with. */
  serverKey: string;
  /** The dashboard's Payment Notification URL; a Snap request's X-Override-Notification replaces it. */
  notificationUrl?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  merchantId?: string;
  /** How long a notification waits for the shop. Default 10 s. */
  deliveryTimeoutMs?: number;
}

/** The notification (and status) JSON: every value a string, as Midtrans sends them. */
export type MidtransNotification = Record<string, unknown> & {
  order_id: string;
  status_code: string;
  gross_amount: string;
  signature_key: string;
  transaction_status: TransactionStatus;
};

/** One notification POST and what the shop answered. */
export interface MidtransDelivery {
  orderId: string;
  transactionStatus: string;
  url: string;
  /** The shop's HTTP status, or null when nothing answered (see `error`). */
  status: number | null;
  responseBody: string;
  error?: string;
  body: string;
  at: Date;
}

export interface PayOptions {
  /** Default: the method chosen before, else qris. */
  method?: MidtransMethod;
  /** Default: capture for credit_card, settlement otherwise. */
  outcome?: TransactionStatus;
}

/** Resend the current notification, or forge it: another amount or status code (signed over what is sent), a given signature, or another key. */
export interface NotifyOptions {
  signatureKey?: string;
  grossAmount?: string;
  statusCode?: string;
  serverKey?: string;
}

export interface FakeMidtrans {
  /** Snap's base: POST `${snapUrl}/transactions`. */
  readonly snapUrl: string;
  /** Core API's base: GET `${apiUrl}/v2/<order_id>/status`. */
  readonly apiUrl: string;
  /** Snapshots of every transaction, by order_id. */
  readonly transactions: ReadonlyMap<string, MidtransTransaction>;
  readonly deliveries: readonly MidtransDelivery[];
  readonly requests: readonly RequestRecord[];
  /** The customer pays (or is denied, expires, cancels); resolves with the notification once it was POSTed. */
  pay(orderId: string, options?: PayOptions): Promise<MidtransNotification>;
  notify(orderId: string, options?: NotifyOptions): Promise<MidtransDelivery[]>;
  /** Down: Snap and the Core API answer 503. */
  setDown(down: boolean): void;
  setNotificationUrl(url: string | undefined): void;
  /** Resolves when no notification is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// quoted: the 401 body of Snap (docs.midtrans.com troubleshooting) and of the Core API (integrators' logs).
const SNAP_DENIED = [
  'Access denied due to unauthorized transaction, please check client or server key',
  'Visit https://docs.midtrans.com/reference/request-headers for more details',
];
const DOWN = 'Sorry, we encountered internal server error. We will fix this soon.'; // quoted (Snap docs, 5xx)

class MidtransState {
  readonly transactions = new Map<string, MidtransTransaction>();
  readonly deliveries: MidtransDelivery[] = [];
  readonly requests: RequestRecord[] = [];
  readonly pending = new Set<Promise<unknown>>();
  down = false;
  notificationUrl: string | undefined;
  readonly merchantId: string;

  constructor(readonly options: FakeMidtransOptions) {
    this.notificationUrl = options.notificationUrl;
    this.merchantId = options.merchantId ?? 'G000000001';
  }

  authorised(req: IncomingMessage): boolean {
    const auth = basicAuth(req.headers.authorization);
    return auth !== undefined && auth.user === this.options.serverKey && auth.password === '';
  }

  tx(orderId: string): MidtransTransaction {
    const tx = this.transactions.get(orderId);
    if (!tx) throw new Error(`no Snap transaction with order_id ${orderId}`);
    return tx;
  }

  pay(orderId: string, options: PayOptions): Promise<MidtransNotification> {
    const tx = this.tx(orderId);
    const method = options.method ?? tx.paymentType ?? 'qris';
    const outcome = options.outcome ?? (method === 'credit_card' ? 'capture' : 'settlement');
    if (!METHODS.includes(method)) throw new Error(`unknown method ${method}`);
    if (!OUTCOMES.includes(outcome)) throw new Error(`unknown outcome ${outcome}`);
    if (outcome === 'capture' && method !== 'credit_card') throw new Error('only credit_card payments are captured');
    // A denied payment may be retried; a captured card settles or is cancelled; the rest is final.
    const from = tx.transactionStatus;
    if (
      from === 'capture' ? !['settlement', 'cancel'].includes(outcome) : from && !['pending', 'deny'].includes(from)
    ) {
      throw new Error(`transaction ${orderId} is ${from}: it cannot become ${outcome}`);
    }
    const now = new Date();
    tx.transactionId ??= randomUUID();
    tx.paymentType = method;
    tx.transactionStatus = outcome;
    tx.fraudStatus = outcome === 'deny' && method === 'credit_card' ? 'deny' : 'accept';
    tx.transactionTime ??= jakartaTime(now);
    if (outcome === 'settlement') tx.settlementTime = jakartaTime(now);
    return this.notify(tx, {}).then(([notification]) => notification);
  }

  /** Builds the notification (forged as told) and POSTs it to each URL; resolves with it and the deliveries. */
  notify(tx: MidtransTransaction, o: NotifyOptions): Promise<[MidtransNotification, MidtransDelivery[]]> {
    const body = transactionJson(tx, this.options.serverKey, this.merchantId, 'midtrans payment notification');
    if (o.grossAmount !== undefined) body['gross_amount'] = o.grossAmount;
    if (o.statusCode !== undefined) body['status_code'] = o.statusCode;
    body['signature_key'] =
      o.signatureKey ??
      signatureKey(
        tx.orderId,
        String(body['status_code']),
        String(body['gross_amount']),
        o.serverKey ?? this.options.serverKey,
      );
    const notification = body as MidtransNotification;
    const urls = tx.notificationUrls ?? (this.notificationUrl ? [this.notificationUrl] : []);
    const text = JSON.stringify(notification);
    const work = Promise.all(urls.map((url) => this.post(tx, url, text))).then(
      (deliveries) => [notification, deliveries] as [MidtransNotification, MidtransDelivery[]],
    );
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  private async post(tx: MidtransTransaction, url: string, body: string): Promise<MidtransDelivery> {
    const at = new Date();
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const outcome = await postWebhook(url, body, headers, this.options.deliveryTimeoutMs ?? 10_000);
    const delivery: MidtransDelivery = {
      orderId: tx.orderId,
      transactionStatus: String(tx.transactionStatus),
      url,
      status: outcome.status,
      responseBody: outcome.responseBody,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      body,
      at,
    };
    this.deliveries.push(delivery);
    return delivery;
  }
}

async function handleSnap(
  state: MidtransState,
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
): Promise<void> {
  const raw = await readBody(req);
  if (state.down) return sendJson(res, 503, { error_messages: [DOWN] });
  if (!state.authorised(req)) return sendJson(res, 401, { error_messages: SNAP_DENIED });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendJson(res, 400, {
      error_messages: ['The request cannot be processed due to malformed syntax in the request body'],
    });
  }
  const checked = checkSnap(body, (id) => state.transactions.has(id));
  if (Array.isArray(checked)) return sendJson(res, 400, { error_messages: checked });
  const override = req.headers['x-override-notification'];
  const token = randomUUID();
  state.transactions.set(checked.orderId, {
    ...checked,
    token,
    currency: 'IDR',
    notificationUrls:
      typeof override === 'string' && override.trim() !== ''
        ? override
            .split(',')
            .map((u) => u.trim())
            .slice(0, 3)
        : null,
    createdAt: new Date(),
    transactionId: null,
    paymentType: null,
    transactionStatus: null,
    fraudStatus: null,
    transactionTime: null,
    settlementTime: null,
  });
  sendJson(res, 201, { token, redirect_url: `${base}/snap/v4/redirection/${token}` });
}

/**
 * GET /v2/<order_id or transaction_id>/status. Midtrans answers HTTP 200 even for an unknown transaction,
 * with `status_code: "404"` in the body (the official Node client rejects on the body's status_code for that
 * reason, lib/httpClient.js; integrators log `{"status_code":"404","status_message":"Transaction doesn't
 * exist.","id":…}` with HTTP 200). A Snap transaction whose customer has not picked a method yet is unknown
 * to the Core API too.
 */
function statusAnswer(state: MidtransState, req: IncomingMessage, id: string): [number, unknown] {
  if (state.down) return [503, { status_code: '503', status_message: DOWN, id: randomUUID() }];
  if (!state.authorised(req)) {
    return [401, { status_code: '401', status_message: 'Unknown Merchant server_key/id', id: randomUUID() }];
  }
  const tx = state.transactions.get(id) ?? [...state.transactions.values()].find((t) => t.transactionId === id);
  if (!tx?.transactionStatus) {
    return [200, { status_code: '404', status_message: "Transaction doesn't exist.", id: randomUUID() }];
  }
  return [200, transactionJson(tx, state.options.serverKey, state.merchantId, 'Success, transaction is found')];
}

async function handlePage(
  state: MidtransState,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const tx = [...state.transactions.values()].find((t) => t.token === token);
  if (!tx) return sendHtml(res, 404, '<h1>Transaction not found</h1>');
  if (req.method === 'GET') return sendHtml(res, 200, snapPageHtml(tx));
  const form = new URLSearchParams(await readBody(req));
  const method = (form.get('method') ?? undefined) as MidtransMethod | undefined;
  const chosen = form.get('outcome');
  const outcome = chosen === 'pay' || chosen === null ? undefined : (chosen as TransactionStatus);
  try {
    void state.pay(tx.orderId, { ...(method ? { method } : {}), ...(outcome ? { outcome } : {}) });
  } catch (err) {
    return sendHtml(res, 409, `<h1>${escapeHtml(err instanceof Error ? err.message : 'refused')}</h1>`);
  }
  if (!tx.finishUrl) return sendHtml(res, 200, snapResultHtml(tx));
  const finish = new URL(tx.finishUrl);
  finish.searchParams.set('order_id', tx.orderId);
  finish.searchParams.set('status_code', statusCodeOf(tx.transactionStatus as TransactionStatus));
  finish.searchParams.set('transaction_status', String(tx.transactionStatus));
  redirect(res, finish.toString());
}

export async function startFakeMidtrans(options: FakeMidtransOptions): Promise<FakeMidtrans> {
  const state = new MidtransState(options);
  let base = '';
  const server = await listen(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake-midtrans.local');
      res.on('finish', () =>
        state.requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          status: res.statusCode,
          at: new Date(),
        }),
      );
      const status = /^\/v2\/([^/]+)\/status$/.exec(url.pathname);
      const page = /^\/snap\/v4\/redirection\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/snap/v1/transactions') return handleSnap(state, req, res, base);
      if (req.method === 'GET' && status)
        return sendJson(res, ...statusAnswer(state, req, decodeURIComponent(status[1] as string)));
      if (page && (req.method === 'GET' || req.method === 'POST'))
        return handlePage(state, req, res, page[1] as string);
      sendJson(res, 404, { status_code: '404', status_message: 'The requested resource is not found' });
    },
    options.port,
    options.host,
  );
  base = server.url;
  return {
    snapUrl: `${base}/snap/v1`,
    apiUrl: base,
    get transactions() {
      return new Map([...state.transactions].map(([id, tx]) => [id, structuredClone(tx)]));
    },
    get deliveries() {
      return [...state.deliveries];
    },
    get requests() {
      return [...state.requests];
    },
    pay: async (orderId, o = {}) => state.pay(orderId, o),
    async notify(orderId, o = {}) {
      const tx = state.tx(orderId);
      if (!tx.transactionStatus) throw new Error(`transaction ${orderId} has no payment yet: nothing to notify`);
      const [, deliveries] = await state.notify(tx, o);
      return deliveries;
    },
    setDown(down) {
      state.down = down;
    },
    setNotificationUrl(url) {
      state.notificationUrl = url;
    },
    async idle() {
      while (state.pending.size > 0) await Promise.allSettled([...state.pending]);
    },
    stop: () => server.close(),
  };
}
