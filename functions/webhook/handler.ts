// Lambda entry of the WhatsApp webhook (Function URL): wired once per cold start, instrumented per invocation.
import { composeWebhook } from '../../shared/runtime/compose-webhook.js';
import { instrument, observability } from '../../shared/runtime/observability.js';
import { createWebhookHandler } from './function-url.js';

const obs = observability(process.env.POWERTOOLS_SERVICE_NAME ?? 'webhook');
export const handler = instrument(obs, createWebhookHandler(composeWebhook(process.env, { observability: obs })));
