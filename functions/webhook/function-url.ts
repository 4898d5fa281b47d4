// The WhatsApp webhook as a Lambda Function URL (payload v2): parse the request, call one use case of
// shared/app/webhook.ts, map the outcome to HTTP. Meta counts anything but 200 as a failed delivery and
// retries for up to 7 days, so: 401 for a bad signature (forged requests change nothing), 500 only when the
// events could not be stored, 200 for everything signed, even when it does not parse (kept in quarantine).

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { silentLog } from '../../shared/app/ports.js';
import {
  METRICS,
  receiveNotification,
  verifySubscription,
  type WebhookDeps,
  type WebhookOutcome,
} from '../../shared/app/webhook.js';

export type { WebhookDeps } from '../../shared/app/webhook.js';
export { METRICS } from '../../shared/app/webhook.js';

/** Larger bodies are refused with 413 before hashing. Meta sends up to 3 MB; a Function URL takes 6 MB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

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
        deps.metrics?.count(METRICS.tooLarge);
        return toHttp({ kind: 'too-large' });
      }
      return toHttp(await receiveNotification(raw, header(event.headers, 'x-hub-signature-256'), deps));
    } catch (err) {
      // Secrets or a queue unavailable: nothing was lost, Meta retries a non-200.
      deps.metrics?.count(METRICS.failed);
      (deps.logger ?? silentLog).error('webhook could not store the notification', { error: errorName(err) });
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

function errorName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
}
