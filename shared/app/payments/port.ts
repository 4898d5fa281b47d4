// The payment port: what the use cases need from a gateway, whichever it is (shared/payments/* adapt
// Stripe and Midtrans to it), and the notice the gateways' webhook queues for the inbox worker.

import type { Order } from '../../domain/order.js';
import type { GatewayName, GatewayPayment, PayLink } from '../../domain/payment.js';

export interface LinkRequest {
  order: Order;
  /** Which link of the order this is (1, 2 …): a retried request for the same attempt makes no second page. */
  attempt: number;
  expiresAt: Date;
  /** What the customer reads on the gateway's page, e.g. "Gold server, 30 days (ORD-7K2M9Q)". */
  description: string;
}

export interface PaymentGateway {
  readonly provider: GatewayName;
  /**
   * A payment page for the order's amount, in the shop's currency. Throws PaymentGatewayUnavailableError
   * (try later) or PaymentGatewayRefusedError (this request will not work).
   */
  createLink(request: LinkRequest): Promise<Omit<PayLink, 'createdAt'>>;
  /** Closes a page a fresh link replaces, so it cannot be paid as well (best effort: errors are swallowed). */
  closeLink(link: PayLink): Promise<void>;
  /**
   * The payment as the gateway knows it now. Midtrans advises reading the status back before acting on a
   * notification; a Stripe event is already proven by its signature and is returned as it came.
   */
  readBack(notice: PaymentNotice): Promise<GatewayPayment>;
}

/**
 * A verified gateway event, as the gateways' webhook queues it (ids and amounts only: no key, no customer
 * data). The inbox worker settles it (shared/app/payments/settle.ts).
 */
export interface PaymentNotice extends GatewayPayment {
  type: 'payment';
  /** The gateway's event id (Stripe evt_…; Midtrans transaction_id:status): one event is handled once. */
  eventId: string;
  receivedAt: string;
}

export function isPaymentNotice(value: unknown): value is PaymentNotice {
  const v = value as Partial<PaymentNotice> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.type === 'payment' &&
    (v.provider === 'stripe' || v.provider === 'midtrans') &&
    typeof v.eventId === 'string' &&
    typeof v.reference === 'string' &&
    typeof v.orderId === 'string' &&
    typeof v.transactionId === 'string' &&
    typeof v.status === 'string'
  );
}
