// Payment receipts, the pure parts: what the grammar reads as a receipt (and what it still reads as a
// command), which order a receipt is for, and the messages, within the Cloud API's limits.

import { describe, expect, it } from 'vitest';
import { commandId, parseCommand } from '../../../shared/domain/commands.js';
import {
  adminReceipt,
  adminRejectAsk,
  customerReceiptNoOrder,
  customerReceiptReceived,
  customerReceiptRejected,
  customerReceiptWhichOrder,
  TEMPLATES,
} from '../../../shared/domain/messages.js';
import { assertTemplateParams, assertWithinLimits, LIMITS } from '../../../shared/domain/outbound.js';
import {
  FORWARDABLE,
  forwardKindOf,
  noteEntry,
  orderIdsIn,
  receiptTarget,
  recentReceipts,
  textReceipt,
} from '../../../shared/domain/receipt-rules.js';
import { NOW, orderIn, SHOP, to } from './fixtures.js';

const ID = 'ORD-7K2M9Q';
const typed = (text: string, admin = false) => parseCommand({ text }, { admin });

describe('the grammar reads receipts', () => {
  it('a photo or document is a receipt whatever its caption says, with the ids it names', () => {
    expect(parseCommand({ receipt: true })).toEqual({ kind: 'receipt', via: 'media', named: [] });
    expect(parseCommand({ receipt: true, text: `pago *${ID.toLowerCase()}*` })).toEqual({
      kind: 'receipt',
      via: 'media',
      named: [ID],
    });
    expect(parseCommand({ receipt: true, text: '!help' })).toMatchObject({ kind: 'receipt' });
    // Media that is not a receipt (a sticker, a voice note) keeps the old answer.
    expect(parseCommand({})).toEqual({ kind: 'menu', reason: 'media' });
  });

  it.each([
    [`Done, I paid for ${ID}. Receipt: Pix E0987654321, R$ 45`, [ID]],
    [`Olá! Paguei o pedido ord 7k2m9q ontem`, [ID]],
    ['paguei via pix', []],
    ['Comprovante da transferência em anexo', []],
    [`${ID}`, [ID]],
    ['!paid', []],
    [`receipt ${ID}`, [ID]],
    [`order ${ID} is paid, pix E0987654321`, [ID]],
  ])('%j → a receipt naming %j', (text, named) => {
    expect(typed(text)).toEqual({ kind: 'receipt', via: 'text', named });
  });

  it.each([
    ['can I pay with pix?', 'menu'],
    ['Oi, tudo bem?', 'menu'],
    ['hello', 'menu'],
    [`!stauts ${ID}`, 'menu'],
    [`stauts ${ID}`, 'menu'],
    [`status ${ID}`, 'status'],
    [`!cancel ${ID}`, 'cancel'],
    ['I would like to order a gold server please', 'menu'],
  ])('%j is not a receipt (%s)', (text, kind) => {
    expect(typed(text).kind).toBe(kind);
  });

  it('a tap on "which order?" carries the order and the receipt message; typed without it, it is a text receipt', () => {
    const draft = 'wamid.HBgLMTU1NTAxMDEyMzQVAgASGBQzQUZBS0UwMDAwMDAwMDAwMDAwOAA=';
    expect(parseCommand({ buttonId: commandId.receiptFor(ID, draft) })).toEqual({
      kind: 'receipt-pick',
      orderRef: { ok: true, id: ID },
      draft,
    });
    expect(typed(`!receipt ${ID}`)).toEqual({ kind: 'receipt', via: 'text', named: [ID] });
  });

  it('!order-reject takes an id and an optional reason; it is an admin command', () => {
    expect(typed(`!order-reject ${ID}`, true)).toEqual({ kind: 'order-reject', orderRef: { ok: true, id: ID } });
    expect(parseCommand({ buttonId: commandId.reject(ID, "the amount doesn't match") }, { admin: true })).toEqual({
      kind: 'order-reject',
      orderRef: { ok: true, id: ID },
      reason: "the amount doesn't match",
    });
    expect(typed(`!order reject ord-7k2m9q not received`, true)).toMatchObject({ reason: 'not received' });
  });
});

describe('orders named in a text', () => {
  it('finds ids as people write them, each once, at most three', () => {
    expect(orderIdsIn(`(${ID}) and *ord-7k2m9q* and ORD 3H8P2T`)).toEqual([ID, 'ORD-3H8P2T']);
    expect(orderIdsIn('WORD-7K2M9Q, ORD-7K2M9QX')).toEqual([]);
    expect(textReceipt('what is the price?')).toBeUndefined();
  });
});

describe('which order a receipt is for', () => {
  const pending = (id: string, extra = {}) => orderIn('PENDING', { id, ...extra });
  const a = pending('ORD-AAAAA1');
  const b = pending('ORD-BBBBB2');
  const server = orderIn('COMPLETED', { id: 'ORD-SSSSS3' });
  const renewal = pending('ORD-RRRRR4', { kind: 'RENEWAL', renews: server.id });

  it('the order named, when it waits for payment', () => {
    expect(receiptTarget([b], [a, b])).toEqual({ kind: 'order', order: b });
  });

  it('a server named with an unpaid renewal: the renewal', () => {
    expect(receiptTarget([server], [renewal, server])).toEqual({ kind: 'order', order: renewal });
  });

  it('no id: the one unpaid order; several: ask (newest first); none: say so', () => {
    expect(receiptTarget([], [a, server])).toEqual({ kind: 'order', order: a });
    expect(receiptTarget([], [b, a])).toEqual({ kind: 'ask', choices: [b, a] });
    expect(receiptTarget([], [server])).toEqual({ kind: 'none' });
  });

  it('a named order with nothing to pay is said, and the unpaid ones are offered', () => {
    expect(receiptTarget([server], [a])).toEqual({ kind: 'ask', choices: [a], settled: server });
    expect(receiptTarget([server], [])).toEqual({ kind: 'none', settled: server });
  });

  it('counts the receipts of the last hour', () => {
    const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
    const notes = [90, 50, 10].map((m) => noteEntry(a, 'RECEIPT', a.customerId, 'receipt: text', at(m)));
    const rejected = noteEntry(a, 'RECEIPT_REJECTED', 'x', 'r', at(5));
    expect(recentReceipts({ ...a, history: [...a.history, ...notes, rejected] }, NOW)).toBe(2);
  });

  it('a note changes nothing: from = to, the attempt kept', () => {
    expect(noteEntry(a, 'RECEIPT', a.customerId, 'receipt: photo', NOW)).toEqual({
      at: NOW.toISOString(),
      from: 'PENDING',
      to: 'PENDING',
      event: 'RECEIPT',
      by: a.customerId,
      attempt: 0,
      reason: 'receipt: photo',
    });
  });
});

describe('what can be passed on as a file', () => {
  it('JPEG and PNG as images up to 5 MB, PDF and office files as documents up to 100 MB', () => {
    expect(forwardKindOf('image/jpeg')).toBe('image');
    expect(forwardKindOf('IMAGE/PNG; charset=binary')).toBe('image');
    expect(forwardKindOf('application/pdf')).toBe('document');
    expect(forwardKindOf('image/webp')).toBeUndefined();
    expect(forwardKindOf('application/zip')).toBeUndefined();
    expect(FORWARDABLE.image.maxBytes).toBe(5 * 1024 * 1024);
    expect(FORWARDABLE.document.maxBytes).toBe(100 * 1024 * 1024);
  });
});

describe('receipt messages stay within the Cloud API limits', () => {
  const order = orderIn('PENDING', { customerName: 'J'.repeat(60) });
  const long = 'pix E0987654321 '.repeat(400);
  const photo = { type: 'image' as const, id: '1234567890' };

  it('the admins get the file above the details, Confirm and Reject, and a template with the file as header', () => {
    const m = adminReceipt(to('15550105678'), order, { via: 'media', text: long, media: photo, sentAs: 'image' });
    assertWithinLimits(m.content);
    expect(m.content).toMatchObject({ type: 'buttons', media: photo });
    expect(m.content.type === 'buttons' && m.content.buttons.map((b) => b.id)).toEqual([
      commandId.confirm(order.id),
      commandId.reject(order.id),
    ]);
    expect(m.template).toMatchObject({ name: TEMPLATES.receiptImage, header: photo });
    assertTemplateParams(m.template!.bodyParams);
    expect(m.template!.fallback?.name).toBe(TEMPLATES.adminAlert);
    assertTemplateParams(m.template!.fallback!.bodyParams);
  });

  it('a text receipt, or a file that could not be passed on, goes in words with the admin alert as template', () => {
    const m = adminReceipt(to('15550105678'), order, { via: 'media', problem: { kind: 'too-big', bytes: 6e6 } });
    assertWithinLimits(m.content);
    expect(m.content).toMatchObject({ header: 'Payment receipt' });
    expect(m.template?.name).toBe(TEMPLATES.adminAlert);
    expect(m.content.type === 'buttons' && m.content.body).toContain('Not attached: its file is too large');
  });

  it('the customer: thanks, which order (buttons, or a list past three), none, rejected', () => {
    const many = Array.from({ length: 12 }, (_, i) => orderIn('PENDING', { id: `ORD-AAAAA${i % 10}` }));
    for (const m of [
      customerReceiptReceived(to('5511987654321'), order, { via: 'text' }),
      customerReceiptReceived(to('5511987654321'), order, { via: 'media', problem: { kind: 'unsupported' } }),
      customerReceiptWhichOrder(to('5511987654321'), many.slice(0, 3), `wamid.${'x'.repeat(200)}`),
      customerReceiptWhichOrder(to('5511987654321'), many.slice(0, 10), 'wamid.abc', orderIn('COMPLETED')),
      customerReceiptNoOrder(to('5511987654321'), SHOP, undefined, true),
      customerReceiptRejected(to('5511987654321'), order, 'r'.repeat(200), SHOP),
      adminRejectAsk(to('15550105678'), order),
    ]) {
      assertWithinLimits(m.content);
      if (m.template) assertTemplateParams(m.template.bodyParams);
    }
    const list = customerReceiptWhichOrder(to('5511987654321'), many.slice(0, 10), 'wamid.abc');
    expect(list.content.type).toBe('list');
    expect(list.content.type === 'list' && list.content.sections[0]!.rows).toHaveLength(LIMITS.listRows);
  });
});
