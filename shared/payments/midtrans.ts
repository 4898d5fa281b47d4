// Midtrans: Snap transactions for payment pages (QRIS, GoPay, bank transfer, cards), and its HTTP
// notification, proven by `signature_key` = SHA-512(order_id + status_code + gross_amount + server key) and
// then read back from the status API before anything is done, as Midtrans advises. Plain axios: the
// official midtrans-client adds lodash and no types, and does not check signatures either.

import { createHash, timingSafeEqual } from 'node:crypto';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { LinkRequest, PaymentGateway, PaymentNotice } from '../app/payments/port.js';
import type { SecretsPort } from '../app/ports.js';
import { attemptReference, type GatewayPayment, orderIdOfReference, type PayLink } from '../domain/payment.js';
import { PaymentGatewayRefusedError, PaymentGatewayUnavailableError } from './gateway-errors.js';

/** The fields of a notification and of a status answer that we read. */
interface MidtransStatus {
  order_id?: string;
  transaction_id?: string;
  transaction_status?: string;
  fraud_status?: string;
  status_code?: string;
  gross_amount?: string;
  currency?: string;
  payment_type?: string;
  signature_key?: string;
  status_message?: string;
}

export type MidtransProof =
  | { kind: 'notice'; notice: PaymentNotice }
  | { kind: 'bad-request'; why: string }
  | { kind: 'unauthorized'; why: string };

/** SHA-512(order_id + status_code + gross_amount + server key), hex, as Midtrans signs its notifications. */
export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`, 'utf8').digest('hex');
}

/** Checks a notification's `signature_key` (constant time) and makes it a notice; the status is read back later. */
export function midtransProof(raw: Buffer, serverKey: string, now: Date): MidtransProof {
  let body: MidtransStatus;
  try {
    body = JSON.parse(raw.toString('utf8')) as MidtransStatus;
  } catch {
    return { kind: 'bad-request', why: 'the body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { kind: 'bad-request', why: 'the body is not a notification' };
  const { order_id, status_code, gross_amount, signature_key, transaction_id, transaction_status } = body ?? {};
  if (![order_id, status_code, gross_amount, signature_key].every((v) => typeof v === 'string' && v !== ''))
    return { kind: 'unauthorized', why: 'signature_key, order_id, status_code or gross_amount missing' };
  const expected = Buffer.from(midtransSignature(order_id!, status_code!, gross_amount!, serverKey), 'utf8');
  const given = Buffer.from(signature_key!.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { kind: 'unauthorized', why: 'signature_key does not match' };
  if (typeof transaction_id !== 'string' || typeof transaction_status !== 'string')
    return { kind: 'bad-request', why: 'transaction_id or transaction_status missing' };
  // The signature does not cover the status: a body relabelled "settlement" still verifies. The event id
  // therefore includes the body's hash, so such a body can never stand in for (and use up) the genuine
  // notification's id; a resend of the same body is still the same event. The status is read back anyway.
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return {
    kind: 'notice',
    notice: {
      ...toPayment(body),
      type: 'payment',
      eventId: `${transaction_id}:${transaction_status}:${digest}`,
      receivedAt: now.toISOString(),
    },
  };
}

/** settlement, or capture accepted by fraud detection, is paid; the rest waits, fails or is only logged. */
function statusOf(s: MidtransStatus): GatewayPayment['status'] {
  switch (s.transaction_status) {
    case 'settlement':
      return 'paid';
    case 'capture':
      return s.fraud_status === 'accept' ? 'paid' : 'pending'; // challenge: an admin decides at Midtrans
    case 'pending':
    case 'authorize':
      return 'pending';
    case 'deny':
    case 'cancel':
    case 'failure':
      return 'failed';
    case 'expire':
      return 'expired';
    default:
      return 'other'; // refund, partial_refund, chargeback …: after the fact, for the admins to handle
  }
}

/** "24145.00" → 24145 rupiah; undefined when it is not a whole rupiah amount. */
function rupiah(gross: string | undefined): number | undefined {
  const m = gross === undefined ? null : /^(\d{1,15})(?:\.0{1,2})?$/.exec(gross);
  return m ? Number(m[1]) : undefined;
}

function toPayment(s: MidtransStatus): GatewayPayment {
  const reference = typeof s.order_id === 'string' ? s.order_id : '';
  const amountMinor = rupiah(s.gross_amount);
  return {
    provider: 'midtrans',
    reference,
    orderId: orderIdOfReference(reference) ?? '',
    transactionId: typeof s.transaction_id === 'string' ? s.transaction_id : reference,
    status: statusOf(s),
    gatewayStatus: `${s.transaction_status ?? '?'}${s.fraud_status ? `/${s.fraud_status}` : ''}`,
    ...(amountMinor !== undefined ? { amountMinor } : {}),
    currency: typeof s.currency === 'string' ? s.currency.toUpperCase() : 'IDR',
    ...(typeof s.payment_type === 'string' && s.payment_type ? { paymentType: s.payment_type } : {}),
  };
}

export interface MidtransGatewayOptions {
  secrets: SecretsPort;
  /** MIDTRANS_SNAP_URL (https://app.midtrans.com; sandbox https://app.sandbox.midtrans.com). */
  snapUrl: string;
  /** MIDTRANS_API_URL (https://api.midtrans.com; sandbox https://api.sandbox.midtrans.com). */
  apiUrl: string;
  returnUrl: string;
  timeoutMs?: number;
}

export class MidtransGateway implements PaymentGateway {
  readonly provider = 'midtrans' as const;
  private readonly http: AxiosInstance;

  constructor(private readonly options: MidtransGatewayOptions) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  }

  /**
   * A Snap transaction for the order. Its order_id must be new at Midtrans: a second link of one order is
   * ORD-…-2, and an id Midtrans already has (a link made by a try whose answer was lost) moves to the next.
   */
  async createLink({ order, attempt, expiresAt, description }: LinkRequest): Promise<Omit<PayLink, 'createdAt'>> {
    // Counted from Midtrans's clock: 30 minutes to a day, as the shop asked within that.
    const minutes = Math.min(1440, Math.max(30, Math.floor((expiresAt.getTime() - Date.now()) / 60_000)));
    for (let n = attempt; n < attempt + 3; n++) {
      const reference = attemptReference(order.id, n);
      const gross = order.priceMinor ?? 0;
      try {
        const res = await this.http.post<{ token?: string; redirect_url?: string }>(
          `${this.options.snapUrl}/snap/v1/transactions`,
          {
            transaction_details: { order_id: reference, gross_amount: gross },
            item_details: [{ id: order.packageId, price: gross, quantity: 1, name: description.slice(0, 50) }],
            expiry: { unit: 'minute', duration: minutes },
            callbacks: { finish: this.options.returnUrl },
          },
          { auth: await this.auth() },
        );
        if (!res.data.redirect_url) throw new PaymentGatewayRefusedError('midtrans', 'the answer has no redirect_url');
        const expires = new Date(Date.now() + minutes * 60_000);
        return {
          provider: 'midtrans',
          reference,
          url: res.data.redirect_url,
          expiresAt: expires.toISOString(),
          attempt: n,
        };
      } catch (e) {
        if (!alreadyTaken(e)) throw this.failure(e);
      }
    }
    throw new PaymentGatewayRefusedError('midtrans', `order ids ${order.id}-${attempt}… are all taken`);
  }

  /** Snap pages expire by themselves; an unpaid one left open is harmless (its payment would be a second one). */
  async closeLink(): Promise<void> {}

  /** The status as Midtrans has it now (GET /v2/{order_id}/status): acted on instead of the notification. */
  async readBack(notice: PaymentNotice): Promise<GatewayPayment> {
    try {
      const res = await this.http.get<MidtransStatus>(
        `${this.options.apiUrl}/v2/${encodeURIComponent(notice.reference)}/status`,
        { auth: await this.auth() },
      );
      if (res.data.status_code === '404' || !res.data.transaction_status)
        throw new PaymentGatewayRefusedError('midtrans', `no transaction ${notice.reference}`, 404);
      return toPayment(res.data);
    } catch (e) {
      throw e instanceof PaymentGatewayRefusedError ? e : this.failure(e);
    }
  }

  private async auth() {
    return { username: await this.options.secrets.required('MIDTRANS_SERVER_KEY'), password: '' };
  }

  private failure(e: unknown): Error {
    if (e instanceof PaymentGatewayRefusedError || e instanceof PaymentGatewayUnavailableError) return e;
    if (isAxiosError(e) && e.response) {
      const status = e.response.status;
      if (status >= 500 || status === 429) return new PaymentGatewayUnavailableError('midtrans', `HTTP ${status}`);
      if (status === 401) return new PaymentGatewayRefusedError('midtrans', 'the MIDTRANS_SERVER_KEY was refused', 401);
      return new PaymentGatewayRefusedError('midtrans', messagesOf(e.response.data), status);
    }
    const code = isAxiosError(e) ? (e.code ?? 'no answer') : e instanceof Error ? e.name : 'no answer';
    return new PaymentGatewayUnavailableError('midtrans', code);
  }
}

function messagesOf(data: unknown): string {
  const list = (data as { error_messages?: unknown } | undefined)?.error_messages;
  return Array.isArray(list) ? list.map(String).join('; ').slice(0, 300) : 'refused';
}

/** Midtrans's answer to an order_id it already has. */
function alreadyTaken(e: unknown): boolean {
  return (
    isAxiosError(e) &&
    e.response?.status === 400 &&
    /already been taken|sudah digunakan/i.test(messagesOf(e.response.data))
  );
}
