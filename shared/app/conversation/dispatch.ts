// The conversation's one entry: parse what was typed or tapped, check who may run it, hand it to the
// handler of its area, and queue the replies under keys derived from the message id.

import { type Command, type CommandKind, isAdminCommand, parseCommand } from '../../domain/commands.js';
import * as M from '../../domain/messages.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { RECEIPT_MEDIA_TYPES } from '../../domain/receipt-rules.js';
import { senderMatches } from '../../domain/whatsapp-ids.js';
import type { Customer, OutboxItem } from '../ports.js';
import { adminViewCommands } from './admin-views.js';
import type { CommandHandler, CommandTable, ConversationDeps, IncomingMessage, Turn } from './context.js';
import { languageCommands, senderRecipient } from './language.js';
import { orderingCommands } from './ordering.js';
import { passwordCommands } from './passwords.js';
import { paymentCommands } from './payments.js';
import { receiptCommands } from './receipts.js';
import { serviceCommands } from './services.js';

/** Every command and its handler, by area. A new command kind without a handler fails the type check. */
const COMMANDS: CommandTable = {
  help: ({ deps, admin, you }) => [admin ? M.adminHelp(you) : M.customerHelp(you, deps.settings.shop)],
  // An admin's greeting gets the shop's menu like anyone's; an admin's typo gets admin help.
  menu: ({ deps, admin, you }, command) =>
    admin && command.reason !== 'greeting'
      ? [M.adminMenuReply(you, command.suggestion)]
      : M.menuReply(you, command, deps.settings.catalogue, deps.settings.shop),
  ...orderingCommands,
  ...paymentCommands,
  ...adminViewCommands,
  ...passwordCommands,
  ...serviceCommands,
  ...receiptCommands,
  ...languageCommands,
};

export async function handleMessage(
  deps: ConversationDeps,
  message: IncomingMessage,
  options: { deadline?: number; customer?: Customer } = {},
): Promise<void> {
  // Either id of the sender counts, in either spelling of a Brazilian or Mexican number.
  const admin = senderMatches(deps.settings.adminIds, message);
  // A photo or document is a payment receipt, whatever its caption says (conversation/receipts.ts).
  const receipt = message.media !== undefined && RECEIPT_MEDIA_TYPES.has(message.media.type);
  const input =
    message.buttonId !== undefined
      ? { buttonId: message.buttonId }
      : { ...(message.text !== undefined ? { text: message.text } : {}), ...(receipt ? { receipt } : {}) };
  const command = parseCommand(input, { admin });
  const you = await senderRecipient(deps, message, admin, options.customer);
  const turn: Turn = { deps, m: message, admin, you, ...(options.deadline ? { deadline: options.deadline } : {}) };
  const replies = await run(turn, command);
  const items: OutboxItem[] = replies.map((r, i) => ({ type: 'message', message: r, key: `${message.id}:${i}` }));
  if (items.length > 0) await deps.outbox.enqueue(items);
}

async function run(turn: Turn, command: Command): Promise<OutboundMessage[]> {
  const { deps, m, admin } = turn;
  if (isAdminCommand(command) && !admin) {
    deps.log.warn('Admin command from a non-admin sender', { command: command.kind, sender: m.from });
    return M.notAllowed(turn.you, deps.settings.catalogue, deps.settings.shop);
  }
  // The table pairs each kind with its own handler; TypeScript cannot follow that through an index.
  const handler = COMMANDS[command.kind] as CommandHandler<CommandKind>;
  return handler(turn, command);
}
