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
    if (step === 'ask') return [M.customerResetPasswordConfirm(m.from)];
    if (step === 'keep') return [M.customerResetPasswordKept(m.from)];
    return reset(turn, m.from).then((outcome) =>
      M.customerPasswordReset(m.from, outcome, deps.settings.shop, deps.clock.now()),
    );
  },
  'admin-reset-password': (turn, { orderRef, step }) =>
    withAdminOrder(turn, orderRef, '!reset-password', (order) => adminReset(turn, order, step)),
} satisfies Partial<CommandTable>;

async function adminReset(turn: Turn, order: Order, step: 'ask' | 'confirm' | 'keep'): Promise<OutboundMessage[]> {
  const { m, deps } = turn;
  if (step === 'ask') return [M.adminResetPasswordConfirm(m.from, order)];
  if (step === 'keep') return [M.adminResetPasswordKept(m.from, order)];
  const outcome = await reset(turn, order.customerId);
  deps.log.info('Password reset by an admin', { orderId: order.id, admin: m.from, outcome: outcome.kind });
  return [M.adminPasswordReset(m.from, order, outcome, deps.clock.now())];
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
