// The payment rules that hold whatever the gateway: which order a reference names, how long a page lives,
// and when a payment matches its order exactly.

import { describe, expect, it } from 'vitest';
import {
  attemptReference,
  confirmedBy,
  LINK_MAX_MS,
  LINK_MIN_MS,
  linkExpiry,
  nextLinkAttempt,
  orderIdOfReference,
  paymentMismatch,
  reusableLink,
} from '../../../shared/domain/payment.js';
import { fromStripeAmount, toStripeAmount } from '../../../shared/payments/stripe.js';

const now = new Date('2026-11-30T12:00:00.000Z');
const link = (expiresAt: string) =>
  ({
    provider: 'stripe',
    reference: 'cs_1',
    url: 'https://pay',
    expiresAt,
    attempt: 1,
    createdAt: now.toISOString(),
  }) as const;

describe('attempt references (Midtrans wants a new order_id per page)', () => {
  it('is the order id first, then ORD-…-2, -3; and reads back to the order id in any case', () => {
    expect(attemptReference('ORD-7K2M9Q', 1)).toBe('ORD-7K2M9Q');
    expect(attemptReference('ORD-7K2M9Q', 3)).toBe('ORD-7K2M9Q-3');
    expect(orderIdOfReference('ord-7k2m9q-3')).toBe('ORD-7K2M9Q');
    expect(orderIdOfReference('ORD-7K2M9Q')).toBe('ORD-7K2M9Q');
    expect(orderIdOfReference('cs_test_abc')).toBeUndefined();
    expect(orderIdOfReference('ORD-7K2M9Q-x')).toBeUndefined();
    expect(nextLinkAttempt({})).toBe(1);
    expect(nextLinkAttempt({ payLink: link('2026-12-01T00:00:00Z') })).toBe(2);
  });
});

describe('link lifetime', () => {
  it('lives until the order expires when that is sooner than a day, a day at most, 30 minutes at least', () => {
    const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
    expect(linkExpiry({}, now).getTime() - now.getTime()).toBeLessThanOrEqual(LINK_MAX_MS);
    expect(linkExpiry({}, now).getTime() - now.getTime()).toBeGreaterThan(LINK_MAX_MS - 120_000);
    expect(linkExpiry({ payBy: inHours(5) }, now).toISOString()).toBe(
      new Date(now.getTime() + 5 * 3_600_000 - 60_000).toISOString(),
    );
    expect(linkExpiry({ payBy: inHours(0.1) }, now).getTime() - now.getTime()).toBeGreaterThanOrEqual(
      LINK_MIN_MS - 120_000,
    );
  });

  it('reuses a link of the same gateway with 15 minutes or more to live, never another gateway`s', () => {
    expect(reusableLink({ payLink: link('2026-11-30T12:20:00.000Z') }, 'stripe', now)).toBeDefined();
    expect(reusableLink({ payLink: link('2026-11-30T12:10:00.000Z') }, 'stripe', now)).toBeUndefined();
    expect(reusableLink({ payLink: link('2026-11-30T20:00:00.000Z') }, 'midtrans', now)).toBeUndefined();
  });
});

describe('matching a payment to its order', () => {
  const order = { priceMinor: 4590, currency: 'BRL' };
  it('matches only the exact amount in the same currency (any case)', () => {
    expect(paymentMismatch(order, { amountMinor: 4590, currency: 'brl' }, 'pt-BR')).toBeUndefined();
    expect(paymentMismatch(order, { amountMinor: 4500, currency: 'BRL' }, 'pt-BR')).toBe(
      'paid R$ 45, the order asks R$ 45,90',
    );
    expect(paymentMismatch(order, { amountMinor: 4590, currency: 'USD' }, 'pt-BR')).toMatch(
      /4590 USD .* the order asks R\$ 45,90/,
    );
    expect(paymentMismatch(order, {}, 'pt-BR')).toBe('the gateway did not say the amount');
    expect(paymentMismatch({}, { amountMinor: 1, currency: 'BRL' }, 'pt-BR')).toBe('the order has no price to match');
    expect(
      paymentMismatch({ priceMinor: 0, currency: 'BRL' }, { amountMinor: 0, currency: 'BRL' }, 'pt-BR'),
    ).toBeDefined();
  });

  it('knows the payment that confirmed an order, by its transaction or its checkout', () => {
    const paid = {
      payment: { method: 'stripe', by: 'stripe', at: '', reference: 'cs_1', transactionId: 'pi_1' },
    } as const;
    expect(confirmedBy(paid, { provider: 'stripe', reference: 'cs_1', transactionId: 'pi_9' })).toBe(true);
    expect(confirmedBy(paid, { provider: 'stripe', reference: 'cs_2', transactionId: 'pi_1' })).toBe(true);
    expect(confirmedBy(paid, { provider: 'stripe', reference: 'cs_2', transactionId: 'pi_2' })).toBe(false);
    expect(confirmedBy(paid, { provider: 'midtrans', reference: 'cs_1', transactionId: 'pi_1' })).toBe(false);
    expect(
      confirmedBy(
        { payment: { method: 'manual', by: '1555', at: '' } },
        { provider: 'stripe', reference: 'cs_1', transactionId: 'pi_1' },
      ),
    ).toBe(false);
  });
});

describe("Stripe's units", () => {
  it('converts ours to Stripe`s per currency: rupiah in hundredths, yen as they are, reais in centavos', () => {
    expect(toStripeAmount(150000, 'IDR')).toBe(15000000);
    expect(fromStripeAmount(15000000, 'idr')).toBe(150000);
    expect(fromStripeAmount(15000050, 'IDR')).toBeUndefined(); // half a rupiah is no price of ours
    expect(toStripeAmount(4590, 'BRL')).toBe(4590);
    expect(toStripeAmount(500, 'JPY')).toBe(500);
    expect(toStripeAmount(1250, 'KWD')).toBe(1250);
  });
});
