// A kept run starting again (DATA_DIR): the table remembers orders and servers, but no execution survived the
// stop. Without this an order left PROVISIONING would wait for an admin's Retry, and a claimed lifecycle
// action for the sweep's recheck, half an hour after its claim.

import type { LifecycleRunner } from '../shared/app/lifecycle/context.js';
import type { SweepReport } from '../shared/app/lifecycle/sweep.js';
import type { Log, ProvisioningRunner } from '../shared/app/ports.js';
import type { OrderStatus } from '../shared/domain/order.js';
import type { App } from '../shared/runtime/compose.js';

export interface Resumed {
  provisioning: number;
  lifecycle: number;
}

/**
 * Starts again, under the same names, the executions a stop cut short: each order PROVISIONING (from its
 * first step: the steps are idempotent, as after a crash in AWS) and each server's claimed lifecycle action
 * (what the sweep's recheck does when it finds no execution). Then one sweep, for what fell due meanwhile.
 */
export async function resumeAfterRestart(
  app: App,
  runners: { provisioning: ProvisioningRunner; lifecycle: LifecycleRunner },
  sweep: () => Promise<SweepReport>,
  log: Log,
): Promise<Resumed> {
  const resumed: Resumed = { provisioning: 0, lifecycle: 0 };
  for await (const order of ordersIn(app, 'PROVISIONING')) {
    if ((await runners.provisioning.start(order.id, order.attempts)) === 'started') resumed.provisioning++;
    log.info('Provisioning started again after a restart', { orderId: order.id, attempt: order.attempts });
  }
  for await (const order of ordersIn(app, 'COMPLETED')) {
    const action = order.service?.action;
    if (!action) continue;
    const input = { orderId: order.id, action: action.kind, execution: action.execution };
    if ((await runners.lifecycle.start(input)) === 'started') resumed.lifecycle++;
    log.info('Lifecycle action started again after a restart', { orderId: order.id, action: action.kind });
  }
  await sweep().catch((e: unknown) => log.error('Lifecycle sweep failed', { error: String(e) }));
  return resumed;
}

async function* ordersIn(app: App, status: OrderStatus) {
  let cursor: string | undefined;
  do {
    const page = await app.inbox.orders.listByStatus(status, 100, cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}
