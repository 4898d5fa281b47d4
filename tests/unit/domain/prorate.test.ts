// An upgrade is priced at the difference for all the time already paid for: a server renewed ahead runs the
// bigger plan for every period it paid, so each of them owes the difference.

import { describe, expect, it } from 'vitest';
import { prorate } from '../../../shared/domain/money.js';

const DAY = 86_400_000;

describe('prorate', () => {
  it('rounds the share up to the minor unit, and is 0 when nothing is left', () => {
    expect(prorate(1000, 10 * DAY, 30 * DAY)).toBe(334);
    expect(prorate(1000, 0, 30 * DAY)).toBe(0);
    expect(prorate(1000, -DAY, 30 * DAY)).toBe(0);
  });

  it('bills every period paid ahead, not only one (a renewal bought at the smaller plan)', () => {
    expect(prorate(1000, 30 * DAY, 30 * DAY)).toBe(1000);
    expect(prorate(1000, 75 * DAY, 30 * DAY)).toBe(2500);
  });

  it('is exact for large amounts (BigInt)', () => {
    expect(prorate(9_000_000_000_000, 45 * DAY, 30 * DAY)).toBe(13_500_000_000_000);
  });
});
