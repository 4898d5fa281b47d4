// Order ids: "ORD-" + 6 Crockford base32 characters. Easy to read aloud and to type on a phone:
// no I, L, O or U, and whatever a person types is normalised (case, spaces, look-alike letters).

export const ORDER_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_LENGTH = 6;
export const ORDER_ID_PATTERN = /^ORD-[0-9A-HJKMNP-TV-Z]{6}$/;

/** Random bytes from whoever owns randomness (crypto in production, a seed in tests). */
export type RandomBytes = (size: number) => Uint8Array;

export function newOrderId(randomBytes: RandomBytes): string {
  const bytes = randomBytes(BODY_LENGTH);
  let body = '';
  for (const b of bytes) body += ORDER_ID_ALPHABET[b & 31];
  return `ORD-${body}`;
}

/**
 * The id a digest names: its first 30 bits, six 5-bit characters. The caller hashes (SHA-256 of the WhatsApp
 * message id in the app layer; the domain stays free of node: modules), so every bit of the id comes from
 * the whole input: 2^30 ids, where a per-character hash kept in 5 bits gave ~25,000.
 */
export function orderIdFromDigest(digest: Uint8Array): string {
  if (digest.length < 4) throw new RangeError('An order id needs a digest of at least 4 bytes');
  const bits = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 2;
  let body = '';
  for (let i = BODY_LENGTH - 1; i >= 0; i--) body += ORDER_ID_ALPHABET[(bits >>> (5 * i)) & 31];
  return `ORD-${body}`;
}

export type ParsedOrderId = { ok: true; id: string } | { ok: false; reason: 'empty' | 'length' | 'characters' };

/**
 * Reads an order id as a person typed it: "ord-7k2m9q", "7K2M9Q", "ORD 7k2m9q", "ord-7k2m9o" (O read as 0).
 * Crockford's rules: I and L are 1, O is 0; U is never valid.
 */
export function parseOrderId(typed: string): ParsedOrderId {
  let s = typed
    .trim()
    .toUpperCase()
    .replace(/[\s\-_.#]/g, '');
  if (s.startsWith('ORD')) s = s.slice(3);
  if (s.length === 0) return { ok: false, reason: 'empty' };
  s = s.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-Z]+$/.test(s) || /U/.test(s)) return { ok: false, reason: 'characters' };
  if (s.length !== BODY_LENGTH) return { ok: false, reason: 'length' };
  return { ok: true, id: `ORD-${s}` };
}

/** Levenshtein distance between two ids' bodies, to suggest "did you mean" for a mistyped id. */
export function idDistance(a: string, b: string): number {
  const x = a.replace(/^ORD-/, '');
  const y = b.replace(/^ORD-/, '');
  return editDistance(x, y);
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
