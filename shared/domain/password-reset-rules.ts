// How often a customer's panel password may be reset over WhatsApp: one reset per 10 minutes and 5 a day
// (a rolling 24 hours), whoever asks (the customer or an admin for them). A reset is keyed by the request
// (the message id), so a redelivered request is the same reset, never a second one.

import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import type { Lang } from './i18n/lang.js';

export interface ResetRecord {
  key: string;
  /** ISO time the reset was allowed. */
  at: string;
  /** ISO time its password reached WhatsApp. */
  sentAt?: string;
}

export interface ResetLimits {
  minIntervalMs: number;
  perDay: number;
}

export const PASSWORD_RESET_LIMITS: ResetLimits = { minIntervalMs: 10 * 60_000, perDay: 5 };

const DAY_MS = 24 * 60 * 60_000;

export type ResetDecision =
  /** Go ahead; `records` is what to store (the last day's resets, this one included). */
  | { ok: true; records: ResetRecord[] }
  /** This request already delivered its password: send nothing. */
  | { ok: false; reason: 'already-sent' }
  /** Too soon after the last one, or the day's resets are used up; `retryAt` is when one is allowed. */
  | { ok: false; reason: 'too-soon' | 'daily-limit'; retryAt: string };

export function decidePasswordReset(
  previous: readonly ResetRecord[],
  key: string,
  now: Date,
  limits: ResetLimits = PASSWORD_RESET_LIMITS,
): ResetDecision {
  const t = now.getTime();
  const recent = previous.filter((r) => Date.parse(r.at) > t - DAY_MS);
  const same = recent.find((r) => r.key === key);
  if (same?.sentAt) return { ok: false, reason: 'already-sent' };
  if (same) return { ok: true, records: recent };

  const times = recent.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  const last = times.at(-1);
  if (last !== undefined && t - last < limits.minIntervalMs) {
    return { ok: false, reason: 'too-soon', retryAt: new Date(last + limits.minIntervalMs).toISOString() };
  }
  if (times.length >= limits.perDay) {
    const oldest = times[times.length - limits.perDay]!;
    return { ok: false, reason: 'daily-limit', retryAt: new Date(oldest + DAY_MS).toISOString() };
  }
  return { ok: true, records: [...recent, { key, at: now.toISOString() }] };
}

/** How a reset ended, for the words the customer or the admin reads (never the password). */
export type ResetOutcome =
  | { kind: 'sent'; username: string; form: 'free-form' | 'template' }
  /** The send's answer was lost: the message may or may not have arrived. */
  | { kind: 'maybe-sent'; username: string }
  | { kind: 'already-sent' }
  | { kind: 'no-account' }
  /** A panel administrator's account: never reset over WhatsApp. */
  | { kind: 'protected-account' }
  /** Another delivery of this account's password is running right now. */
  | { kind: 'busy' }
  | { kind: 'too-soon' | 'daily-limit'; retryAt: string }
  /** WhatsApp refused the message for good (blocked number, refused template): the password is set but unsent. */
  | { kind: 'undeliverable'; username: string; reason: string };

/** "5 minutes", "3 hours": how long until `at`, rounded up, for a person. */
export function waitWords(at: string, now: Date, lang: Lang): string {
  const t = say(COMMON_TEXTS, lang);
  const minutes = Math.max(1, Math.ceil((Date.parse(at) - now.getTime()) / 60_000));
  if (minutes < 90) return t('minutes', { n: minutes });
  return t('hours', { n: Math.ceil(minutes / 60) });
}
