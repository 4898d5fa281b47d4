// Sending one message to a person the way WhatsApp allows: free-form inside the 24-hour window, the
// approved template outside it, and the template again when Meta says the window had closed (131047).
// Used by the outbox worker and by DeliverCredentials (which cannot queue: its message holds a password).

import { ErrorName, errorNameOf, UNDELIVERABLE_ERRORS } from '../domain/error-names.js';
import type { OutboundMessage } from '../domain/outbound.js';
import { formFor } from '../whatsapp/window.js';
import type { Clock, CustomerRepository, Log, MessageSender, SendForm } from './ports.js';

export interface SendDeps {
  sender: MessageSender;
  customers: Pick<CustomerRepository, 'get'>;
  clock: Clock;
  log: Log;
}

export interface Sent {
  messageId: string;
  form: SendForm;
}

/** The form the recipient's window allows (a message without a template form always goes free-form). */
export async function formForRecipient(deps: SendDeps, message: OutboundMessage): Promise<SendForm> {
  if (message.template === undefined) return 'free-form';
  const customer = await deps.customers.get(message.to);
  return formFor(message, customer?.lastInboundAt ? new Date(customer.lastInboundAt) : undefined, deps.clock.now());
}

/**
 * Sends in `form`; a free-form send refused because the window had closed is sent again as the template.
 * Any other failure is thrown as the Graph client named it.
 */
export async function sendInForm(deps: SendDeps, message: OutboundMessage, form: SendForm): Promise<Sent> {
  try {
    return { ...(await sendOrFallback(deps, message, form)), form };
  } catch (e) {
    if (errorNameOf(e) !== ErrorName.WhatsAppWindowClosed || form !== 'free-form' || !message.template) throw e;
    deps.log.info('Window closed; resending as a template', { kind: message.kind, orderId: message.orderId });
    return { ...(await sendOrFallback(deps, message, 'template')), form: 'template' };
  }
}

/** Template codes that say "this shop has not registered (that version of) the template". */
const TEMPLATE_MISSING = new Set([132000, 132001]);

/**
 * A template the shop has not registered (a newer one, e.g. a receipt with its photo) is sent again as its
 * fallback, when it has one: the people it is for still hear of it.
 */
async function sendOrFallback(
  deps: SendDeps,
  message: OutboundMessage,
  form: SendForm,
): Promise<{ messageId: string }> {
  try {
    return await deps.sender.send(message, form);
  } catch (e) {
    const fallback = message.template?.fallback;
    const code = (e as { code?: unknown } | undefined)?.code;
    if (form !== 'template' || !fallback || typeof code !== 'number' || !TEMPLATE_MISSING.has(code)) throw e;
    deps.log.warn('Template refused; sending its fallback', { template: message.template?.name, code });
    return deps.sender.send({ ...message, template: fallback }, 'template');
  }
}

/** True for a failure no later try can fix: the message is recorded and the admins are told. */
export function isUndeliverable(e: unknown): boolean {
  const name = errorNameOf(e);
  return name !== undefined && UNDELIVERABLE_ERRORS.includes(name);
}

/** `code: message` of a send failure, for the admins (the WhatsApp code when there is one). */
export function sendFailureText(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  return `${err.name}${code !== undefined ? ` ${String(code)}` : ''}: ${err.message}`;
}
