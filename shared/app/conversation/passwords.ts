// A new panel password over WhatsApp: a customer's `!reset-password` for their own account, or an admin's
// `!reset-password ID` for the customer of an order. Both ask first with a confirm button; the reset
// itself (shared/app/password-reset.ts) sends the password directly, never through the outbox queue.

import * as M from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { resetPassword } from '../password-reset.js';
import type { CommandTable, Turn } from './context.js';
import { withAdminOrder } from './lookup.js';

export const passwordCommands = {
  'reset-password': (turn, { step }) => {
    const { m, deps } = turn;
    if (step === 'ask') return [M.customerResetPasswordConfirm(turn.you)];
    if (step === 'keep') return [M.customerResetPasswordKept(turn.you)];
    return reset(turn, m.from).then((outcome) =>
      M.customerPasswordReset(turn.you, outcome, deps.settings.shop, deps.clock.now()),
    );
  },
  'admin-reset-password': (turn, { orderRef, step }) =>
    withAdminOrder(turn, orderRef, '!reset-password', (order) => adminReset(turn, order, step)),
} satisfies Partial<CommandTable>;

async function adminReset(turn: Turn, order: Order, step: 'ask' | 'confirm' | 'keep'): Promise<OutboundMessage[]> {
  const { m, deps } = turn;
  if (step === 'ask') return [M.adminResetPasswordConfirm(turn.you, order)];
  if (step === 'keep') return [M.adminResetPasswordKept(turn.you, order)];
  const outcome = await reset(turn, order.customerId);
  deps.log.info('Password reset by an admin', { orderId: order.id, admin: m.from, outcome: outcome.kind });
  return [M.adminPasswordReset(turn.you, order, outcome, deps.clock.now())];
}

function reset({ deps, m }: Turn, customerId: string) {
  return resetPassword(
    {
      ...deps.passwords,
      customers: deps.customers,
      panel: deps.panel,
      clock: deps.clock,
      log: deps.log,
      shop: deps.settings.shop,
    },
    { customerId, key: m.id },
  );
}
