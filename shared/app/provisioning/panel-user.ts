// EnsureUser: the customer's panel user, reused or created, and who made it. Whether the system created an
// account is decided by the panel itself (its created_at against the time our intent was written) and kept
// on the customer, so no account made by hand or by an older bot is ever given a new password or removed.

import { createdSince, type ProvisioningDeps, provisioningOrder, type TaskInput, wallClock } from './context.js';

export interface EnsureUserOutput {
  userId: number;
  created: boolean;
}

export async function ensureUser(deps: ProvisioningDeps, input: TaskInput): Promise<EnsureUserOutput> {
  const order = await provisioningOrder(deps, input, 'EnsureUser');
  const p = order.provisioning;
  if (p.panelUserId !== undefined && p.userCreated !== undefined)
    return { userId: p.panelUserId, created: p.userCreated };

  // Written before the panel call: if this task dies after the panel created the user, the retry finds the
  // user by external id, and the panel's created_at (after this time) says an earlier try made it.
  const earlierIntent = p.userCreateIntentAt;
  const intent = earlierIntent ?? wallClock().toISOString();
  if (!earlierIntent) {
    await deps.orders.recordProvisioning(order.id, input.attempt, {
      userCreateIntent: true,
      userCreateIntentAt: intent,
    });
  }
  const customer = { key: order.customerId, ...(order.customerName ? { displayName: order.customerName } : {}) };
  // Nobody ever made this customer an account through the system: the panel is asked to create one at once
  // (one call instead of a lookup and a create); its unique external id turns any existing one into a lookup.
  const known = await deps.customers.get(order.customerId);
  const likelyNew = !earlierIntent && Object.keys(known?.panelUsers ?? {}).length === 0;
  const { user, created, foundAfterLostAnswer } = await deps.panel.ensureUser(customer, { likelyNew });
  // A 201 is ours whatever the panel's clock says. "Created" after a lost answer means "found afterwards":
  // the panel's own timestamp confirms it was us, as it does for a user an earlier try may have made.
  const ours = created
    ? !foundAfterLostAnswer || !user.createdAt || createdSince(user, intent)
    : createdSince(user, earlierIntent);
  if (ours) await deps.customers.markUserCreatedBySystem(order.customerId, user.id, wallClock());
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    panelUserId: user.id,
    panelUsername: user.username,
    userCreated: ours,
  });
  deps.log.info('Panel user ready', { orderId: order.id, userId: user.id, created: ours });
  return { userId: user.id, created: ours };
}
