// Meta signs every webhook POST with HMAC-SHA256 of the raw body, keyed by the app secret
// (`X-Hub-Signature-256: sha256=<hex>`). Hash the bytes exactly as received: re-serialised JSON differs.

import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * True when `headerValue` is a valid signature of `rawBody` under any of `secrets` (the current app
 * secret and, during a rotation, the previous one). Missing or malformed headers and empty secrets never verify.
 */
export function verifySignature(rawBody: Buffer, headerValue: string | undefined, secrets: readonly string[]): boolean {
  const match = HEADER.exec(headerValue?.trim() ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  let ok = false;
  for (const secret of secrets) {
    if (secret === '') continue; // an empty key is a key anyone can sign with
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // Both are 32 bytes, so timingSafeEqual cannot throw; every secret is checked to keep timing flat.
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

/** The header value Meta would send for `rawBody` (for tests and the local stack's simulated webhooks). */
export function signBody(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
