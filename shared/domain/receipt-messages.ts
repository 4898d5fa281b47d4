// What customers and admins read about payment receipts: the receipt forwarded to the admins (with the
// customer's photo or document above it, and Confirm / Reject), the customer's acknowledgement, the
// "which order?" question, a rejection with its reason. Re-exported by messages.ts.

import { commandId } from './commands.js';
import type { Lang } from './i18n/lang.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
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

/** "*Gold* · R$ 45/month", or "renewal of *ORD-7K2M9Q* (Gold) · R$ 45/month". */
function what(order: Order): string {
  const price = order.price ? ` · ${order.price}` : '';
  return order.renews
    ? `renewal of server *${order.renews}* (${order.packageName})${price}`
    : `*${order.packageName}*${price}`;
}

function fileWords(r: ForwardedReceipt): string {
  if (r.via === 'text') return '💬 a text';
  if (r.media?.type === 'image') return '📷 a photo (above)';
  if (r.media) return `📄 a document (above)${r.media.filename ? `: ${r.media.filename}` : ''}`;
  return r.sentAs === 'image' ? '📷 a photo' : '📄 a document';
}

function problemWords(problem: FileProblem): string {
  switch (problem.kind) {
    case 'too-big':
      return `its file is too large to pass on${problem.bytes ? ` (${sizeWords(problem.bytes)})` : ''}`;
    case 'unsupported':
      return 'its file is of a type WhatsApp cannot pass on';
    case 'gone':
      return 'its file could not be opened (expired)';
  }
}

// ---------------------------------------------------------------- admins

/** The receipt for every admin: the file above the details, Confirm payment (!order-confirm) and Reject. */
export function adminReceipt(to: Recipient, order: Order, r: ForwardedReceipt): OutboundMessage {
  const said = r.text?.trim() ? `\n\n“${fitText(r.text.trim(), 600)}”` : '';
  const problem = r.problem
    ? `\n\n⚠️ Not attached: ${problemWords(r.problem)}. The customer was asked to resend it.`
    : '';
  const body = clip(
    `🧾 *Payment receipt* for *${order.id}*\nCustomer: ${customerLabel(order)}\nOrder: ${what(order)}\nSent: ${fileWords(r)}${said}${problem}\n\nCheck the payment, then confirm it or reject it (you'll be asked why; the customer is told):\n!order-confirm ${order.id}`,
    LIMITS.buttonsBody,
  );
  const summary = flattenForTemplate(
    `Payment receipt for ${order.id} (${order.renews ? `renewal of ${order.renews}, ` : ''}${order.packageName}${order.price ? `, ${order.price}` : ''}) from ${customerLabel(order)}${r.text?.trim() ? `: "${fitText(r.text.trim(), 300)}"` : ''}`,
    800,
  );
  return msg(
    to,
    'admin-receipt',
    {
      type: 'buttons',
      ...(r.media ? { media: r.media } : { header: 'Payment receipt' }),
      body,
      buttons: [
        { id: commandId.confirm(order.id), title: 'Confirm payment' },
        { id: commandId.reject(order.id), title: 'Reject' },
      ],
    },
    { orderId: order.id, template: receiptTemplate(order, summary, r.media) },
  );
}

/**
 * Outside the admin's 24-hour window: the receipt template with the file as its header and the two buttons as
 * quick replies; where that template is not registered, the admin alert in words.
 */
function receiptTemplate(order: Order, summary: string, media: MediaHeader | undefined): TemplateForm {
  const alert: TemplateForm = {
    name: TEMPLATES.adminAlert,
    bodyParams: [
      flattenForTemplate(
        `${summary}.${media ? ' (The file is not shown: the receipt templates are not registered.)' : ''} Confirm: !order-confirm ${order.id} · reject: !order-reject ${order.id} <reason>`,
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

/** Common reasons, one tap each; the customer reads them after "We couldn't confirm your payment: ". */
export const REJECT_REASONS = [
  { title: 'Wrong amount', reason: "the amount doesn't match the price" },
  { title: 'Not received', reason: "the payment hasn't arrived in our account" },
  { title: "Can't read it", reason: "the receipt can't be read" },
] as const;

/** An admin tapped Reject: why? A common reason in one tap, or their own words. */
export function adminRejectAsk(to: Recipient, order: Order): OutboundMessage {
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      header: 'Reject the receipt',
      body: clip(
        `Why is the receipt for *${order.id}* rejected? The customer reads your reason; the order stays open for a new receipt.\n\nTap one, or type your own:\n!order-reject ${order.id} <reason>`,
        LIMITS.buttonsBody,
      ),
      buttons: REJECT_REASONS.map((r) => ({ id: commandId.reject(order.id, r.reason), title: r.title })),
    },
    { orderId: order.id },
  );
}

/** The rejecting admin's confirmation. */
export function adminReceiptRejected(to: Recipient, order: Order, reason: string): OutboundMessage {
  return reply(
    to,
    `↩️ Receipt for *${order.id}* rejected: ${reason}. The customer was told; the order stays open (!order-confirm ${order.id} once paid).`,
    order.id,
  );
}

/** The other admins hear it too, so nobody confirms what was just rejected. */
export function adminReceiptRejectedNotice(to: Recipient, order: Order, by: string, reason: string): OutboundMessage {
  return {
    ...reply(to, `ℹ️ The receipt for *${order.id}* was rejected by +${by}: ${reason}.`, order.id),
    kind: 'admin-notice',
  };
}

// ---------------------------------------------------------------- customers

/** The receipt reached the admins (or, with `problem`, its words did but its file did not). */
export function customerReceiptReceived(to: Recipient, order: Order, r: ForwardedReceipt): OutboundMessage {
  const label = `*${order.id}* (${what(order)})`;
  if (!r.problem) {
    const thing = r.via === 'text' ? 'your payment details' : 'your receipt';
    return reply(
      to,
      `🧾 Thanks! We passed ${thing} for ${label} to our team. We'll message you here as soon as the payment is confirmed.`,
      order.id,
    );
  }
  const ask: Record<FileProblem['kind'], string> = {
    'too-big': `your file is too large for us to pass on${r.problem.kind === 'too-big' && r.problem.bytes ? ` (${sizeWords(r.problem.bytes)})` : ''}. We can take photos up to ${sizeWords(FORWARDABLE.image.maxBytes)} and documents up to ${sizeWords(FORWARDABLE.document.maxBytes)}: please send a screenshot or a smaller PDF here.`,
    unsupported: "we can't pass this kind of file on. Please send a photo (JPG or PNG) or a PDF of the receipt here.",
    gone: "we couldn't open your file. Please send it again here.",
  };
  return reply(to, `🧾 Thanks! We told our team about your payment for ${label}, but ${ask[r.problem.kind]}`, order.id);
}

/** Many receipts for one order in an hour: thanked, not forwarded again. */
export function customerReceiptEnough(to: Recipient, order: Order, count: number): OutboundMessage {
  return reply(
    to,
    `🧾 Thanks! Our team already has ${count} receipts for *${order.id}* from the last hour; they'll check them and message you here.`,
    order.id,
  );
}

/** Several unpaid orders: which one is this receipt for? The taps carry the receipt's message id. */
export function customerReceiptWhichOrder(
  to: Recipient,
  choices: readonly Order[],
  draft: string,
  settled?: Order,
): OutboundMessage {
  const before = settled ? `${settledWords(settled, to.locale.lang)}\n\n` : '';
  const body = `${before}🧾 Thanks! Which order is this receipt for?`;
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
    button: 'Choose the order',
    sections: [
      {
        title: 'Unpaid orders',
        rows: choices.slice(0, LIMITS.listRows).map((o) => ({
          id: commandId.receiptFor(o.id, draft),
          title: o.id,
          description: fitText(
            `${o.renews ? `Renewal of ${o.renews} · ` : ''}${o.packageName}${o.price ? ` · ${o.price}` : ''}`,
            LIMITS.rowDescription,
          ),
        })),
      },
    ],
  });
}

function settledWords(order: Order, lang: Lang): string {
  return `Order *${order.id}* is ${customerStatusWords(order.status, hasFailedAttempt(order), lang)}: nothing is waiting for payment there.`;
}

/** Nothing of the sender's is waiting for payment. */
export function customerReceiptNoOrder(to: Recipient, shop: ShopInfo, settled?: Order, admin = false): OutboundMessage {
  const lines = [
    settled
      ? settledWords(settled, to.locale.lang)
      : "🧾 Thanks! I couldn't find an unpaid order of yours to attach this receipt to.",
    '',
    `To order a server, type *!packages*; your orders: *!my-orders*. Questions? ${shop.supportContact}`,
    ...(admin ? ['', "To confirm a customer's payment: *!order-confirm ORD-XXXXXX*."] : []),
  ];
  return msg(to, 'reply', text(lines.join('\n')));
}

/** A second tap on "which order?" for a receipt already sent. */
export function customerReceiptAlreadySent(to: Recipient, orderId: string): OutboundMessage {
  return reply(to, `🧾 This receipt was already passed to our team for *${orderId}*.`, orderId);
}

/** The "which order?" question is older than a week (or was not ours): send the receipt again. */
export function customerReceiptExpired(to: Recipient): OutboundMessage {
  return msg(to, 'reply', text("Sorry, I can't find that receipt any more. Please send it again here."));
}

/** An admin rejected the receipt: the reason, politely, and what to do. */
export function customerReceiptRejected(to: Recipient, order: Order, reason: string, shop: ShopInfo): OutboundMessage {
  const body = `We couldn't confirm your payment for *${order.id}* (${what(order)}): ${reason}.\n\nPlease check it and send the receipt here again (a photo or PDF), or contact ${shop.supportContact}. Your order stays open.`;
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}
