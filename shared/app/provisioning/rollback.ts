// Rollback: remove what this attempt made. The server found by the order's external id (after waiting out a
// create whose answer was lost, which can still land); the panel user only when the system created it, no
// password for it ever reached the customer, and it owns no servers. That keeps every account a person
// uses or made by hand, and leaves no account the system made owning nothing and unusable.

import { createdSince, latestUnsettledCreate, type ProvisioningDeps, type TaskInput, wallClock } from './context.js';
import { StaleExecutionError } from './errors.js';

export interface RollbackOutput {
  server: string;
  user: string;
  /** When rollback finished: RevertOrder writes it as the failure time. */
  at: string;
}

export async function rollback(deps: ProvisioningDeps, input: TaskInput): Promise<RollbackOutput> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new StaleExecutionError(input);
  // Rollback runs for this attempt only; an order that moved on (completed, or a newer attempt) is left alone.
  if (order.status !== 'PROVISIONING' || order.attempts !== input.attempt) {
    deps.log.warn('Rollback skipped: the order moved on', { orderId: order.id, status: order.status });
    return { server: 'skipped', user: 'skipped', at: deps.clock.now().toISOString() };
  }
  await deps.orders.recordProvisioning(order.id, input.attempt, { step: 'Rollback' });
  const p = order.provisioning;
  const latest = latestUnsettledCreate(p);
  if (latest) await waitOutServerCreate(deps, latest);
  const userId = p.panelUserId ?? (await userMadeBeforeRecorded(deps, order.customerId, p.userCreateIntentAt));
  const deleteUser = userId !== undefined && (await unusedSystemUser(deps, order.customerId, userId, p.userCreated));
  const report = await deps.panel.rollback({
    serverExternalId: order.id,
    ...(userId !== undefined ? { userId } : {}),
    deleteUser,
  });
  deps.log.info('Rolled back', { orderId: order.id, ...report });
  return { server: report.server, user: report.user, at: deps.clock.now().toISOString() };
}

/** EnsureUser may have created the user and died before recording it: the panel's created_at tells. */
async function userMadeBeforeRecorded(
  deps: ProvisioningDeps,
  customerId: string,
  intentAt: string | undefined,
): Promise<number | undefined> {
  if (!intentAt || !deps.panel.findUser) return undefined;
  const user = await deps.panel.findUser(customerId);
  if (!user || !createdSince(user, intentAt)) return undefined;
  await deps.customers.markUserCreatedBySystem(customerId, user.id, wallClock());
  return user.id;
}

/** The system made it and no password for it ever reached the customer (owning no servers is the panel's check). */
async function unusedSystemUser(
  deps: ProvisioningDeps,
  customerId: string,
  userId: number,
  createdByThisOrder: boolean | undefined,
): Promise<boolean> {
  const facts = (await deps.customers.get(customerId))?.panelUsers[userId];
  const systemMade = facts?.createdBySystemAt !== undefined || createdByThisOrder === true;
  return systemMade && facts?.passwordDeliveredAt === undefined;
}

/** A create the client gave up on can land until its timeout (and a little) has passed: wait that out. */
async function waitOutServerCreate(deps: ProvisioningDeps, createAt: string): Promise<void> {
  const wait = Date.parse(createAt) + (deps.serverCreateGuardMs ?? 90_000) - Date.now();
  if (wait <= 0) return;
  deps.log.info('Waiting out a server create that may still land', { waitMs: wait });
  await (deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
}
