// The fake Midtrans over plain HTTP (axios with Basic auth, as the official client calls it): Snap refuses what
// Midtrans refuses, a reused order_id above all; the notification's signature_key checks out with node:crypto;
// the Core API status endpoint answers as Midtrans does, HTTP 200 with status_code "404" for the unknown.

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMidtrans, startFakeMidtrans } from '../../local/fake-gateways/midtrans.js';

const SERVER_KEY = 'SB-Mid-server-FakeLocalStackKey01';

/** The shop's notification endpoints: keeps each JSON body by path, answers 200. */
const received: { path: string; body: Record<string, string> }[] = [];
let receiver: Server;
let receiverUrl = '';
let fake: FakeMidtrans;
let snap: AxiosInstance;
let core: AxiosInstance;
let n = 0;

const orderId = () => `ORD-${Date.now()}-${++n}`;
const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');
const validSignature = (b: Record<string, string>, key = SERVER_KEY) =>
  b['signature_key'] === sha512(`${b['order_id']}${b['status_code']}${b['gross_amount']}${key}`);

function client(baseURL: string, username = SERVER_KEY): AxiosInstance {
  return axios.create({ baseURL, auth: { username, password: '' }, validateStatus: () => true });
}

async function create(id: string, gross = 24145, extra: Record<string, unknown> = {}) {
  return snap.post('/transactions', { transaction_details: { order_id: id, gross_amount: gross }, ...extra });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, string> });
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFakeMidtrans({ serverKey: SERVER_KEY, notificationUrl: `${receiverUrl}/payments/midtrans` });
  snap = client(fake.snapUrl);
  core = client(fake.apiUrl);
});

afterAll(async () => {
  await fake.stop();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
  await fake.idle();
  received.length = 0;
  fake.setDown(false);
});

describe('Snap transactions', () => {
  it('creates a transaction: 201 with a token and the fake pay page as redirect_url', async () => {
    const id = orderId();
    const res = await create(id);
    expect(res.status).toBe(201);
    expect(res.data.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.data.redirect_url).toBe(`${fake.apiUrl}/snap/v4/redirection/${res.data.token}`);
    expect(fake.transactions.get(id)).toMatchObject({ grossAmount: 24145, transactionStatus: null });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/snap/v1/transactions', status: 201 });
  });

  it('refuses a duplicate order_id', async () => {
    const id = orderId();
    expect((await create(id)).status).toBe(201);
    const again = await create(id, 30000);
    expect(again.status).toBe(400);
    expect(again.data).toEqual({ error_messages: ['transaction_details.order_id has already been taken'] });
  });

  const td = (details: Record<string, unknown>) => ({ transaction_details: details });
  const refusals: [string, unknown, string][] = [
    ['no transaction_details', {}, 'transaction_details.order_id is required'],
    ['no order_id', td({ gross_amount: 1000 }), 'transaction_details.order_id is required'],
    ['an order_id over 50 characters', td({ order_id: 'x'.repeat(51), gross_amount: 1000 }), 'order_id is too long'],
    ['an order_id with #', td({ order_id: 'ORD#1', gross_amount: 1000 }), 'order_id contains invalid characters'],
    ['no gross_amount', td({ order_id: 'A-1' }), 'transaction_details.gross_amount is required'],
    ['a gross_amount that is not a number', td({ order_id: 'A-1', gross_amount: 'lots' }), 'is not a number'],
    ['a decimal IDR gross_amount', td({ order_id: 'A-1', gross_amount: 1000.5 }), 'must be an integer for IDR'],
    ['a zero gross_amount', td({ order_id: 'A-1', gross_amount: 0 }), 'must be greater than'],
    ['a negative gross_amount', td({ order_id: 'A-1', gross_amount: -5 }), 'must be greater than'],
    [
      'item_details that do not add up',
      {
        ...td({ order_id: 'A-1', gross_amount: 30000 }),
        item_details: [{ id: 'p', name: 'Plan', price: 10000, quantity: 2 }],
      },
      'transaction_details.gross_amount is not equal to the sum of item_details',
    ],
    [
      'a callbacks.finish that is not a URL',
      { ...td({ order_id: 'A-1', gross_amount: 1000 }), callbacks: { finish: 'shop.example/done' } },
      'callbacks.finish is not a valid URL',
    ],
  ];
  it.each(refusals)('refuses %s with 400 error_messages', async (_name, body, message) => {
    const res = await snap.post('/transactions', body);
    expect(res.status).toBe(400);
    expect(res.data.error_messages).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('accepts item_details that add up to gross_amount', async () => {
    const items = [{ id: 'mc-2gb', name: 'Minecraft 2 GB', price: 12000, quantity: 2 }];
    expect((await create(orderId(), 24000, { item_details: items })).status).toBe(201);
  });

  it('refuses a wrong or missing server key with 401 error_messages', async () => {
    const wrong = await client(fake.snapUrl, 'SB-Mid-server-wrong').post(
      '/transactions',
      td({ order_id: 'A-2', gross_amount: 1 }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.data.error_messages[0]).toMatch(/^Access denied due to unauthorized transaction/);
    const bare = await axios.post(`${fake.snapUrl}/transactions`, {}, { validateStatus: () => true });
    expect(bare.status).toBe(401);
  });

  it('when down, Snap and the status endpoint answer 503', async () => {
    fake.setDown(true);
    expect((await create(orderId())).status).toBe(503);
    expect((await core.get('/v2/anything/status')).status).toBe(503);
  });
});

describe('payments, notifications and the status endpoint', () => {
  it('an unknown order, or one not paid yet, is HTTP 200 with status_code "404"', async () => {
    const id = orderId();
    await create(id);
    for (const path of ['/v2/NO-SUCH-ORDER/status', `/v2/${id}/status`]) {
      const res = await core.get(path);
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ status_code: '404', status_message: "Transaction doesn't exist." });
    }
    expect((await client(fake.apiUrl, 'wrong').get(`/v2/${id}/status`)).status).toBe(401);
  });

  it('QRIS settlement: a notification whose signature_key checks out, and the same status from the API', async () => {
    const id = orderId();
    await create(id);
    const sent = await fake.pay(id, { method: 'qris' });
    expect(received).toHaveLength(1);
    const body = received[0]?.body ?? {};
    expect(received[0]?.path).toBe('/payments/midtrans');
    expect(body).toMatchObject({
      order_id: id,
      status_code: '200',
      transaction_status: 'settlement',
      payment_type: 'qris',
      gross_amount: '24145.00',
      currency: 'IDR',
      fraud_status: 'accept',
      status_message: 'midtrans payment notification',
    });
    for (const field of ['transaction_time', 'transaction_id', 'merchant_id', 'settlement_time'])
      expect(body[field]).toBeTruthy();
    expect(body['transaction_time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(validSignature(body)).toBe(true);
    expect(body).toEqual(sent);
    const status = await core.get(`/v2/${id}/status`);
    expect(status.data).toMatchObject({
      status_code: '200',
      transaction_status: 'settlement',
      signature_key: body['signature_key'],
    });
    const byTransactionId = await core.get(`/v2/${body['transaction_id']}/status`);
    expect(byTransactionId.data.order_id).toBe(id);
  });

  it.each([
    ['credit_card', undefined, 'capture', '200', 'accept'],
    ['gopay', 'deny', 'deny', '202', 'accept'],
    ['bank_transfer', 'expire', 'expire', '407', 'accept'],
    ['gopay', 'cancel', 'cancel', '200', 'accept'],
    ['bank_transfer', 'pending', 'pending', '201', 'accept'],
  ] as const)('%s → %s: transaction_status %s, status_code %s', async (method, outcome, status, code, fraud) => {
    const id = orderId();
    await create(id);
    const sent = await fake.pay(id, { method, ...(outcome ? { outcome } : {}) });
    expect(sent).toMatchObject({
      transaction_status: status,
      status_code: code,
      fraud_status: fraud,
      payment_type: method,
    });
    expect(validSignature(sent as unknown as Record<string, string>)).toBe(true);
    expect((await core.get(`/v2/${id}/status`)).data).toMatchObject({ transaction_status: status, status_code: code });
  });

  it('pending then settlement: two notifications; a settled payment cannot be paid again', async () => {
    const id = orderId();
    await create(id);
    await fake.pay(id, { method: 'bank_transfer', outcome: 'pending' });
    await fake.pay(id);
    expect(received.map((r) => r.body['transaction_status'])).toEqual(['pending', 'settlement']);
    expect(received[1]?.body['payment_type']).toBe('bank_transfer');
    await expect(fake.pay(id)).rejects.toThrow(/settlement/);
  });

  it('notify resends, or forges: another amount (still signed), a bad signature, another key', async () => {
    const id = orderId();
    await create(id);
    await fake.pay(id);
    await fake.notify(id);
    await fake.notify(id, { grossAmount: '1.00' });
    await fake.notify(id, { signatureKey: 'f'.repeat(128) });
    await fake.notify(id, { serverKey: 'SB-Mid-server-attacker' });
    const [first, again, cheap, badSig, otherKey] = received.map((r) => r.body);
    expect(again).toEqual(first);
    expect(cheap?.['gross_amount']).toBe('1.00');
    expect(validSignature(cheap ?? {})).toBe(true);
    expect(validSignature(badSig ?? {})).toBe(false);
    expect(validSignature(otherKey ?? {})).toBe(false);
    expect(fake.deliveries.filter((d) => d.orderId === id).map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('X-Override-Notification sends that transaction’s notifications elsewhere', async () => {
    const id = orderId();
    await snap.post(
      '/transactions',
      { transaction_details: { order_id: id, gross_amount: 5000 } },
      { headers: { 'X-Override-Notification': `${receiverUrl}/other` } },
    );
    await fake.pay(id);
    expect(received.map((r) => r.path)).toEqual(['/other']);
  });

  it('the pay page shows the amount, pays on POST and sends the customer to callbacks.finish', async () => {
    const id = orderId();
    const { data } = await create(id, 24145, { callbacks: { finish: 'https://shop.example/done' } });
    const page = await fetch(data.redirect_url);
    expect(await page.text()).toMatch(/Rp 24\.145[\s\S]*QRIS[\s\S]*GoPay[\s\S]*Simulate: expired/);
    const form = new URLSearchParams({ method: 'gopay', outcome: 'pay' });
    const paid = await fetch(data.redirect_url, { method: 'POST', body: form, redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `https://shop.example/done?order_id=${id}&status_code=200&transaction_status=settlement`,
    );
    await fake.idle();
    expect(received[0]?.body).toMatchObject({ order_id: id, payment_type: 'gopay', transaction_status: 'settlement' });
  });
});
