// The fake Snap payment page (`/snap/v4/redirection/<token>`): the amount in rupiah, the four methods the
// shop's customers use, and buttons for every outcome a test or a person wants to see.

import { escapeHtml } from './http.js';
import { METHODS, type MidtransTransaction } from './midtrans-rules.js';

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}` +
  `label{display:block;margin:.3rem 0}button{display:block;width:100%;margin:.4rem 0;padding:.7rem;font-size:1rem}</style>` +
  `</head><body><p><small>Fake Midtrans Snap (sandbox)</small></p>${body}</body></html>`;

/** "Rp 24.145", as Snap shows IDR. */
export const rupiah = (amount: number) => `Rp ${amount.toLocaleString('id-ID', { maximumFractionDigits: 0 })}`;

const LABELS: Record<string, string> = {
  qris: 'QRIS',
  gopay: 'GoPay',
  bank_transfer: 'Bank transfer (BCA virtual account)',
  credit_card: 'Credit card',
};

const FINAL = new Set(['settlement', 'capture', 'expire', 'cancel']);

export function snapPageHtml(tx: MidtransTransaction): string {
  const amount = rupiah(tx.grossAmount);
  if (tx.transactionStatus && FINAL.has(tx.transactionStatus)) {
    return page('Snap', `<h1>Order ${escapeHtml(tx.orderId)}</h1><p id="status">${tx.transactionStatus}</p>`);
  }
  const chosen = tx.paymentType ?? 'qris';
  const methods = METHODS.map(
    (m) =>
      `<label><input type="radio" name="method" value="${m}"${m === chosen ? ' checked' : ''}> ${LABELS[m]}</label>`,
  ).join('');
  const outcome = (value: string, label: string) =>
    `<button type="submit" name="outcome" value="${value}" id="${value}">${escapeHtml(label)}</button>`;
  return page(
    `Pay ${amount}`,
    `<h1 id="amount">${escapeHtml(amount)}</h1><p>Order ${escapeHtml(tx.orderId)}</p>` +
      `<form method="post">${methods}${outcome('pay', 'Pay now')}${outcome('pending', 'Pay later (stay pending)')}` +
      `${outcome('deny', 'Simulate: denied')}${outcome('expire', 'Simulate: expired')}${outcome('cancel', 'Simulate: cancelled')}</form>`,
  );
}

export function snapResultHtml(tx: MidtransTransaction): string {
  return page('Snap', `<h1>${escapeHtml(rupiah(tx.grossAmount))}</h1><p id="status">${tx.transactionStatus}</p>`);
}
