// The webhook's use cases: the verification handshake, and a signed notification split into events on the
// inbox queue. What each outcome means over HTTP is the adapter's (functions/webhook/function-url.ts).
// Must not import axios or the panel client: the webhook bundle stays small and its cold start short.

import { createHash, timingSafeEqual } from 'node:crypto';
import { eventDedupId, eventGroupId, type InboundEvent, parseEnvelope } from '../whatsapp/inbound.js';
import { verifySignature } from '../whatsapp/signature.js';
import { type CountMetric, type Log, type QueueMessage, type QueuePort, type SecretsPort, silentLog } from './ports.js';
import { queueJson } from './queue-body.js';

export interface WebhookDeps {
  secrets: SecretsPort;
  inbox: QueuePort;
  quarantine: QueuePort;
  logger?: Log;
  metrics?: { count: CountMetric };
  /** Epoch milliseconds. */
  now?: () => number;
  /** Larger bodies are refused with 413 before hashing. Meta sends up to 3 MB; a Function URL takes 6 MB. */
  maxBodyBytes?: number;
}

export type WebhookOutcome =
  | { kind: 'verified'; challenge: string }
  | { kind: 'forbidden' }
  | { kind: 'unauthorized' }
  | { kind: 'queued'; events: number }
  | { kind: 'quarantined' }
  | { kind: 'too-large' }
  | { kind: 'method-not-allowed' }
  | { kind: 'failed' };

export const METRICS = {
  signatureRejected: 'WebhookSignatureRejected',
  verificationRejected: 'WebhookVerificationRejected',
  unparseable: 'WebhookUnparseable',
  eventsQueued: 'WebhookEventsQueued',
  failed: 'WebhookFailed',
  tooLarge: 'WebhookBodyTooLarge',
} as const;

/** SQS takes 256 KiB per message; leave room for the attributes and the JSON around the body. */
const QUARANTINE_MAX_BYTES = 250_000;

const noMetrics = { count: (() => {}) as CountMetric };

/** GET: echo `hub.challenge` only for `subscribe` with our verify token. */
export async function verifySubscription(
  query: Readonly<Record<string, string | undefined>>,
  deps: WebhookDeps,
): Promise<WebhookOutcome> {
  const expected = await deps.secrets.optional('WHATSAPP_VERIFY_TOKEN');
  const challenge = query['hub.challenge'];
  const ok =
    query['hub.mode'] === 'subscribe' &&
    challenge !== undefined &&
    expected !== undefined &&
    sameSecret(query['hub.verify_token'] ?? '', expected);
  if (ok) return { kind: 'verified', challenge };
  (deps.metrics ?? noMetrics).count(METRICS.verificationRejected);
  (deps.logger ?? silentLog).warn('webhook verification refused', {
    mode: query['hub.mode'] ?? null,
    verifyTokenConfigured: expected !== undefined,
  });
  return { kind: 'forbidden' };
}

/** POST: verify the signature over the raw bytes, split into events, queue them. */
export async function receiveNotification(
  rawBody: Buffer,
  signature: string | undefined,
  deps: WebhookDeps,
): Promise<WebhookOutcome> {
  const log = deps.logger ?? silentLog;
  const metrics = deps.metrics ?? noMetrics;
  const secrets = [
    await deps.secrets.required('WHATSAPP_APP_SECRET'),
    (await deps.secrets.optional('WHATSAPP_APP_SECRET_PREVIOUS')) ?? '',
  ];
  if (!verifySignature(rawBody, signature, secrets)) {
    metrics.count(METRICS.signatureRejected);
    log.warn('webhook signature rejected', { bytes: rawBody.length, signaturePresent: signature !== undefined });
    return { kind: 'unauthorized' };
  }

  const now = (deps.now ?? Date.now)();
  const text = rawBody.toString('utf8');
  const parsed = parseEnvelope(text, Math.floor(now / 1000));
  if (!parsed.ok) {
    await deps.quarantine.send([quarantineMessage(rawBody, text, parsed.error, now)]);
    metrics.count(METRICS.unparseable);
    log.error('signed webhook body does not parse; quarantined', { bytes: rawBody.length, parseError: parsed.error });
    return { kind: 'quarantined' };
  }

  await deps.inbox.send(parsed.events.map(toQueueMessage));
  metrics.count(METRICS.eventsQueued, parsed.events.length);
  if (parsed.rejected.length > 0) {
    // Only what does not parse is kept aside; the good events of the same body are queued above.
    const elements = JSON.stringify(parsed.rejected);
    const errors = parsed.rejected.map((r) => `${r.path}: ${r.error}`).join('; ');
    await deps.quarantine.send([quarantineMessage(rawBody, elements, errors, now)]);
    metrics.count(METRICS.unparseable, parsed.rejected.length);
    log.error('elements of a signed webhook body do not parse; quarantined', {
      bytes: rawBody.length,
      rejected: parsed.rejected.map((r) => ({ path: r.path, error: r.error })),
    });
  }
  log.info('webhook events queued', { bytes: rawBody.length, ...countByType(parsed.events) });
  return { kind: 'queued', events: parsed.events.length };
}

export function toQueueMessage(event: InboundEvent): QueueMessage {
  return { body: queueJson(event), groupId: eventGroupId(event), dedupId: eventDedupId(event) };
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: equal lengths for timingSafeEqual, and the length of the secret does not leak.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected !== '';
}

/**
 * The quarantined copy of a signed body that does not parse (or of its elements that do not), with why,
 * truncated to fit one SQS message.
 */
function quarantineMessage(raw: Buffer, text: string, error: string, now: number): QueueMessage {
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const wrap = (body: string, truncated: boolean) =>
    JSON.stringify({
      reason: 'unparseable',
      error,
      receivedAt: new Date(now).toISOString(),
      bytes: raw.length,
      sha256,
      truncated,
      body,
    });
  let out = wrap(text, false);
  let keep = text.length;
  while (Buffer.byteLength(out, 'utf8') > QUARANTINE_MAX_BYTES && keep > 0) {
    keep = Math.floor(keep * Math.min(0.9, QUARANTINE_MAX_BYTES / Buffer.byteLength(out, 'utf8')));
    out = wrap(text.slice(0, keep), true);
  }
  // Same body redelivered by Meta → same dedup id → one quarantined copy.
  return { body: out, groupId: 'quarantine', dedupId: `quarantine:${sha256}` };
}

function countByType(events: readonly InboundEvent[]) {
  const counts = { events: events.length, messages: 0, statuses: 0, errors: 0 };
  for (const e of events) {
    if (e.type === 'message') counts.messages++;
    else if (e.type === 'status') counts.statuses++;
    else counts.errors++;
  }
  return counts;
}
