// Automatic payments through Stripe on the local stack (issue 16): the customer taps Pay now, the strict fake
// Stripe "pays" and sends its signed event to the gateways' webhook, and the order is confirmed through the
// same use case as !order-confirm: provisioned, renewed, upgraded. Exactly once; nothing for a forged, replayed,
// wrong or unknown payment; a gateway down at link time leaves the way by hand open.
// Prices: the local defaults in BRL (Bronze R$ 15, Gold R$ 45 per period; the period here is 10 days).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_2, lastTo, messagesTo, newCustomer, order, placeOrder } from '../../support/harness.js';
import { adminTexts, confirms, type PaymentStack, payButtonsTo, payLinkOf, startPaymentStack } from './support.js';

let p: PaymentStack;

beforeAll(async () => {
  p = await startPaymentStack({ PAYMENT_PROVIDER: 'stripe' });
});
afterAll(async () => {
  await p.stack.stop();
});

const stripe = () => p.stack.payments.stripe!;

const settle = () => p.settle();
const ordered = (pkg?: string) => p.ordered(pkg);
/** A completed server of a new customer, paid through Stripe. */
const paidServer = () => p.paidServer((reference) => stripe().pay(reference));

describe('a new order paid by link', () => {
  it('gets a Pay now button for the exact amount; paying it provisions the server with no admin', async () => {
    const { customer, id, link } = await ordered('gold');
    expect(payButtonsTo(p.stack, customer)).toEqual([link.url]);
    const session = stripe().sessions.get(link.reference)!;
    expect(session).toMatchObject({ amount_total: 4500, currency: 'brl', client_reference_id: id, status: 'open' });
    expect(messagesTo(p.stack, customer).join('\n')).toContain('Tap *Pay now*');

    await stripe().pay(link.reference);
    await settle();

    const o = await order(p.stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.payment).toMatchObject({
      method: 'stripe',
      by: 'stripe',
      reference: link.reference,
      amountMinor: 4500,
      currency: 'BRL',
    });
    expect(o.payment?.transactionId).toMatch(/^pi_/);
    expect(o.history.find((h) => h.event === 'CONFIRM')?.by).toBe('stripe');
    expect(messagesTo(p.stack, customer).join('\n')).toContain('*Password:*');
    // Both admins hear it was paid through Stripe, without touching anything.
    for (const admin of [ADMIN, ADMIN_2])
      expect(adminTexts(p.stack, admin).some((t) => t.includes(`*${id}*`) && t.includes('Stripe'))).toBe(true);
    // !provision-status says how and when it was paid.
    await p.stack.say(ADMIN, `!provision-status ${id}`);
    await p.stack.settle();
    expect(lastTo(p.stack, ADMIN)).toContain('through Stripe');
  });

  it('a delayed method: the completed (unpaid) event waits, the async success confirms once', async () => {
    const { id, link } = await ordered();
    await stripe().pay(link.reference, { later: true });
    await settle();
    expect((await order(p.stack, id)).status).toBe('PENDING');
    await stripe().settleLater(link.reference);
    await settle();
    const o = await order(p.stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(confirms(o)).toBe(1);
  });
});

describe('exactly once, and nothing for what is not a payment', () => {
  it('the same event delivered twice changes nothing the second time', async () => {
    const { id, link } = await ordered();
    const event = await stripe().pay(link.reference);
    await settle();
    const before = await order(p.stack, id);
    const sent = p.stack.graph!.messages().length;
    const again = await stripe().resend(event.id);
    await settle();
    expect(again.status).toBe(200);
    const after = await order(p.stack, id);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(confirms(after)).toBe(1);
    expect(p.stack.sfn.list().filter((e) => e.name.startsWith(id))).toHaveLength(1);
    expect(p.stack.graph!.messages().length).toBe(sent);
  });

  it('a replayed event (old timestamp), a forged signature and an unsigned one are refused; nothing changes', async () => {
    const { id, link } = await ordered();
    await stripe().expire(link.reference); // an event of this session to replay
    await settle();
    const [expired] = stripe()
      .events.filter((e) => e.type === 'checkout.session.expired')
      .slice(-1);
    const paidEvent = await stripe().sendEvent(
      {
        type: 'checkout.session.completed',
        data: {
          object: {
            ...stripe().sessions.get(link.reference)!,
            status: 'complete',
            payment_status: 'paid',
            payment_intent: 'pi_forged',
          },
        },
      },
      { secret: 'whsec_wrong' },
    );
    const old = await stripe().resend(expired!.id, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const unsigned = await stripe().resend(expired!.id, { signature: null });
    await settle();
    expect([paidEvent.status, old.status, unsigned.status]).toEqual([401, 401, 401]);
    expect((await order(p.stack, id)).status).toBe('PENDING');
    expect(p.metrics.filter((m) => m === 'PaymentSignatureRejected').length).toBeGreaterThanOrEqual(3);
  });

  it('a wrong amount confirms nothing and tells the admins, with the gateway ids', async () => {
    const { id, link } = await ordered();
    const session = stripe().sessions.get(link.reference)!;
    const delivery = await stripe().sendEvent({
      type: 'checkout.session.completed',
      data: {
        object: {
          ...session,
          status: 'complete',
          payment_status: 'paid',
          amount_total: 100,
          payment_intent: 'pi_short',
        },
      },
    });
    await settle();
    expect(delivery.status).toBe(200);
    expect((await order(p.stack, id)).status).toBe('PENDING');
    const notice = adminTexts(p.stack).find((t) => t.includes(id) && t.includes('did not match'));
    expect(notice).toContain('pi_short');
    expect(notice).toContain(link.reference);
    expect(p.metrics).toContain('PaymentUnmatched');
  });

  it('an event for an unknown order is acknowledged, logged and counted', async () => {
    const { link } = await ordered();
    const session = stripe().sessions.get(link.reference)!;
    const delivery = await stripe().sendEvent({
      type: 'checkout.session.completed',
      data: {
        object: {
          ...session,
          id: 'cs_test_unknown',
          client_reference_id: 'ORD-ZZZZZZ',
          metadata: {},
          status: 'complete',
          payment_status: 'paid',
          payment_intent: 'pi_unknown',
        },
      },
    });
    const unmatched = p.metrics.filter((m) => m === 'PaymentUnmatched').length;
    await settle();
    expect(delivery.status).toBe(200);
    expect(p.metrics.filter((m) => m === 'PaymentUnmatched').length).toBe(unmatched + 1);
    expect(
      p.stack.logs.some((l) => l.message === 'Payment for an unknown order' && l.fields.orderId === 'ORD-ZZZZZZ'),
    ).toBe(true);
  });

  it('a payment after an admin confirmed by hand changes nothing and tells the admins to refund one', async () => {
    const { id, link } = await ordered();
    await p.stack.say(ADMIN, `!order-confirm ${id}`);
    await settle();
    expect((await order(p.stack, id)).payment?.method).toBe('manual');
    await stripe().pay(link.reference);
    await settle();
    const o = await order(p.stack, id);
    expect(o.payment?.method).toBe('manual');
    expect(confirms(o)).toBe(1);
    expect(
      adminTexts(p.stack).some((t) => t.includes(id) && t.includes('was already paid') && t.includes('refund')),
    ).toBe(true);
    expect(p.metrics).toContain('PaymentDuplicate');
  });
});

describe('renewals and upgrades by link', () => {
  it('renew by link: the paid-until date moves one period, once', async () => {
    const { customer, id } = await paidServer();
    const before = (await order(p.stack, id)).service!;
    await p.stack.say(customer, `!renew ${id}`);
    await p.stack.settle();
    const renewal = (await p.stack.app.inbox.orders.listByCustomer(customer, 5)).items.find(
      (o) => o.kind === 'RENEWAL',
    )!;
    const link = await payLinkOf(p.stack, renewal.id);
    expect(payButtonsTo(p.stack, customer).at(-1)).toBe(link.url);
    const event = await stripe().pay(link.reference);
    await settle();
    await stripe().resend(event.id);
    await settle();
    const after = (await order(p.stack, id)).service!;
    expect(Date.parse(after.paidUntil) - Date.parse(before.paidUntil)).toBe(10 * 86_400_000);
    expect((await order(p.stack, renewal.id)).status).toBe('COMPLETED');
  });

  it('upgrade by link: the panel gets the bigger build', async () => {
    const { customer, id } = await paidServer();
    await p.stack.say(customer, `!upgrade ${id} gold`);
    await p.stack.settle();
    const upgrade = (await p.stack.app.inbox.orders.listByCustomer(customer, 5)).items.find(
      (o) => o.kind === 'UPGRADE',
    )!;
    const link = await payLinkOf(p.stack, upgrade.id);
    expect(stripe().sessions.get(link.reference)!.amount_total).toBe(upgrade.priceMinor);
    await stripe().pay(link.reference);
    await settle();
    expect((await order(p.stack, id)).service?.plan?.packageId).toBe('gold');
    expect(p.stack.panel!.state().servers.find((s) => s.external_id === id)).toMatchObject({ memory: 4096 });
  });
});

describe('the gateway down when a link is made', () => {
  it('the customer is told how to pay by hand, the admins why; !order-confirm works; !payment-link later gives a link', async () => {
    stripe().setDown(true);
    const customer = newCustomer();
    let id: string;
    try {
      id = await placeOrder(p.stack, customer, 'bronze');
    } finally {
      stripe().setDown(false);
    }
    expect((await order(p.stack, id)).payLink).toBeUndefined();
    expect(messagesTo(p.stack, customer).join('\n')).toContain('Online payment is not available right now');
    expect(adminTexts(p.stack).some((t) => t.includes(id) && t.includes('could not make a payment link'))).toBe(true);
    expect(p.metrics).toContain('PaymentLinkFailed');

    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    const link = await payLinkOf(p.stack, id);
    expect(payButtonsTo(p.stack, customer)).toEqual([link.url]);

    await p.stack.say(ADMIN, `!order-confirm ${id}`);
    await settle();
    expect((await order(p.stack, id)).status).toBe('COMPLETED');
  });

  it("a day later the unpaid order's nudge names !payment-link, which brings a fresh page", async () => {
    const { customer, id } = await ordered();
    p.setDays(1.1); // past PAYMENT_REMINDER_HOURS (24): the first link has expired by now
    await p.stack.sweep();
    await p.stack.settle();
    p.setDays(0);
    // The window has closed: the nudge goes as the order template, which names the command.
    expect(lastTo(p.stack, customer)).toContain(`!payment-link ${id}`);
    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    const link = await payLinkOf(p.stack, id);
    expect(link.attempt).toBe(2);
    expect(payButtonsTo(p.stack, customer).at(-1)).toBe(link.url);
  });

  it('a delayed payment that settles after the order was cancelled: nothing is set up, the customer and admins are told', async () => {
    const { customer, id, link } = await ordered();
    await stripe().pay(link.reference, { later: true }); // a boleto: paid days later
    await settle();
    await p.stack.say(customer, `!cancel ${id} confirm`);
    await settle();
    const unmatched = p.metrics.filter((m) => m === 'PaymentUnmatched').length;
    await stripe().settleLater(link.reference);
    await settle();
    const o = await order(p.stack, id);
    expect(o.status).toBe('CANCELLED');
    expect(o.payment).toBeUndefined();
    expect(lastTo(p.stack, customer)).toContain('already cancelled, so nothing was set up');
    expect(adminTexts(p.stack).some((t) => t.includes(id) && t.includes('is cancelled, and a payment'))).toBe(true);
    expect(p.metrics.filter((m) => m === 'PaymentUnmatched').length).toBe(unmatched + 1);
  });

  it('a cancelled order closes its page at Stripe', async () => {
    const { customer, id, link } = await ordered();
    await p.stack.say(customer, `!cancel ${id} confirm`);
    await settle();
    expect((await order(p.stack, id)).status).toBe('CANCELLED');
    expect(stripe().sessions.get(link.reference)!.status).toBe('expired');
  });

  it('a fresh link replaces the old one (closed at Stripe); a paid order gets none', async () => {
    const { customer, id, link } = await ordered();
    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    const fresh = await payLinkOf(p.stack, id);
    expect(fresh.reference).not.toBe(link.reference);
    expect(fresh.attempt).toBe(2);
    expect(stripe().sessions.get(link.reference)!.status).toBe('expired');
    await stripe().pay(fresh.reference);
    await settle();
    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    expect(lastTo(p.stack, customer)).toContain('already paid');
  });
});
