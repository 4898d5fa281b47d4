// DeliverCredentials: the customer's login, sent once. A password is set and sent only for a panel account
// the system created and never gave a password to (kept on the customer, not on an order: orders fail,
// retry and run at once); a claim with a lease lets exactly one try do it. The password is generated, set
// and sent inside this invocation and never stored, logged, returned or queued.

import * as M from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { reportToAdmins } from '../outbox-delivery.js';
import { scrubbed, sleep, waitOutEarlierPasswordWrite } from '../password-delivery.js';
import type { SendForm } from '../ports.js';
import { formForRecipient, isUndeliverable, type Sent, sendInForm } from '../send.js';
import { type ProvisioningDeps, provisioningOrder, type TaskInput, wallClock } from './context.js';
import { CredentialsUndeliverableError, DeliveryBusyError } from './errors.js';

export interface DeliverOutput {
  delivered: true;
  form: SendForm | 'already-sent';
  newAccount: boolean;
  /** When delivery finished: MarkCompleted writes it as the completion time. */
  at: string;
}

type DeliverInput = TaskInput & { userId: number; serverId: number };

export async function deliverCredentials(deps: ProvisioningDeps, input: DeliverInput): Promise<DeliverOutput> {
  const first = await provisioningOrder(deps, input, 'DeliverCredentials');
  const holder = `${first.id}-${input.attempt}-${Math.random().toString(36).slice(2, 10)}`;
  // Two overlapping tries of this step (a retry while the first still runs): one delivers, the other waits.
  const order = first.provisioning.credentialsSentAt ? first : await claimDelivery(deps, first, input, holder);
  const p = order.provisioning;
  if (p.credentialsSentAt) {
    const newAccount = p.passwordSent ?? p.userCreated === true;
    return { delivered: true, form: 'already-sent', newAccount, at: deps.clock.now().toISOString() };
  }
  const now = deps.clock.now();
  let withPassword = false;
  let sent: { sent: Sent; kind: OutboundMessage['kind'] };
  try {
    withPassword = await claimPassword(deps, order, input.userId, holder);
    sent = withPassword ? await sendPassword(deps, order, input) : await sendServerAdded(deps, order, input);
  } catch (e) {
    if (withPassword) await deps.customers.releasePasswordClaim(order.customerId, input.userId, holder);
    await deps.orders.releaseDelivery(order.id, holder);
    throw e;
  }
  if (withPassword) await deps.customers.markPasswordDelivered(order.customerId, input.userId, wallClock());
  await record(deps, order, sent, now);
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    credentialsSentAt: now.toISOString(),
    passwordSent: withPassword,
  });
  deps.log.info('Credentials delivered', { orderId: order.id, form: sent.sent.form, newAccount: withPassword });
  return { delivered: true, form: sent.sent.form, newAccount: withPassword, at: deps.clock.now().toISOString() };
}

/**
 * This try's claim on delivering the order's login, or the order as another try left it once that try has
 * delivered. While another try holds a live claim, wait (briefly here, then by the state machine's retry).
 */
async function claimDelivery(
  deps: ProvisioningDeps,
  order: Order,
  input: DeliverInput,
  holder: string,
): Promise<Order> {
  const lease = deps.deliveryLeaseMs ?? 180_000;
  return waitFor(deps, lease, `The login of ${order.id}`, order.id, async () => {
    if (await deps.orders.claimDelivery(order.id, input.attempt, holder, wallClock(), lease)) return order;
    const now = await provisioningOrder(deps, input, 'DeliverCredentials');
    return now.provisioning.credentialsSentAt ? now : undefined;
  });
}

/**
 * True when this try sets and sends the password: the system created the account, no password reached the
 * customer yet, and this try holds the claim. While another order's try holds it, wait: if it delivers, this
 * order says "added to your account"; if it fails (and gives the claim up), this one sends the password.
 */
async function claimPassword(deps: ProvisioningDeps, order: Order, userId: number, holder: string): Promise<boolean> {
  const lease = deps.deliveryLeaseMs ?? 180_000;
  return waitFor(deps, lease, `The password of panel user ${userId}`, order.id, async () => {
    const facts = (await deps.customers.get(order.customerId))?.panelUsers[userId];
    const systemMade = facts?.createdBySystemAt !== undefined || order.provisioning.userCreated === true;
    if (!systemMade || facts?.passwordDeliveredAt) return false;
    const claimed = await deps.customers.claimPasswordDelivery(order.customerId, userId, holder, wallClock(), lease);
    return claimed ? true : undefined;
  });
}

/** Tries `attempt` until it decides (not undefined), for at most a quarter of the lease; then DeliveryBusyError. */
async function waitFor<T>(
  deps: ProvisioningDeps,
  lease: number,
  what: string,
  orderId: string,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const waitUntil = Date.now() + lease / 4;
  for (;;) {
    const decided = await attempt();
    if (decided !== undefined) return decided;
    if (Date.now() >= waitUntil) throw new DeliveryBusyError(orderId, what);
    await (deps.sleep ?? sleep)(Math.min(1_000, lease / 20));
  }
}

async function sendPassword(deps: ProvisioningDeps, order: Order, input: DeliverInput) {
  const p = order.provisioning;
  // The account's last write, whichever order or reset made it (read after the claim, so it is settled): a
  // try that failed after its PATCH gave the claim up, but its password can still land, so this one waits.
  const facts = (await deps.customers.get(order.customerId))?.panelUsers[input.userId];
  await waitOutEarlierPasswordWrite(deps, facts?.passwordWriteAt);
  await deps.customers.recordPasswordWrite(order.customerId, input.userId, wallClock());
  const password = deps.generatePassword();
  await deps.panel.setPassword(input.userId, password);
  const login = { username: p.panelUsername ?? '', password };
  const message = M.credentialsMessage(M.customerTo(order, deps.shop), order, serverOf(order, input), login, deps.shop);
  return { sent: await sendOnce(deps, order, message, password), kind: message.kind };
}

async function sendServerAdded(deps: ProvisioningDeps, order: Order, input: DeliverInput) {
  const username = order.provisioning.panelUsername ?? '';
  const message = M.serverAddedMessage(
    M.customerTo(order, deps.shop),
    order,
    serverOf(order, input),
    username,
    deps.shop,
  );
  return { sent: await sendOnce(deps, order, message), kind: message.kind };
}

function serverOf(order: Order, input: DeliverInput) {
  const p = order.provisioning;
  return {
    name: `${order.packageName} ${order.id}`,
    identifier: p.serverIdentifier ?? String(input.serverId),
    ...(p.serverAddress ? { address: p.serverAddress } : {}),
  };
}

async function record(
  deps: ProvisioningDeps,
  order: Order,
  sent: { sent: Sent; kind: OutboundMessage['kind'] },
  now: Date,
): Promise<void> {
  await deps.sent.record({
    messageId: sent.sent.messageId,
    to: order.customerId,
    kind: sent.kind,
    form: sent.sent.form,
    orderId: order.id,
    status: 'accepted',
    sentAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
}

/** Sends the login; an error that can never succeed is reported to the admins (without the password). */
async function sendOnce(
  deps: ProvisioningDeps,
  order: Order,
  message: OutboundMessage,
  secret?: string,
): Promise<Sent> {
  try {
    return await sendInForm(deps, message, await formForRecipient(deps, message));
  } catch (raw) {
    const e = secret ? scrubbed(raw, secret) : raw;
    if (!isUndeliverable(e)) throw e;
    const code = String((e as { code?: unknown }).code ?? (e as Error).name);
    const detail = e instanceof Error ? e.message : String(e);
    await reportToAdmins(
      deps,
      { to: order.customerId, kind: message.kind, orderId: order.id },
      `${order.id}-${order.attempts}-credentials`,
      `${code}: ${detail}`,
    );
    throw new CredentialsUndeliverableError(code, detail);
  }
}
