// Plan changes on the local stack (issue 15): an upgrade priced for the days left, checked for room before
// anything is created and again at confirmation; the build PATCHed, read back and recorded; a panel that
// refuses the build deletes nothing; confirmed twice, applied once; a downgrade that comes with the next renewal.
// Prices are the local defaults in BRL (Bronze 15, Silver 25, Gold 45 per period); the period here is 10 days.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, lastTo, messagesTo, order } from '../../support/harness.js';
import { type LifecycleStack, newServer, panelServer, serviceOf, startLifecycleStack } from './support.js';

let l: LifecycleStack;

beforeAll(async () => {
  l = await startLifecycleStack();
});
afterAll(async () => {
  await l.stack.stop();
});
beforeEach(() => {
  l.stack.panel!.clearFaults();
});

async function say(from: string, text: string): Promise<string> {
  await l.stack.say(from, text);
  await l.stack.settle();
  return lastTo(l.stack, from);
}

async function upgradeOf(customer: string, id: string) {
  return (await l.stack.app.inbox.orders.listByCustomer(customer, 10)).items.filter(
    (o) => o.kind === 'UPGRADE' && o.upgrades === id,
  );
}

describe('upgrades', () => {
  it('half-way through the period, Bronze → Gold costs half the difference; confirmed, the panel gets the Gold build', async () => {
    const { customer, id } = await newServer(l);
    l.setDays(5);
    const choices = await say(customer, `!upgrade ${id}`);
    expect(choices).toContain(`(!upgrade ${id} gold)`);
    expect(choices).not.toContain(`(!upgrade ${id} bronze)`);
    const offer = await say(customer, `!upgrade ${id} gold`);
    const [upgrade] = await upgradeOf(customer, id);
    expect(upgrade).toMatchObject({
      status: 'PENDING',
      packageId: 'gold',
      priceMinor: 1500,
      currency: 'BRL',
      price: 'R$ 15',
    });
    expect(offer).toContain('*R$15* for the rest of this period');
    // The admins hear as for a new order (a template here: days have passed since they last wrote).
    expect(messagesTo(l.stack, ADMIN).some((t) => t.includes(`Upgrade ${upgrade!.id} of ${id} to Gold`))).toBe(true);

    await say(ADMIN, `!order-confirm ${upgrade!.id}`);
    const s = await serviceOf(l.stack, id);
    expect(s.plan?.packageId).toBe('gold');
    expect(s.pendingChange).toBeUndefined();
    expect(panelServer(l.stack, id)).toMatchObject({
      memory: 4096,
      disk: 20480,
      cpu: 400,
      database_limit: 3,
      backup_limit: 3,
    });
    expect((await order(l.stack, upgrade!.id)).status).toBe('COMPLETED');
    expect(lastTo(l.stack, customer)).toContain('is now *Gold*');
    expect(lastTo(l.stack, customer)).toContain('next time the server starts');

    // The next renewal is at the Gold price; the server keeps its allocation and identity.
    await say(customer, `!renew ${id}`);
    const renewal = (await l.stack.app.inbox.orders.listByCustomer(customer, 10)).items.find(
      (o) => o.kind === 'RENEWAL',
    );
    expect(renewal).toMatchObject({ packageId: 'gold', priceMinor: 4500 });
  });

  it('without room on the node, nothing is created; the customer is told politely and the admins why', async () => {
    const { customer, id } = await newServer(l);
    l.stack.panel!.setFaults({ full: true });
    const reply = await say(customer, `!upgrade ${id} diamond`);
    expect(reply).toContain('no room');
    expect(await upgradeOf(customer, id)).toEqual([]);
    expect(messagesTo(l.stack, ADMIN).at(-1)).toContain(`No room to upgrade *${id}*`);
  });

  it('a build the panel refuses deletes nothing: the server keeps its build, the admins get a retry', async () => {
    const { customer, id } = await newServer(l);
    await say(customer, `!upgrade ${id} silver`);
    const [upgrade] = await upgradeOf(customer, id);
    l.stack.panel!.setFaults({ buildRefused: true });
    await say(ADMIN, `!order-confirm ${upgrade!.id}`);
    expect(panelServer(l.stack, id)).toMatchObject({ memory: 1024 });
    let s = await serviceOf(l.stack, id);
    expect(s.lastActionError?.action).toBe('REBUILD');
    expect(s.pendingChange?.ref).toBe(upgrade!.id);
    expect((await order(l.stack, upgrade!.id)).status).toBe('CONFIRMED');
    expect(
      messagesTo(l.stack, ADMIN).some((t) => t.replaceAll('*', '').includes(`Could not change the plan of ${id}`)),
    ).toBe(true);

    l.stack.panel!.clearFaults();
    await say(ADMIN, `!service-retry ${id}`);
    s = await serviceOf(l.stack, id);
    expect(s.plan?.packageId).toBe('silver');
    expect(panelServer(l.stack, id)).toMatchObject({ memory: 2048 });
    expect((await order(l.stack, upgrade!.id)).status).toBe('COMPLETED');
  });

  it('confirmed twice (two admins at once), the build changes once', async () => {
    const { customer, id } = await newServer(l);
    await say(customer, `!upgrade ${id} gold`);
    const [upgrade] = await upgradeOf(customer, id);
    await Promise.all([
      l.stack.say(ADMIN, `!order-confirm ${upgrade!.id}`),
      l.stack.say(ADMIN, `!order-confirm ${upgrade!.id}`),
    ]);
    await l.stack.settle();
    const runs = l.stack.lifecycleSfn.list().filter((e) => e.orderId === id && e.name.includes('rebuild'));
    expect(runs).toHaveLength(1);
    expect((await serviceOf(l.stack, id)).plan?.packageId).toBe('gold');
  });
});

describe('downgrades', () => {
  it('take effect with the next renewal, priced at the smaller package', async () => {
    const { customer, id } = await newServer(l);
    await say(customer, `!upgrade ${id} gold`);
    const [upgrade] = await upgradeOf(customer, id);
    await say(ADMIN, `!order-confirm ${upgrade!.id}`);
    expect(await say(customer, `!downgrade ${id} gold`)).toContain('not smaller');
    const scheduled = await say(customer, `!downgrade ${id} silver`);
    expect(scheduled).toContain('From your next renewal');
    expect(panelServer(l.stack, id)).toMatchObject({ memory: 4096 });

    await say(customer, `!renew ${id}`);
    const renewal = (await l.stack.app.inbox.orders.listByCustomer(customer, 10)).items.find(
      (o) => o.kind === 'RENEWAL',
    )!;
    expect(renewal).toMatchObject({ packageId: 'silver', priceMinor: 2500 });
    await say(ADMIN, `!order-confirm ${renewal.id}`);
    const s = await serviceOf(l.stack, id);
    expect(s.plan?.packageId).toBe('silver');
    expect(s.nextPlan).toBeUndefined();
    expect(panelServer(l.stack, id)).toMatchObject({ memory: 2048 });
  });
});
