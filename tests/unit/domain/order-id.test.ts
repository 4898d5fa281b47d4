import { describe, expect, it } from 'vitest';
import { newOrderId, ORDER_ID_PATTERN, parseOrderId } from '../../../shared/domain/order-id.js';

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
