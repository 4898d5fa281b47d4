// Automatic payments through Midtrans on the local stack (issue 16): the customer taps Pay now, the strict fake
// Midtrans "pays" (QRIS, GoPay, bank transfer, card) and POSTs its notification, signed in the body with
// signature_key, to the gateways' webhook; the worker reads the status back from the Core API and confirms the
// order through the same use case as !order-confirm: provisioned, renewed, upgraded. Exactly once; nothing for
// a forged, wrong or unknown payment; a denied or expired payment leaves the order PENDING with a fresh link
// (a new order_id, ORD-…-2) on request; a gateway down at link time leaves the way by hand open.
// Prices: IDR, whole rupiah (Bronze Rp 50.000, Gold Rp 150.000 per period; the period here is 10 days).

import { createHash } from 'node:crypto';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_2, lastTo, messagesTo, newCustomer, order, placeOrder } from '../../support/harness.js';
import { adminTexts, confirms, type PaymentStack, payButtonsTo, payLinkOf, startPaymentStack } from './support.js';

let p: PaymentStack;

beforeAll(async () => {
  p = await startPaymentStack({
    PAYMENT_PROVIDER: 'midtrans',
    SHOP_CURRENCY: 'IDR',
    SHOP_LOCALE: 'id-ID',
    BRONZE_PRICE: '50000',
    SILVER_PRICE: '90000',
    GOLD_PRICE: '150000',
    PLATINUM_PRICE: '300000',
    DIAMOND_PRICE: '550000',
  });
});
afterAll(async () => {
  await p.stack.stop();
});

const midtrans = () => p.stack.payments.midtrans!;
const serverKey = () => p.stack.env.MIDTRANS_SERVER_KEY!;
const count = (metric: string) => p.metrics.filter((m) => m === metric).length;

const settle = () => p.settle();
const ordered = (pkg?: string) => p.ordered(pkg);
/** A completed server of a new customer, paid through Midtrans. */
const paidServer = () => p.paidServer((reference) => midtrans().pay(reference));

/** A Snap transaction made at the fake directly (not by the shop), as another integration or a person would. */
async function snapTransaction(orderId: string, grossAmount: number): Promise<void> {
  const res = await axios.post(
    `${midtrans().snapUrl}/transactions`,
    { transaction_details: { order_id: orderId, gross_amount: grossAmount } },
    { auth: { username: serverKey(), password: '' }, validateStatus: () => true },
  );
  expect(res.status, JSON.stringify(res.data)).toBe(201);
}

/** POSTs a body to the gateways' webhook exactly as Midtrans would (JSON, no header proof). */
async function postNotification(body: string) {
  return axios.post(`${p.stack.payments.url}/payments/midtrans`, body, {
    headers: { 'content-type': 'application/json' },
    validateStatus: () => true,
    transformRequest: [(d) => d],
  });
}

const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');

describe('a new order paid by link', () => {
  it('gets a Pay now button for the exact amount; paying it by QRIS provisions the server with no admin', async () => {
    const { customer, id, link } = await ordered('gold');
    expect(link).toMatchObject({ provider: 'midtrans', reference: id, attempt: 1 });
    expect(payButtonsTo(p.stack, customer)).toEqual([link.url]);
    expect(midtrans().transactions.get(id)).toMatchObject({ orderId: id, grossAmount: 150000, currency: 'IDR' });
    expect(messagesTo(p.stack, customer).join('\n')).toContain('Tap *Pay now*');

    const notification = await midtrans().pay(link.reference, { method: 'qris' });
    expect(notification).toMatchObject({ transaction_status: 'settlement', gross_amount: '150000.00' });
    await settle();
    expect(
      midtrans()
        .deliveries.filter((d) => d.orderId === id)
        .map((d) => d.status),
    ).toEqual([200]);
    // The status was read back from the Core API before anything was done.
    expect(midtrans().requests.some((r) => r.method === 'GET' && r.path === `/v2/${id}/status`)).toBe(true);

    const o = await order(p.stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.payment).toMatchObject({
      method: 'midtrans',
      by: 'midtrans',
      reference: id,
      transactionId: midtrans().transactions.get(id)!.transactionId,
      amountMinor: 150000,
      currency: 'IDR',
      paymentType: 'qris',
    });
    expect(o.history.find((h) => h.event === 'CONFIRM')?.by).toBe('midtrans');
    expect(messagesTo(p.stack, customer).join('\n')).toContain('*Password:*');
    for (const admin of [ADMIN, ADMIN_2])
      expect(adminTexts(p.stack, admin).some((t) => t.includes(`*${id}*`) && t.includes('Midtrans'))).toBe(true);
    await p.stack.say(ADMIN, `!provision-status ${id}`);
    await p.stack.settle();
    expect(lastTo(p.stack, ADMIN)).toContain('through Midtrans');
    // The server key reaches neither the logs nor the order.
    expect(JSON.stringify(p.stack.logs)).not.toContain(serverKey());
    expect(JSON.stringify(o)).not.toContain(serverKey());
  });

  it('a card captured with fraud accept (paid on the Snap page) confirms; its later settlement changes nothing', async () => {
    const { id, link } = await ordered();
    const page = await axios.post(link.url, 'method=credit_card', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      maxRedirects: 0,
      validateStatus: () => true,
    });
    expect([200, 302, 303]).toContain(page.status);
    await settle();
    expect(midtrans().transactions.get(id)).toMatchObject({ transactionStatus: 'capture', fraudStatus: 'accept' });
    const confirmed = await order(p.stack, id);
    expect(confirmed.status).toBe('COMPLETED');
    expect(confirmed.payment).toMatchObject({ method: 'midtrans', paymentType: 'credit_card', amountMinor: 50000 });

    const sent = p.stack.graph!.messages().length;
    await midtrans().pay(id, { outcome: 'settlement' }); // a second event for the same payment
    await settle();
    const after = await order(p.stack, id);
    expect(after.updatedAt).toBe(confirmed.updatedAt);
    expect(confirms(after)).toBe(1);
    expect(p.stack.graph!.messages().length).toBe(sent);
  });

  it('denied, then expired: the order stays PENDING; !payment-link gives ORD-…-2, and paying that confirms', async () => {
    const { customer, id, link } = await ordered();
    await midtrans().pay(link.reference, { method: 'credit_card', outcome: 'deny' });
    await settle();
    expect((await order(p.stack, id)).status).toBe('PENDING');
    await midtrans().pay(link.reference, { outcome: 'expire' });
    await settle();
    const pending = await order(p.stack, id);
    expect(pending.status).toBe('PENDING');
    expect(pending.payment).toBeUndefined();

    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    const fresh = await payLinkOf(p.stack, id);
    expect(fresh).toMatchObject({ reference: `${id}-2`, attempt: 2 });
    expect(payButtonsTo(p.stack, customer)).toEqual([link.url, fresh.url]);
    expect(midtrans().transactions.get(`${id}-2`)).toMatchObject({ grossAmount: 50000 });

    await midtrans().pay(fresh.reference, { method: 'gopay' });
    await settle();
    const o = await order(p.stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.payment).toMatchObject({ reference: `${id}-2`, paymentType: 'gopay', amountMinor: 50000 });
    expect(confirms(o)).toBe(1);

    await p.stack.say(customer, `!payment-link ${id}`);
    await p.stack.settle();
    expect(lastTo(p.stack, customer)).toContain('already paid');
  });
});

describe('exactly once, and nothing for what is not a payment', () => {
  it('the same notification twice (a resend, and a replayed copy of its body) changes nothing', async () => {
    const { id, link } = await ordered();
    await midtrans().pay(link.reference);
    await settle();
    const before = await order(p.stack, id);
    expect(before.status).toBe('COMPLETED');
    const sent = p.stack.graph!.messages().length;

    const [again] = await midtrans().notify(link.reference);
    const replayed = await postNotification(midtrans().deliveries.filter((d) => d.orderId === id)[0]!.body);
    await settle();
    expect([again!.status, replayed.status]).toEqual([200, 200]);
    const after = await order(p.stack, id);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(confirms(after)).toBe(1);
    expect(p.stack.sfn.list().filter((e) => e.name.startsWith(id))).toHaveLength(1);
    expect(p.stack.graph!.messages().length).toBe(sent);
  });

  it('a forged signature_key, another server key, a re-amounted or unsigned notification: 401, nothing changes', async () => {
    const { id, link } = await ordered();
    // The customer picked a virtual account and has not paid yet: there is a transaction to notify about.
    const pendingNote = await midtrans().pay(link.reference, { method: 'bank_transfer', outcome: 'pending' });
    await settle();
    const rejected = count('PaymentSignatureRejected');

    const forged = await midtrans().notify(link.reference, { signatureKey: 'f'.repeat(128) });
    const otherKey = await midtrans().notify(link.reference, { serverKey: 'wrong' });
    // A settlement claimed with the pending notification's (genuine) signature_key, and with a bigger amount.
    const settled = { ...pendingNote, transaction_status: 'settlement', status_code: '200' };
    const claimed = await postNotification(JSON.stringify(settled));
    const reAmounted = await midtrans().notify(link.reference, {
      grossAmount: '1.00',
      signatureKey: pendingNote.signature_key,
    });
    const { signature_key: _, ...unsigned } = settled;
    const noSignature = await postNotification(JSON.stringify(unsigned));
    const otherKeySettled = await postNotification(
      JSON.stringify({
        ...settled,
        signature_key: sha512(`${settled.order_id}${settled.status_code}${settled.gross_amount}SB-Mid-server-wrong`),
      }),
    );
    await settle();

    expect([
      forged[0]!.status,
      otherKey[0]!.status,
      claimed.status,
      reAmounted[0]!.status,
      noSignature.status,
      otherKeySettled.status,
    ]).toEqual([401, 401, 401, 401, 401, 401]);
    expect(count('PaymentSignatureRejected')).toBe(rejected + 6);
    const o = await order(p.stack, id);
    expect(o.status).toBe('PENDING');
    expect(o.payment).toBeUndefined();
    expect(JSON.stringify(p.stack.logs)).not.toContain(serverKey());

    // The genuine payment still goes through afterwards.
    await midtrans().pay(link.reference, { outcome: 'settlement' });
    await settle();
    expect((await order(p.stack, id)).status).toBe('COMPLETED');
  });

  it('the status read back decides, and a notification it contradicted does not block the real one later', async () => {
    const { id, link } = await ordered();
    const pendingNote = await midtrans().pay(link.reference, { method: 'qris', outcome: 'pending' });
    await settle();
    // transaction_status is not covered by signature_key (order_id + status_code + gross_amount + key): the
    // pending notification's body, relabelled "settlement", still checks out. The webhook takes it; the worker
    // reads the status back (pending) and confirms nothing.
    const relabelled = await postNotification(JSON.stringify({ ...pendingNote, transaction_status: 'settlement' }));
    await settle();
    expect(relabelled.status).toBe(200);
    expect((await order(p.stack, id)).status).toBe('PENDING');

    // Midtrans then settles it for real and notifies: that genuine notification must still confirm the order.
    await midtrans().pay(link.reference, { outcome: 'settlement' });
    await settle();
    expect(
      midtrans()
        .deliveries.filter((d) => d.orderId === id)
        .map((d) => d.status),
    ).toEqual([200, 200]);
    expect((await order(p.stack, id)).status).toBe('COMPLETED');
  });

  it('a wrong amount confirms nothing and tells the admins, with the gateway ids', async () => {
    const { id } = await ordered();
    const reference = `${id}-9`;
    await snapTransaction(reference, 1000);
    const unmatched = count('PaymentUnmatched');
    await midtrans().pay(reference, { method: 'qris' });
    await settle();
    expect(
      midtrans()
        .deliveries.filter((d) => d.orderId === reference)
        .map((d) => d.status),
    ).toEqual([200]);
    const o = await order(p.stack, id);
    expect(o.status).toBe('PENDING');
    expect(o.payment).toBeUndefined();
    const notice = adminTexts(p.stack).find((t) => t.includes(id) && t.includes('did not match'));
    expect(notice).toContain(midtrans().transactions.get(reference)!.transactionId!);
    expect(notice).toContain(reference);
    expect(count('PaymentUnmatched')).toBe(unmatched + 1);
  });

  it('a payment for an unknown order is acknowledged, logged and counted', async () => {
    await snapTransaction('ORD-ZZZZZZ', 50000);
    const unmatched = count('PaymentUnmatched');
    await midtrans().pay('ORD-ZZZZZZ');
    await settle();
    expect(
      midtrans()
        .deliveries.filter((d) => d.orderId === 'ORD-ZZZZZZ')
        .map((d) => d.status),
    ).toEqual([200]);
    expect(count('PaymentUnmatched')).toBe(unmatched + 1);
    expect(
      p.stack.logs.some((l) => l.message === 'Payment for an unknown order' && l.fields.orderId === 'ORD-ZZZZZZ'),
    ).toBe(true);
  });

  it('a payment after an admin confirmed by hand changes nothing and tells the admins to refund one', async () => {
    const { id, link } = await ordered();
    await p.stack.say(ADMIN, `!order-confirm ${id}`);
    await settle();
    expect((await order(p.stack, id)).payment?.method).toBe('manual');
    const duplicates = count('PaymentDuplicate');
    await midtrans().pay(link.reference);
    await settle();
    const o = await order(p.stack, id);
    expect(o.payment?.method).toBe('manual');
    expect(confirms(o)).toBe(1);
    expect(
      adminTexts(p.stack).some((t) => t.includes(id) && t.includes('was already paid') && t.includes('refund')),
    ).toBe(true);
    expect(count('PaymentDuplicate')).toBe(duplicates + 1);
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
    expect(midtrans().transactions.get(link.reference)!.grossAmount).toBe(50000);
    await midtrans().pay(link.reference, { method: 'gopay' });
    await settle();
    await midtrans().notify(link.reference);
    await settle();
    const after = (await order(p.stack, id)).service!;
    expect(Date.parse(after.paidUntil) - Date.parse(before.paidUntil)).toBe(10 * 86_400_000);
    const paid = await order(p.stack, renewal.id);
    expect(paid.status).toBe('COMPLETED');
    expect(paid.payment).toMatchObject({ method: 'midtrans', amountMinor: 50000, currency: 'IDR' });
  });

  it('upgrade by link (bronze → gold): the panel gets the bigger build', async () => {
    const { customer, id } = await paidServer();
    await p.stack.say(customer, `!upgrade ${id} gold`);
    await p.stack.settle();
    const upgrade = (await p.stack.app.inbox.orders.listByCustomer(customer, 5)).items.find(
      (o) => o.kind === 'UPGRADE',
    )!;
    const link = await payLinkOf(p.stack, upgrade.id);
    expect(midtrans().transactions.get(link.reference)!.grossAmount).toBe(upgrade.priceMinor);
    await midtrans().pay(link.reference);
    await settle();
    expect((await order(p.stack, upgrade.id)).status).toBe('COMPLETED');
    expect((await order(p.stack, id)).service?.plan?.packageId).toBe('gold');
    expect(p.stack.panel!.state().servers.find((s) => s.external_id === id)).toMatchObject({ memory: 4096 });
  });
});

describe('the gateway down when a link is made', () => {
  it('the customer is told how to pay by hand, the admins why; !order-confirm works; !payment-link later gives a link', async () => {
    const customer = newCustomer();
    const linkFailed = count('PaymentLinkFailed');
    midtrans().setDown(true);
    let byHand: string;
    let later: string;
    try {
      byHand = await placeOrder(p.stack, customer, 'bronze');
      later = await placeOrder(p.stack, customer, 'silver');
    } finally {
      midtrans().setDown(false);
    }
    for (const id of [byHand, later]) {
      expect((await order(p.stack, id)).payLink).toBeUndefined();
      expect(adminTexts(p.stack).some((t) => t.includes(id) && t.includes('could not make a payment link'))).toBe(true);
    }
    expect(
      messagesTo(p.stack, customer).filter((t) => t.includes('Online payment is not available right now')),
    ).toHaveLength(2);
    expect(payButtonsTo(p.stack, customer)).toEqual([]);
    expect(count('PaymentLinkFailed')).toBe(linkFailed + 2);

    await p.stack.say(ADMIN, `!order-confirm ${byHand}`);
    await settle();
    const manual = await order(p.stack, byHand);
    expect(manual.status).toBe('COMPLETED');
    expect(manual.payment?.method).toBe('manual');

    await p.stack.say(customer, `!payment-link ${later}`);
    await p.stack.settle();
    const link = await payLinkOf(p.stack, later);
    expect(link).toMatchObject({ reference: later, attempt: 1 });
    expect(payButtonsTo(p.stack, customer)).toEqual([link.url]);
    expect(midtrans().transactions.get(later)).toMatchObject({ grossAmount: 90000 });
    await midtrans().pay(link.reference);
    await settle();
    const paid = await order(p.stack, later);
    expect(paid.status).toBe('COMPLETED');
    expect(paid.payment).toMatchObject({ method: 'midtrans', amountMinor: 90000 });
  });
});
