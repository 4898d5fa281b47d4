// The payment gateways' webhook as a Lambda Function URL (payload v2): POST /stripe or /midtrans, the
// proof checked on the raw body, 200 once queued. A gateway retries anything but 2xx: 400/401 for a bad
// proof (nothing changes), 404 for a gateway this shop does not use, 500 only when the queue failed.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type PaymentWebhookDeps,
  type PaymentWebhookOutcome,
  receivePayment,
} from '../../shared/app/payment-webhook.js';
import { silentLog } from '../../shared/app/ports.js';
import { header, rawBody } from '../webhook/function-url.js';

/** Gateway events are a few KB; anything past this is not one. */
export const MAX_PAYMENT_BODY_BYTES = 256 * 1024;

export function createPaymentWebhookHandler(deps: PaymentWebhookDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      if (event.requestContext?.http?.method?.toUpperCase() !== 'POST') return toHttp({ kind: 'method-not-allowed' });
      const raw = rawBody(event, MAX_PAYMENT_BODY_BYTES);
      if (raw === undefined) return toHttp({ kind: 'too-large' });
      const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
      return toHttp(
        await receivePayment(path, raw, { stripeSignature: header(event.headers, 'stripe-signature') }, deps),
      );
    } catch (err) {
      // A secret or the queue unavailable: nothing was lost, the gateway retries a 500.
      (deps.logger ?? silentLog).error('payment webhook could not queue the event', {
        error: err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error',
      });
      return toHttp({ kind: 'failed' });
    }
  };
}

export function toHttp(outcome: PaymentWebhookOutcome): APIGatewayProxyStructuredResultV2 {
  const json = (statusCode: number, body: Record<string, unknown>) => ({
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  switch (outcome.kind) {
    case 'queued':
      return json(200, { received: true });
    case 'ignored':
      return json(200, { received: true, ignored: true });
    case 'bad-request':
      return json(400, { error: 'unreadable event' });
    case 'unauthorized':
      return json(401, { error: 'invalid signature' });
    case 'not-found':
      return json(404, { error: 'no such gateway here' });
    case 'too-large':
      return json(413, { error: 'payload too large' });
    case 'method-not-allowed':
      return {
        ...json(405, { error: 'method not allowed' }),
        headers: { 'content-type': 'application/json', allow: 'POST' },
      };
    case 'failed':
      return json(500, { error: 'try again' });
  }
}
