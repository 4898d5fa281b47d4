// What the fake Midtrans accepts for Snap `POST /snap/v1/transactions` (all problems at once, in
// `error_messages`, as Midtrans lists them), and the JSON it hands out afterwards: the Core API status and
// the HTTP notification, with `signature_key = SHA-512(order_id + status_code + gross_amount + server key)`.
// Messages marked "quoted" appear verbatim in public integrations; the others follow their style.

import { createHash } from 'node:crypto';

export type MidtransMethod = 'qris' | 'gopay' | 'bank_transfer' | 'credit_card';
export const METHODS: readonly MidtransMethod[] = ['qris', 'gopay', 'bank_transfer', 'credit_card'];
export type TransactionStatus = 'pending' | 'settlement' | 'capture' | 'deny' | 'expire' | 'cancel';
export const OUTCOMES: readonly TransactionStatus[] = ['settlement', 'capture', 'pending', 'deny', 'expire', 'cancel'];

/** A Snap transaction; the payment fields stay null until the customer picks a method on the pay page. */
export interface MidtransTransaction {
  orderId: string;
  token: string;
  grossAmount: number;
  currency: 'IDR';
  itemDetails: MidtransItem[] | null;
  customerDetails: unknown;
  /** `callbacks.finish`: where the pay page sends the customer afterwards. */
  finishUrl: string | null;
  /** From `X-Override-Notification` (comma-separated, at most 3); null: the configured notification URL. */
  notificationUrls: string[] | null;
  createdAt: Date;
  transactionId: string | null;
  paymentType: MidtransMethod | null;
  transactionStatus: TransactionStatus | null;
  fraudStatus: 'accept' | 'deny' | null;
  transactionTime: string | null;
  settlementTime: string | null;
}

/** The Snap request that passed every check. */
export interface SnapInput {
  orderId: string;
  grossAmount: number;
  itemDetails: MidtransItem[] | null;
  customerDetails: unknown;
  finishUrl: string | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a Snap request; returns the problems (empty: accepted). `taken` says whether an order_id was used. */
export function checkSnap(body: unknown, taken: (orderId: string) => boolean): SnapInput | string[] {
  const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const td = b['transaction_details'];
  const details = typeof td === 'object' && td !== null ? (td as Record<string, unknown>) : {};
  const errors: string[] = [];
  const rawId = details['order_id'];
  const orderId = typeof rawId === 'string' || isNumber(rawId) ? String(rawId) : '';
  if (orderId === '')
    errors.push('transaction_details.order_id is required'); // quoted
  else if (orderId.length > 50)
    errors.push('transaction_details.order_id is too long'); // quoted (community)
  else if (!/^[A-Za-z0-9\-_~.]+$/.test(orderId)) {
    // Documented: "Allowed Symbols are dash(-), underscore(_), tilde (~), and dot (.) … automatically declined".
    errors.push('transaction_details.order_id contains invalid characters; allowed are letters, digits, -, _, ~ and .');
  }
  const gross = details['gross_amount'];
  if (gross === undefined || gross === null) {
    // quoted: both, for a request without gross_amount (midtrans-java's tests).
    errors.push('transaction_details.gross_amount is required', 'transaction_details.gross_amount is not a number');
  } else if (!isNumber(gross)) {
    errors.push('transaction_details.gross_amount is not a number');
  } else if (gross <= 0) {
    errors.push('transaction_details.gross_amount must be greater than or equal to 0.01');
  } else if (!Number.isInteger(gross)) {
    // Documented: "Total transaction amount in IDR. Note: Do not add decimal."
    errors.push('transaction_details.gross_amount must be an integer for IDR');
  }
  const items = b['item_details'];
  const itemDetails = items === undefined || items === null ? null : checkItems(items, errors);
  if (itemDetails && isNumber(gross) && errors.length === 0) {
    const sum = itemDetails.reduce((total, it) => total + it.price * it.quantity, 0);
    if (sum !== gross) errors.push('transaction_details.gross_amount is not equal to the sum of item_details'); // quoted
  }
  const callbacks = b['callbacks'] as { finish?: unknown } | undefined;
  const finish = callbacks?.finish;
  if (finish !== undefined && !(typeof finish === 'string' && /^https?:\/\//.test(finish) && URL.canParse(finish))) {
    errors.push('callbacks.finish is not a valid URL');
  }
  if (errors.length === 0 && taken(orderId)) errors.push('transaction_details.order_id has already been taken'); // quoted
  if (errors.length > 0) return errors;
  return {
    orderId,
    grossAmount: gross as number,
    itemDetails,
    customerDetails: b['customer_details'] ?? null,
    finishUrl: typeof finish === 'string' ? finish : null,
  };
}

export interface MidtransItem {
  price: number;
  quantity: number;
  name: string;
}

function checkItems(items: unknown, errors: string[]): MidtransItem[] | null {
  if (!Array.isArray(items)) {
    errors.push('item_details must be an array');
    return null;
  }
  return items.map((item: unknown, i) => {
    const it = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { price, quantity, name } = it;
    if (!isNumber(price)) errors.push(`item_details[${i}].price is not a number`);
    else if (!Number.isInteger(price)) errors.push(`item_details[${i}].price must be an integer for IDR`);
    if (!isNumber(quantity) || !Number.isInteger(quantity) || quantity < 1) {
      errors.push(`item_details[${i}].quantity must be an integer greater than 0`);
    }
    if (typeof name !== 'string' || name === '') errors.push(`item_details[${i}].name is required`);
    return { price: Number(price), quantity: Number(quantity), name: String(name) };
  });
}

/** Midtrans's `status_code` for each transaction status (docs.midtrans.com "Code 2xx/4xx"; 407 = expired). */
export function statusCodeOf(status: TransactionStatus): string {
  return { pending: '201', settlement: '200', capture: '200', cancel: '200', deny: '202', expire: '407' }[status];
}

/** "24145.00": how Midtrans writes gross_amount in its status and notification JSON (and signs it). */
export const amountString = (amount: number) => amount.toFixed(2);

export function signatureKey(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`, 'utf8').digest('hex');
}

/** Midtrans's times are Jakarta wall-clock (GMT+7) as "YYYY-MM-DD HH:mm:ss". */
export function jakartaTime(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The JSON of `GET /v2/<id>/status` and of the HTTP notification (different `status_message` only). */
export function transactionJson(
  tx: MidtransTransaction,
  serverKey: string,
  merchantId: string,
  statusMessage: string,
): Record<string, unknown> {
  const status = tx.transactionStatus as TransactionStatus;
  const statusCode = statusCodeOf(status);
  const gross = amountString(tx.grossAmount);
  const base: Record<string, unknown> = {
    status_code: statusCode,
    status_message: statusMessage,
    transaction_id: tx.transactionId,
    order_id: tx.orderId,
    merchant_id: merchantId,
    gross_amount: gross,
    currency: tx.currency,
    payment_type: tx.paymentType,
    transaction_time: tx.transactionTime,
    transaction_status: status,
    fraud_status: tx.fraudStatus,
    signature_key: signatureKey(tx.orderId, statusCode, gross, serverKey),
  };
  if (tx.settlementTime) base['settlement_time'] = tx.settlementTime;
  if (status === 'pending') {
    base['expiry_time'] = jakartaTime(new Date(tx.createdAt.getTime() + 24 * 3600_000));
  }
  return { ...base, ...methodFields(tx) };
}

function methodFields(tx: MidtransTransaction): Record<string, unknown> {
  switch (tx.paymentType) {
    case 'bank_transfer':
      return {
        va_numbers: [{ bank: 'bca', va_number: `12345${tx.orderId.replace(/\D/g, '').slice(-6).padStart(6, '0')}` }],
      };
    case 'qris':
      return { acquirer: 'gopay', issuer: 'gopay', transaction_type: 'on-us' };
    case 'credit_card':
      return {
        masked_card: '48111111-1114',
        bank: 'bni',
        card_type: 'credit',
        approval_code: '1578569243927',
        eci: '05',
      };
    default:
      return {};
  }
}
