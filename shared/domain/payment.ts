// How an order is paid: by hand (an admin's !order-confirm) or through a payment gateway, and the rules
// that hold whatever the gateway: one payment confirms an order once, and only when it paid exactly the
// order's amount in the order's currency. Pure: the gateways' adapters live in shared/payments.

import { formatMoney, type Money } from './money.js';
import type { Order } from './order.js';

export const PAYMENT_PROVIDERS = ['manual', 'stripe', 'midtrans'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
/** A provider that takes payments by itself (not an admin). */
export type GatewayName = Exclude<PaymentProvider, 'manual'>;

export function isPaymentProvider(value: string): value is PaymentProvider {
  return (PAYMENT_PROVIDERS as readonly string[]).includes(value);
}

/** The gateway's name as customers and admins read it. */
export const GATEWAY_LABEL: Readonly<Record<GatewayName, string>> = { stripe: 'Stripe', midtrans: 'Midtrans' };

/** How and when an order was paid, recorded with its confirmation (`!provision-status ID` shows it). */
export interface PaymentRecord {
  method: PaymentProvider;
  /** Who confirmed: an admin's id, or the gateway's name. */
  by: string;
  /** When the order was confirmed. */
  at: string;
  /** The gateway's checkout (Stripe Checkout Session id, Midtrans order_id of the attempt). */
  reference?: string;
  /** The gateway's payment (Stripe PaymentIntent id, Midtrans transaction_id). */
  transactionId?: string;
  /** What was paid, as the gateway reported it. */
  amountMinor?: number;
  currency?: string;
  /** How it was paid (card, qris, gopay, pix, bank_transfer …) when the gateway says. */
  paymentType?: string;
}

/** What a gateway confirmation adds to the order's CONFIRM event. */
export type GatewayPaymentRecord = Omit<PaymentRecord, 'by' | 'at'>;

/** A payment page the customer was given for an order: one per attempt, reused while it is valid. */
export interface PayLink {
  provider: GatewayName;
  /** The gateway's checkout reference (a session id, or the attempt's order_id). */
  reference: string;
  url: string;
  expiresAt: string;
  /** 1 for the first link of the order, 2 for the next … (Midtrans needs a new order_id each time). */
  attempt: number;
  createdAt: string;
}

/** A payment as the gateway reports it, verified (signature) and, where the gateway advises, read back. */
export interface GatewayPayment {
  provider: GatewayName;
  /** The checkout it belongs to (see PayLink.reference). */
  reference: string;
  /** Our order id, taken from the reference or the gateway's metadata. */
  orderId: string;
  transactionId: string;
  /** paid: confirm; pending: wait; failed/expired: the order stays PENDING, a new link on request; other (a refund, a chargeback): logged. */
  status: 'paid' | 'pending' | 'failed' | 'expired' | 'other';
  /** The gateway's own status word (settlement, capture, checkout.session.completed …), for logs and admins. */
  gatewayStatus: string;
  amountMinor?: number;
  currency?: string;
  paymentType?: string;
}

/** Midtrans wants a new order_id per payment page: ORD-7K2M9Q, then ORD-7K2M9Q-2, ORD-7K2M9Q-3 … */
export function attemptReference(orderId: string, attempt: number): string {
  return attempt <= 1 ? orderId : `${orderId}-${attempt}`;
}

/** The order id inside an attempt reference (ORD-7K2M9Q-2 → ORD-7K2M9Q); undefined when it is not one. */
export function orderIdOfReference(reference: string): string | undefined {
  const m = /^(ORD-[0-9A-Z]{6})(?:-(\d{1,4}))?$/i.exec(reference.trim());
  return m ? m[1]!.toUpperCase() : undefined;
}

/** The next attempt number for a fresh payment page of this order. */
export function nextLinkAttempt(order: Pick<Order, 'payLink'>): number {
  return (order.payLink?.attempt ?? 0) + 1;
}

/** A link may be handed out again while it has at least this long to live. */
const REUSE_MARGIN_MS = 15 * 60_000;
/** Gateways' bounds on a checkout's life (Stripe: 30 min to 24 h; Midtrans follows the same here). */
export const LINK_MIN_MS = 30 * 60_000;
export const LINK_MAX_MS = 24 * 3_600_000;

/** The order's link, when it is still worth sending (same provider, not about to expire). */
export function reusableLink(order: Pick<Order, 'payLink'>, provider: GatewayName, now: Date): PayLink | undefined {
  const link = order.payLink;
  if (!link || link.provider !== provider) return undefined;
  return Date.parse(link.expiresAt) - now.getTime() >= REUSE_MARGIN_MS ? link : undefined;
}

/**
 * When a new link expires: with the order (its `payBy`) when that is sooner than a day, else after a day
 * (the longest a Stripe Checkout Session lives; a later nudge brings a fresh link), never under 30 minutes.
 */
export function linkExpiry(order: Pick<Order, 'payBy'>, now: Date): Date {
  const payBy = order.payBy ? Date.parse(order.payBy) - now.getTime() : LINK_MAX_MS;
  const ms = Math.min(LINK_MAX_MS, Math.max(LINK_MIN_MS, payBy));
  // Whole minutes, a minute short of the bound: the gateway counts from its own clock.
  return new Date(Math.floor((now.getTime() + ms - 60_000) / 60_000) * 60_000);
}

/** The amount an order asks for, when it is payable through a gateway (a price above zero). */
export function amountDue(order: Pick<Order, 'priceMinor' | 'currency'>): Money | undefined {
  if (order.priceMinor === undefined || order.currency === undefined || order.priceMinor <= 0) return undefined;
  return { minor: order.priceMinor, currency: order.currency };
}

/**
 * Why a payment cannot confirm this order, in words for the admins; undefined when it matches exactly
 * (same amount, same currency). An order without a numeric price never matches a gateway payment.
 */
export function paymentMismatch(
  order: Pick<Order, 'priceMinor' | 'currency'>,
  payment: Pick<GatewayPayment, 'amountMinor' | 'currency'>,
  locale: string,
): string | undefined {
  const due = amountDue(order);
  if (!due) return 'the order has no price to match';
  if (payment.amountMinor === undefined || payment.currency === undefined) return 'the gateway did not say the amount';
  const paid = { minor: payment.amountMinor, currency: payment.currency.toUpperCase() };
  if (paid.currency === due.currency && paid.minor === due.minor) return undefined;
  const paidText =
    paid.currency === due.currency ? formatMoney(paid, locale) : `${paid.minor} ${paid.currency} (minor units)`;
  return `paid ${paidText}, the order asks ${formatMoney(due, locale)}`;
}

/** True when the order was confirmed by this very payment (a redelivery, or a second event for it). */
export function confirmedBy(
  order: Pick<Order, 'payment'>,
  payment: Pick<GatewayPayment, 'provider' | 'reference' | 'transactionId'>,
): boolean {
  const p = order.payment;
  if (!p || p.method !== payment.provider) return false;
  return p.transactionId === payment.transactionId || p.reference === payment.reference;
}

/** "Stripe pi_3Nx…" / "an admin (5511…)" : how an order was paid, for the admins' views. */
export function paidHow(payment: PaymentRecord, locale: string): string {
  if (payment.method === 'manual') return `confirmed by ${payment.by} at ${payment.at}`;
  const amount =
    payment.amountMinor !== undefined && payment.currency
      ? ` ${formatMoney({ minor: payment.amountMinor, currency: payment.currency }, locale)}`
      : '';
  const type = payment.paymentType ? ` by ${payment.paymentType}` : '';
  return `paid${amount} through ${GATEWAY_LABEL[payment.method]}${type} at ${payment.at} (${payment.transactionId ?? payment.reference ?? '?'})`;
}
