// The customer's language: `!language` lists the three, a pick is kept on the customer and on their orders
// (reminders, receipts and credentials of those orders follow it), and the answer comes in the new language.

import type { Lang } from '../../domain/i18n/lang.js';
import { customerRecipient, type Recipient } from '../../domain/i18n/locale.js';
import { languageOfWords } from '../../domain/i18n/words.js';
import * as M from '../../domain/messages.js';
import type { Customer } from '../ports.js';
import type { CommandTable, ConversationDeps, IncomingMessage } from './context.js';

/** Orders of one customer kept in step with their language: more than any customer keeps. */
const ORDERS_PAGE = 100;

export const languageCommands = {
  language: async ({ deps, m, you }, command) => {
    if (!command.lang) return [M.languageList(you, command.typed)];
    await keepLanguage(deps, m.from, command.lang);
    return [M.languageKept(customerRecipient(m.from, command.lang, deps.settings.shop))];
  },
} satisfies Pick<CommandTable, 'language'>;

async function keepLanguage(deps: ConversationDeps, customerId: string, lang: Lang): Promise<void> {
  await deps.customers.setLanguage(customerId, lang, 'chosen', deps.clock.now());
  let cursor: string | undefined;
  do {
    const page = await deps.orders.listByCustomer(customerId, ORDERS_PAGE, cursor);
    for (const order of page.items) if (order.lang !== lang) await deps.orders.setLanguage(order.id, lang);
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Who the sender is as a reader: their chosen language; else, while they have chosen none, the language their
 * words are in (kept for the messages that come later), else the one seen before; else the shop's (an admin's:
 * ADMIN_LANGUAGE).
 */
export async function senderRecipient(
  deps: ConversationDeps,
  m: IncomingMessage,
  admin: boolean,
  /** The customer as the inbound write just stored it, when it did (else read here). */
  known?: Customer,
): Promise<Recipient> {
  const { shop } = deps.settings;
  const customer = known ?? (await deps.customers.get(m.from));
  if (customer?.languageChosen && customer.language) return customerRecipient(m.from, customer.language, shop);
  if (admin) return customerRecipient(m.from, shop.adminLanguage, shop);
  const seen = m.text !== undefined && m.buttonId === undefined ? languageOfWords(m.text) : undefined;
  if (seen && seen !== customer?.language) await deps.customers.setLanguage(m.from, seen, 'seen', m.at);
  return customerRecipient(m.from, seen ?? customer?.language, shop);
}
