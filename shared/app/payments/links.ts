// The customer's payment page for an unpaid order: reused while it is valid, made anew otherwise (or when
// the customer asks for a fresh one), recorded on the order. When the gateway cannot make one, the customer
// is told how to pay by hand and the admins why, so an order is never stuck for want of a link.

import * as M from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { amountDue, linkExpiry, nextLinkAttempt, reusableLink } from '../../domain/payment.js';
import { paysFor } from '../../domain/payment-messages.js';
import { PaymentGatewayRefusedError, PaymentGatewayUnavailableError } from '../../payments/gateway-errors.js';
import type { Clock, CountMetric, Log, OrderRepository } from '../ports.js';
import type { PaymentGateway } from './port.js';

export interface PayLinkDeps {
  /** Absent when PAYMENT_PROVIDER is manual. */
  gateway?: PaymentGateway;
  orders: Pick<OrderRepository, 'savePayLink'>;
  clock: Clock;
  log: Log;
  metric?: CountMetric;
  settings: { shop: M.ShopInfo; adminIds: readonly string[] };
}

export const PAYMENT_METRICS = {
  linkFailed: 'PaymentLinkFailed',
  signatureRejected: 'PaymentSignatureRejected',
  unmatched: 'PaymentUnmatched',
  duplicate: 'PaymentDuplicate',
  confirmed: 'PaymentConfirmed',
} as const;

/** True when this order is paid through the gateway: unpaid, with a price above zero. */
export function takesPayLink(deps: Pick<PayLinkDeps, 'gateway'>, order: Order): boolean {
  return deps.gateway !== undefined && order.status === 'PENDING' && amountDue(order) !== undefined;
}

/** Closes the payment page of an order that will not be paid (cancelled): a payment on it would be refunded. */
export async function closePayLink(deps: Pick<PayLinkDeps, 'gateway'>, order: Order): Promise<void> {
  if (deps.gateway && order.payLink?.provider === deps.gateway.provider) await deps.gateway.closeLink(order.payLink);
}

/**
 * The Pay now message for an unpaid order (none when the shop has no gateway or the order takes none).
 * `fresh`: a new page even when the last one is still valid (the customer asked for one; the old one closes).
 */
export async function payLinkMessages(deps: PayLinkDeps, order: Order, fresh = false): Promise<OutboundMessage[]> {
  const { gateway, settings } = deps;
  if (!gateway || !takesPayLink(deps, order)) return [];
  const now = deps.clock.now();
  const kept = fresh ? undefined : reusableLink(order, gateway.provider, now);
  if (kept) return [M.payNow(M.customerTo(order, settings.shop), order, kept, settings.shop)];
  try {
    const made = await gateway.createLink({
      order,
      attempt: nextLinkAttempt(order),
      expiresAt: linkExpiry(order, now),
      description: `${paysFor(order, order.lang ?? settings.shop.language)} (${order.id})`,
    });
    const link = { ...made, createdAt: now.toISOString() };
    // Paid or cancelled meanwhile: the page is not handed out (a payment on it would be a second one).
    if (!(await deps.orders.savePayLink(order.id, link))) {
      await gateway.closeLink(link);
      return [];
    }
    if (order.payLink && order.payLink.reference !== link.reference && order.payLink.provider === gateway.provider)
      await gateway.closeLink(order.payLink);
    deps.log.info('Payment link made', { orderId: order.id, provider: gateway.provider, attempt: link.attempt });
    return [M.payNow(M.customerTo(order, settings.shop), order, link, settings.shop)];
  } catch (e) {
    if (!(e instanceof PaymentGatewayUnavailableError || e instanceof PaymentGatewayRefusedError)) throw e;
    deps.metric?.(PAYMENT_METRICS.linkFailed);
    deps.log.warn('Payment link could not be made', {
      orderId: order.id,
      provider: gateway.provider,
      error: e.message,
    });
    const customer = M.customerTo(order, settings.shop);
    const manual = M.shopInstructions(settings.shop, customer.locale.lang);
    return [
      M.payLinkUnavailable(customer, order, manual),
      ...M.adminsTo(settings.adminIds, settings.shop).map((a) =>
        M.adminPayLinkFailed(a, order, gateway.provider, e.message),
      ),
    ];
  }
}
