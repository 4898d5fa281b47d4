// What customers and admins type about a server's life, end to end on the local stack: !my-servers,
// !renew, !services, !suspend (a manual suspension a renewal does not lift), !unsuspend, !extend,
// !terminate (asks first), !provision-status ID with the server's life, and who may run what.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buttonsTo, lastTo, messagesTo, newCustomer } from '../../support/harness.js';
import { at, type LifecycleStack, newServer, panelServer, serviceOf, startLifecycleStack } from './support.js';

let l: LifecycleStack;

beforeAll(async () => {
  l = await startLifecycleStack();
});
afterAll(async () => {
  await l.stack.stop();
});

async function say(from: string, text: string): Promise<string> {
  await l.stack.say(from, text);
  await l.stack.settle();
  return lastTo(l.stack, from);
}

async function renewalOf(customer: string, id: string) {
  const page = await l.stack.app.inbox.orders.listByCustomer(customer, 10);
  return page.items.filter((o) => o.kind === 'RENEWAL' && o.renews === id);
}

describe('customers', () => {
  it('!my-servers lists each server with its package, address, paid-until date and state; a Renew button when due', async () => {
    const { customer, id } = await newServer(l);
    let reply = await say(customer, '!my-servers');
    expect(reply).toContain(id);
    expect(reply).toContain('Bronze');
    expect(reply).toContain('paid until');
    expect(reply).toContain('active');
    expect(reply).toContain(panelServer(l.stack, id) ? '127.0.0' : '');
    l.setDays(8);
    reply = await say(customer, '!my-servers');
    expect(reply).toContain(`(!renew ${id})`);
  });

  it('!renew twice gives one renewal order; the admins hear of it once', async () => {
    const { customer, id } = await newServer(l);
    const first = await say(customer, `!renew ${id}`);
    const second = await say(customer, `!renew ${id}`);
    const renewals = await renewalOf(customer, id);
    expect(renewals).toHaveLength(1);
    expect(first).toContain(renewals[0]!.id);
    expect(second).toContain('waiting for payment');
    expect(messagesTo(l.stack, ADMIN).filter((t) => t.includes(`*${renewals[0]!.id}* renews`))).toHaveLength(1);
  });

  it("a customer cannot renew someone else's server, nor run admin commands", async () => {
    const { id } = await newServer(l);
    const stranger = newCustomer();
    expect(await say(stranger, `!renew ${id}`)).toContain("couldn't find order");
    await say(stranger, `!suspend ${id}`);
    expect((await serviceOf(l.stack, id)).state).toBe('ACTIVE');
    expect(l.stack.lifecycleSfn.list().some((e) => e.orderId === id)).toBe(false);
  });
});

describe('money for a server that is gone', () => {
  it('a renewal of a terminated server is not confirmed: the payment is not taken, the admin is told', async () => {
    const { customer, id } = await newServer(l);
    await say(customer, `!renew ${id}`);
    const [renewal] = await renewalOf(customer, id);
    await say(ADMIN, `!terminate ${id} confirm`);
    expect((await serviceOf(l.stack, id)).state).toBe('TERMINATED');
    const reply = await say(ADMIN, `!order-confirm ${renewal!.id}`);
    expect(reply).toContain(`Can't apply *${renewal!.id}*`);
    expect(reply).toContain('the payment was not confirmed');
    expect((await l.stack.app.inbox.orders.get(renewal!.id))?.status).toBe('PENDING');
  });

  it('an upgrade of a server past its paid-until date is refused (it would cost nothing)', async () => {
    const { customer, id } = await newServer(l);
    l.setDays(10.5);
    expect(await say(customer, `!upgrade ${id} gold`)).toContain('not running and paid');
    l.setDays(0);
  });
});

describe('admins', () => {
  it('!suspend with a reason is a manual suspension: a renewal does not lift it, !unsuspend does', async () => {
    const { customer, id } = await newServer(l);
    await say(ADMIN, `!suspend ${id} abuse report`);
    const [reply, notice] = messagesTo(l.stack, ADMIN).slice(-2);
    expect(reply).toContain(`Suspending *${id}* on the panel`);
    expect(notice).toContain('Suspended (by an admin: abuse report)');
    let s = await serviceOf(l.stack, id);
    expect(s).toMatchObject({ state: 'SUSPENDED', suspendReason: 'MANUAL', suspendNote: 'abuse report' });
    expect(panelServer(l.stack, id)?.status).toBe('suspended');
    expect(lastTo(l.stack, customer)).toContain('suspended by');

    await say(customer, `!renew ${id}`);
    const [renewal] = await renewalOf(customer, id);
    await say(ADMIN, `!order-confirm ${renewal!.id}`);
    s = await serviceOf(l.stack, id);
    expect(s.state).toBe('SUSPENDED');
    expect(s.renewals).toContain(renewal!.id);

    await say(ADMIN, `!unsuspend ${id}`);
    expect(messagesTo(l.stack, ADMIN).slice(-2)[0]).toContain(`Unsuspending *${id}*`);
    expect((await serviceOf(l.stack, id)).state).toBe('ACTIVE');
    expect(panelServer(l.stack, id)?.status).toBeNull();
  });

  it('!extend gives free days (decimals, negative to shorten) and lifts a suspension for non-payment', async () => {
    const { id } = await newServer(l);
    const before = (await serviceOf(l.stack, id)).paidUntil;
    await say(ADMIN, `!extend ${id} 1.5`);
    expect(new Date((await serviceOf(l.stack, id)).paidUntil).getTime() - new Date(before).getTime()).toBe(
      1.5 * 86_400_000,
    );
    await say(ADMIN, `!extend ${id} -1.5`);
    expect((await serviceOf(l.stack, id)).paidUntil).toBe(before);
    expect(await say(ADMIN, `!extend ${id} lots`)).toContain('Usage: *!extend ID DAYS*');

    await at(l, 12.1);
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    await say(ADMIN, `!extend ${id} 5`);
    expect(messagesTo(l.stack, ADMIN).slice(-2)[0]).toContain('Unsuspending it on the panel now');
    expect((await serviceOf(l.stack, id)).state).toBe('ACTIVE');
  });

  it('!terminate asks first, says what will be deleted; keep keeps it, confirm deletes the server only', async () => {
    const { id } = await newServer(l);
    const ask = await say(ADMIN, `!terminate ${id}`);
    expect(ask).toContain('cannot be undone');
    expect(ask).toContain('panel user is kept');
    expect(buttonsTo(l.stack, ADMIN).slice(-2)).toEqual([`!terminate ${id} confirm`, `!terminate ${id} keep`]);
    expect(await say(ADMIN, `!terminate ${id} keep`)).toContain('is kept');
    expect(panelServer(l.stack, id)).toBeDefined();
    await l.stack.tap(ADMIN, `!terminate ${id} confirm`);
    await l.stack.settle();
    expect((await serviceOf(l.stack, id)).state).toBe('TERMINATED');
    expect(panelServer(l.stack, id)).toBeUndefined();
  });

  it('!services lists what is due, suspended, terminated or all; !provision-status ID shows the life', async () => {
    const { id } = await newServer(l);
    await at(l, 12.1);
    expect(await say(ADMIN, '!services')).toContain(id);
    expect(await say(ADMIN, '!services suspended')).toContain(id);
    expect(await say(ADMIN, '!services terminated')).not.toContain(id);
    expect(await say(ADMIN, '!services all')).toContain('All servers');
    const life = await say(ADMIN, `!provision-status ${id}`);
    expect(life).toContain('*Server life*');
    expect(life).toContain('paid until');
    expect(life).toContain('STARTED by provisioning');
    // Straight to day 12: the reminders' time had passed with the due date, so none was sent late.
    expect(life).not.toContain('REMINDER');
    expect(life).toContain('SUSPENDED by sweep');
  });
});
