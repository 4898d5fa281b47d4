// What customers and admins read about gateway payments: the Pay now button, a link that could not be
// made, and the admins' notices of payments that did not confirm anything (a wrong amount, a second payment).

import { commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import type { Lang } from './i18n/lang.js';
import { formatDateTime, type Recipient } from './i18n/locale.js';
import { PAYMENT_TEXTS } from './i18n/payment-texts.js';
import { commandName } from './i18n/words.js';
import { clip, msg, reply, type ShopInfo, shopInstructions, TEMPLATES } from './message-format.js';
import { formatMoney, priceFor } from './money.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { GATEWAY_LABEL, type GatewayName, type GatewayPayment, type PayLink, paidHow } from './payment.js';

/**
 * What the order pays for, in a line: "Gold server, 30 days", "renewal of ORD-…", "upgrade of ORD-… to Gold".
 * English unless a reader's language is given (the gateway's page description is the shop's English).
 */
export function paysFor(order: Order, lang: Lang): string {
  const t = say(PAYMENT_TEXTS, lang);
  const n = order.periodDays ?? 30;
  if (order.kind === 'RENEWAL')
    return t('paysForRenewal', { server: order.renews ?? '', package: order.packageName, n });
  if (order.kind === 'UPGRADE')
    return t('paysForUpgrade', { server: order.upgrades ?? '', package: order.packageName });
  return t('paysForNew', { package: order.packageName, n });
}

/** The customer's payment page, one tap away; outside the window the link travels in the order template. */
export function payNow(to: Recipient, order: Order, link: PayLink, shop: ShopInfo): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PAYMENT_TEXTS, lang);
  const amount =
    order.priceMinor !== undefined && order.currency
      ? formatMoney({ minor: order.priceMinor, currency: order.currency }, to.locale.tag)
      : priceFor(order, shop.currency, to.locale);
  const what = paysFor(order, lang);
  const head = amount ? t('payNowWhatAmount', { id: order.id, what, amount }) : t('payNowWhat', { id: order.id, what });
  const tap = t('payNowTap', { button: t('payNowButton'), gateway: GATEWAY_LABEL[link.provider] });
  const until = t('payNowUntil', {
    until: formatDateTime(link.expiresAt, to.locale),
    paymentLink: commandName('payment-link', lang),
    id: order.id,
  });
  const body = clip(`${head}\n\n${tap}\n\n${until}`, LIMITS.buttonsBody);
  return msg(
    to,
    'order-update',
    { type: 'cta', body, footer: t('payNowFooter'), button: { title: t('payNowButton'), url: link.url } },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.orderUpdate,
        bodyParams: [order.id, flattenForTemplate(t('payNowTemplate', { amount: amount ?? '', what, url: link.url }))],
      },
    },
  );
}

/** The gateway could not make a page: the customer can still pay by hand, and ask for a link later. */
export function payLinkUnavailable(to: Recipient, order: Order, manualInstructions: string): OutboundMessage {
  const lang = to.locale.lang;
  const body = say(PAYMENT_TEXTS, lang)('linkUnavailable', {
    id: order.id,
    paymentLink: commandName('payment-link', lang),
    instructions: manualInstructions,
  });
  return reply(to, body, order.id);
}

/** A link was asked for an order that takes none (paid, cancelled, or without a price). */
export function payLinkNotNeeded(to: Recipient, order: Order): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PAYMENT_TEXTS, lang);
  const key =
    order.status === 'PENDING'
      ? 'notNeededNoPrice'
      : order.status === 'CANCELLED'
        ? 'notNeededCancelled'
        : 'notNeededPaid';
  return reply(to, t(key, { id: order.id, myOrders: commandName('my-orders', lang) }), order.id);
}

/** Online payment is off in this shop. */
export function payLinkOff(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const body = say(PAYMENT_TEXTS, to.locale.lang)('linkOff', {
    instructions: shopInstructions(shop, to.locale.lang),
    id: order.id,
  });
  return reply(to, body, order.id);
}

/** For the admins: the gateway failed to make a page; they may confirm a payment by hand meanwhile. */
export function adminPayLinkFailed(to: Recipient, order: Order, provider: GatewayName, error: string): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PAYMENT_TEXTS, lang);
  return msg(
    to,
    'admin-notice',
    {
      type: 'buttons',
      body: clip(
        t('adminLinkFailed', { gateway: GATEWAY_LABEL[provider], id: order.id, what: paysFor(order, lang), error }),
        LIMITS.buttonsBody,
      ),
      buttons: [{ id: commandId.confirm(order.id), title: t('confirmPaymentButton') }],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(t('adminLinkFailedTemplate', { id: order.id, error }))],
      },
    },
  );
}

function paidText(p: GatewayPayment, locale: string, lang: Lang): string {
  const t = say(PAYMENT_TEXTS, lang);
  const amount =
    p.amountMinor !== undefined && p.currency
      ? formatMoney({ minor: p.amountMinor, currency: p.currency }, locale)
      : t('unknownAmount');
  return t('paid', {
    amount,
    gateway: GATEWAY_LABEL[p.provider],
    transaction: p.transactionId,
    reference: p.reference,
  });
}

/** A payment whose amount or currency is not the order's: nothing was confirmed. */
export function adminPaymentMismatch(to: Recipient, order: Order, p: GatewayPayment, why: string): OutboundMessage {
  const { lang, tag: locale } = to.locale;
  const body = say(PAYMENT_TEXTS, lang)('mismatch', {
    id: order.id,
    why,
    paid: paidText(p, locale, lang),
    gateway: GATEWAY_LABEL[p.provider],
  });
  return adminPaymentNotice(to, order, body);
}

/** A payment for an order that was already paid (or closed): it changed nothing, a refund may be due. */
export function adminPaidAgain(to: Recipient, order: Order, p: GatewayPayment): OutboundMessage {
  const { lang, tag: locale } = to.locale;
  const t = say(PAYMENT_TEXTS, lang);
  const before = order.payment ? ` ${t('paidBefore', { how: paidHow(order.payment, locale) })}` : '';
  const about = { id: order.id, paid: paidText(p, locale, lang), gateway: GATEWAY_LABEL[p.provider] };
  const body = order.status === 'CANCELLED' ? t('paidAgainCancelled', about) : t('paidAgain', { ...about, before });
  return adminPaymentNotice(to, order, body);
}

/** The customer paid a cancelled order (an old page, a payment that settled late): the money was seen. */
export function customerPaidCancelled(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const body = say(PAYMENT_TEXTS, to.locale.lang)('paidCancelled', { id: order.id, contact: shop.supportContact });
  return reply(to, body, order.id);
}

/** The gateway reports a refund or chargeback of an order's payment: the server is not touched by itself. */
export function adminPaymentReversed(to: Recipient, order: Order, p: GatewayPayment): OutboundMessage {
  const { lang, tag: locale } = to.locale;
  // The order's status as admins type it (!orders pending), not a word of their language.
  const body = say(PAYMENT_TEXTS, lang)('reversed', {
    gateway: GATEWAY_LABEL[p.provider],
    status: p.gatewayStatus,
    id: order.id,
    orderStatus: order.status.toLowerCase(),
    paid: paidText(p, locale, lang),
    target: order.renews ?? order.upgrades ?? order.id,
  });
  return adminPaymentNotice(to, order, body);
}

/** A paid order whose server is gone: the payment is not taken (renewals and upgrades of a deleted server). */
export function adminPaymentRefused(to: Recipient, order: Order, p: GatewayPayment, why: string): OutboundMessage {
  const { lang, tag: locale } = to.locale;
  const body = say(PAYMENT_TEXTS, lang)('refused', {
    id: order.id,
    what: paysFor(order, lang),
    why,
    paid: paidText(p, locale, lang),
    gateway: GATEWAY_LABEL[p.provider],
  });
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
