// The building blocks of every text in the *-messages modules: the shop's facts, the template names, and
// clipping to the Cloud API limits. The texts themselves are re-exported together from messages.ts.

import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import type { Lang } from './i18n/lang.js';
import { adminRecipient, customerRecipient, type LocaleSettings, type Recipient } from './i18n/locale.js';
import type { Order } from './order.js';
import { cutAt, LIMITS, type OutboundContent, type OutboundMessage } from './outbound.js';

/** The shop's facts, and its languages and time zone (LocaleSettings). */
export interface ShopInfo extends LocaleSettings {
  shopName: string;
  /** The panel address customers log in to. */
  panelUrl: string;
  /** How to pay, shown after ordering: PAYMENT_INSTRUCTIONS, as the shop wrote it. */
  paymentInstructions: string;
  /** The same in other languages (PAYMENT_INSTRUCTIONS_EN, _ID, _PT_BR), for readers of that language. */
  paymentInstructionsIn?: Partial<Record<Lang, string>>;
  /** A payment gateway takes payments (PAYMENT_PROVIDER set): unpaid orders get a Pay now button. */
  payOnline?: boolean;
  /** Who to contact, shown in help and failure texts. */
  supportContact: string;
  /** SHOP_CURRENCY (ISO 4217) and SHOP_LOCALE: how amounts are written. */
  currency?: string;
  locale?: string;
}

/** Names of the message templates a shop registers with Meta (bodies in docs/whatsapp-templates.md). */
export const TEMPLATES = {
  credentials: 'spawnpoint_server_ready_v1',
  serverAdded: 'spawnpoint_server_added_v1',
  provisioningFailed: 'spawnpoint_setup_delayed_v1',
  adminAlert: 'spawnpoint_admin_alert_v1',
  orderUpdate: 'spawnpoint_order_update_v1',
  passwordReset: 'spawnpoint_password_reset_v1',
  renewalReminder: 'spawnpoint_renewal_reminder_v1',
  terminationWarning: 'spawnpoint_termination_warning_v1',
  serviceSuspended: 'spawnpoint_service_suspended_v1',
  serviceTerminated: 'spawnpoint_service_terminated_v1',
  /** A payment receipt for the admins, with the customer's photo or document as its header. */
  receiptImage: 'spawnpoint_receipt_image_v1',
  receiptDocument: 'spawnpoint_receipt_document_v1',
} as const;

export const text = (body: string): OutboundContent => ({ type: 'text', body: clip(body, LIMITS.textBody) });

export function clip(body: string, max: number): string {
  return body.length <= max ? body : `${cutAt(body, max - 2)}\n…`;
}

/** A message for `to`, in its language (the sender picks the template of that language when needed). */
export function msg(
  to: Recipient,
  kind: OutboundMessage['kind'],
  content: OutboundContent,
  extra?: Partial<OutboundMessage>,
) {
  return { to: to.id, lang: to.locale.lang, kind, content, ...extra } satisfies OutboundMessage;
}

/** A plain-text reply, tied to an order when one is given. */
export function reply(to: Recipient, body: string, orderId?: string): OutboundMessage {
  return msg(to, 'reply', text(body), orderId ? { orderId } : undefined);
}

/** An order's customer, in the language the order was placed in (kept up to date by !language). */
export function customerTo(order: Pick<Order, 'customerId' | 'lang'>, shop: LocaleSettings): Recipient {
  return customerRecipient(order.customerId, order.lang, shop);
}

/** Every admin, in ADMIN_LANGUAGE. */
export function adminsTo(adminIds: readonly string[], shop: LocaleSettings): Recipient[] {
  return adminIds.map((id) => adminRecipient(id, shop));
}

/** "João Cliente (+15550101234)", or "+15550101234" when the profile name is unknown. */
export function customerLabel(order: Order): string {
  return order.customerName ? `${order.customerName} (+${order.customerId})` : `+${order.customerId}`;
}

/**
 * How to pay, for the reader: the shop's own instructions (PAYMENT_INSTRUCTIONS, as the shop wrote them), and
 * with a gateway the Pay now button first.
 */
export function howToPay(shop: ShopInfo, lang: Lang): string {
  const manual = shopInstructions(shop, lang);
  return shop.payOnline ? say(COMMON_TEXTS, lang)('payOnlineOrByHand', { manual }) : manual;
}

/** The shop's own payment instructions in the reader's language when the shop wrote them in it. */
export function shopInstructions(shop: ShopInfo, lang: Lang): string {
  return shop.paymentInstructionsIn?.[lang] ?? shop.paymentInstructions;
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}
