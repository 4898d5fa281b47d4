// Lambda entry of the payment gateways' webhook (Function URL): wired once per cold start, instrumented per invocation.
import { composePaymentWebhook } from '../../shared/runtime/compose-payments.js';
import { instrument, observability } from '../../shared/runtime/observability.js';
import { createPaymentWebhookHandler } from './function-url.js';

const obs = observability(process.env.POWERTOOLS_SERVICE_NAME ?? 'payments-webhook');
export const handler = instrument(
  obs,
  createPaymentWebhookHandler(composePaymentWebhook(process.env, { observability: obs })),
);
