// The Graph API sender: POST /{version}/{phone-number-id}/messages with a Bearer token, errors turned into
// the typed errors of graph-errors.ts. Never log or throw the token: axios errors (which hold the request
// headers) are never rethrown or kept as a cause. Not for the webhook bundle (it pulls in axios).

import axios, { type AxiosInstance, isAxiosError } from 'axios';
import {
  classifyGraphError,
  type GraphErrorBody,
  WhatsAppAmbiguousError,
  WhatsAppError,
  WhatsAppRetryableError,
} from './graph-errors.js';
import type { GraphMessageRequest } from './graph-request.js';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com, or the fake's URL locally. */
  baseUrl: string;
  /** Pinned, e.g. v25.0. */
  apiVersion: string;
  phoneNumberId: string;
  /** Read per request, so a rotated token is picked up (the secrets port caches it). */
  accessToken: () => Promise<string>;
  timeoutMs?: number;
}

export interface SendResult {
  /** The wamid that later status webhooks carry. */
  messageId: string;
  /** The recipient's wa_id as Meta resolved it (may differ from the number dialled). */
  waId?: string;
}

/** Failing before the request is written (no connection, no DNS) is safe to retry; anything else is ambiguous. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class GraphClient {
  private readonly http: AxiosInstance;
  private readonly path: string;

  constructor(private readonly options: GraphClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      maxRedirects: 0,
      validateStatus: () => true,
      headers: { 'Content-Type': 'application/json' },
    });
    this.path = `/${encodeURIComponent(options.apiVersion)}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  }

  /** Sends one message. Resolves with the wamid; rejects with a WhatsAppError subclass. */
  async send(body: GraphMessageRequest): Promise<SendResult> {
    const data = await this.post(body);
    const messageId = pickString(data, ['messages', 0, 'id']);
    if (!messageId) {
      // A 2xx without an id: Meta probably accepted it, but we cannot tell which message it is.
      throw new WhatsAppAmbiguousError('Graph answered 2xx without messages[0].id');
    }
    const waId = pickString(data, ['contacts', 0, 'wa_id']);
    return { messageId, ...(waId ? { waId } : {}) };
  }

  private async post(body: unknown): Promise<unknown> {
    const token = await this.options.accessToken();
    try {
      const res = await this.http.post(this.path, body, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status >= 200 && res.status < 300) return res.data;
      const envelope = (res.data as { error?: GraphErrorBody } | undefined)?.error;
      const graphError = typeof envelope === 'object' && envelope !== null ? envelope : undefined;
      throw redact(classifyGraphError(res.status, graphError, retryAfter(res.headers['retry-after'])), token);
    } catch (err) {
      if (err instanceof WhatsAppError) throw err;
      throw redact(networkError(err), token);
    }
  }
}

function networkError(err: unknown): WhatsAppError {
  const code = isAxiosError(err) ? err.code : undefined;
  if (code && NOT_SENT.has(code)) {
    return new WhatsAppRetryableError(`Graph API unreachable (${code}); the request was not sent`);
  }
  const why = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : `failed (${code ?? 'unknown'})`;
  return new WhatsAppAmbiguousError(
    `Graph API request ${why} after it was sent: the message may or may not have been accepted`,
    code ? { networkCode: code } : {},
  );
}

/** Belt and braces: whatever Meta echoes, the token never leaves in an error's message or fields. */
function redact<E extends WhatsAppError>(err: E, token: string): E {
  if (token.length < 8) return err;
  const scrub = (s: string) => s.split(token).join('[redacted]');
  if (err.message.includes(token)) err.message = scrub(err.message);
  if (err.details?.includes(token)) (err as { details?: string }).details = scrub(err.details);
  if (err.stack?.includes(token)) err.stack = scrub(err.stack);
  return err;
}

function retryAfter(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function pickString(data: unknown, path: readonly (string | number)[]): string | undefined {
  let cur: unknown = data;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return typeof cur === 'string' && cur !== '' ? cur : undefined;
}
