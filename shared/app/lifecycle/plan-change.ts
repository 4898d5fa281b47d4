// Plan changes of a running server. An upgrade is an order of its own (`kind: UPGRADE`), priced at the
// difference for the days left in the paid period (integer arithmetic, rounded up to the currency's unit),
// created only when the server's node has room, and checked for room again when its payment is confirmed.
// Applying it puts the new plan on the server's record as a pending change and starts a REBUILD execution
// of the lifecycle machine (PATCH the build, read it back, record); a refusal deletes nothing. A downgrade
// waits for the next renewal: the renewal is priced at the smaller plan and brings the change with it.

import { createHash } from 'node:crypto';
import { formatMoney, prorate } from '../../domain/money.js';
import { createOrder, type Order, periodOf } from '../../domain/order.js';
import { orderIdFromDigest } from '../../domain/order-id.js';
import { type Package, type Resources, TIER_IDS, type TierId } from '../../domain/packages.js';
import type { PlanRefusal } from '../../domain/plan-messages.js';
import { currentPlan, DAY_MS, isPaid, logged, type Plan, type Service, withDue } from '../../domain/service.js';
import { startAction } from './actions.js';
import { changeService, serviceOf } from './context.js';
import type { RenewalDeps } from './renewal.js';

export type PlanDeps = RenewalDeps & { currency: string; catalogue: readonly Package[] };

export const planOf = (p: Package): Plan => ({
  packageId: p.id,
  packageName: p.name,
  resources: p.resources,
  ...(p.price ? { price: p.price } : {}),
  ...(p.priceMinor !== undefined ? { priceMinor: p.priceMinor } : {}),
});

const rank = (id: TierId) => TIER_IDS.indexOf(id);

/** The packages a server can move to, bigger (upgrade) or smaller (downgrade) than its current plan. */
export function planChoices(
  server: Order,
  catalogue: readonly Package[],
  direction: 'upgrade' | 'downgrade',
): Package[] {
  const now = rank(currentPlan(server).packageId);
  return catalogue.filter((p) => (direction === 'upgrade' ? rank(p.id) > now : rank(p.id) < now));
}

/** What the upgrade costs for the rest of the period: the price difference per day left, rounded up. */
export function upgradePrice(server: Order, service: Service, target: Package, now: Date): number {
  const from = currentPlan(server).priceMinor ?? 0;
  const diff = (target.priceMinor ?? 0) - from;
  const left = new Date(service.paidUntil).getTime() - now.getTime();
  return prorate(diff, left, periodOf(server) * DAY_MS);
}

function extraNeeded(from: Resources, to: Resources): { memoryMiB: number; diskMiB: number } {
  return { memoryMiB: Math.max(0, to.memoryMiB - from.memoryMiB), diskMiB: Math.max(0, to.diskMiB - from.diskMiB) };
}

export type OpenUpgrade =
  | { kind: 'placed' | 'existing'; upgrade: Order; service: Service }
  | { kind: 'no-room'; reason: string }
  | { kind: 'refused'; why: PlanRefusal };

/** `!upgrade ID PACKAGE`: checks the node has room, then the upgrade order (one open per server and target). */
export async function openUpgrade(deps: PlanDeps, server: Order, target: Package, by: string): Promise<OpenUpgrade> {
  const service = serviceOf(server, deps.policy);
  if (!service) return { kind: 'refused', why: 'not-a-server' };
  // Running and paid: past its paid-until date the days left are none, and the upgrade would cost nothing.
  if (service.state !== 'ACTIVE' || !isPaid(service, deps.clock.now())) return { kind: 'refused', why: 'not-active' };
  if (service.pendingChange || service.action?.kind === 'REBUILD') return { kind: 'refused', why: 'busy' };
  if (rank(target.id) <= rank(currentPlan(server).packageId)) return { kind: 'refused', why: 'not-bigger' };
  const open = (await deps.orders.listByCustomer(server.customerId, 50)).items.find(
    (o) => o.kind === 'UPGRADE' && o.upgrades === server.id && (o.status === 'PENDING' || o.status === 'CONFIRMED'),
  );
  if (open)
    return open.packageId === target.id
      ? { kind: 'existing', upgrade: open, service }
      : { kind: 'refused', why: 'other-open' };
  const room = await deps.panel.roomFor(server.id, extraNeeded(currentPlan(server).resources, target.resources));
  if (!room.ok) return { kind: 'no-room', reason: room.reason };
  const now = deps.clock.now();
  const amount = upgradePrice(server, service, target, now);
  for (let n = 0; n < 8; n++) {
    const digest = createHash('sha256').update(`upgrade:${server.id}:${target.id}:${service.paidUntil}:${n}`).digest();
    const upgrade = upgradeOrder(deps, server, target, orderIdFromDigest(digest), amount, by, now);
    if (await deps.orders.create(upgrade)) return { kind: 'placed', upgrade, service };
    const existing = await deps.orders.get(upgrade.id);
    if (existing?.upgrades === server.id && (existing.status === 'PENDING' || existing.status === 'CONFIRMED'))
      return { kind: 'existing', upgrade: existing, service };
  }
  throw new Error(`Could not allocate an upgrade id for ${server.id}`);
}

function upgradeOrder(
  deps: PlanDeps,
  server: Order,
  target: Package,
  id: string,
  amount: number,
  by: string,
  now: Date,
): Order {
  const money = (minor: number) => formatMoney({ minor, currency: deps.currency }, deps.shop.locale ?? 'en-US');
  const order = createOrder(
    {
      id,
      kind: 'UPGRADE',
      upgrades: server.id,
      customerId: server.customerId,
      ...(server.customerName ? { customerName: server.customerName } : {}),
      ...(server.lang ? { lang: server.lang } : {}),
      packageId: target.id,
      packageName: target.name,
      resources: target.resources,
      price: amount > 0 ? money(amount) : 'Free',
      priceMinor: amount,
      currency: deps.currency,
      periodDays: periodOf(server),
    },
    now,
    deps.payment,
  );
  order.history[0]!.by = by;
  order.history[0]!.reason = `upgrade of ${server.id} from ${currentPlan(server).packageName}`;
  return order;
}

export type ApplyUpgrade =
  | { kind: 'applying' | 'already' }
  | { kind: 'no-room'; reason: string }
  | { kind: 'refused'; why: PlanRefusal };

/**
 * A CONFIRMED upgrade: room is checked again, the plan becomes the server's pending change (once: a second
 * confirm finds it there), and the REBUILD execution starts. Safe to repeat.
 */
export async function applyUpgrade(deps: PlanDeps, upgrade: Order, by: string): Promise<ApplyUpgrade> {
  const server = upgrade.upgrades ? await deps.orders.get(upgrade.upgrades) : undefined;
  const service = server && serviceOf(server, deps.policy);
  if (!server || !service) return { kind: 'refused', why: 'not-a-server' };
  // Confirmed twice: the change is pending already, or the panel has it (REBUILT names this order).
  const rebuilt = service.log.some((l) => l.what === 'REBUILT' && l.detail?.includes(upgrade.id));
  if (service.pendingChange?.ref === upgrade.id || rebuilt) return { kind: 'already' };
  if (service.state === 'TERMINATED' || service.action?.kind === 'TERMINATE')
    return { kind: 'refused', why: 'not-active' };
  const room = await deps.panel.roomFor(server.id, extraNeeded(currentPlan(server).resources, upgrade.resources));
  if (!room.ok) return { kind: 'no-room', reason: room.reason };
  const now = deps.clock.now();
  // The package it becomes, at the catalogue's price: what renewals after it cost.
  const pkg = deps.catalogue.find((p) => p.id === upgrade.packageId);
  const plan: Plan = pkg
    ? { ...planOf(pkg), resources: upgrade.resources }
    : { packageId: upgrade.packageId, packageName: upgrade.packageName, resources: upgrade.resources };
  const changed = await changeService<'set' | 'other'>(deps, server.id, (s) => {
    if (s.pendingChange) return { unchanged: s.pendingChange.ref === upgrade.id ? 'set' : 'other' };
    const line = { at: now.toISOString(), what: 'UPGRADE_PAID', by, detail: `${upgrade.id}: ${upgrade.packageName}` };
    const next = logged({ ...s, pendingChange: { plan, ref: upgrade.id, at: now.toISOString() } }, line);
    return { service: withDue(next, deps.policy, now), result: 'set' };
  });
  if (changed.kind === 'no-server') return { kind: 'refused', why: 'not-a-server' };
  if (changed.result === 'other') return { kind: 'refused', why: 'busy' };
  // Busy with another action: the sweep starts the rebuild as soon as that one is done.
  await startAction(deps, server.id, 'REBUILD', { by, manual: false });
  return { kind: 'applying' };
}

/** `!downgrade ID PACKAGE`: the next renewal is priced at the smaller plan and brings it; `cancel` keeps the plan. */
export async function scheduleDowngrade(
  deps: PlanDeps,
  server: Order,
  target: Package | 'cancel',
  by: string,
): Promise<{ kind: 'scheduled'; service: Service; next?: Plan } | { kind: 'refused'; why: PlanRefusal }> {
  const now = deps.clock.now();
  if (target !== 'cancel' && rank(target.id) >= rank(currentPlan(server).packageId))
    return { kind: 'refused', why: 'not-smaller' };
  const changed = await changeService<'ok' | 'terminated'>(deps, server.id, (s) => {
    if (s.state === 'TERMINATED') return { unchanged: 'terminated' };
    const next: Service = { ...s };
    if (target === 'cancel') delete next.nextPlan;
    else next.nextPlan = planOf(target);
    const line = {
      at: now.toISOString(),
      what: target === 'cancel' ? 'DOWNGRADE_CANCELLED' : 'DOWNGRADE_SCHEDULED',
      by,
      ...(target === 'cancel' ? {} : { detail: target.name }),
    };
    return { service: withDue(logged(next, line), deps.policy, now), result: 'ok' };
  });
  if (changed.kind === 'no-server') return { kind: 'refused', why: 'not-a-server' };
  if (changed.result === 'terminated') return { kind: 'refused', why: 'not-active' };
  return {
    kind: 'scheduled',
    service: changed.service,
    ...(changed.service.nextPlan ? { next: changed.service.nextPlan } : {}),
  };
}
