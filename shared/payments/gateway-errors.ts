// What can go wrong when we ask a payment gateway for something. Messages are for admins and logs: they
// name the gateway and what it said, never a key (an authentication failure is said in our own words).

import { ErrorName } from '../domain/error-names.js';
import { GATEWAY_LABEL, type GatewayName } from '../domain/payment.js';

/** The gateway did not answer, answered 5xx, or timed out: try again later (the admins can confirm by hand). */
export class PaymentGatewayUnavailableError extends Error {
  constructor(
    readonly provider: GatewayName,
    detail: string,
  ) {
    super(`${GATEWAY_LABEL[provider]} is unavailable: ${detail}`);
    this.name = ErrorName.PaymentGatewayUnavailable;
  }
}

/** The gateway refused the request (4xx): the same request will be refused again. */
export class PaymentGatewayRefusedError extends Error {
  constructor(
    readonly provider: GatewayName,
    detail: string,
    readonly status?: number,
  ) {
    super(`${GATEWAY_LABEL[provider]} refused the request${status ? ` (${status})` : ''}: ${detail}`);
    this.name = ErrorName.PaymentGatewayRefused;
  }
}
