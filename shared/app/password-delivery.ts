// What every path that sets a panel password and sends it shares (DeliverCredentials and !reset-password):
// waiting out an earlier write that may still land, and keeping the password out of error texts.

import { redactText } from '../panel/panel-errors.js';
import type { Log } from './ports.js';

export interface PasswordWriteGuard {
  /** How long a password write the panel client gave up on may still land on the panel. Default 30 s. */
  passwordWriteGuardMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Log;
}

/**
 * An earlier try may have sent a password the panel had not applied when the client timed out: the panel
 * can still apply it later. Writing the next password only once that window has passed keeps the last
 * write the one whose password is sent. Real time on purpose: it bounds an HTTP request, not a business rule.
 */
export async function waitOutEarlierPasswordWrite(
  deps: PasswordWriteGuard,
  earlier: string | undefined,
): Promise<void> {
  if (!earlier) return;
  const wait = Date.parse(earlier) + (deps.passwordWriteGuardMs ?? 30_000) - Date.now();
  if (wait <= 0) return;
  deps.log.info('Waiting out an earlier password write', { waitMs: wait });
  await (deps.sleep ?? sleep)(wait);
}

/** A send error whose texts may echo the message (Meta quotes bad parameters): the password is cut out. */
export function scrubbed(e: unknown, password: string): unknown {
  if (!(e instanceof Error)) return new Error(redactText(String(e), [password]));
  e.message = redactText(e.message, [password]);
  const details = (e as { details?: unknown }).details;
  if (typeof details === 'string') Object.assign(e, { details: redactText(details, [password]) });
  return e;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
