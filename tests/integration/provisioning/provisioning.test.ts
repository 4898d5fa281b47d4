// The provisioning state machine, as synthesized from the CDK app, on the local emulators and fakes:
// the happy paths, every failure ending with nothing left behind, retry, and redrive of the steps that
// have no Catch. Faults are injected at exact steps through hooks around the real task handlers.

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskHandlers, TaskName } from '../../../functions/provisioning/tasks.js';
import type { SentMessage } from '../../../local/fake-graph/fake-graph.js';
import * as P from '../../../shared/app/provisioning.js';
import type { Order } from '../../../shared/domain/order.js';
import {
  ADMIN,
  buttonsTo,
  confirm,
  lastTo,
  messagesTo,
  newCustomer,
  order,
  passwordIn,
  placeOrder,
  startTestStack,
  type TestStack,
  textOf,
  usernameIn,
} from '../../support/harness.js';

type Hooks = Partial<Record<TaskName, { before?: (input: never) => unknown; after?: () => unknown }>>;
let hooks: Hooks = {};
let clockOffsetMs = 0;
let stack: TestStack;
const everySent: SentMessage[] = [];

function withHooks(tasks: TaskHandlers): TaskHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(tasks) as [TaskName, (input: never) => Promise<unknown>][]) {
    wrapped[name] = async (input: never) => {
      await hooks[name]?.before?.(input);
      const out = await fn(input);
      await hooks[name]?.after?.();
      return out;
    };
  }
  return wrapped as TaskHandlers;
}

beforeAll(async () => {
  stack = await startTestStack({
    // Gold is misconfigured on purpose: its jar name breaks the egg variable's rule, so the panel rejects it.
    env: { GOLD_ENV_SERVER_JARFILE: 'server.txt' },
    wrapTasks: withHooks,
    clock: { now: () => new Date(Date.now() + clockOffsetMs) },
  });
  stack.graph!.onMessage((m) => everySent.push(m));
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  hooks = {};
  clockOffsetMs = 0;
  stack.panel!.clearFaults();
  stack.graph!.reset();
});

const panelServers = (orderId: string) => stack.panel!.state().servers.filter((s) => s.external_id === orderId);
const panelUsers = (customer: string) => stack.panel!.state().users.filter((u) => u.external_id === `wa-${customer}`);

/** What every failed provisioning must leave: order back to CONFIRMED with the error, nothing on the panel, both told. */
async function expectRolledBack(id: string, customer: string, step: string, code: string): Promise<Order> {
  const o = await order(stack, id);
  expect(o.status).toBe('CONFIRMED');
  expect(o.lastError).toMatchObject({ step, code });
  expect(panelServers(id)).toHaveLength(0);
  expect(panelUsers(customer)).toHaveLength(0);
  const told = lastTo(stack, customer);
  expect(told).toContain(`is taking longer than expected`);
  expect(told).not.toMatch(/Panel|Error|422|400|500|exception/i);
  const admin = messagesTo(stack, ADMIN).join('\n');
  expect(admin).toContain(`*Provisioning failed: ${id}*`);
  // The recorded step stays WaitForInstall; the admin reads the state the execution shows, CheckInstall.
  expect(admin).toContain(`Failed step: *${step === 'WaitForInstall' ? 'CheckInstall' : step}*`);
  expect(admin).toContain(`Error: ${code}`);
  expect(buttonsTo(stack, ADMIN)).toContain(`!provision-retry ${id}`);
  const execution = stack.sfn.get(id, o.attempts);
  expect(execution?.status).toBe('FAILED');
  expect(execution?.error).toBe(code);
  return o;
}

describe('happy paths', () => {
  it('a new customer gets a new account, one server, and a password that logs in', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'silver');
    const o = await confirm(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.provisioning).toMatchObject({ userCreated: true, step: 'MarkCompleted' });
    expect(panelServers(id)).toHaveLength(1);
    expect(panelUsers(customer)).toHaveLength(1);
    const credentials = messagesTo(stack, customer).filter((t) => passwordIn(t));
    expect(credentials).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(credentials[0]!)!, passwordIn(credentials[0]!)!)).toBe(true);
    const states = stack.sfn
      .get(id, 1)!
      .events.filter((e) => e.type === 'StateEntered')
      .map((e) => e.state);
    // A quick install is waited for inside CheckInstall: seven states, one transition each (issue 18, cost).
    expect(states).toEqual([
      'EnsureUser',
      'EnsureServer',
      'CheckInstall',
      'DeliverCredentials',
      'MarkCompleted',
      'NotifyProvisioned',
      'Provisioned',
    ]);
  });

  it('a returning customer gets the server on the account they have, and no password', async () => {
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    stack.graph!.reset();
    const second = await placeOrder(stack, customer, 'platinum');
    const o = await confirm(stack, second);
    expect(o.status).toBe('COMPLETED');
    expect(o.provisioning.userCreated).toBe(false);
    expect(panelUsers(customer)).toHaveLength(1);
    expect(stack.panel!.state().servers.filter((s) => s.user_id === o.provisioning.panelUserId)).toHaveLength(2);
    const text = messagesTo(stack, customer).join('\n');
    expect(text).toContain('It was added to your existing panel account');
    expect(messagesTo(stack, customer).some((t) => passwordIn(t))).toBe(false);
  });

  it('a new customer with two orders confirmed together gets exactly one password, and it logs in', async () => {
    const customer = newCustomer();
    const first = await placeOrder(stack, customer, 'bronze');
    const second = await placeOrder(stack, customer, 'silver');
    stack.graph!.reset();
    // Both confirms in one go: both executions run at once and reach DeliverCredentials together.
    await stack.say(ADMIN, `!order-confirm ${first}`);
    await stack.say(ADMIN, `!order-confirm ${second}`);
    await stack.settle();
    expect((await order(stack, first)).status).toBe('COMPLETED');
    expect((await order(stack, second)).status).toBe('COMPLETED');
    expect(panelUsers(customer)).toHaveLength(1);
    const seen = messagesTo(stack, customer);
    const credentials = seen.filter((t) => passwordIn(t));
    expect(credentials).toHaveLength(1);
    expect(seen.filter((t) => t.includes('It was added to your existing panel account'))).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(credentials[0]!)!, passwordIn(credentials[0]!)!)).toBe(true);
  });

  it('a response lost after the panel created the server still ends with exactly one server', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ loseCreateResponse: { count: 1, mode: 'reset' } });
    const o = await confirm(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(panelServers(id)).toHaveLength(1);
  });
});

describe('the install wait (issue 18, cost)', () => {
  const entered = (id: string) =>
    stack.sfn
      .get(id, 1)!
      .events.filter((e) => e.type === 'StateEntered')
      .map((e) => e.state);
  /** The install-watch messages of an order, in the order sent: one per look. */
  const watchMessages = (id: string) =>
    stack.emulators
      .queuedBodies()
      .map((b) => JSON.parse(b) as Record<string, unknown>)
      .filter((m) => m.orderId === id && typeof m.taskToken === 'string');
  const HAPPY_PATH = [
    'EnsureUser',
    'EnsureServer',
    'CheckInstall',
    'DeliverCredentials',
    'MarkCompleted',
    'NotifyProvisioned',
    'Provisioned',
  ];

  it('each look is a message on the install-watch queue; the execution pauses once, one transition, and is called back', async () => {
    // Arrange: the panel cannot tell at the first two looks; the install is over by the time it can
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installDelayMs: 0 });
    let looks = 0;
    hooks.CheckInstall = {
      before: () => {
        looks++;
        stack.panel!.setFaults({ unavailable: looks <= 2 });
      },
    };
    const serverId = () => panelServers(id)[0]?.id;
    const panelLooks = () =>
      stack.panel!.state().requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/servers/${serverId()}`));

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(looks).toBe(3);
    expect(panelLooks().map((r) => r.status)).toEqual([503, 503, 200]);
    const sent = watchMessages(id);
    expect(sent.map((m) => m.look)).toEqual([1, 2, 3]);
    // The first look 2 s after the pause, then a fifth of the install's age apart (at least 2 s).
    expect(sent.map((m) => m.waitedSeconds)).toEqual([2, 4, 6]);
    // One token for the one pause, carried from look to look.
    expect(new Set(sent.map((m) => m.taskToken)).size).toBe(1);
    const execution = stack.sfn.get(id, 1)!;
    expect(execution.events.filter((e) => e.type === 'StateRetried')).toEqual([]);
    expect(entered(id)).toEqual(HAPPY_PATH);
    const exited = execution.events.find((e) => e.type === 'StateExited' && e.state === 'CheckInstall');
    expect((exited!.data as { install?: unknown }).install).toEqual({ installed: true, looks: 3 });
  });

  it('a long install: many looks, still one transition, then the login', async () => {
    // Arrange: every look finds the install 20 s older than the last (the local deadline is at 120 s); the
    // first three cannot tell yet
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let looks = 0;
    hooks.CheckInstall = {
      before: () => {
        looks++;
        clockOffsetMs = 20_000 + looks * 20_000;
        stack.panel!.setFaults({ unavailable: looks <= 3 });
      },
    };

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(messagesTo(stack, customer).filter((t) => passwordIn(t))).toHaveLength(1);
    const waited = watchMessages(id).map((m) => m.waitedSeconds as number);
    expect(waited).toHaveLength(4);
    // After the first look, each wait is a fifth of the install's age by the clock (40 s, 60 s, 80 s), at
    // most INSTALL_POLL_SECONDS (2 s locally); the schedule's arithmetic is in install-polling.test.ts.
    expect(waited.slice(1).map((w, i) => w - waited[i]!)).toEqual([2, 2, 2]);
    const events = stack.sfn.get(id, 1)!.events.filter((e) => e.state === 'CheckInstall');
    expect(events.filter((e) => e.type === 'StateFailed' || e.type === 'StateRetried')).toEqual([]);
    expect(entered(id)).toEqual(HAPPY_PATH);
  });

  it("a late look of a duplicated watch (after DeliverCredentials ran) does not move the order's step back", async () => {
    // Arrange: when DeliverCredentials has run, a look of the same watch arrives late
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let look: P.CheckInstallInput | undefined;
    let stepAfterLateLook: string | undefined;
    hooks.CheckInstall = {
      before: (input: P.CheckInstallInput) => {
        look ??= input;
      },
    };
    hooks.DeliverCredentials = {
      after: async () => {
        await P.checkInstall(stack.app.provisioning, look!);
        stepAfterLateLook = (await order(stack, id)).provisioning.step;
      },
    };

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(stepAfterLateLook).toBe('DeliverCredentials');
  });

  it('an execution started before this definition (its Wait loop) still reads installed: false and the next wait', async () => {
    // Arrange: the same look, asked as the previous definition asks it (no waitsByRetry), while the panel
    // cannot tell yet
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let legacy: unknown;
    hooks.CheckInstall = {
      before: async (input: P.CheckInstallInput) => {
        if (legacy !== undefined) return;
        const { waitsByRetry: _, ...asBefore } = input;
        stack.panel!.setFaults({ unavailable: true });
        legacy = await P.checkInstall(stack.app.provisioning, asBefore);
        stack.panel!.clearFaults();
      },
    };

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(legacy).toEqual({ installed: false, nextPollSeconds: 2 });
    expect(o.status).toBe('COMPLETED');
  });
});

describe('panel calls per order (issue 18)', () => {
  /** The Application API calls made while `act` runs, as `METHOD /route` with ids generalised. */
  async function callsDuring(act: () => Promise<unknown>): Promise<string[]> {
    const before = stack.panel!.state().requestCounts.total;
    await act();
    const requests = stack.panel!.state().requests;
    return requests
      .slice(requests.length - (stack.panel!.state().requestCounts.total - before))
      .map(
        (r) => `${r.method} ${r.path.replace('/api/application', '').replace(/\?.*$/, '').replace(/\/\d+/g, '/{id}')}`,
      )
      .map((r) => r.replace(/\/external\/[^/]+$/, '/external/{x}'));
  }
  const isInstallPoll = (call: string) => call === 'GET /servers/{id}';

  it('a new customer: at most 6 calls plus the install polls, no lookup before a first create, the pre-flight once', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'diamond');

    const calls = await callsDuring(() => confirm(stack, id));

    expect((await order(stack, id)).status).toBe('COMPLETED');
    expect(calls.filter((c) => !isInstallPoll(c)).length).toBeLessThanOrEqual(6);
    expect(calls).toContain('POST /users');
    expect(calls).toContain('POST /servers');
    expect(calls).not.toContain('GET /users/external/{x}');
    expect(calls).not.toContain('GET /servers/external/{x}');
    // The pre-flight's egg and node lookups: never twice in one confirm (a later create reuses the egg).
    expect(calls.filter((c) => c.startsWith('GET /nests/')).length).toBeLessThanOrEqual(1);
    expect(calls.filter((c) => c === 'GET /nodes/deployable').length).toBeLessThanOrEqual(1);
  });

  it('a returning customer: at most 4 calls plus the install polls', async () => {
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    const id = await placeOrder(stack, customer, 'bronze');

    const calls = await callsDuring(() => confirm(stack, id));

    expect((await order(stack, id)).provisioning.userCreated).toBe(false);
    expect(calls.filter((c) => !isInstallPoll(c)).length).toBeLessThanOrEqual(4);
    expect(calls).toContain('GET /users/external/{x}');
    expect(calls).not.toContain('POST /users');
  });
});

describe('failures roll back, return the order to CONFIRMED and tell both sides', () => {
  it('a misconfigured package is refused by the pre-flight, and nothing starts', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'gold');
    const o = await confirm(stack, id);
    expect(o.status).toBe('CONFIRMED');
    expect(o.attempts).toBe(0);
    expect(stack.sfn.get(id, 1)).toBeUndefined();
    expect(lastTo(stack, ADMIN)).toContain('pre-flight check failed');
    expect(lastTo(stack, ADMIN)).toMatch(/SERVER_JARFILE/);
    expect(panelUsers(customer)).toHaveLength(0);
  });

  it('a payload the panel rejects (422) after the pre-flight passed', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    // The egg's rules changed between the pre-flight and the create: the panel now refuses the jar name.
    const bronze = stack.app.provisioning.catalogue.find((p) => p.id === 'bronze')!;
    const original = { ...bronze.environment };
    hooks.EnsureUser = { after: () => (bronze.environment.SERVER_JARFILE = 'server.txt') };
    try {
      await confirm(stack, id);
    } finally {
      bronze.environment = original;
    }
    await expectRolledBack(id, customer, 'EnsureServer', 'PanelRejectedError');
    expect(messagesTo(stack, ADMIN).join('\n')).toMatch(/SERVER_JARFILE|Server Jar File/);
  });

  it('no node with room at the moment of creation', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    // The pre-flight passed; the last room went to someone else before EnsureServer ran.
    hooks.EnsureUser = { after: () => stack.panel!.setFaults({ full: true }) };
    await confirm(stack, id);
    await expectRolledBack(id, customer, 'EnsureServer', 'PanelNoCapacityError');
  });

  it('an install that fails on the node', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    await confirm(stack, id);
    await expectRolledBack(id, customer, 'WaitForInstall', 'ServerInstallFailedError');
  });

  it('an install that never finishes, past the deadline', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'never' });
    let looks = 0;
    hooks.CheckInstall = {
      before: () => {
        looks++;
        clockOffsetMs += 60_000;
      },
    };
    await confirm(stack, id);
    await expectRolledBack(id, customer, 'WaitForInstall', 'InstallTimeoutError');
    // The watcher looked until the deadline (local: 120 s, at a minute a look), then failed the paused task.
    expect(looks).toBeGreaterThan(1);
    const failed = stack.sfn
      .get(id, 1)!
      .events.filter((e) => e.type === 'StateFailed' && e.state === 'CheckInstall')
      .map((e) => e.error);
    expect(failed).toEqual(['InstallTimeoutError']);
  });

  it('a panel down for longer than the retries', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    hooks.EnsureServer = { before: () => stack.panel!.setFaults({ unavailable: true }) };
    hooks.Rollback = { before: () => stack.panel!.clearFaults() };
    await confirm(stack, id);
    await expectRolledBack(id, customer, 'EnsureServer', 'PanelUnavailableError');
    const retries = stack.sfn.get(id, 1)!.events.filter((e) => e.type === 'StateRetried' && e.state === 'EnsureServer');
    expect(retries.length).toBeGreaterThanOrEqual(5);
  });

  it('a lost create response followed by a failed install leaves nothing behind', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ loseCreateResponse: { count: 1, mode: 'reset' }, installOutcome: 'fail' });
    await confirm(stack, id);
    await expectRolledBack(id, customer, 'WaitForInstall', 'ServerInstallFailedError');
  });

  it('rollback leaves a user the order did not create alone', async () => {
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    await confirm(stack, id);
    const o = await order(stack, id);
    expect(o.status).toBe('CONFIRMED');
    expect(panelServers(id)).toHaveLength(0);
    expect(panelUsers(customer)).toHaveLength(1);
  });
});

describe('retry and redrive', () => {
  it('!provision-retry after a failure starts attempt 2, which succeeds', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    await confirm(stack, id);
    stack.panel!.clearFaults();
    await stack.tap(ADMIN, `!provision-retry ${id}`, 'Retry');
    await stack.settle();
    const o = await order(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.attempts).toBe(2);
    expect(o.lastError).toBeUndefined();
    expect(stack.sfn.get(id, 2)?.status).toBe('SUCCEEDED');
    expect(panelServers(id)).toHaveLength(1);
    expect(messagesTo(stack, customer).filter((t) => passwordIn(t))).toHaveLength(1);
  });

  it('a rollback that fails while the panel is down completes on redrive', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    hooks.Rollback = { before: () => stack.panel!.setFaults({ unavailable: true }) };
    await confirm(stack, id);
    // The execution stops at Rollback (no Catch): the order stays PROVISIONING, the server is still there.
    expect(stack.sfn.get(id, 1)).toMatchObject({ status: 'FAILED', failedState: 'Rollback' });
    expect((await order(stack, id)).status).toBe('PROVISIONING');
    expect(panelServers(id)).toHaveLength(1);
    // Nobody is left waiting in silence: the admins hear where it stopped and how to resume it.
    expect(messagesTo(stack, ADMIN).join('\n')).toContain(`Stopped at: *Rollback* (FAILED: PanelUnavailableError)`);
    expect(buttonsTo(stack, ADMIN)).toContain(`!provision-retry ${id}`);
    // The panel is back; the admin resumes the execution where it stopped.
    hooks = {};
    stack.panel!.clearFaults();
    await stack.say(ADMIN, `!provision-retry ${id}`);
    await stack.settle();
    expect(lastTo(stack, ADMIN)).not.toBe('');
    expect(messagesTo(stack, ADMIN).join('\n')).toContain(`resumed from *Rollback*`);
    await expectRolledBack(id, customer, 'WaitForInstall', 'ServerInstallFailedError');
    expect(stack.sfn.get(id, 1)?.redriveCount).toBe(1);
  });

  it('a delivery that fails completes on redrive without a second server', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    hooks.DeliverCredentials = { before: () => stack.graph!.failNext(131026, { recipient: customer, count: 1 }) };
    await confirm(stack, id);
    expect(stack.sfn.get(id, 1)).toMatchObject({ status: 'FAILED', failedState: 'DeliverCredentials' });
    expect(messagesTo(stack, ADMIN).join('\n')).toContain('could not be delivered');
    expect(messagesTo(stack, ADMIN).join('\n')).toContain('Stopped at: *DeliverCredentials*');
    hooks = {};
    await stack.say(ADMIN, `!provision-retry ${id}`);
    await stack.settle();
    const o = await order(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(panelServers(id)).toHaveLength(1);
    const credentials = messagesTo(stack, customer).filter((t) => passwordIn(t));
    expect(credentials).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(credentials[0]!)!, passwordIn(credentials[0]!)!)).toBe(true);
  });
});

describe('secrets', () => {
  it("every generated password of this file's runs appears only in the one message to its customer", async () => {
    // Arrange: the credentials messages of every run above, plus one more order so this holds when run alone
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    const passwords = everySent
      .map((m) => ({ to: m.recipient, password: passwordIn(textOf(m)) }))
      .filter((p): p is { to: string; password: string } => p.password !== undefined);
    expect(passwords.length).toBeGreaterThanOrEqual(5);

    // Act: everything else the system wrote or logged
    const items = await stack.emulators.clients.dynamodb.send(
      new ScanCommand({ TableName: stack.emulators.tableName }),
    );
    const elsewhere = [
      JSON.stringify(items.Items ?? []),
      ...stack.emulators.queuedBodies(),
      JSON.stringify(stack.sfn.list().map(({ done: _done, ...e }) => e)),
      JSON.stringify(stack.logs),
      JSON.stringify(stack.panel!.state()),
    ].join('\n');

    // Assert
    for (const { to, password } of passwords) {
      expect(elsewhere.includes(password)).toBe(false);
      const carriers = everySent.filter((m) => JSON.stringify(m.body).includes(password));
      expect(carriers.map((m) => m.recipient)).toEqual([to]);
    }
  });
});
