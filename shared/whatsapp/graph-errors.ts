// Typed errors of the Graph API send path, classified by `error.code` (Meta: not by title or HTTP status).
// The outbox worker matches on the class (or `name`): window closed → template, retryable → later,
// permanent → record and tell admins, token → alarm, ambiguous → record, reconcile by status webhooks.
// No axios here, so the worker can import the errors without the client.

import { ErrorName } from '../domain/error-names.js';
export interface WhatsAppErrorInfo {
  code?: number;
  subcode?: number;
  details?: string;
  fbtraceId?: string;
  httpStatus?: number;
}

export class WhatsAppError extends Error {
  readonly code?: number;
  readonly subcode?: number;
  readonly details?: string;
  readonly fbtraceId?: string;
  readonly httpStatus?: number;

  constructor(message: string, info: WhatsAppErrorInfo = {}) {
    super(message);
    this.name = ErrorName.WhatsApp;
    if (info.code !== undefined) this.code = info.code;
    if (info.subcode !== undefined) this.subcode = info.subcode;
    if (info.details !== undefined) this.details = info.details;
    if (info.fbtraceId !== undefined) this.fbtraceId = info.fbtraceId;
    if (info.httpStatus !== undefined) this.httpStatus = info.httpStatus;
  }
}

/** 131047: more than 24 h since the customer last wrote. Send the template form instead. */
export class WhatsAppWindowClosedError extends WhatsAppError {
  constructor(message: string, info: WhatsAppErrorInfo = {}) {
    super(message, info);
    this.name = ErrorName.WhatsAppWindowClosed;
  }
}

/** Throttling or a transient failure on Meta's side: send again later (`delaySeconds(attempt)`). */
export class WhatsAppRetryableError extends WhatsAppError {
  /** Suggested wait before the first retry: the code's backoff, or a larger `Retry-After` from the response. */
  readonly retryAfterSeconds: number;
  /** The response's `Retry-After`, when it had one. */
  readonly retryAfterHeaderSeconds?: number;

  constructor(message: string, info: WhatsAppErrorInfo & { retryAfterSeconds?: number } = {}) {
    super(message, info);
    this.name = ErrorName.WhatsAppRetryable;
    if (info.retryAfterSeconds !== undefined) this.retryAfterHeaderSeconds = info.retryAfterSeconds;
    this.retryAfterSeconds = this.delaySeconds(0);
  }

  /** Suggested wait before retry number `attempt` (0-based), e.g. 4^attempt s for the pair rate limit 131056. */
  delaySeconds(attempt: number): number {
    return Math.max(retryDelaySeconds(this.code, attempt), this.retryAfterHeaderSeconds ?? 0);
  }
}

/** The request can never succeed as is (bad recipient, bad parameter, policy block): record and report it. */
export class WhatsAppPermanentError extends WhatsAppError {
  constructor(message: string, info: WhatsAppErrorInfo = {}) {
    super(message, info);
    this.name = ErrorName.WhatsAppPermanent;
  }
}

/** 190: the access token is expired or invalid. Operators must be alarmed; retrying burns nothing but time. */
export class WhatsAppTokenError extends WhatsAppError {
  constructor(message: string, info: WhatsAppErrorInfo = {}) {
    super(message, info);
    this.name = ErrorName.WhatsAppToken;
  }
}

/**
 * A timeout or a dropped connection after the request left: Meta may have accepted it. The send endpoint has
 * no idempotency key, so callers record the attempt and reconcile through status webhooks, never blindly resend.
 */
export class WhatsAppAmbiguousError extends WhatsAppError {
  /** The socket-level reason (ECONNRESET, ECONNABORTED, ...), when there was one. */
  readonly networkCode?: string;

  constructor(message: string, info: WhatsAppErrorInfo & { networkCode?: string } = {}) {
    super(message, info);
    this.name = ErrorName.WhatsAppAmbiguous;
    if (info.networkCode !== undefined) this.networkCode = info.networkCode;
  }
}

/** Codes Meta documents as "try again later". */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([130429, 131056, 131000, 80007, 4, 131016, 131057, 2, 1]);
/** Codes that a resend cannot fix. Any other 4xx is treated the same way. */
export const PERMANENT_CODES: ReadonlySet<number> = new Set([
  131026, 100, 368, 131008, 131009, 131030, 131048, 131049, 131051, 132000, 132001, 132005, 132007, 132012, 132015,
  132016, 132018, 132068, 132069,
]);
export const WINDOW_CLOSED_CODE = 131047;
export const TOKEN_CODE = 190;

/** Backoff per code: pair rate limit 4^x s (Meta), maintenance ~1 min, others exponential, capped at 15 min. */
export function retryDelaySeconds(code: number | undefined, attempt: number): number {
  const x = Math.max(0, Math.floor(attempt));
  switch (code) {
    case 131056:
      return Math.min(4 ** x, 900);
    case 131057:
      return 60;
    case 80007:
    case 4:
      return Math.min(60 * 2 ** x, 900);
    default:
      return Math.min(2 ** (x + 1), 900);
  }
}

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** The typed error for a Graph error envelope (or a bare HTTP status when there is none). */
export function classifyGraphError(
  httpStatus: number | undefined,
  body: GraphErrorBody | undefined,
  retryAfterSeconds?: number,
): WhatsAppError {
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const info: WhatsAppErrorInfo = {
    ...(code !== undefined ? { code } : {}),
    ...(typeof body?.error_subcode === 'number' ? { subcode: body.error_subcode } : {}),
    ...(typeof body?.error_data?.details === 'string' ? { details: body.error_data.details } : {}),
    ...(typeof body?.fbtrace_id === 'string' ? { fbtraceId: body.fbtrace_id } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
  };
  const what =
    code !== undefined ? `Graph error ${code}${info.subcode ? `/${info.subcode}` : ''}` : `Graph HTTP ${httpStatus}`;
  const said = body?.message ? `: ${body.message}` : '';
  const detail = info.details ? ` (${info.details})` : '';
  const message = `${what}${said}${detail}`;

  if (code === WINDOW_CLOSED_CODE) return new WhatsAppWindowClosedError(message, info);
  if (code === TOKEN_CODE) return new WhatsAppTokenError(message, info);
  if (code !== undefined && RETRYABLE_CODES.has(code)) {
    return new WhatsAppRetryableError(message, { ...info, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) return new WhatsAppPermanentError(message, info);
  if (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429)) {
    return new WhatsAppRetryableError(message, { ...info, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
  }
  if (code === undefined && httpStatus === 401) return new WhatsAppTokenError(message, info);
  return new WhatsAppPermanentError(message, info);
}
