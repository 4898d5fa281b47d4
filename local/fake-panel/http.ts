// The fake panel's HTTP plumbing: the request context every handler reads, the reply it returns, the
// panel's error shapes (JSON for API clients, Laravel's HTML or redirects for the rest), and Laravel's input
// handling (PHP query arrays, TrimStrings, ConvertEmptyStringsToNull, PHP truthiness).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeApiKeyConfig } from './model.js';
import type { FieldError } from './rules.js';
import type { FakeUser, InstallOutcome } from './state.js';

export const NOT_FOUND = 'The requested resource could not be found on the server.';
export const UNEXPECTED = 'An unexpected error was encountered while processing this request, please try again.';
export const NO_NODE = 'No nodes satisfying the requirements specified for automatic deployment could be found.';
export const PORT_RANGE_TOO_BIG = 'Adding more than 1000 ports in a single range at once is not supported.';

export interface KeyInfo {
  config: FakeApiKeyConfig;
  owner: FakeUser;
}

export interface Ctx {
  method: string;
  /** Path below /api/application, without a trailing slash. */
  path: string;
  rawPath: string;
  /** The panel's own origin, for links and redirects. */
  origin: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  rawBody: string;
  contentIsJson: boolean;
  wantsJson: boolean;
  headers: IncomingMessage['headers'];
  key?: KeyInfo;
  rateHeaders: Record<string, string>;
  draws: { p504: boolean; lost: boolean; installOutcome?: InstallOutcome };
}

export interface Reply {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
  lost?: 'reset' | 'stall';
}

interface ErrorEntry {
  code: string;
  detail: string;
  meta?: { source_field: string; rule: string };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly entries: ErrorEntry[],
    /** DisplayException family: without Accept JSON the panel redirects back. */
    readonly display = false,
    readonly headers: Record<string, string> = {},
  ) {
    super(entries[0]?.detail ?? String(status));
  }
}

export function fail(status: number, code: string, detail: string, display = false): never {
  throw new HttpError(status, [{ code, detail }], display);
}

export function validationError(errors: FieldError[]): HttpError {
  return new HttpError(
    422,
    errors.map((e) => ({
      code: 'ValidationException',
      detail: e.detail,
      meta: { source_field: e.field, rule: e.rule },
    })),
  );
}

/** The context of one API request, before authentication and before its JSON body is parsed. */
export function requestContext(req: IncomingMessage, url: URL, method: string, rawBody: string, origin: string): Ctx {
  const accept = String(req.headers.accept ?? '')
    .split(',')[0]
    ?.toLowerCase()
    .trim();
  const wantsJson =
    (accept !== undefined && (accept.includes('/json') || accept.includes('+json'))) ||
    String(req.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  const path = url.pathname.replace(/^\/api\/application/, '').replace(/\/+$/, '');
  return {
    method,
    path,
    rawPath: url.pathname.replace(/^\//, ''),
    origin,
    query: normalise(parseQuery(url.searchParams), true) as Record<string, unknown>,
    body: {},
    rawBody,
    contentIsJson: contentType.includes('/json') || contentType.includes('+json'),
    wantsJson,
    headers: req.headers,
    rateHeaders: {},
    draws: { p504: false, lost: false },
  };
}

/** An error as the panel answers it: JSON:API errors when asked for JSON, otherwise Laravel's HTML. */
export function render(ctx: Ctx, e: HttpError): Reply {
  const headers = e.headers;
  if (ctx.wantsJson) {
    return {
      status: e.status,
      headers,
      body: {
        errors: e.entries.map((x) => ({
          code: x.code,
          status: String(e.status),
          detail: x.detail,
          ...(x.meta ? { meta: x.meta } : {}),
        })),
      },
    };
  }
  // Laravel renders HTML (or redirects) when the client did not ask for JSON.
  if (e.status === 401) return { status: 302, headers: { ...headers, Location: `${ctx.origin}/auth/login` }, html: '' };
  if (e.status === 422 || e.display) {
    const back = typeof ctx.headers.referer === 'string' ? ctx.headers.referer : `${ctx.origin}/`;
    return { status: 302, headers: { ...headers, Location: back }, html: '' };
  }
  return {
    status: e.status,
    headers,
    html: `<!DOCTYPE html><html><head><title>Error ${e.status}</title></head><body><h1>${e.status}</h1></body></html>`,
  };
}

/** Writes a reply (a lost one is left to the caller); the rate-limit headers go on every answer. */
export function writeReply(res: ServerResponse, ctx: Ctx, reply: Reply): void {
  const headers: Record<string, string> = { ...ctx.rateHeaders, ...reply.headers };
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'Content-Type': 'text/html; charset=UTF-8', ...headers });
    res.end(reply.html);
  } else if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(reply.body));
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** PHP-style query parsing, one level deep: `a[b]=1` → {a:{b:'1'}}, `a[]=1` → {a:['1']}. */
function parseQuery(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of params) {
    const m = /^([^[\]]+)\[([^[\]]*)\]$/.exec(rawKey);
    if (!m) {
      out[rawKey] = value;
      continue;
    }
    const name = m[1] as string;
    const sub = m[2] as string;
    if (sub === '') {
      const arr = Array.isArray(out[name]) ? (out[name] as unknown[]) : [];
      arr.push(value);
      out[name] = arr;
    } else {
      const obj =
        out[name] && typeof out[name] === 'object' && !Array.isArray(out[name])
          ? (out[name] as Record<string, unknown>)
          : {};
      obj[sub] = value;
      out[name] = obj;
    }
  }
  return out;
}

/** TrimStrings (except a top-level password) and ConvertEmptyStringsToNull, recursively. */
export function normalise(value: unknown, isQuery: boolean, key = ''): unknown {
  if (typeof value === 'string') {
    const keep = !isQuery && (key === 'password' || key === 'password_confirmation');
    const v = keep ? value : value.replace(/^[\s\uFEFF\u200B]+|[\s\uFEFF\u200B]+$/gu, '');
    return v === '' ? null : v;
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, isQuery, key ? `${key}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, isQuery, key ? `${key}.${k}` : k);
    return out;
  }
  return value;
}

export function phpTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '' || v === '0') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

export function toBool(v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  return v === true || v === 1 || v === '1';
}
