// Payment receipts: what counts as one, which of the sender's orders it is for, and which files the Cloud
// API can carry on to the admins. Pure; the use case is shared/app/conversation/receipts.ts.
//
// A receipt is a photo or a document (whatever its caption says), or a text that names an order id or reads
// like a payment ("paguei", "pix", "receipt", ...). A question ("can I pay with pix?") is not one.

import type { HistoryEntry, Order, OrderNote } from './order.js';
import { parseOrderId } from './order-id.js';

const MB = 1024 * 1024;

/**
 * What can be sent on as media, by the type it is sent as (Meta's supported media types): the MIME types the
 * upload takes and the largest file. An image over 5 MB, or any other type, is not forwarded.
 */
export const FORWARDABLE = {
  image: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png'] },
  document: {
    maxBytes: 100 * MB,
    mimeTypes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
} as const;

export type ForwardKind = keyof typeof FORWARDABLE;

/** The inbound message types that are receipts; audio, video and stickers are not. */
export const RECEIPT_MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'document']);

/** How a file is sent on: as an image (JPEG, PNG) or a document (PDF, ...); undefined when it cannot be. */
export function forwardKindOf(mimeType: string | undefined): ForwardKind | undefined {
  const type = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  for (const kind of ['image', 'document'] as const) {
    if ((FORWARDABLE[kind].mimeTypes as readonly string[]).includes(type)) return kind;
  }
  return undefined;
}

/** Why a receipt's file did not reach the admins as a file (the receipt itself still does). */
export type FileProblem =
  | { kind: 'too-big'; bytes?: number; maxBytes?: number }
  | { kind: 'unsupported' }
  | { kind: 'gone' };

/** "4.2 MB", "830 KB": a size as a customer reads it. */
export function sizeWords(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// ---------------------------------------------------------------- receipts in text

/** Words that say "I paid" in the shop's languages (English, Portuguese, Spanish), accents removed. */
const PAYMENT_WORDS: ReadonlySet<string> = new Set([
  'paid',
  'payed',
  'payment',
  'receipt',
  'transfer',
  'transferred',
  'deposit',
  'deposited',
  'proof',
  'pix',
  'paguei',
  'pago',
  'pagamento',
  'comprovante',
  'transferi',
  'transferencia',
  'depositei',
  'deposito',
  'recibo',
  'boleto',
  'pague',
  'pagado',
  'comprobante',
  'deposite',
]);

/** Order ids anywhere in a text ("ORD-9JTXX2", "ord 9jtxx2", "*ORD-9JTXX2*"), normalised, each once. */
export function orderIdsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/(?<![0-9A-Za-z])ORD[\s\-_.#]?([0-9A-Za-z]{6})(?![0-9A-Za-z])/gi)) {
    const parsed = parseOrderId(`ORD-${m[1]}`);
    if (parsed.ok) ids.add(parsed.id);
  }
  return [...ids].slice(0, 3);
}

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0);
}

/** True for a word that says "I paid" ("paid", "Paguei!", "pix:"). */
export function isPaymentWord(word: string): boolean {
  const [w] = words(word);
  return w !== undefined && PAYMENT_WORDS.has(w);
}

/**
 * A text receipt: the order ids it names, when it names one or reads like a payment; undefined otherwise.
 * A question without an id is not a receipt ("can I pay with pix?" wants the payment instructions).
 */
export function textReceipt(text: string): { named: string[] } | undefined {
  const named = orderIdsIn(text);
  if (named.length > 0) return { named };
  if (text.includes('?')) return undefined;
  return words(text).some((w) => PAYMENT_WORDS.has(w)) ? { named } : undefined;
}

// ---------------------------------------------------------------- which order

export type ReceiptTarget =
  | { kind: 'order'; order: Order }
  /** Several unpaid orders (or one, when the order named has nothing to pay): the customer picks. */
  | { kind: 'ask'; choices: Order[]; settled?: Order }
  /** Nothing unpaid; `settled` is the order the text named, which has nothing to pay. */
  | { kind: 'none'; settled?: Order };

/** How many orders a "which order?" question offers (a list's rows). */
export const MAX_CHOICES = 10;

/**
 * The order a receipt belongs to. `named`: the sender's own orders the text or caption names, in the order
 * named; `recent`: the sender's orders, newest first. A named order waiting for payment wins; a named server
 * with an unpaid renewal (or upgrade) means that one; else the one unpaid order; several: ask; none: say so.
 */
export function receiptTarget(named: readonly Order[], recent: readonly Order[]): ReceiptTarget {
  const unpaid = recent.filter((o) => o.status === 'PENDING');
  for (const o of named) {
    if (o.status === 'PENDING') return { kind: 'order', order: o };
    const renewal = unpaid.find((r) => paysFor(r) === o.id);
    if (renewal) return { kind: 'order', order: renewal };
  }
  const settled = named[0];
  if (unpaid.length === 0) return settled ? { kind: 'none', settled } : { kind: 'none' };
  if (unpaid.length === 1 && !settled) return { kind: 'order', order: unpaid[0]! };
  return { kind: 'ask', choices: unpaid.slice(0, MAX_CHOICES), ...(settled ? { settled } : {}) };
}

/** The server an unpaid order pays for: a renewal's (or an upgrade's, where orders have them). */
function paysFor(order: Order): string | undefined {
  return order.renews ?? (order as { upgrades?: string }).upgrades;
}

/** Receipts forwarded for one order within an hour; more are acknowledged, not forwarded (no flood of admins). */
export const MAX_RECEIPTS_PER_HOUR = 5;

/** How many receipts the order's history notes in the hour before `now`. */
export function recentReceipts(order: Order, now: Date): number {
  const since = now.getTime() - 3_600_000;
  return order.history.filter((h) => h.event === 'RECEIPT' && Date.parse(h.at) > since).length;
}

/** A note on an order's history: nothing changes (from = to), it says what happened and who did it. */
export function noteEntry(order: Order, note: OrderNote, by: string, reason: string, now: Date): HistoryEntry {
  return {
    at: now.toISOString(),
    from: order.status,
    to: order.status,
    event: note,
    by,
    attempt: order.attempts,
    reason: reason.slice(0, 200),
  };
}
