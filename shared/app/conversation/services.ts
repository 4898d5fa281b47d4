// The conversation's side of a server's life: a customer's `!my-servers` and `!renew`, and the admins'
// `!services`, `!suspend`, `!unsuspend`, `!extend`, `!terminate` and `!service-retry`. Panel changes are
// never made here: they are claimed on the server's record and run by the lifecycle state machine.

import type { OrderRef, ServicesFilter } from '../../domain/commands.js';
import * as M from '../../domain/messages.js';
import { isRenewal, type Order } from '../../domain/order.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import { findPackage } from '../../domain/packages.js';
import {
  currentPlan,
  extendedUntil,
  isPaid,
  type LifecycleAction,
  type LifecyclePolicy,
  logged,
  renewalDue,
  withDue,
} from '../../domain/service.js';
import { type StartOutcome, startAction } from '../lifecycle/actions.js';
import { changeService, type LifecycleDeps, serviceOf } from '../lifecycle/context.js';
import { applyUpgrade, openUpgrade, type PlanDeps, planChoices, scheduleDowngrade } from '../lifecycle/plan-change.js';
import { openRenewal } from '../lifecycle/renewal.js';
import { payLinkMessages } from '../payments/links.js';
import {
  admins,
  applyEvents,
  type CommandTable,
  type ConversationDeps,
  customerOf,
  type Replies,
  type Turn,
} from './context.js';
import { withAdminOrder, withCustomerOrder } from './lookup.js';

const LIST_LIMIT = 15;

export const serviceCommands = {
  'my-servers': (turn) => myServers(turn),
  renew: (turn, command) =>
    turn.admin
      ? withAdminOrder(turn, command.orderRef, '!renew', (o) => renew(turn, o))
      : withCustomerOrder(turn, command.orderRef, '!renew', (o) => renew(turn, o)),
  'admin-services': (turn, command) => services(turn, command.filter),
  suspend: (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!suspend', (o) =>
      act(turn, o, 'SUSPEND', command.reason ? { note: command.reason } : {}),
    ),
  unsuspend: (turn, command) => withAdminOrder(turn, command.orderRef, '!unsuspend', (o) => act(turn, o, 'UNSUSPEND')),
  extend: (turn, command) =>
    command.days === undefined
      ? [M.adminExtendUsage(turn.you)]
      : withAdminOrder(turn, command.orderRef, '!extend', (o) => extend(turn, o, command.days!)),
  terminate: (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!terminate', (o) => {
      const service = serviceOf(o, turn.deps.lifecycle.policy);
      if (!service) return [M.adminActionStarted(turn.you, o, 'TERMINATE', { kind: 'no-server' })];
      if (command.step === 'ask') return [M.adminTerminateConfirm(turn.you, o, service)];
      if (command.step === 'keep') return [M.adminTerminateKept(turn.you, o)];
      return act(turn, o, 'TERMINATE');
    }),
  'service-retry': (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!service-retry', (o) => {
      const failed = serviceOf(o, turn.deps.lifecycle.policy)?.lastActionError;
      if (!failed)
        return [M.adminText(turn.you, `*${o.id}* has no failed suspend, unsuspend or terminate to retry.`, o.id)];
      // A retry is what the sweep would do: as the sweep (not manual), so a renewal since makes it moot.
      return act(turn, o, failed.action, {}, false);
    }),
  upgrade: (turn, command) =>
    withServer(turn, command.orderRef, '!upgrade', (o) => upgrade(turn, o, command.packageRef)),
  downgrade: (turn, command) =>
    withServer(turn, command.orderRef, '!downgrade', (o) => downgrade(turn, o, command.packageRef)),
} satisfies Partial<CommandTable>;

/** The lifecycle's ports, from the conversation's. */
export function lifecycleDeps(deps: ConversationDeps): PlanDeps {
  return {
    ...deps.lifecycle,
    orders: deps.orders,
    outbox: deps.outbox,
    clock: deps.clock,
    log: deps.log,
    adminIds: deps.settings.adminIds,
    shop: deps.settings.shop,
    currency: deps.settings.shop.currency ?? 'USD',
    catalogue: deps.settings.catalogue,
  };
}

/** An admin may name any server; a customer only their own. */
function withServer(turn: Turn, ref: OrderRef, command: string, then: (o: Order) => Replies) {
  return turn.admin ? withAdminOrder(turn, ref, command, then) : withCustomerOrder(turn, ref, command, then);
}

async function upgrade(turn: Turn, server: Order, packageRef: string | undefined): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { catalogue, shop } = deps.settings;
  const target = packageRef ? findPackage(catalogue, packageRef) : undefined;
  if (!target)
    return [M.planChoices(turn.you, server, currentPlan(server), planChoices(server, catalogue, 'upgrade'), 'upgrade')];
  const life = lifecycleDeps(deps);
  const opened = await openUpgrade(life, server, target, m.from);
  if (opened.kind === 'refused') return [M.planChangeRefused(turn.you, server, opened.why, shop)];
  if (opened.kind === 'no-room') {
    deps.log.warn('Upgrade refused: no room on the node', { orderId: server.id, packageId: target.id });
    return [
      M.upgradeNoRoom(turn.you, server, target, shop),
      ...admins(deps).map((a) => M.adminUpgradeNoRoom(a, server, target, opened.reason)),
    ];
  }
  const customer = customerOf(turn, server);
  if (opened.kind === 'placed' && (opened.upgrade.priceMinor ?? 0) === 0) {
    // Nothing to pay (the same price): applied at once, and said only once it is under way.
    const confirmed = await applyEvents(deps, opened.upgrade, [{ type: 'CONFIRM', by: m.from }]);
    const applied = confirmed ? await applyUpgrade(life, confirmed, m.from) : undefined;
    if (applied?.kind === 'applying' || applied?.kind === 'already')
      return [M.customerUpgradeConfirmed(customer, opened.upgrade, false, shop)];
    if (applied?.kind === 'no-room') {
      return [
        M.upgradeNoRoom(turn.you, server, target, shop),
        ...admins(deps).map((a) => M.adminUpgradeNoRoom(a, server, target, applied.reason, opened.upgrade.id)),
      ];
    }
    return [M.planChangeRefused(turn.you, server, applied?.kind === 'refused' ? applied.why : 'busy', shop)];
  }
  const replies = [
    M.upgradePlaced(customer, opened.upgrade, opened.service, shop, opened.kind === 'existing'),
    ...(await payLinkMessages(deps, opened.upgrade)),
  ];
  if (opened.kind === 'placed')
    replies.push(...admins(deps).map((a) => M.adminNewUpgrade(a, opened.upgrade, currentPlan(server))));
  return replies;
}

async function downgrade(turn: Turn, server: Order, packageRef: string | undefined): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { catalogue, shop } = deps.settings;
  const cancel = packageRef !== undefined && /^(cancel|keep|no)$/i.test(packageRef);
  const target = cancel ? 'cancel' : packageRef ? findPackage(catalogue, packageRef) : undefined;
  if (!target)
    return [
      M.planChoices(turn.you, server, currentPlan(server), planChoices(server, catalogue, 'downgrade'), 'downgrade'),
    ];
  const done = await scheduleDowngrade(lifecycleDeps(deps), server, target, m.from);
  if (done.kind === 'refused') return [M.planChangeRefused(turn.you, server, done.why, shop)];
  return [M.downgradeScheduled(turn.you, server, done.service, done.next)];
}

async function myServers({ deps, m, you }: Turn): Promise<OutboundMessage[]> {
  const page = await deps.orders.listByCustomer(m.from, 50);
  const policy = deps.lifecycle.policy;
  const servers = page.items
    .map((order) => ({ order, service: serviceOf(order, policy) }))
    .filter((s): s is M.ServerView => s.service !== undefined)
    .slice(0, LIST_LIMIT);
  return [M.myServers(you, servers, policy, deps.clock.now())];
}

async function renew(turn: Turn, server: Order): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const { shop } = deps.settings;
  // "!renew" with a renewal's own id means its server.
  const target = isRenewal(server) && server.renews ? ((await deps.orders.get(server.renews)) ?? server) : server;
  const opened = await openRenewal(lifecycleDeps(deps), target, m.from);
  if (opened.kind === 'refused') return [M.customerRenewRefused(turn.you, target, opened.why, shop)];
  const customer = customerOf(turn, target);
  const replies = [
    M.customerRenewalPlaced(customer, opened.renewal, opened.service, shop, opened.kind === 'existing'),
    ...(await payLinkMessages(deps, opened.renewal)),
  ];
  if (customer.id !== m.from)
    replies.unshift(
      M.adminText(turn.you, `Renewal *${opened.renewal.id}* sent to the customer of *${target.id}*.`, target.id),
    );
  if (opened.kind === 'created') {
    deps.log.info('Renewal placed', { orderId: opened.renewal.id, renews: target.id });
    replies.push(...admins(deps).map((a) => M.adminNewRenewal(a, opened.renewal, opened.service)));
  }
  return replies;
}

async function services({ deps, you }: Turn, filter: ServicesFilter): Promise<OutboundMessage[]> {
  const policy = deps.lifecycle.policy;
  const now = deps.clock.now();
  const views: M.ServerView[] = [];
  let cursor: string | undefined;
  // Completed orders, oldest first (the status index), filtered here: a shop's servers number in the hundreds.
  do {
    const page = await deps.orders.listByStatus('COMPLETED', 100, cursor);
    for (const order of page.items) {
      const service = serviceOf(order, policy);
      if (service && matches(filter, service, policy, now)) views.push({ order, service });
    }
    cursor = page.cursor;
  } while (cursor && views.length <= LIST_LIMIT);
  views.sort((a, b) => a.service.paidUntil.localeCompare(b.service.paidUntil));
  return [M.adminServices(you, filter, views.slice(0, LIST_LIMIT), views.length > LIST_LIMIT || cursor !== undefined)];
}

function matches(
  filter: ServicesFilter,
  service: M.ServerView['service'],
  policy: LifecyclePolicy,
  now: Date,
): boolean {
  if (filter === 'ALL') return true;
  if (filter === 'DUE') return renewalDue(service, policy, now);
  return service.state === filter;
}

async function act(
  turn: Turn,
  order: Order,
  action: LifecycleAction,
  options: { note?: string } = {},
  manual = true,
): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const started: StartOutcome = await startAction(lifecycleDeps(deps), order.id, action, {
    by: m.from,
    manual,
    ...(options.note ? { note: options.note } : {}),
  });
  const shown =
    started.kind === 'busy'
      ? { kind: 'busy' as const, running: started.action.kind }
      : started.kind === 'not-needed'
        ? { kind: 'not-needed' as const, why: started.why }
        : { kind: started.kind };
  const unpaid =
    started.kind === 'started' && action === 'UNSUSPEND' && !isPaid(started.service, deps.clock.now())
      ? started.service.paidUntil
      : undefined;
  return [M.adminActionStarted(turn.you, order, action, shown, unpaid)];
}

async function extend(turn: Turn, order: Order, days: number): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const life = lifecycleDeps(deps);
  const now = deps.clock.now();
  const at = now.toISOString();
  const changed = await changeService<'extended' | 'terminated' | 'terminating'>(life, order.id, (service) => {
    if (service.state === 'TERMINATED') return { unchanged: 'terminated' };
    // As for a renewal: a deletion already past its check would delete the server these days were given to.
    if (service.action?.kind === 'TERMINATE') return { unchanged: 'terminating' };
    const paidUntil = extendedUntil(service, days);
    const line = { at, what: 'EXTENDED', by: m.from, detail: `${days > 0 ? '+' : ''}${days} days` };
    return { service: withDue(logged({ ...service, paidUntil }, line), life.policy, now), result: 'extended' };
  });
  if (changed.kind === 'no-server') return [M.adminActionStarted(turn.you, order, 'UNSUSPEND', { kind: 'no-server' })];
  if (changed.result === 'terminated')
    return [M.adminActionStarted(turn.you, order, 'UNSUSPEND', { kind: 'not-needed', why: 'was terminated' })];
  if (changed.result === 'terminating')
    return [M.adminActionStarted(turn.you, order, 'UNSUSPEND', { kind: 'busy', running: 'TERMINATE' })];
  let unsuspending = false;
  const s = changed.service;
  if (s.state === 'SUSPENDED' && s.suspendReason !== 'MANUAL' && isPaid(s, now)) {
    unsuspending = (await startAction(life, order.id, 'UNSUSPEND', { by: m.from, manual: false })).kind === 'started';
  }
  return [M.adminExtended(turn.you, changed.order, s, days, unsuspending)];
}

export type { LifecycleDeps };
