// The daily reconciliation on the local stack: a server whose order is not running or completed is
// reported to the admins (never deleted); servers of live orders are not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileServers } from '../../../shared/app/reconcile.js';
import {
  ADMIN,
  confirm,
  messagesTo,
  newCustomer,
  placeOrder,
  startTestStack,
  type TestStack,
} from '../../support/harness.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.stop();
});

describe('reconciliation', () => {
  it('reports a server whose order went back to CONFIRMED, and leaves it and the live ones alone', async () => {
    // Arrange: two completed orders; one is put back to CONFIRMED behind its server's back (as a create that
    // landed after its rollback leaves it)
    const live = await confirm(stack, await placeOrder(stack, newCustomer(), 'bronze'));
    const stray = await confirm(stack, await placeOrder(stack, newCustomer(), 'bronze'));
    const orders = stack.app.inbox.orders;
    expect(await orders.saveTransition({ ...stray, status: 'CONFIRMED' }, { status: 'COMPLETED', attempts: 1 })).toBe(
      true,
    );
    stack.graph!.reset();

    // Act
    const report = await reconcileServers(stack.app.reconcile);
    await stack.settle();

    // Assert
    expect(report.orphans.map((o) => [o.externalId, o.orderStatus])).toEqual([[stray.id, 'CONFIRMED']]);
    expect(report.checked).toBeGreaterThanOrEqual(2);
    const told = messagesTo(stack, ADMIN).join('\n');
    expect(told).toContain('without a live order');
    expect(told).toContain(stray.id);
    expect(told).not.toContain(live.id);
    const servers = stack.panel!.state().servers.map((s) => s.external_id);
    expect(servers).toEqual(expect.arrayContaining([live.id, stray.id]));
  });

  it('a second run the same day reports the same servers once', async () => {
    // Arrange: the stray server of the test above is still there
    stack.graph!.reset();
    // Act
    const again = await reconcileServers(stack.app.reconcile);
    await stack.settle();
    // Assert: found again, but the admins are not told twice
    expect(again.orphans).toHaveLength(1);
    expect(messagesTo(stack, ADMIN)).toEqual([]);
  });
});
