// The reconciliation: every server on the panel that carries one of our order ids must be the one server of
// an order that is running or completed. A create that landed after its rollback, a server restored by hand, an order
// cancelled while its server stayed: each is reported to the admins (never deleted by a machine that cannot
// know why it is there). Run on a schedule; cheap enough to run daily on a shop's whole panel.

import type { LocaleSettings } from '../domain/i18n/locale.js';
import * as M from '../domain/messages.js';
import { ORDER_ID_PATTERN } from '../domain/order-id.js';
import type { PanelServer } from '../panel/types.js';
import type { Clock, Log, OrderRepository, Outbox } from './ports.js';

export interface ReconcileDeps {
  panel: { listServers(): Promise<PanelServer[]> };
  orders: Pick<OrderRepository, 'get'>;
  outbox: Outbox;
  adminIds: readonly string[];
  /** The admins' language and the shop's time zone. */
  shop: LocaleSettings;
  clock: Clock;
  log: Log;
}

export interface ReconcileReport {
  checked: number;
  orphans: M.OrphanServer[];
}

/** Statuses whose order owns its server: provisioning makes it, a completed order keeps it. */
const LIVE = new Set(['PROVISIONING', 'COMPLETED']);

export async function reconcileServers(deps: ReconcileDeps): Promise<ReconcileReport> {
  const ours = (await deps.panel.listServers()).filter(
    (s) => s.externalId !== null && ORDER_ID_PATTERN.test(s.externalId),
  );
  const orphans: M.OrphanServer[] = [];
  for (const server of ours) {
    const order = await deps.orders.get(server.externalId!);
    const recorded = order?.provisioning.serverId;
    // A live order owns its one recorded server; a second one (a create that landed late) is not its own.
    if (order && LIVE.has(order.status) && (recorded === undefined || recorded === server.id)) continue;
    orphans.push({
      serverId: server.id,
      externalId: server.externalId!,
      name: server.name,
      orderStatus: order ? (LIVE.has(order.status) ? `${order.status}, a second server` : order.status) : 'unknown',
    });
  }
  if (orphans.length > 0) {
    deps.log.warn('Servers without a live order', { orphans: orphans.map((o) => o.externalId) });
    // One report per day and set of servers: a second run the same day says nothing new.
    const day = deps.clock.now().toISOString().slice(0, 10);
    const ids = orphans.map((o) => o.serverId).join('.');
    await deps.outbox.enqueue(
      M.adminsTo(deps.adminIds, deps.shop).map((a) => ({
        type: 'message' as const,
        key: `reconcile-${day}-${ids}-${a.id}`.slice(0, 120),
        message: M.adminOrphanServers(a, orphans),
      })),
    );
  }
  deps.log.info('Reconciled panel servers', { checked: ours.length, orphans: orphans.length });
  return { checked: ours.length, orphans };
}
