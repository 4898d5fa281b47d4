// The lifecycle when things go wrong: the panel failing during suspend and terminate, a server suspended
// or deleted by hand on the panel, two sweeps at once, a renewal confirmed while a suspension is in flight.
// Invariants: the local state says suspended/terminated only when the panel does; every failure reaches the
// admins; no paid server is suspended or terminated; each reminder goes out once.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LifecycleTaskHandlers } from '../../../local/stack.js';
import { handleMessage } from '../../../shared/app/conversation/dispatch.js';
import { ADMIN, messagesTo } from '../../support/harness.js';
import { at, type LifecycleStack, newServer, panelServer, serviceOf, startLifecycleStack } from './support.js';

let l: LifecycleStack;
/** Runs inside the lifecycle machine's Record task, before it (the renewal-in-flight test sets it). */
let beforeRecord: (() => Promise<void>) | undefined;
/** Makes the ActionFailed task itself fail (its outbox unreachable, say): the execution stops holding the claim. */
let actionFailedBreaks = false;
/** Makes UndoSuspend fail (the panel unreachable while lifting a suspension a renewal overtook). */
let undoBreaks = false;

const wrap = (tasks: LifecycleTaskHandlers): LifecycleTaskHandlers => ({
  ...tasks,
  ActionFailed: async (input) => {
    if (actionFailedBreaks) throw new Error('injected: the outbox is unreachable');
    return tasks.ActionFailed(input);
  },
  UndoSuspend: async (input) => {
    if (undoBreaks) throw new Error('injected: the panel is unreachable');
    return tasks.UndoSuspend(input);
  },
  Record: async (input) => {
    const hook = beforeRecord;
    beforeRecord = undefined;
    if (hook) await hook();
    return tasks.Record(input);
  },
});

beforeAll(async () => {
  l = await startLifecycleStack({ wrapLifecycleTasks: wrap });
});
afterAll(async () => {
  await l.stack.stop();
});
beforeEach(() => {
  l.stack.panel!.clearFaults();
  beforeRecord = undefined;
  actionFailedBreaks = false;
  undoBreaks = false;
});

describe('the panel fails', () => {
  it('during a suspension: nothing is recorded as suspended, the admins get the reason and a retry button', async () => {
    const { id } = await newServer(l);
    l.stack.panel!.setFaults({ wingsDown: true });
    await at(l, 12.1);
    const s = await serviceOf(l.stack, id);
    expect(s.state).toBe('ACTIVE');
    expect(s.action).toBeUndefined();
    expect(s.lastActionError?.action).toBe('SUSPEND');
    expect(panelServer(l.stack, id)?.status).not.toBe('suspended');
    const notice = messagesTo(l.stack, ADMIN).find(
      (t) => t.includes(`suspend ${id}`) || t.includes(`Could not suspend ${id}`),
    );
    expect(notice).toBeDefined();

    // Wings is back; the admin taps "Retry now".
    l.stack.panel!.clearFaults();
    await l.stack.say(ADMIN, `!service-retry ${id}`);
    await l.stack.settle();
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    expect(panelServer(l.stack, id)?.status).toBe('suspended');
    expect((await serviceOf(l.stack, id)).lastActionError).toBeUndefined();
  });

  it('during a termination: the server stays, and so does the record; the sweep tries again later', async () => {
    const { id } = await newServer(l);
    await at(l, 12.1);
    l.stack.panel!.setFaults({ wingsDown: true });
    await at(l, 16.2);
    let s = await serviceOf(l.stack, id);
    expect(s.state).toBe('SUSPENDED');
    expect(s.lastActionError?.action).toBe('TERMINATE');
    expect(panelServer(l.stack, id)).toBeDefined();
    expect(messagesTo(l.stack, ADMIN).some((t) => t.includes(`Could not terminate ${id}`))).toBe(true);
    // Six hours later the sweep retries by itself.
    l.stack.panel!.clearFaults();
    await at(l, 16.2 + 0.3);
    s = await serviceOf(l.stack, id);
    expect(s.state).toBe('TERMINATED');
    expect(panelServer(l.stack, id)).toBeUndefined();
  });
});

describe('an execution that stops holding its claim', () => {
  it('is found by the sweep half an hour later: the claim is released and the admins told', async () => {
    const { id } = await newServer(l);
    l.stack.panel!.setFaults({ wingsDown: true });
    actionFailedBreaks = true;
    await at(l, 12.1);
    let s = await serviceOf(l.stack, id);
    expect(s.action?.kind).toBe('SUSPEND');
    expect(l.stack.lifecycleSfn.list().find((e) => e.name === s.action!.execution)?.failedState).toBe('ActionFailed');
    // !suspend meanwhile is refused as busy, not lost
    await l.stack.say(ADMIN, `!suspend ${id}`);
    await l.stack.settle();
    expect(messagesTo(l.stack, ADMIN).at(-1)).toContain('is busy');

    actionFailedBreaks = false;
    await at(l, 12.1 + 0.03); // 43 minutes later: the recheck
    s = await serviceOf(l.stack, id);
    expect(s.action).toBeUndefined();
    expect(s.lastActionError?.error).toBe('ExecutionStopped');
    expect(messagesTo(l.stack, ADMIN).some((t) => t.replaceAll('*', '').includes(`Could not suspend ${id}`))).toBe(
      true,
    );
  });
});

describe('the panel was changed by hand', () => {
  it('a server already suspended on the panel is recorded suspended (the panel says so)', async () => {
    const { id } = await newServer(l);
    await l.stack.app.lifecycle.panel.suspendServer(panelServer(l.stack, id)!.id);
    await at(l, 12.1);
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
  });

  it('a server already deleted on the panel: termination records it; a suspension tells the admins', async () => {
    const gone = await newServer(l);
    await at(l, 12.1);
    await l.stack.app.lifecycle.panel.terminateServer(panelServer(l.stack, gone.id)!.id);
    await at(l, 16.2);
    expect((await serviceOf(l.stack, gone.id)).state).toBe('TERMINATED');

    const other = await newServer(l);
    await l.stack.app.lifecycle.panel.terminateServer(panelServer(l.stack, other.id)!.id);
    await at(l, 12.1);
    const s = await serviceOf(l.stack, other.id);
    expect(s.state).toBe('ACTIVE');
    expect(s.lastActionError?.error).toBe('ServerGoneError');
    expect(
      messagesTo(l.stack, ADMIN).some((t) => t.replaceAll('*', '').includes(`Could not suspend ${other.id}`)),
    ).toBe(true);
  });
});

describe('concurrency', () => {
  it('two sweeps at once send each reminder once and start each action once', async () => {
    const { customer, id } = await newServer(l);
    l.setDays(7.1);
    await Promise.all([l.stack.sweep(), l.stack.sweep(), l.stack.sweep()]);
    await l.stack.settle();
    const reminders = messagesTo(l.stack, customer).filter((t) => t.includes('renewal_reminder'));
    expect(reminders).toHaveLength(1);

    l.setDays(12.1);
    await Promise.all([l.stack.sweep(), l.stack.sweep()]);
    await l.stack.settle();
    const runs = l.stack.lifecycleSfn.list().filter((e) => e.orderId === id);
    expect(runs).toHaveLength(1);
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
  });

  it('a renewal confirmed while the suspension runs wins: the suspension is undone, nothing is recorded', async () => {
    const { customer, id } = await newServer(l);
    await l.stack.say(customer, `!renew ${id}`);
    await l.stack.settle();
    const renewal = (await l.stack.app.inbox.orders.listByCustomer(customer, 5)).items.find(
      (o) => o.kind === 'RENEWAL',
    )!;
    // The panel has suspended it and read it back when the admin's confirm lands.
    // (The conversation's use case is called directly: settle() would wait for this very execution.)
    beforeRecord = async () => {
      await handleMessage(l.stack.app.inbox, {
        id: 'wamid.renewal-during-suspension',
        from: ADMIN,
        at: new Date(),
        text: `!order-confirm ${renewal.id}`,
      });
    };
    await at(l, 12.1);
    const s = await serviceOf(l.stack, id);
    expect(s.state).toBe('ACTIVE');
    expect(s.action).toBeUndefined();
    expect(s.log.map((e) => e.what)).toContain('SUSPEND_UNDONE');
    expect(panelServer(l.stack, id)?.status).not.toBe('suspended');
    // Renewed while still running (not yet suspended): from the old date, one period on.
    expect(new Date(s.paidUntil).getTime() - new Date(s.startedAt).getTime()).toBeCloseTo(20 * 86_400_000, -4);
  });
});

describe('a suspension the panel made but that was not recorded', () => {
  it('is recorded from the panel when it fails, so a paid server is unsuspended by the next sweep', async () => {
    const { customer, id } = await newServer(l);
    await l.stack.say(customer, `!renew ${id}`);
    await l.stack.settle();
    const renewal = (await l.stack.app.inbox.orders.listByCustomer(customer, 5)).items.find(
      (o) => o.kind === 'RENEWAL',
    )!;
    // The renewal lands while the suspension runs, and lifting it again fails (the panel goes away).
    beforeRecord = async () => {
      undoBreaks = true;
      await handleMessage(l.stack.app.inbox, {
        id: 'wamid.renewal-undo-fails',
        from: ADMIN,
        at: new Date(),
        text: `!order-confirm ${renewal.id}`,
      });
    };
    await at(l, 12.1);
    expect(panelServer(l.stack, id)?.status).toBe('suspended');
    // The local state follows the panel: suspended, although paid.
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    undoBreaks = false;
    await at(l, 12.2);
    const s = await serviceOf(l.stack, id);
    expect(s.state).toBe('ACTIVE');
    expect(panelServer(l.stack, id)?.status).not.toBe('suspended');
  });
});

describe('!extend while the server is being deleted', () => {
  it('is refused as busy: the admin is not told it was extended, and the record is not paid', async () => {
    const { id } = await newServer(l);
    await at(l, 12.1);
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    const before = (await serviceOf(l.stack, id)).paidUntil;
    beforeRecord = async () => {
      await handleMessage(l.stack.app.inbox, {
        id: 'wamid.extend-during-termination',
        from: ADMIN,
        at: new Date(),
        text: `!extend ${id} 30`,
      });
    };
    await at(l, 16.2);
    const s = await serviceOf(l.stack, id);
    expect(s.state).toBe('TERMINATED');
    expect(s.paidUntil).toBe(before);
    const replies = messagesTo(l.stack, ADMIN).filter((t) => t.includes(id));
    expect(replies.some((t) => t.includes('extended by'))).toBe(false);
    expect(replies.some((t) => t.includes('is busy: a terminate is running'))).toBe(true);
  });
});

describe('panel calls', () => {
  it('a suspension, an unsuspension and a termination take two panel calls each: the call and the read-back', async () => {
    const { id } = await newServer(l);
    const panelId = panelServer(l.stack, id)!.id;
    // Only this server's calls: other servers of this file may be swept meanwhile.
    const own = new RegExp(`/servers/(${panelId}|external/${id})(/|\\?|$)`);
    const mine = (path: string) => own.test(path);
    const calls = () => l.stack.panel!.state().requests.filter((r) => mine(r.path)).length;
    const count = async (run: () => Promise<void>) => {
      const before = calls();
      await run();
      return calls() - before;
    };
    expect(await count(() => at(l, 12.1))).toBe(2);
    expect((await serviceOf(l.stack, id)).state).toBe('SUSPENDED');
    expect(
      await count(async () => {
        await l.stack.say(ADMIN, `!unsuspend ${id}`);
        await l.stack.settle();
      }),
    ).toBe(2);
    expect(
      await count(async () => {
        await l.stack.say(ADMIN, `!terminate ${id} confirm`);
        await l.stack.settle();
      }),
    ).toBe(2);
    expect((await serviceOf(l.stack, id)).state).toBe('TERMINATED');
  });
});
