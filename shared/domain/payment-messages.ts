// What customers and admins read about gateway payments: the Pay now button, a link that could not be
// made, and the admins' notices of payments that did not confirm anything (a wrong amount, a second payment).

import { commandId } from './commands.js';
import type { Recipient } from './i18n/locale.js';
import { clip, msg, reply, type ShopInfo, TEMPLATES } from './message-format.js';
import { formatMoney } from './money.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { GATEWAY_LABEL, type GatewayName, type GatewayPayment, type PayLink, paidHow } from './payment.js';

/** What the order pays for, in a line: "Gold server, 30 days", "renewal of ORD-…", "upgrade of ORD-… to Gold". */
export function paysFor(order: Order): string {
  if (order.kind === 'RENEWAL')
    return `Renewal of ${order.renews}: ${order.packageName}, ${order.periodDays ?? 30} days`;
  if (order.kind === 'UPGRADE') return `Upgrade of ${order.upgrades} to ${order.packageName}`;
  return `${order.packageName} server, ${order.periodDays ?? 30} days`;
}

/** The customer's payment page, one tap away; outside the window the link travels in the order template. */
export function payNow(to: Recipient, order: Order, link: PayLink, shop: ShopInfo): OutboundMessage {
  const amount =
    order.priceMinor !== undefined && order.currency
      ? formatMoney({ minor: order.priceMinor, currency: order.currency }, shop.locale ?? 'en-US')
      : order.price;
  const until = link.expiresAt.slice(0, 16).replace('T', ' ');
  const body = clip(
    `💳 *${order.id}*: ${paysFor(order)}${amount ? `, *${amount}*` : ''}.\n\nTap *Pay now* to pay online with ${GATEWAY_LABEL[link.provider]}. We'll confirm it here by ourselves, usually within a minute.\n\nThe link works until ${until} UTC; a new one any time: *!payment-link ${order.id}*.`,
    LIMITS.buttonsBody,
  );
  return msg(
    to,
    'order-update',
    { type: 'cta', body, footer: 'Secure payment page', button: { title: 'Pay now', url: link.url } },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.orderUpdate,
        bodyParams: [order.id, flattenForTemplate(`Pay ${amount ?? ''} for ${paysFor(order)} online: ${link.url}`)],
      },
    },
  );
}

/** The gateway could not make a page: the customer can still pay by hand, and ask for a link later. */
export function payLinkUnavailable(to: Recipient, order: Order, manualInstructions: string): OutboundMessage {
  return reply(
    to,
    `⚠️ Online payment is not available right now for *${order.id}*. Please try again later with *!payment-link ${order.id}*, or pay by hand:\n${manualInstructions}\n\nThen send the receipt here and we'll confirm it.`,
    order.id,
  );
}

/** A link was asked for an order that takes none (paid, cancelled, or without a price). */
export function payLinkNotNeeded(to: Recipient, order: Order): OutboundMessage {
  const why =
    order.status === 'PENDING'
      ? 'has no price to pay online; an admin will tell you how to pay'
      : order.status === 'CANCELLED'
        ? 'is cancelled'
        : 'is already paid';
  return reply(to, `*${order.id}* ${why}. Type *!my-orders* to see your orders.`, order.id);
}

/** Online payment is off in this shop. */
export function payLinkOff(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  return reply(
    to,
    `This shop takes payments by hand:\n${shop.paymentInstructions}\n\nMention *${order.id}* with your payment.`,
    order.id,
  );
}

/** For the admins: the gateway failed to make a page; they may confirm a payment by hand meanwhile. */
export function adminPayLinkFailed(to: Recipient, order: Order, provider: GatewayName, error: string): OutboundMessage {
  return msg(
    to,
    'admin-notice',
    {
      type: 'buttons',
      body: clip(
        `⚠️ ${GATEWAY_LABEL[provider]} could not make a payment link for *${order.id}* (${paysFor(order)}): ${error}\nThe customer was told to pay by hand or to try *!payment-link ${order.id}* later. Confirm a payment by hand with !order-confirm ${order.id}.`,
        LIMITS.buttonsBody,
      ),
      buttons: [{ id: commandId.confirm(order.id), title: 'Confirm payment' }],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(`Payment link for ${order.id} failed: ${error}`)],
      },
    },
  );
}

function paidText(p: GatewayPayment, locale: string): string {
  const amount =
    p.amountMinor !== undefined && p.currency
      ? formatMoney({ minor: p.amountMinor, currency: p.currency }, locale)
      : 'an unknown amount';
  return `${amount} through ${GATEWAY_LABEL[p.provider]} (payment ${p.transactionId}, checkout ${p.reference})`;
}

/** A payment whose amount or currency is not the order's: nothing was confirmed. */
export function adminPaymentMismatch(
  to: Recipient,
  order: Order,
  p: GatewayPayment,
  why: string,
  locale: string,
): OutboundMessage {
  const body = `🛑 A payment for *${order.id}* did not match, so nothing was confirmed: ${why}.\nPaid: ${paidText(p, locale)}.\nCheck it in the ${GATEWAY_LABEL[p.provider]} dashboard; refund it, or confirm by hand with !order-confirm ${order.id}.`;
  return adminPaymentNotice(to, order, body);
}

/** A payment for an order that was already paid (or closed): it changed nothing, a refund may be due. */
export function adminPaidAgain(to: Recipient, order: Order, p: GatewayPayment, locale: string): OutboundMessage {
  const before = order.payment ? ` It was ${paidHow(order.payment, locale)}.` : '';
  const body =
    order.status === 'CANCELLED'
      ? `⚠️ *${order.id}* is cancelled, and a payment for it arrived: ${paidText(p, locale)}.\nNothing was set up; the customer was told we will be in touch. Refund it in the ${GATEWAY_LABEL[p.provider]} dashboard, or place the order again for them.`
      : `⚠️ *${order.id}* was already paid, and a payment arrived: ${paidText(p, locale)}.${before}\nNothing was changed. If the customer paid twice, refund one payment in the ${GATEWAY_LABEL[p.provider]} dashboard.`;
  return adminPaymentNotice(to, order, body);
}

/** The customer paid a cancelled order (an old page, a payment that settled late): the money was seen. */
export function customerPaidCancelled(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  return reply(
    to,
    `💳 We received a payment for *${order.id}*, but that order was already cancelled, so nothing was set up. Our team will refund it or set up the server for you; we'll be in touch here. Questions: ${shop.supportContact}.`,
    order.id,
  );
}

/** The gateway reports a refund or chargeback of an order's payment: the server is not touched by itself. */
export function adminPaymentReversed(to: Recipient, order: Order, p: GatewayPayment, locale: string): OutboundMessage {
  const body = `↩️ ${GATEWAY_LABEL[p.provider]} reports *${p.gatewayStatus}* for the payment of *${order.id}* (${order.status.toLowerCase()}): ${paidText(p, locale)}.\nNothing was changed here; suspend or cancel by hand if needed (!suspend ${order.renews ?? order.upgrades ?? order.id}).`;
  return adminPaymentNotice(to, order, body);
}

/** A paid order whose server is gone: the payment is not taken (renewals and upgrades of a deleted server). */
export function adminPaymentRefused(
  to: Recipient,
  order: Order,
  p: GatewayPayment,
  why: string,
  locale: string,
): OutboundMessage {
  const body = `🛑 A payment for *${order.id}* (${paysFor(order)}) was not applied: ${why}.\nPaid: ${paidText(p, locale)}.\nRefund it in the ${GATEWAY_LABEL[p.provider]} dashboard.`;
  return adminPaymentNotice(to, order, body);
}

/** An admin's notice about a payment: text in the window, the admin alert template outside it. */
function adminPaymentNotice(to: Recipient, order: Order, body: string): OutboundMessage {
  return msg(
    to,
    'admin-notice',
    { type: 'text', body: clip(body, LIMITS.textBody) },
    { orderId: order.id, template: { name: TEMPLATES.adminAlert, bodyParams: [flattenForTemplate(body)] } },
  );
}
