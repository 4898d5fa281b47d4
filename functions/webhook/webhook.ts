// The webhook use cases (verification handshake, signed notification → inbox queue) and the Function URL
// adapter around them. Meta counts anything but 200 as a failed delivery and retries for up to 7 days, so:
// 401 for a bad signature (forged requests change nothing), 500 only when the events could not be stored,
// 200 for everything signed, even when it does not parse (kept on the quarantine queue instead).
// Must not import axios or the panel client: keep this bundle small and its cold start short.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type QueueMessage, type QueuePort, queueJson } from '../../shared/aws/queue.js';
import type { SecretsPort } from '../../shared/config/secrets.js';
import { eventDedupId, eventGroupId, type InboundEvent, parseEnvelope } from '../../shared/whatsapp/inbound.js';
import { verifySignature } from '../../shared/whatsapp/signature.js';

export interface WebhookMetrics {
  count(name: string, n?: number): void;
}

export interface WebhookLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface WebhookDeps {
  secrets: SecretsPort;
  inbox: QueuePort;
  quarantine: QueuePort;
  logger?: WebhookLogger;
  metrics?: WebhookMetrics;
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

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** SQS takes 256 KiB per message; leave room for the attributes and the JSON around the body. */
const QUARANTINE_MAX_BYTES = 250_000;

const silentLogger: WebhookLogger = { info() {}, warn() {}, error() {} };
const noMetrics: WebhookMetrics = { count() {} };

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
  (deps.logger ?? silentLogger).warn('webhook verification refused', {
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
  const log = deps.logger ?? silentLogger;
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
  log.info('webhook events queued', { bytes: rawBody.length, ...countByType(parsed.events) });
  return { kind: 'queued', events: parsed.events.length };
}

export function toQueueMessage(event: InboundEvent): QueueMessage {
  return { body: queueJson(event), groupId: eventGroupId(event), dedupId: eventDedupId(event) };
}

/** The Lambda Function URL (payload v2) handler: parse the request, call a use case, map the outcome. */
export function createWebhookHandler(deps: WebhookDeps) {
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const method = event.requestContext?.http?.method?.toUpperCase();
      if (method === 'GET') return toHttp(await verifySubscription(event.queryStringParameters ?? {}, deps));
      if (method !== 'POST') return toHttp({ kind: 'method-not-allowed' });
      const raw = rawBody(event, maxBytes);
      if (raw === undefined) {
        (deps.metrics ?? noMetrics).count(METRICS.tooLarge);
        return toHttp({ kind: 'too-large' });
      }
      return toHttp(await receiveNotification(raw, header(event.headers, 'x-hub-signature-256'), deps));
    } catch (err) {
      // Secrets or a queue unavailable: nothing was lost, Meta retries a non-200.
      (deps.metrics ?? noMetrics).count(METRICS.failed);
      (deps.logger ?? silentLogger).error('webhook could not store the notification', { error: errorName(err) });
      return toHttp({ kind: 'failed' });
    }
  };
}

export function toHttp(outcome: WebhookOutcome): APIGatewayProxyStructuredResultV2 {
  const text = (statusCode: number, body: string) => ({
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
  });
  switch (outcome.kind) {
    case 'verified':
      return text(200, outcome.challenge);
    case 'queued':
    case 'quarantined':
      return text(200, 'ok');
    case 'forbidden':
      return text(403, 'forbidden');
    case 'unauthorized':
      return text(401, 'invalid signature');
    case 'too-large':
      return text(413, 'payload too large');
    case 'method-not-allowed':
      return { ...text(405, 'method not allowed'), headers: { 'content-type': 'text/plain', allow: 'GET, POST' } };
    case 'failed':
      return text(500, 'try again');
  }
}

/** The body bytes exactly as Meta sent them, or undefined when over the cap. */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, maxBytes: number) {
  const body = event.body ?? '';
  if (event.isBase64Encoded) {
    if (Math.floor((body.length * 3) / 4) > maxBytes + 3) return undefined;
    const bytes = Buffer.from(body, 'base64');
    return bytes.length > maxBytes ? undefined : bytes;
  }
  if (body.length > maxBytes) return undefined; // every UTF-16 unit is at least one UTF-8 byte
  const bytes = Buffer.from(body, 'utf8');
  return bytes.length > maxBytes ? undefined : bytes;
}

/** Function URLs lower-case header names; other front doors may not. */
export function header(headers: Readonly<Record<string, string | undefined>> | undefined, name: string) {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: equal lengths for timingSafeEqual, and the length of the secret does not leak.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected !== '';
}

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

function errorName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
}
