// What admins look at: the order queues, provisioning as a whole or one order in detail, and the
// panel connection. Nothing here changes an order.

import type { OrdersFilter } from '../../domain/commands.js';
import type { Recipient } from '../../domain/i18n/locale.js';
import * as M from '../../domain/messages.js';
import { hasFailedAttempt, ORDER_STATUSES, type Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { serviceOf } from '../lifecycle/context.js';
import type { CommandTable, ConversationDeps, Turn } from './context.js';
import { withAdminOrder } from './lookup.js';

const LIST_LIMIT = 15;
const OPEN = ['PENDING', 'CONFIRMED', 'PROVISIONING'] as const;
/** Failures the overview shows, newest first. */
const OVERVIEW_FAILURES = 5;

export const adminViewCommands = {
  'admin-orders': ({ deps, you }, command) => adminOrders(deps, you, command.filter, command.badFilter),
  'provision-status': (turn, command) =>
    command.orderRef
      ? withAdminOrder(turn, command.orderRef, '!provision-status', (o) => orderDetail(turn, o))
      : overview(turn),
  'provision-test': async ({ deps, you }) => [M.adminPanelTest(you, await checkPanel(deps))],
} satisfies Partial<CommandTable>;

async function adminOrders(
  deps: ConversationDeps,
  to: Recipient,
  filter: OrdersFilter,
  badFilter?: string,
): Promise<OutboundMessage[]> {
  if (filter === 'OPEN' || filter === 'ALL') {
    // Each status's page is its oldest orders, so the oldest of them all are the list's, oldest first like the others.
    const statuses = filter === 'ALL' ? ORDER_STATUSES : OPEN;
    const pages = await Promise.all(statuses.map((s) => deps.orders.listByStatus(s, LIST_LIMIT)));
    const all = pages.flatMap((p) => p.items);
    const items = [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, LIST_LIMIT);
    const more = pages.some((p) => p.cursor !== undefined) || all.length > LIST_LIMIT;
    return [M.adminOrders(to, filter, items, more, badFilter)];
  }
  if (filter === 'FAILED') {
    // Failed is not a status: CONFIRMED orders whose last attempt failed, read until a page is full.
    const failed: Order[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.orders.listByStatus('CONFIRMED', 50, cursor);
      failed.push(...page.items.filter(hasFailedAttempt));
      cursor = page.cursor;
    } while (cursor && failed.length < LIST_LIMIT);
    const more = failed.length > LIST_LIMIT || cursor !== undefined;
    return [M.adminOrders(to, 'FAILED', failed.slice(0, LIST_LIMIT), more)];
  }
  const page = await deps.orders.listByStatus(filter, LIST_LIMIT);
  return [M.adminOrders(to, filter, page.items, page.cursor !== undefined)];
}

async function orderDetail({ deps, you }: Turn, order: Order): Promise<OutboundMessage[]> {
  let step: string | undefined;
  if (order.status === 'PROVISIONING') {
    const view = await deps.runner.describe(order.id, order.attempts);
    if (view) {
      const why = { ...(view.error ? { error: view.error } : {}), ...(view.cause ? { cause: view.cause } : {}) };
      step =
        view.status === 'RUNNING'
          ? view.currentStep
          : M.stoppedAt(order, view.status, view.failedStep, why, you.locale.lang);
    }
  }
  const service = serviceOf(order, deps.lifecycle.policy);
  return [
    M.adminOrderDetail(you, order, step, service && M.serviceLifeLines(service, deps.lifecycle.policy, you.locale)),
  ];
}

async function overview({ deps, you }: Turn): Promise<OutboundMessage[]> {
  const [counts, panel, confirmed] = await Promise.all([
    deps.orders.countByStatus(),
    checkPanel(deps),
    deps.orders.listByStatus('CONFIRMED', 50),
  ]);
  const failures = confirmed.items
    .filter(hasFailedAttempt)
    .sort((a, b) => (b.lastError?.at ?? '').localeCompare(a.lastError?.at ?? ''))
    .slice(0, OVERVIEW_FAILURES);
  const s = deps.settings;
  return [
    M.adminProvisioningOverview(you, {
      autoProvisioning: s.autoProvisioning,
      panel,
      packageNames: s.catalogue.map((p) => p.name),
      adminCount: s.adminIds.length,
      counts,
      failures,
    }),
  ];
}

/** The panel's health; a check that throws is reported as unreachable, with the error. */
function checkPanel(deps: ConversationDeps): Promise<M.PanelCheck> {
  return deps.panel
    .health()
    .catch((e: unknown): M.PanelCheck => ({ ok: false, url: '', latencyMs: 0, permissions: {}, error: String(e) }));
}
