// Typed errors of the Pterodactyl client. The provisioning state machine retries and catches by `name`,
// so every class sets its name explicitly (bundlers may rename classes) and the names never change:
//   retried: PanelRateLimitedError, PanelUnavailableError
//   caught (permanent): PanelRejectedError, PanelNoCapacityError, PanelNotFoundError, PanelUnauthorizedError
// No error carries request headers: causes are sanitized copies (see `sanitizeCause`), never raw axios
// errors, whose `config.headers` hold the API key and whose `toJSON()` would serialize them.

import { ErrorName } from '../domain/error-names.js';
/** One validation failure as the panel reports it (`errors[].meta`). */
export interface PanelFieldError {
  /** Dotted field, e.g. `email`, `limits.io`, `environment.SERVER_JARFILE`. */
  sourceField?: string;
  /** Snake-case rule, e.g. `required`, `unique`, `p_username`. */
  rule?: string;
  /** The panel's human message. */
  detail: string;
}

export interface PanelErrorInit {
  /** HTTP status; undefined when no response arrived (timeout, network). */
  status?: number;
  /** The panel's `errors[0].code` (exception class), or a transport code such as `ETIMEDOUT`. */
  code?: string;
  /** Human text, safe to show to admins. */
  detail: string;
  method?: string;
  path?: string;
  cause?: unknown;
}

export class PanelError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(init: PanelErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = ErrorName.Panel;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.method = init.method;
    this.path = init.path;
  }

  /** What loggers and `JSON.stringify` see: no headers, no raw cause. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : undefined;
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      detail: this.detail,
      method: this.method,
      path: this.path,
      ...(cause ? { cause } : {}),
    };
  }
}

function describe(init: PanelErrorInit): string {
  const where = init.method && init.path ? `${init.method} ${init.path}` : 'panel call';
  const what = [init.status, init.code].filter((x) => x !== undefined && x !== '').join(' ');
  return `Panel ${where} failed${what ? ` (${what})` : ''}: ${init.detail}`;
}

/** 429: the panel's rate limit (240/min per admin by default). Retry after `retryAfterSeconds`. */
export class PanelRateLimitedError extends PanelError {
  readonly retryAfterSeconds: number;
  constructor(init: PanelErrorInit & { retryAfterSeconds: number }) {
    super(init);
    this.name = ErrorName.PanelRateLimited;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** 5xx (incl. 502/504 DaemonConnectionException), timeouts, network errors: retryable. */
export class PanelUnavailableError extends PanelError {
  /** True when no response arrived in time: the panel may still have done the work. */
  readonly timedOut: boolean;
  constructor(init: PanelErrorInit & { timedOut?: boolean }) {
    super(init);
    this.name = ErrorName.PanelUnavailable;
    this.timedOut = init.timedOut ?? false;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timedOut: this.timedOut };
  }
}

/** 422 validation failures (every entry kept) and permanent 400s (DisplayException, bad JSON, ...). */
export class PanelRejectedError extends PanelError {
  readonly errors: readonly PanelFieldError[];
  constructor(init: PanelErrorInit & { errors?: readonly PanelFieldError[] }) {
    super(init);
    this.name = ErrorName.PanelRejected;
    this.errors = init.errors ?? [];
  }
  /** Whether the panel reported `rule` failing on `field` (e.g. `has('email', 'unique')`). */
  has(field: string, rule?: string): boolean {
    return this.errors.some((e) => e.sourceField === field && (rule === undefined || e.rule === rule));
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}

export type NoCapacityCode = 'NoViableNodeException' | 'NoViableAllocationException';

/** 400 NoViableNodeException / NoViableAllocationException: no node has room, or no free port. */
export class PanelNoCapacityError extends PanelError {
  declare readonly code: NoCapacityCode;
  constructor(init: PanelErrorInit & { code: NoCapacityCode }) {
    super(init);
    this.name = ErrorName.PanelNoCapacity;
  }
}

/** 404: the id or route does not exist on the panel. */
export class PanelNotFoundError extends PanelError {
  constructor(init: PanelErrorInit) {
    super(init);
    this.name = ErrorName.PanelNotFound;
  }
}

/** 401/403: the key is wrong, or may not do this (ACL, non-admin owner, IP list). */
export class PanelUnauthorizedError extends PanelError {
  constructor(init: PanelErrorInit) {
    super(init);
    this.name = ErrorName.PanelUnauthorized;
  }
}

/**
 * A copy of a low-level error that is safe to keep as `cause`: name, message and code only, with every
 * secret in `redact` replaced. Axios errors are never kept as they are (their config holds headers).
 */
export function sanitizeCause(e: unknown, redact: readonly string[] = []): Error {
  const source = e instanceof Error ? e : new Error(String(e));
  const code = (source as { code?: unknown }).code;
  const copy = new Error(redactText(source.message, redact));
  copy.name = source.name;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}

/** Replaces every occurrence of each secret (at least 4 characters long) with `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
