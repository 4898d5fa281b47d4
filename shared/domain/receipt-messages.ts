// What customers and admins read about payment receipts: the receipt forwarded to the admins (with the
// customer's photo or document above it, and Confirm / Reject), the customer's acknowledgement, the
// "which order?" question, a rejection with its reason. Re-exported by messages.ts.

import { commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import type { Lang } from './i18n/lang.js';
import type { Locale, Recipient } from './i18n/locale.js';
import { RECEIPT_TEXTS } from './i18n/receipt-texts.js';
import { commandName } from './i18n/words.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import { priceFor } from './money.js';
import { customerStatusWords, hasFailedAttempt, type Order } from './order.js';
import {
  fitText,
  flattenForTemplate,
  LIMITS,
  type MediaHeader,
  type OutboundMessage,
  type TemplateForm,
} from './outbound.js';
import { type FileProblem, FORWARDABLE, sizeWords } from './receipt-rules.js';

/** What reaches the admins: the file (as an uploaded media id), or why not, and what the customer wrote. */
export interface ForwardedReceipt {
  via: 'media' | 'text';
  /** The text, or the caption of the file. */
  text?: string;
  media?: MediaHeader;
  /** The file the customer sent could not be passed on. */
  problem?: FileProblem;
  /** The file's type as sent, for the words ("photo", "document"). */
  sentAs?: string;
}

/**
 * "*Gold* · R$ 45/month", or "renewal of *ORD-7K2M9Q* (Gold) · R$ 45/month": the price written for the
 * reader (from its amount when the order has one).
 */
function what(order: Order, locale: Locale, currency?: string): string {
  const p = priceFor(order, currency, locale);
  const price = p ? ` · ${p}` : '';
  return order.renews
    ? `${say(RECEIPT_TEXTS, locale.lang)('renewalOf', { server: order.renews, package: order.packageName })}${price}`
    : `*${order.packageName}*${price}`;
}

function fileWords(r: ForwardedReceipt, lang: Lang): string {
  const t = say(RECEIPT_TEXTS, lang);
  if (r.via === 'text') return t('fileText');
  if (r.media?.type === 'image') return t('filePhotoAbove');
  if (r.media) {
    return r.media.filename ? t('fileDocumentAboveNamed', { filename: r.media.filename }) : t('fileDocumentAbove');
  }
  return r.sentAs === 'image' ? t('filePhoto') : t('fileDocument');
}

function problemWords(problem: FileProblem, lang: Lang): string {
  const t = say(RECEIPT_TEXTS, lang);
  switch (problem.kind) {
    case 'too-big':
      return problem.bytes ? t('problemTooBigSized', { size: sizeWords(problem.bytes) }) : t('problemTooBig');
    case 'unsupported':
      return t('problemUnsupported');
    case 'gone':
      return t('problemGone');
  }
}

// ---------------------------------------------------------------- admins

/** The receipt for every admin: the file above the details, Confirm payment (!order-confirm) and Reject. */
export function adminReceipt(to: Recipient, order: Order, r: ForwardedReceipt): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(RECEIPT_TEXTS, lang);
  const said = r.text?.trim() ? `\n\n“${fitText(r.text.trim(), 600)}”` : '';
  const problem = r.problem ? `\n\n${t('notAttached', { problem: problemWords(r.problem, lang) })}` : '';
  const head = t('receiptTitle', {
    id: order.id,
    who: customerLabel(order),
    order: what(order, to.locale),
    sent: fileWords(r, lang),
  });
  const body = clip(`${head}${said}${problem}\n\n${t('receiptCheck', { id: order.id })}`, LIMITS.buttonsBody);
  const price = priceFor(order, undefined, to.locale);
  const ordered = order.renews
    ? t('summaryRenewal', { server: order.renews, package: order.packageName })
    : order.packageName;
  const summary = flattenForTemplate(
    `${t('summary', { id: order.id, order: `${ordered}${price ? `, ${price}` : ''}`, who: customerLabel(order) })}${r.text?.trim() ? `: "${fitText(r.text.trim(), 300)}"` : ''}`,
    800,
  );
  return msg(
    to,
    'admin-receipt',
    {
      type: 'buttons',
      ...(r.media ? { media: r.media } : { header: t('receiptHeader') }),
      body,
      buttons: [
        { id: commandId.confirm(order.id), title: t('confirmButton') },
        { id: commandId.reject(order.id), title: t('rejectButton') },
      ],
    },
    { orderId: order.id, template: receiptTemplate(order, summary, r.media, lang) },
  );
}

/**
 * Outside the admin's 24-hour window: the receipt template with the file as its header and the two buttons as
 * quick replies; where that template is not registered, the admin alert in words.
 */
function receiptTemplate(order: Order, summary: string, media: MediaHeader | undefined, lang: Lang): TemplateForm {
  const t = say(RECEIPT_TEXTS, lang);
  const alert: TemplateForm = {
    name: TEMPLATES.adminAlert,
    bodyParams: [
      flattenForTemplate(
        `${summary}.${media ? ` ${t('alertFileNotShown')}` : ''} ${t('alertActions', { id: order.id })}`,
      ),
    ],
  };
  if (!media) return alert;
  return {
    name: media.type === 'image' ? TEMPLATES.receiptImage : TEMPLATES.receiptDocument,
    header: media,
    bodyParams: [summary],
    quickReplies: [commandId.confirm(order.id), commandId.reject(order.id)],
    fallback: alert,
  };
}

/**
 * Common reasons, one tap each; the customer reads them after "We couldn't confirm your payment: ". The
 * English reason is what the button's command carries (ids are never translated); `button` and `words` are
 * the catalogue keys each reader sees it with.
 */
export const REJECT_REASONS = [
  {
    title: 'Wrong amount',
    reason: "the amount doesn't match the price",
    button: 'wrongAmountButton',
    words: 'wrongAmount',
  },
  {
    title: 'Not received',
    reason: "the payment hasn't arrived in our account",
    button: 'notReceivedButton',
    words: 'notReceived',
  },
  { title: "Can't read it", reason: "the receipt can't be read", button: 'unreadableButton', words: 'unreadable' },
] as const;

/** A one-tap reason in the reader's language; a reason the admin typed stays as typed. */
function reasonWords(reason: string, lang: Lang): string {
  const known = REJECT_REASONS.find((r) => r.reason === reason);
  return known ? say(RECEIPT_TEXTS, lang)(known.words) : reason;
}

/** An admin tapped Reject: why? A common reason in one tap, or their own words. */
export function adminRejectAsk(to: Recipient, order: Order): OutboundMessage {
  const t = say(RECEIPT_TEXTS, to.locale.lang);
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      header: t('rejectHeader'),
      body: clip(t('rejectAsk', { id: order.id }), LIMITS.buttonsBody),
      buttons: REJECT_REASONS.map((r) => ({ id: commandId.reject(order.id, r.reason), title: t(r.button) })),
    },
    { orderId: order.id },
  );
}

/** The rejecting admin's confirmation. */
export function adminReceiptRejected(to: Recipient, order: Order, reason: string): OutboundMessage {
  const lang = to.locale.lang;
  return reply(
    to,
    say(RECEIPT_TEXTS, lang)('rejectedDone', { id: order.id, reason: reasonWords(reason, lang) }),
    order.id,
  );
}

/** The other admins hear it too, so nobody confirms what was just rejected. */
export function adminReceiptRejectedNotice(to: Recipient, order: Order, by: string, reason: string): OutboundMessage {
  return {
    ...reply(
      to,
      say(RECEIPT_TEXTS, to.locale.lang)('rejectedNotice', {
        id: order.id,
        by,
        reason: reasonWords(reason, to.locale.lang),
      }),
      order.id,
    ),
    kind: 'admin-notice',
  };
}

// ---------------------------------------------------------------- customers

/** The receipt reached the admins (or, with `problem`, its words did but its file did not). */
export function customerReceiptReceived(to: Recipient, order: Order, r: ForwardedReceipt): OutboundMessage {
  const t = say(RECEIPT_TEXTS, to.locale.lang);
  const label = `*${order.id}* (${what(order, to.locale)})`;
  if (!r.problem) {
    return reply(to, t(r.via === 'text' ? 'receivedDetails' : 'receivedReceipt', { order: label }), order.id);
  }
  const limits = {
    photo: sizeWords(FORWARDABLE.image.maxBytes),
    document: sizeWords(FORWARDABLE.document.maxBytes),
  };
  const ask: Record<FileProblem['kind'], string> = {
    'too-big':
      r.problem.kind === 'too-big' && r.problem.bytes
        ? t('askTooBigSized', { size: sizeWords(r.problem.bytes), ...limits })
        : t('askTooBig', limits),
    unsupported: t('askUnsupported'),
    gone: t('askGone'),
  };
  return reply(to, t('receivedProblem', { order: label, ask: ask[r.problem.kind] }), order.id);
}

/** Many receipts for one order in an hour: thanked, not forwarded again. */
export function customerReceiptEnough(to: Recipient, order: Order, count: number): OutboundMessage {
  return reply(to, say(RECEIPT_TEXTS, to.locale.lang)('enough', { n: count, id: order.id }), order.id);
}

/** Several unpaid orders: which one is this receipt for? The taps carry the receipt's message id. */
export function customerReceiptWhichOrder(
  to: Recipient,
  choices: readonly Order[],
  draft: string,
  settled?: Order,
): OutboundMessage {
  const t = say(RECEIPT_TEXTS, to.locale.lang);
  const before = settled ? `${settledWords(settled, to.locale.lang)}\n\n` : '';
  const body = `${before}${t('whichOrder')}`;
  if (choices.length <= LIMITS.buttons) {
    return msg(to, 'reply', {
      type: 'buttons',
      body: clip(body, LIMITS.buttonsBody),
      buttons: choices.map((o) => ({
        id: commandId.receiptFor(o.id, draft),
        title: fitText(`${o.id} · ${o.packageName}`, LIMITS.buttonTitle),
      })),
    });
  }
  return msg(to, 'reply', {
    type: 'list',
    body: clip(body, LIMITS.listBody),
    button: t('chooseOrderListButton'),
    sections: [
      {
        title: t('unpaidSection'),
        rows: choices.slice(0, LIMITS.listRows).map((o) => {
          const price = priceFor(o, undefined, to.locale);
          return {
            id: commandId.receiptFor(o.id, draft),
            title: o.id,
            description: fitText(
              `${o.renews ? `${t('renewalDescription', { server: o.renews })} · ` : ''}${o.packageName}${price ? ` · ${price}` : ''}`,
              LIMITS.rowDescription,
            ),
          };
        }),
      },
    ],
  });
}

function settledWords(order: Order, lang: Lang): string {
  return say(RECEIPT_TEXTS, lang)('settled', {
    id: order.id,
    status: customerStatusWords(order.status, hasFailedAttempt(order), lang),
  });
}

/** Nothing of the sender's is waiting for payment. */
export function customerReceiptNoOrder(to: Recipient, shop: ShopInfo, settled?: Order, admin = false): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(RECEIPT_TEXTS, lang);
  const lines = [
    settled ? settledWords(settled, lang) : t('noOrder'),
    '',
    t('noOrderHelp', {
      packages: commandName('packages', lang),
      myOrders: commandName('my-orders', lang),
      contact: shop.supportContact,
    }),
    ...(admin ? ['', t('adminConfirmHint')] : []),
  ];
  return msg(to, 'reply', text(lines.join('\n')));
}

/** A second tap on "which order?" for a receipt already sent. */
export function customerReceiptAlreadySent(to: Recipient, orderId: string): OutboundMessage {
  return reply(to, say(RECEIPT_TEXTS, to.locale.lang)('alreadySent', { id: orderId }), orderId);
}

/** The "which order?" question is older than a week (or was not ours): send the receipt again. */
export function customerReceiptExpired(to: Recipient): OutboundMessage {
  return msg(to, 'reply', text(say(RECEIPT_TEXTS, to.locale.lang)('expired')));
}

/** An admin rejected the receipt: the reason, politely, and what to do. */
export function customerReceiptRejected(to: Recipient, order: Order, reason: string, shop: ShopInfo): OutboundMessage {
  const lang = to.locale.lang;
  const body = say(RECEIPT_TEXTS, lang)('rejected', {
    id: order.id,
    order: what(order, to.locale, shop.currency),
    reason: reasonWords(reason, lang),
    contact: shop.supportContact,
  });
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}
