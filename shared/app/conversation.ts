// The shop's conversation: one inbound message in, state changes and queued replies out.
// Customers browse, order, follow and cancel; admins confirm, cancel, retry and inspect.
// Every step is safe to run again for the same message (the inbox worker reprocesses on failure):
// order ids are derived from the message id, transitions are conditional, replies are keyed.

import { type Command, isAdminCommand, type OrderRef, parseCommand } from '../domain/commands.js';
import * as M from '../domain/messages.js';
import {
  canApply,
  createOrder,
  hasFailedAttempt,
  type Order,
  type OrderEvent,
  type OrderStatus,
  transitionAll,
} from '../domain/order.js';
import { idDistance, newOrderId, ORDER_ID_ALPHABET, type RandomBytes } from '../domain/order-id.js';
import type { OutboundMessage } from '../domain/outbound.js';
import { findPackage, type Package } from '../domain/packages.js';
import type { Clock, OrderRepository, Outbox, OutboxItem, PanelChecks, ProvisioningRunner } from './ports.js';

export interface IncomingMessage {
  /** The WhatsApp message id (wamid): the key for dedupe and for reply keys. */
  id: string;
  /** The sender: wa_id, or the business-scoped user id when Meta omits it. */
  from: string;
  name?: string;
  at: Date;
  text?: string;
  buttonId?: string;
}

export interface ConversationSettings {
  catalogue: readonly Package[];
  shop: M.ShopInfo;
  adminIds: readonly string[];
  autoProvisioning: boolean;
  /** Unpaid orders a customer may hold at once (guards against accidental repeat orders). */
  maxPendingOrders?: number;
}

export interface LogPort {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ConversationDeps {
  orders: OrderRepository;
  outbox: Outbox;
  runner: ProvisioningRunner;
  panel: PanelChecks;
  settings: ConversationSettings;
  clock: Clock;
  randomBytes: RandomBytes;
  log: LogPort;
}

const LIST_LIMIT = 15;

export async function handleMessage(deps: ConversationDeps, message: IncomingMessage): Promise<void> {
  const admin = deps.settings.adminIds.includes(message.from);
  const input =
    message.buttonId !== undefined
      ? { buttonId: message.buttonId }
      : message.text !== undefined
        ? { text: message.text }
        : {};
  const command = parseCommand(input, { admin });
  const replies = await run(deps, message, command, admin);
  const items: OutboxItem[] = replies.map((r, i) => ({ type: 'message', message: r, key: `${message.id}:${i}` }));
  if (items.length > 0) await deps.outbox.enqueue(items);
}

async function run(
  deps: ConversationDeps,
  m: IncomingMessage,
  command: Command,
  admin: boolean,
): Promise<OutboundMessage[]> {
  const { catalogue, shop } = deps.settings;
  if (isAdminCommand(command) && !admin) {
    deps.log.warn('Admin command from a non-admin sender', { command: command.kind, sender: m.from });
    return M.notAllowed(m.from, catalogue, shop);
  }
  switch (command.kind) {
    case 'packages':
      return [M.packagesList(m.from, catalogue, shop)];
    case 'help':
      return admin ? [M.adminHelp(m.from)] : [M.customerHelp(m.from, shop)];
    case 'menu':
      return M.menuReply(m.from, command, catalogue, shop);
    case 'order':
      return placeOrder(deps, m, command.packageRef);
    case 'my-orders': {
      const page = await deps.orders.listByCustomer(m.from, 10);
      return [M.myOrders(m.from, page.items, page.cursor !== undefined)];
    }
    case 'status':
      return withCustomerOrder(deps, m, command.orderRef, '!status', (o) => [
        M.orderStatusForCustomer(m.from, o, shop),
      ]);
    case 'cancel':
      return withCustomerOrder(deps, m, command.orderRef, '!cancel', (o) => customerCancel(deps, m, o));
    case 'admin-orders':
      return adminOrders(deps, m, command.filter, command.badFilter);
    case 'order-confirm':
      return withAdminOrder(deps, m, command.orderRef, '!order-confirm', (o) => confirm(deps, m, o));
    case 'order-cancel':
      return withAdminOrder(deps, m, command.orderRef, '!order-cancel', (o) => adminCancel(deps, m, o, command.reason));
    case 'provision-retry':
      return withAdminOrder(deps, m, command.orderRef, '!provision-retry', (o) => retry(deps, m, o));
    case 'provision-status':
      return command.orderRef
        ? withAdminOrder(deps, m, command.orderRef, '!provision-status', (o) => orderDetail(deps, m, o))
        : overview(deps, m);
    case 'provision-test':
      return panelTest(deps, m);
  }
}

// ---------------------------------------------------------------- customers

/** Deterministic per message, so a reprocessed "!order" finds the order it already made. */
export function orderIdForMessage(messageId: string): string {
  let h = 2166136261;
  let body = '';
  for (let round = 0; body.length < 6; round++) {
    for (const ch of `${round}:${messageId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    body += ORDER_ID_ALPHABET[h & 31];
  }
  return `ORD-${body}`;
}

async function placeOrder(deps: ConversationDeps, m: IncomingMessage, packageRef: string): Promise<OutboundMessage[]> {
  const { catalogue, shop } = deps.settings;
  const pkg = packageRef ? findPackage(catalogue, packageRef) : undefined;
  if (!pkg) return [M.unknownPackage(m.from, packageRef, catalogue), M.packagesList(m.from, catalogue, shop)];

  const pending = await deps.orders.listByCustomer(m.from, 20);
  const mine = pending.items.find((o) => o.history[0]?.reason === `message ${m.id}`);
  if (mine) return [M.orderPlaced(m.from, mine, shop)];
  const unpaid = pending.items.filter((o) => o.status === 'PENDING');
  const max = deps.settings.maxPendingOrders ?? 3;
  if (unpaid.length >= max) {
    return [
      M.adminText(
        m.from,
        `You already have ${unpaid.length} unpaid orders (${unpaid.map((o) => `*${o.id}*`).join(', ')}). Please pay or cancel one (*!cancel <order id>*) before ordering again.`,
      ),
    ];
  }

  const now = deps.clock.now();
  let order: Order | undefined;
  for (let i = 0; i < 5 && !order; i++) {
    const id = i === 0 ? orderIdForMessage(m.id) : newOrderId(deps.randomBytes);
    const candidate = createOrder(
      {
        id,
        customerId: m.from,
        ...(m.name ? { customerName: m.name.slice(0, 60) } : {}),
        packageId: pkg.id,
        packageName: pkg.name,
        resources: pkg.resources,
        ...(pkg.price ? { price: pkg.price } : {}),
      },
      now,
    );
    candidate.history[0]!.reason = `message ${m.id}`;
    if (await deps.orders.create(candidate)) {
      order = candidate;
    } else if (i === 0) {
      const existing = await deps.orders.get(id);
      if (existing?.history[0]?.reason === `message ${m.id}`) order = existing;
    }
  }
  if (!order) throw new Error('Could not allocate an order id after 5 attempts');
  deps.log.info('Order placed', { orderId: order.id, packageId: pkg.id });
  return [M.orderPlaced(m.from, order, shop), ...deps.settings.adminIds.map((a) => M.adminNewOrder(a, order))];
}

async function customerCancel(deps: ConversationDeps, m: IncomingMessage, order: Order): Promise<OutboundMessage[]> {
  if (order.status !== 'PENDING') return [M.customerCannotCancel(m.from, order, deps.settings.shop)];
  const next = await apply(deps, order, [{ type: 'CANCEL', by: m.from, reason: 'cancelled by the customer' }]);
  if (!next) return [M.customerCannotCancel(m.from, (await deps.orders.get(order.id)) ?? order, deps.settings.shop)];
  return [
    M.customerCancelled(m.from, next),
    ...deps.settings.adminIds.map((a) => ({
      ...M.adminText(
        a,
        `ℹ️ *${next.id}* (${next.packageName}) was cancelled by the customer +${next.customerId}.`,
        next.id,
      ),
      kind: 'admin-notice' as const,
    })),
  ];
}

async function withCustomerOrder(
  deps: ConversationDeps,
  m: IncomingMessage,
  ref: OrderRef,
  command: string,
  then: (order: Order) => Promise<OutboundMessage[]> | OutboundMessage[],
): Promise<OutboundMessage[]> {
  if (!ref.ok) return [refProblem(m.from, ref, command)];
  const order = await deps.orders.get(ref.id);
  // Someone else's order is "not found": ids are not secrets, but orders are private.
  if (!order || order.customerId !== m.from) {
    const mine = (await deps.orders.listByCustomer(m.from, 20)).items.map((o) => o.id);
    return [M.orderLookupProblem(m.from, { kind: 'not-found', id: ref.id, suggestions: near(ref.id, mine) })];
  }
  return then(order);
}

// ---------------------------------------------------------------- admins

async function withAdminOrder(
  deps: ConversationDeps,
  m: IncomingMessage,
  ref: OrderRef,
  command: string,
  then: (order: Order) => Promise<OutboundMessage[]>,
): Promise<OutboundMessage[]> {
  if (!ref.ok) return [refProblem(m.from, ref, command)];
  const order = await deps.orders.get(ref.id);
  if (!order) {
    const open = await Promise.all(
      (['PENDING', 'CONFIRMED', 'PROVISIONING'] as const).map((s) => deps.orders.listByStatus(s, 50)),
    );
    const ids = open.flatMap((p) => p.items.map((o) => o.id));
    return [M.orderLookupProblem(m.from, { kind: 'not-found', id: ref.id, suggestions: near(ref.id, ids) })];
  }
  return then(order);
}

async function confirm(deps: ConversationDeps, m: IncomingMessage, order: Order): Promise<OutboundMessage[]> {
  const { shop } = deps.settings;
  if (order.status === 'PROVISIONING') {
    // A redelivered confirm whose execution start failed last time: starting again is idempotent.
    await deps.runner.start(order.id, order.attempts);
    return [M.adminCannot(m.from, order, 'confirm')];
  }
  if (order.status !== 'PENDING') return [M.adminCannot(m.from, order, 'confirm')];

  const confirmEvent: OrderEvent = { type: 'CONFIRM', by: m.from };
  if (!deps.settings.autoProvisioning) {
    const next = await apply(deps, order, [confirmEvent]);
    if (!next) return changedMeanwhile(deps, m, order, 'confirm');
    return [M.adminConfirmed(m.from, next, false), M.customerOrderUpdate(next.customerId, next, shop)];
  }
  const { reasons, skipped } = await preflight(deps, order);
  if (reasons.length > 0) {
    const next = await apply(deps, order, [confirmEvent]);
    if (!next) return changedMeanwhile(deps, m, order, 'confirm');
    deps.log.warn('Pre-flight failed; order confirmed without provisioning', { orderId: order.id, reasons });
    return [M.adminPreflightFailed(m.from, next, reasons), M.customerOrderUpdate(next.customerId, next, shop)];
  }
  const next = await apply(deps, order, [confirmEvent, { type: 'START_PROVISIONING', by: m.from }]);
  if (!next) return changedMeanwhile(deps, m, order, 'confirm');
  await deps.runner.start(next.id, next.attempts);
  deps.log.info('Provisioning started', { orderId: next.id, attempt: next.attempts });
  return [
    M.adminConfirmed(m.from, next, true),
    ...skippedNote(m.from, next, skipped),
    M.customerOrderUpdate(next.customerId, next, shop),
  ];
}

async function retry(deps: ConversationDeps, m: IncomingMessage, order: Order): Promise<OutboundMessage[]> {
  if (order.status === 'PROVISIONING') {
    const view = await deps.runner.describe(order.id, order.attempts);
    if (view && ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(view.status)) {
      const result = await deps.runner.redrive(order.id, order.attempts);
      if (result === 'redriven') {
        return [
          M.adminText(
            m.from,
            `🔁 *${order.id}*: attempt ${order.attempts} resumed from *${view.failedStep ?? 'the failed step'}* (nothing already done is repeated).`,
            order.id,
          ),
        ];
      }
      return [
        M.adminText(
          m.from,
          `*${order.id}*: the execution cannot be resumed here; redrive it from the Step Functions console.`,
          order.id,
        ),
      ];
    }
    if (!view) await deps.runner.start(order.id, order.attempts);
    const step = view?.currentStep ? ` at *${view.currentStep}*` : '';
    return [
      M.adminText(
        m.from,
        `⏳ *${order.id}* is being provisioned right now (attempt ${order.attempts})${step}.`,
        order.id,
      ),
    ];
  }
  if (order.status !== 'CONFIRMED') return [M.adminCannot(m.from, order, 'retry')];
  if (!deps.settings.autoProvisioning) {
    return [
      M.adminText(
        m.from,
        `Auto-provisioning is off (AUTO_PROVISIONING_ENABLED=false); *${order.id}* was not started.`,
        order.id,
      ),
    ];
  }
  const { reasons, skipped } = await preflight(deps, order);
  if (reasons.length > 0) return [M.adminPreflightFailed(m.from, order, reasons)];
  const next = await apply(deps, order, [{ type: 'START_PROVISIONING', by: m.from }]);
  if (!next) return changedMeanwhile(deps, m, order, 'retry');
  await deps.runner.start(next.id, next.attempts);
  deps.log.info('Provisioning retried', { orderId: next.id, attempt: next.attempts });
  return [
    M.adminText(m.from, `🔁 *${next.id}*: provisioning attempt ${next.attempts} started.`, next.id),
    ...skippedNote(m.from, next, skipped),
    ...(hasFailedAttempt(order) ? [] : [M.customerOrderUpdate(next.customerId, next, deps.settings.shop)]),
  ];
}

async function adminCancel(
  deps: ConversationDeps,
  m: IncomingMessage,
  order: Order,
  reason?: string,
): Promise<OutboundMessage[]> {
  if (!canApply(order.status, 'CANCEL')) return [M.adminCannot(m.from, order, 'cancel')];
  const next = await apply(deps, order, [{ type: 'CANCEL', by: m.from, reason: reason ?? 'cancelled by an admin' }]);
  if (!next) return changedMeanwhile(deps, m, order, 'cancel');
  return [
    M.adminText(m.from, `🗑️ *${next.id}* cancelled${reason ? `: ${reason}` : ''}. The customer was told.`, next.id),
    M.customerOrderUpdate(next.customerId, next, deps.settings.shop),
  ];
}

async function adminOrders(
  deps: ConversationDeps,
  m: IncomingMessage,
  filter: import('../domain/commands.js').OrdersFilter,
  badFilter?: string,
): Promise<OutboundMessage[]> {
  if (filter === 'ALL') {
    const pages = await Promise.all(
      (['PENDING', 'CONFIRMED', 'PROVISIONING'] as const).map((s) => deps.orders.listByStatus(s, LIST_LIMIT)),
    );
    const items = pages
      .flatMap((p) => p.items)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, LIST_LIMIT);
    const more = pages.some((p) => p.cursor !== undefined) || pages.flatMap((p) => p.items).length > LIST_LIMIT;
    return [M.adminOrders(m.from, 'ALL', items, more, badFilter)];
  }
  if (filter === 'FAILED') {
    const failed: Order[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.orders.listByStatus('CONFIRMED', 50, cursor);
      failed.push(...page.items.filter(hasFailedAttempt));
      cursor = page.cursor;
    } while (cursor && failed.length < LIST_LIMIT);
    return [
      M.adminOrders(m.from, 'FAILED', failed.slice(0, LIST_LIMIT), failed.length > LIST_LIMIT || cursor !== undefined),
    ];
  }
  const page = await deps.orders.listByStatus(filter, LIST_LIMIT);
  return [M.adminOrders(m.from, filter, page.items, page.cursor !== undefined)];
}

async function orderDetail(deps: ConversationDeps, m: IncomingMessage, order: Order): Promise<OutboundMessage[]> {
  let step: string | undefined;
  if (order.status === 'PROVISIONING') {
    const view = await deps.runner.describe(order.id, order.attempts);
    if (view)
      step =
        view.status === 'RUNNING'
          ? view.currentStep
          : `${view.status} at ${view.failedStep ?? '?'} (use !provision-retry ${order.id})`;
  }
  return [M.adminOrderDetail(m.from, order, step)];
}

async function overview(deps: ConversationDeps, m: IncomingMessage): Promise<OutboundMessage[]> {
  const [counts, health, confirmed] = await Promise.all([
    deps.orders.countByStatus(),
    deps.panel
      .health()
      .catch((e: unknown) => ({ ok: false, url: '', latencyMs: 0, permissions: {}, error: String(e) })),
    deps.orders.listByStatus('CONFIRMED', 50),
  ]);
  const failures = confirmed.items
    .filter(hasFailedAttempt)
    .sort((a, b) => (b.lastError?.at ?? '').localeCompare(a.lastError?.at ?? ''))
    .slice(0, 5);
  const s = deps.settings;
  const lines = [
    '*Provisioning status*',
    '',
    `Auto-provisioning: *${s.autoProvisioning ? 'on' : 'off'}*`,
    `Panel: ${health.ok ? `✅ reachable (${health.latencyMs} ms)` : `❌ ${health.error ?? 'unreachable'}`}${health.url ? ` · ${health.url}` : ''}`,
    `Packages: ${s.catalogue.map((p) => p.name).join(', ')}`,
    `Admins: ${s.adminIds.length}`,
    '',
    '*Orders*',
    ...(Object.entries(counts) as [OrderStatus, number][]).map(([k, v]) => `${k}: ${v}`),
    '',
    failures.length === 0 ? 'No failed provisioning waiting.' : '*Last failures*',
    ...failures.map((o) => `*${o.id}* · ${o.lastError?.step}: ${o.lastError?.code} · !provision-retry ${o.id}`),
  ];
  return [M.adminText(m.from, lines.join('\n'))];
}

async function panelTest(deps: ConversationDeps, m: IncomingMessage): Promise<OutboundMessage[]> {
  const h = await deps.panel.health().catch((e: unknown) => ({
    ok: false,
    url: '',
    latencyMs: 0,
    permissions: {} as Record<string, string>,
    error: String(e),
  }));
  const perms = Object.entries(h.permissions)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const body = h.ok
    ? `✅ *Panel OK*\n${h.url}\nLatency: ${h.latencyMs} ms\n\n*API key can*\n${perms || 'unknown'}`
    : `❌ *Panel check failed*\n${h.url}\n${h.error ?? 'unreachable'}\n\nCheck PTERODACTYL_URL and PTERODACTYL_ADMIN_API_KEY.`;
  return [M.adminText(m.from, body)];
}

// ---------------------------------------------------------------- helpers

async function apply(deps: ConversationDeps, order: Order, events: OrderEvent[]): Promise<Order | undefined> {
  const next = transitionAll(order, events, deps.clock.now());
  const saved = await deps.orders.saveTransition(next, { status: order.status, attempts: order.attempts });
  return saved ? next : undefined;
}

async function changedMeanwhile(deps: ConversationDeps, m: IncomingMessage, order: Order, action: string) {
  const now = (await deps.orders.get(order.id)) ?? order;
  return [M.adminCannot(m.from, now, action)];
}

/**
 * Blocking problems of the order's package; empty when provisioning may start. A check the panel was too
 * busy to answer (429) does not block: provisioning waits out rate limits with back-off, and a burst of
 * confirms should queue up, not be refused. The admin is told the check was skipped.
 */
async function preflight(deps: ConversationDeps, order: Order): Promise<{ reasons: string[]; skipped?: string }> {
  const pkg = deps.settings.catalogue.find((p) => p.id === order.packageId);
  if (!pkg) {
    return {
      reasons: [`Package ${order.packageName} is not configured any more (${order.packageId.toUpperCase()}_ENABLED?)`],
    };
  }
  try {
    const result = await deps.panel.preflight(pkg);
    if (result.ok) return result.skipped ? { reasons: [], skipped: result.skipped } : { reasons: [] };
    return {
      reasons: result.reasons.length > 0 ? result.reasons : ['The panel refused the package (no reason given)'],
    };
  } catch (e) {
    return { reasons: [`The panel could not be checked: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

function skippedNote(to: string, order: Order, skipped: string | undefined): OutboundMessage[] {
  return skipped
    ? [
        M.adminText(
          to,
          `ℹ️ The pre-flight check of *${order.id}* was skipped: ${skipped}. Provisioning retries with back-off.`,
          order.id,
        ),
      ]
    : [];
}

function refProblem(to: string, ref: Extract<OrderRef, { ok: false }>, command: string): OutboundMessage {
  return ref.reason === 'missing'
    ? M.orderLookupProblem(to, { kind: 'missing-id', command })
    : M.orderLookupProblem(to, { kind: 'bad-id', typed: ref.typed, command });
}

function near(id: string, candidates: readonly string[]): string[] {
  return candidates.filter((c) => c !== id && idDistance(id, c) <= 2).slice(0, 3);
}
