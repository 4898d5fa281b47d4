// HTTP transport of the Pterodactyl Application API: headers, keep-alive, timeouts, and the mapping of
// every failure to a typed PanelError. The API key never leaves the request headers: errors get only a
// sanitized cause, and any text that could echo the key is redacted.

import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import {
  type PanelError,
  type PanelFieldError,
  PanelNoCapacityError,
  PanelNotFoundError,
  PanelRateLimitedError,
  PanelRejectedError,
  PanelUnauthorizedError,
  PanelUnavailableError,
  redactText,
  sanitizeCause,
} from './panel-errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface PanelRequest {
  method: HttpMethod;
  /** Path below `/api/application`, e.g. `/users/external/wa-1555`. Segments must already be encoded. */
  path: string;
  /** Array values are sent as repeated `name[]=` keys, e.g. `location_ids: [1, 2]`. */
  query?: Record<string, QueryValue>;
  body?: unknown;
  timeoutMs?: number;
  /** Extra secrets (e.g. a password in the body) to keep out of any error text. */
  redact?: readonly string[];
}

export interface PanelResponse<T> {
  status: number;
  data: T;
  /** What the panel said about its rate limit (`X-RateLimit-Limit`, `X-RateLimit-Remaining`), when it said it. */
  rateLimit?: RateLimitHeaders;
}

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
}

/** One Application API call: `PanelHttp` makes it, decorators (the pacing in pacing.ts) wrap it. */
export interface PanelTransport {
  readonly baseUrl: string;
  request<T>(req: PanelRequest): Promise<PanelResponse<T>>;
  destroy(): void;
}

export interface PanelHttpOptions {
  baseUrl: string;
  apiKey: () => Promise<string>;
  /** Used when a request gives no `timeoutMs`. */
  defaultTimeoutMs?: number;
  now?: () => number;
}

interface PanelErrorBody {
  errors?: Array<{
    code?: unknown;
    status?: unknown;
    detail?: unknown;
    meta?: { source_field?: unknown; rule?: unknown };
  }>;
}

export class PanelHttp implements PanelTransport {
  readonly baseUrl: string;
  private readonly client: AxiosInstance;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly now: () => number;

  constructor(private readonly options: PanelHttpOptions) {
    this.baseUrl = apiRoot(options.baseUrl);
    this.now = options.now ?? Date.now;
    this.client = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // A redirect means the panel rendered an HTML error (e.g. Accept lost by a proxy): never follow it.
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      // Let the panel's own status decide; no proxy env surprises inside Lambda.
      proxy: false,
    });
  }

  async request<T>(req: PanelRequest): Promise<PanelResponse<T>> {
    const key = await this.options.apiKey();
    const redact = [key, ...(req.redact ?? [])];
    const url = this.baseUrl + req.path + queryString(req.query);
    const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const ctx = { method: req.method, path: req.path };
    let res: { status: number; data: unknown; headers: Record<string, unknown> };
    try {
      const r = await this.client.request<string>({
        method: req.method,
        url,
        headers,
        timeout: req.timeoutMs ?? this.options.defaultTimeoutMs ?? 10_000,
        ...(req.body !== undefined ? { data: JSON.stringify(req.body) } : {}),
      });
      res = { status: r.status, data: r.data, headers: r.headers as Record<string, unknown> };
    } catch (e) {
      throw transportError(e, ctx, redact);
    }
    const parsed = parseJson(res.data);
    if (res.status >= 200 && res.status < 300) {
      const rateLimit = rateLimitHeaders(res.headers);
      const limits = rateLimit ? { rateLimit } : {};
      if (res.status === 204 || res.data === '' || res.data === undefined)
        return { status: res.status, data: undefined as T, ...limits };
      if (parsed === undefined) {
        throw new PanelUnavailableError({
          ...ctx,
          status: res.status,
          detail: 'The panel answered with something that is not JSON',
        });
      }
      return { status: res.status, data: parsed as T, ...limits };
    }
    throw statusError(res.status, parsed as PanelErrorBody | undefined, res.headers, ctx, redact, this.now());
  }

  /** Closes idle keep-alive sockets (tests, shutdown). */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** `https://panel.example.com/` → `https://panel.example.com/api/application` (an explicit API root is kept). */
export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api/application') ? trimmed : `${trimmed}/api/application`;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`${encodeURIComponent(name)}[]=${encodeURIComponent(String(v))}`);
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  // Keep the brackets of filter[email] readable; the panel decodes either form.
  return parts.length ? `?${parts.join('&').replace(/%5B/g, '[').replace(/%5D/g, ']')}` : '';
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data === '' ? undefined : data;
  if (data.trim() === '') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function transportError(e: unknown, ctx: { method: string; path: string }, redact: readonly string[]): PanelError {
  const code = isAxiosError(e) ? e.code : (e as { code?: string } | undefined)?.code;
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const reason = timedOut
    ? 'no answer before the timeout (the panel may still have done the work)'
    : `could not reach the panel (${code ?? 'network error'})`;
  return new PanelUnavailableError({
    ...ctx,
    ...(code ? { code } : {}),
    detail: reason,
    timedOut,
    cause: sanitizeCause(e, redact),
  });
}

function statusError(
  status: number,
  body: PanelErrorBody | undefined,
  headers: Record<string, unknown>,
  ctx: { method: string; path: string },
  redact: readonly string[],
  now: number,
): PanelError {
  const entries = Array.isArray(body?.errors) ? body.errors : [];
  const first = entries[0];
  const code = typeof first?.code === 'string' ? first.code : undefined;
  const rawDetail = typeof first?.detail === 'string' ? first.detail : `The panel answered HTTP ${status}`;
  const detail = redactText(rawDetail, redact);
  const init = { ...ctx, status, ...(code ? { code } : {}), detail };
  if (status === 429) return new PanelRateLimitedError({ ...init, retryAfterSeconds: retryAfter(headers, now) });
  if (status >= 500) return new PanelUnavailableError(init);
  if (status === 401 || status === 403) return new PanelUnauthorizedError(init);
  if (status === 404) return new PanelNotFoundError(init);
  if (status === 400 && (code === 'NoViableNodeException' || code === 'NoViableAllocationException')) {
    return new PanelNoCapacityError({ ...init, code });
  }
  if (status >= 300 && status < 400) {
    return new PanelRejectedError({
      ...init,
      detail: `The panel redirected (HTTP ${status}) instead of answering JSON; check the URL and any proxy in front of it`,
    });
  }
  const errors: PanelFieldError[] = entries.map((x) => ({
    ...(typeof x.meta?.source_field === 'string' ? { sourceField: x.meta.source_field } : {}),
    ...(typeof x.meta?.rule === 'string' ? { rule: x.meta.rule } : {}),
    detail: redactText(typeof x.detail === 'string' ? x.detail : '', redact),
  }));
  const all = status === 422 && errors.length > 1 ? errors.map((x) => x.detail).join(' ') : detail;
  return new PanelRejectedError({ ...init, detail: all, errors });
}

function rateLimitHeaders(headers: Record<string, unknown>): RateLimitHeaders | undefined {
  const number = (name: string) => {
    const raw = headers[name];
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const limit = number('x-ratelimit-limit');
  const remaining = number('x-ratelimit-remaining');
  if (limit === undefined && remaining === undefined) return undefined;
  return { ...(limit !== undefined ? { limit } : {}), ...(remaining !== undefined ? { remaining } : {}) };
}

function retryAfter(headers: Record<string, unknown>, now: number): number {
  const raw = headers['retry-after'];
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw);
    if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
    const at = Date.parse(raw);
    if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - now / 1000));
  return 60;
}
