import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { orderIdForMessage } from '../../../shared/app/conversation/ordering.js';
import {
  newOrderId,
  ORDER_ID_ALPHABET,
  ORDER_ID_PATTERN,
  orderIdFromDigest,
  parseOrderId,
} from '../../../shared/domain/order-id.js';

describe('order ids', () => {
  it('are ORD- plus six Crockford base32 characters', () => {
    // Arrange
    let n = 0;
    const bytes = (size: number) => Uint8Array.from({ length: size }, () => n++ * 7);
    // Act
    const ids = Array.from({ length: 50 }, () => newOrderId(bytes));
    // Assert
    for (const id of ids) expect(id).toMatch(ORDER_ID_PATTERN);
  });

  it.each([
    ['ord-7k2m9q', 'ORD-7K2M9Q'],
    ['7K2M9Q', 'ORD-7K2M9Q'],
    [' ORD 7k2m9q ', 'ORD-7K2M9Q'],
    ['ord-7k2m9o', 'ORD-7K2M90'],
    ['ORD-IL0000', 'ORD-110000'],
  ])('reads %j as %s', (typed, id) => {
    expect(parseOrderId(typed)).toEqual({ ok: true, id });
  });

  it.each([
    ['', 'empty'],
    ['ORD-7K2M9', 'length'],
    ['ORD-7K2M9QQ', 'length'],
    ['ORD-7K2U9Q', 'characters'],
    ['ORD-7K2M9!', 'characters'],
  ])('refuses %j (%s)', (typed, reason) => {
    expect(parseOrderId(typed)).toEqual({ ok: false, reason });
  });
});

describe('order ids derived from a message id', () => {
  it('use all 30 bits of the digest, most significant first', () => {
    // Arrange: the top 30 bits are 00001 00010 00011 00100 00101 00110, then 2 bits the id does not use
    const bits = (((1 << 25) | (2 << 20) | (3 << 15) | (4 << 10) | (5 << 5) | 6) << 2) | 3;
    const digest = Uint8Array.from([bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255]);
    // Act
    const id = orderIdFromDigest(digest);
    // Assert
    expect(id).toBe('ORD-123456');
    expect(orderIdFromDigest(Uint8Array.from([255, 255, 255, 255]))).toBe(`ORD-${ORDER_ID_ALPHABET[31]!.repeat(6)}`);
  });

  it('are the same for the same message and valid ids', () => {
    const wamid = 'wamid.HBgLMTU1NTAxMDEyMzQVAgASGBQzQTc2QjI5NUY5RUY2RDQ2NzU5AA==';
    expect(orderIdForMessage(wamid)).toBe(orderIdForMessage(wamid));
    expect(orderIdForMessage(wamid)).toMatch(ORDER_ID_PATTERN);
  });

  it('spread 200,000 random message ids as a random 30-bit id would (birthday bound: ~19 collisions)', () => {
    // Arrange
    const n = 200_000;
    const pool = randomBytes(18 * n);
    const ids = new Set<string>();
    // Act
    for (let i = 0; i < n; i++) ids.add(orderIdForMessage(`wamid.${pool.toString('base64url', 18 * i, 18 * i + 18)}`));
    // Assert: n²/2^31 ≈ 18.6 expected collisions; the per-character hash gave 25,194 distinct ids
    expect(ids.size).toBeGreaterThanOrEqual(n - 100);
  });

  it('take every character of the alphabet in every position', () => {
    // Arrange
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    // Act
    for (let i = 0; i < 5_000; i++) {
      const body = orderIdForMessage(`m-${i}`).slice(4);
      for (const [p, ch] of [...body].entries()) seen[p]!.add(ch);
    }
    // Assert
    for (const s of seen) expect(s.size).toBe(32);
  });
});
