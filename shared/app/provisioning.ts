// The provisioning state machine's task use cases. Input is ids only ({orderId, attempt}); output is
// ids only; every task is idempotent, so a Step Functions retry or an operator's redrive is safe.
// The password is generated, set and sent inside DeliverCredentials and never leaves it.

import { ErrorName } from '../domain/error-names.js';
import * as M from '../domain/messages.js';
import type { Order, ProvisionStep } from '../domain/order.js';
import type { OutboundMessage } from '../domain/outbound.js';
import type { Package } from '../domain/packages.js';
import type { PanelPort, PanelUser } from '../panel/types.js';
import { reportToAdmins } from './outbox.js';
import type {
  Clock,
  CustomerRepository,
  Log,
  MessageSender,
  OrderRepository,
  Outbox,
  SendForm,
  SentMessageLog,
} from './ports.js';
import { formForRecipient, isUndeliverable, type Sent, sendInForm } from './send.js';

export interface TaskInput {
  orderId: string;
  attempt: number;
}

export interface ProvisioningDeps {
  orders: OrderRepository;
  customers: CustomerRepository;
  panel: PanelPort & { findUser?(key: string): Promise<PanelUser | undefined> };
  sender: MessageSender;
  sent: SentMessageLog;
  outbox: Outbox;
  clock: Clock;
  catalogue: readonly Package[];
  shop: M.ShopInfo;
  adminIds: readonly string[];
  installTimeoutSeconds: number;
  generatePassword: () => string;
  /**
   * How long a password write the panel client gave up on (timeout, lost answer) may still land on the
   * panel. A retry of DeliverCredentials waits this long after the previous try's write before writing a
   * new password, so a late write of an old password cannot replace the one that is sent. Default 30 s.
   */
  passwordWriteGuardMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Log;
}

/** The execution no longer matches the order (another attempt, or already finished): stop, touch nothing. */
export class StaleExecutionError extends Error {
  constructor(input: TaskInput, order?: Order) {
    super(
      order
        ? `Order ${input.orderId} is ${order.status} at attempt ${order.attempts}; this execution is attempt ${input.attempt}`
        : `Order ${input.orderId} does not exist`,
    );
    this.name = ErrorName.StaleExecution;
  }
}

export class ServerInstallFailedError extends Error {
  constructor(serverId: number) {
    super(
      `The panel reports that installing server ${serverId} failed (install_failed); see the server's install log on the panel`,
    );
    this.name = ErrorName.ServerInstallFailed;
  }
}

export class InstallTimeoutError extends Error {
  constructor(serverId: number, seconds: number) {
    super(`Server ${serverId} was still installing after ${seconds} s (INSTALL_TIMEOUT_SECONDS); Wings may be stuck`);
    this.name = ErrorName.InstallTimeout;
  }
}

export class PackageNotConfiguredError extends Error {
  constructor(packageId: string) {
    super(`Package ${packageId} is not in the catalogue any more (${packageId.toUpperCase()}_ENABLED or its settings)`);
    this.name = ErrorName.PackageNotConfigured;
  }
}

/** Credentials could not be delivered and retrying will not help; the execution stops at DeliverCredentials. */
export class CredentialsUndeliverableError extends Error {
  constructor(code: string, detail: string) {
    super(`The credentials message was refused (${code}): ${detail}`);
    this.name = ErrorName.CredentialsUndeliverable;
  }
}

async function provisioningOrder(deps: ProvisioningDeps, input: TaskInput, step: ProvisionStep): Promise<Order> {
  const order = await deps.orders.get(input.orderId);
  if (order?.status !== 'PROVISIONING' || order.attempts !== input.attempt) {
    throw new StaleExecutionError(input, order);
  }
  if (order.provisioning.step !== step) await deps.orders.recordProvisioning(order.id, input.attempt, { step });
  return order;
}

export interface EnsureUserOutput {
  userId: number;
  created: boolean;
}

export async function ensureUser(deps: ProvisioningDeps, input: TaskInput): Promise<EnsureUserOutput> {
  const order = await provisioningOrder(deps, input, 'EnsureUser');
  const p = order.provisioning;
  if (p.panelUserId !== undefined && p.userCreated !== undefined)
    return { userId: p.panelUserId, created: p.userCreated };

  // Written before the panel call: if this task dies after the panel created the user, the retry finds
  // the user by external id and still knows this order made it (so rollback may remove it).
  if (!p.userCreateIntent) await deps.orders.recordProvisioning(order.id, input.attempt, { userCreateIntent: true });
  const customer = { key: order.customerId, ...(order.customerName ? { displayName: order.customerName } : {}) };
  const { user, created } = await deps.panel.ensureUser(customer);
  const ours = created || (p.userCreateIntent === true && (await wasCreatedByEarlierTry(deps, order, user)));
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    panelUserId: user.id,
    panelUsername: user.username,
    userCreated: ours,
  });
  deps.log.info('Panel user ready', { orderId: order.id, userId: user.id, created: ours });
  return { userId: user.id, created: ours };
}

/**
 * An earlier try of this task wrote the intent and may have created the user before dying. It did if no
 * other completed order of this customer already used that panel user.
 */
async function wasCreatedByEarlierTry(deps: ProvisioningDeps, order: Order, user: PanelUser): Promise<boolean> {
  const others = await deps.orders.listByCustomer(order.customerId, 50);
  return !others.items.some((o) => o.id !== order.id && o.provisioning.panelUserId === user.id);
}

export interface EnsureServerOutput {
  serverId: number;
  identifier: string;
  installDeadline: string;
}

export async function ensureServer(
  deps: ProvisioningDeps,
  input: TaskInput & { userId: number },
): Promise<EnsureServerOutput> {
  const order = await provisioningOrder(deps, input, 'EnsureServer');
  const base = deps.catalogue.find((p) => p.id === order.packageId);
  if (!base) throw new PackageNotConfiguredError(order.packageId);
  // Build what was sold: the order's resources, the package's current egg and placement.
  const pkg: Package = { ...base, resources: order.resources };
  const { server, created } = await deps.panel.ensureServer({
    externalId: order.id,
    name: `${order.packageName} ${order.id}`,
    description: `Spawnpoint order ${order.id} for ${order.customerName ?? 'customer'} (+${order.customerId})`,
    userId: input.userId,
    pkg,
  });
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    serverId: server.id,
    serverIdentifier: server.identifier,
    ...(server.address ? { serverAddress: server.address } : {}),
  });
  deps.log.info('Panel server ready', { orderId: order.id, serverId: server.id, created });
  const deadline = new Date(deps.clock.now().getTime() + deps.installTimeoutSeconds * 1000);
  return { serverId: server.id, identifier: server.identifier, installDeadline: deadline.toISOString() };
}

export async function checkInstall(
  deps: ProvisioningDeps,
  input: TaskInput & { serverId: number; installDeadline: string },
): Promise<{ installed: boolean }> {
  await provisioningOrder(deps, input, 'WaitForInstall');
  const state = await deps.panel.installState(input.serverId);
  if (state === 'installed') return { installed: true };
  if (state === 'failed') throw new ServerInstallFailedError(input.serverId);
  if (deps.clock.now() > new Date(input.installDeadline))
    throw new InstallTimeoutError(input.serverId, deps.installTimeoutSeconds);
  return { installed: false };
}

export interface DeliverOutput {
  delivered: true;
  form: SendForm | 'already-sent';
  newAccount: boolean;
  /** When delivery finished: MarkCompleted writes it as the completion time. */
  at: string;
}

export async function deliverCredentials(
  deps: ProvisioningDeps,
  input: TaskInput & { userId: number; serverId: number },
): Promise<DeliverOutput> {
  const order = await provisioningOrder(deps, input, 'DeliverCredentials');
  const p = order.provisioning;
  if (p.credentialsSentAt) {
    return {
      delivered: true,
      form: 'already-sent',
      newAccount: p.passwordSent ?? p.userCreated === true,
      at: deps.clock.now().toISOString(),
    };
  }

  const server = {
    name: `${order.packageName} ${order.id}`,
    identifier: p.serverIdentifier ?? String(input.serverId),
    ...(p.serverAddress ? { address: p.serverAddress } : {}),
  };
  const now = deps.clock.now();

  // Two orders of one new customer can reach this step at once; the claim lets exactly one send a password.
  const withPassword =
    (await deliversPassword(deps, order, input.userId)) &&
    (await deps.customers.claimPasswordDelivery(order.customerId, input.userId, order.id));
  let message: OutboundMessage;
  if (withPassword) {
    await waitOutEarlierPasswordWrite(deps, p.passwordWriteAt);
    await deps.orders.recordProvisioning(order.id, input.attempt, { passwordWriteAt: new Date().toISOString() });
    const password = deps.generatePassword();
    await deps.panel.setPassword(input.userId, password);
    message = M.credentialsMessage(
      order.customerId,
      order,
      server,
      { username: p.panelUsername ?? '', password },
      deps.shop,
    );
  } else {
    message = M.serverAddedMessage(order.customerId, order, server, p.panelUsername ?? '', deps.shop);
  }

  const sent = await sendOnce(deps, order, message, await formForRecipient(deps, message));
  await deps.sent.record({
    messageId: sent.messageId,
    to: order.customerId,
    kind: message.kind,
    form: sent.form,
    orderId: order.id,
    status: 'accepted',
    sentAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await deps.orders.recordProvisioning(order.id, input.attempt, {
    credentialsSentAt: now.toISOString(),
    passwordSent: withPassword,
  });
  deps.log.info('Credentials delivered', { orderId: order.id, form: sent.form, newAccount: withPassword });
  return { delivered: true, form: sent.form, newAccount: withPassword, at: deps.clock.now().toISOString() };
}

/**
 * Whether this delivery sets and sends a password. Yes when this order created the panel user, and also
 * when another order of the customer created it and has not delivered (two orders at once: the creator may
 * still be installing, or have failed and rolled back while the user stayed for this order's server); no
 * once any order of the customer delivered a password for that user.
 */
async function deliversPassword(deps: ProvisioningDeps, order: Order, userId: number): Promise<boolean> {
  const others = (await deps.orders.listByCustomer(order.customerId, 50)).items.filter(
    (o) => o.id !== order.id && o.provisioning.panelUserId === userId,
  );
  const delivered = others.some(
    (o) => o.provisioning.credentialsSentAt && (o.provisioning.passwordSent ?? o.provisioning.userCreated),
  );
  if (delivered) return false;
  return (
    order.provisioning.userCreated === true ||
    others.some((o) => o.provisioning.userCreated === true && !o.provisioning.credentialsSentAt)
  );
}

/**
 * An earlier try may have sent a password the panel had not applied when the client timed out: the panel
 * can still apply it later. Writing the next password only once that window has passed keeps the last
 * write the one whose password is sent. Real time on purpose: it bounds an HTTP request, not a business rule.
 */
async function waitOutEarlierPasswordWrite(deps: ProvisioningDeps, earlier: string | undefined): Promise<void> {
  if (!earlier) return;
  const wait = Date.parse(earlier) + (deps.passwordWriteGuardMs ?? 30_000) - Date.now();
  if (wait <= 0) return;
  deps.log.info('Waiting out an earlier password write', { waitMs: wait });
  await (deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
}

async function sendOnce(deps: ProvisioningDeps, order: Order, message: OutboundMessage, form: SendForm): Promise<Sent> {
  try {
    return await sendInForm(deps, message, form);
  } catch (e) {
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
  let userId = p.panelUserId;
  let deleteUser = p.userCreated === true;
  if (userId === undefined && p.userCreateIntent && deps.panel.findUser) {
    // EnsureUser may have created the user and died before recording it.
    const user = await deps.panel.findUser(order.customerId);
    if (user && (await wasCreatedByEarlierTry(deps, order, user))) {
      userId = user.id;
      deleteUser = true;
    }
  }
  const report = await deps.panel.rollback({
    serverExternalId: order.id,
    ...(userId !== undefined ? { userId } : {}),
    deleteUser,
  });
  deps.log.info('Rolled back', { orderId: order.id, ...report });
  return { server: report.server, user: report.user, at: deps.clock.now().toISOString() };
}
