// Panel accounts and passwords when orders fail, retry and run at once, and the other defects the audit
// reproduced in provisioning (issue 13): each test here failed on the code before its fix.
// The rules under test: a password goes to an account the system created and never gave one (kept on the
// customer, claimed by one try at a time); an account the system did not create is never reset or removed;
// a system account left owning nothing and unusable is removed; a create in flight is waited out; an install
// check during a panel outage is "not known yet"; a notice of a stale attempt is not sent.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskName } from '../../../functions/provisioning/tasks.js';
import * as P from '../../../shared/app/provisioning.js';
import { ErrorName } from '../../../shared/domain/error-names.js';
import { WhatsAppPermanentError } from '../../../shared/whatsapp/graph-errors.js';
import {
  ADMIN,
  confirm,
  messagesTo,
  newCustomer,
  order,
  passwordIn,
  placeOrder,
  startTestStack,
  type TaskHook,
  type TestStack,
  tasksWithHooks,
  usernameIn,
} from '../../support/harness.js';

let hooks: Partial<Record<TaskName, TaskHook>> = {};
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ wrapTasks: tasksWithHooks(() => hooks) });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  hooks = {};
  stack.panel!.clearFaults();
  stack.graph!.reset();
});

const panelServers = (orderId: string) => stack.panel!.state().servers.filter((s) => s.external_id === orderId);
const panelUsers = (customer: string) => stack.panel!.state().users.filter((u) => u.external_id === `wa-${customer}`);
const passwordsTo = (customer: string) => messagesTo(stack, customer).filter((t) => passwordIn(t));

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Orders A and B of one new customer, confirmed together; A creates the panel user and fails its install. */
async function twoOrdersWhereTheCreatorFails(customer: string, onB: Partial<Record<TaskName, TaskHook>>) {
  const a = await placeOrder(stack, customer, 'bronze');
  const b = await placeOrder(stack, customer, 'silver');
  hooks = {
    EnsureUser: async (i) => {
      if (i.orderId === b) await until(() => panelUsers(customer).length === 1, 'A to create the user');
    },
    CheckInstall: async (i) => {
      if (i.orderId === a && i.attempt === 1) {
        // B's server exists on A's user when A rolls back: the user stays.
        await until(() => panelServers(b).length === 1, "B's server");
        throw named(ErrorName.ServerInstallFailed, 'install failed (test)');
      }
      await onB.CheckInstall?.(i);
    },
    DeliverCredentials: async (i) => onB.DeliverCredentials?.(i),
  };
  await stack.say(ADMIN, `!order-confirm ${a}`);
  await stack.say(ADMIN, `!order-confirm ${b}`);
  await stack.settle();
  return { a, b };
}

describe('passwords follow the account, not the order that made it', () => {
  it('the creator fails and is retried before the other order delivers: exactly one password, and it works', async () => {
    // Arrange: B stops before delivering (its execution fails at DeliverCredentials, the order stays PROVISIONING)
    const customer = newCustomer();
    const { a, b } = await twoOrdersWhereTheCreatorFails(customer, {
      DeliverCredentials: (i) => {
        if (i.orderId === b && i.attempt === 1 && !retried) throw named('TestStopError', 'stop B here');
      },
    });
    let retried = false;
    expect((await order(stack, a)).status).toBe('CONFIRMED');
    expect(panelUsers(customer)).toHaveLength(1);

    // Act: the admin retries A (it reuses the user now), then resumes B
    await stack.say(ADMIN, `!provision-retry ${a}`);
    await stack.settle();
    retried = true;
    await stack.say(ADMIN, `!provision-retry ${b}`);
    await stack.settle();

    // Assert
    expect((await order(stack, a)).status).toBe('COMPLETED');
    expect((await order(stack, b)).status).toBe('COMPLETED');
    const passwords = passwordsTo(customer);
    expect(passwords).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(passwords[0]!)!, passwordIn(passwords[0]!)!)).toBe(true);
  });

  it("an account the panel just created (201) is the system's even when the panel's clock runs behind", async () => {
    // Arrange: the panel stamps created_at 10 s before our clock (its clock lags)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    const real = stack.app.provisioning.panel;
    const lagging = {
      ...real,
      findServer: real.findServer.bind(real),
      ensureUser: async (c: Parameters<typeof real.ensureUser>[0]) => {
        const r = await real.ensureUser(c);
        return { ...r, user: { ...r.user, createdAt: new Date(Date.now() - 10_000).toISOString() } };
      },
    };
    hooks.EnsureUser = async (i) => {
      await P.ensureUser({ ...stack.app.provisioning, panel: lagging }, i);
    };

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(o.provisioning.userCreated).toBe(true);
    const passwords = passwordsTo(customer);
    expect(passwords).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(passwords[0]!)!, passwordIn(passwords[0]!)!)).toBe(true);
  });

  it('two overlapping tries of one delivery set and send one password', async () => {
    // Arrange: while DeliverCredentials runs, a second invocation of the same step starts (a Lambda retry)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let second: Promise<unknown> | undefined;
    hooks.DeliverCredentials = (i) => {
      if (!second) second = P.deliverCredentials(stack.app.provisioning, { ...i, ...ids(i.orderId) });
    };
    const ids = (orderId: string) => {
      const p = stackOrders.get(orderId)!;
      return { userId: p.userId, serverId: p.serverId };
    };
    const stackOrders = new Map<string, { userId: number; serverId: number }>();
    hooks.CheckInstall = async (i) => {
      const o = await order(stack, i.orderId);
      stackOrders.set(i.orderId, { userId: o.provisioning.panelUserId!, serverId: o.provisioning.serverId! });
    };

    // Act
    await confirm(stack, id);
    await second;

    // Assert
    expect((await order(stack, id)).status).toBe('COMPLETED');
    const passwords = passwordsTo(customer);
    expect(passwords).toHaveLength(1);
    expect(stack.panel!.login(usernameIn(passwords[0]!)!, passwordIn(passwords[0]!)!)).toBe(true);
  });
});

describe('a refused login message', () => {
  it("never carries the password into the error, the admins' report or the logs", async () => {
    // Arrange: Meta refuses the message and quotes the parameter back in its error (it does for bad params)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let password = '';
    const quoting = {
      send: async (message: { content: unknown }) => {
        const body = JSON.stringify(message.content);
        password = /\*Password:\* ([^\s\\"]+)/.exec(body)?.[1] ?? '';
        throw new WhatsAppPermanentError(`(#131008) Parameter value is not valid: ${body}`, {
          code: 131008,
          details: `Invalid parameter ${body}`,
        });
      },
    };
    let thrown: unknown;
    hooks.DeliverCredentials = async (i) => {
      const o = await order(stack, i.orderId);
      const input = { ...i, userId: o.provisioning.panelUserId!, serverId: o.provisioning.serverId! };
      thrown = await P.deliverCredentials({ ...stack.app.provisioning, sender: quoting }, input).catch((e) => e);
      throw named('TestStopError', 'stop here');
    };

    // Act
    await confirm(stack, id);

    // Assert
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((thrown as Error).name).toBe(ErrorName.CredentialsUndeliverable);
    const everywhere = [
      String((thrown as Error).message),
      JSON.stringify(stack.logs),
      ...stack.emulators.queuedBodies(),
      messagesTo(stack, ADMIN).join('\n'),
    ].join('\n');
    expect(everywhere).toContain('Parameter value is not valid');
    expect(everywhere).not.toContain(password);
  });
});

describe('accounts the system did not make', () => {
  async function accountMadeByHand(customer: string, password: string): Promise<number> {
    const res = await fetch(`${stack.panel!.url}/api/application/users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.panel!.apiKey}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        email: `${customer}@hand.example`,
        username: `hand${customer.slice(-6)}`,
        first_name: 'Made',
        last_name: 'ByHand',
        external_id: `wa-${customer}`,
        password,
      }),
    });
    expect(res.status).toBe(201);
    // The panel's created_at has whole seconds: let the intent come clearly after it.
    await new Promise((r) => setTimeout(r, 2_100));
    return ((await res.json()) as { attributes: { id: number } }).attributes.id;
  }

  it('is never given a new password, even when the first EnsureUser try failed after writing its intent', async () => {
    // Arrange: a migrated account; one 503 makes EnsureUser retry with its intent already written
    const customer = newCustomer();
    await accountMadeByHand(customer, 'Their-Own-Pass-123');
    const id = await placeOrder(stack, customer, 'bronze');
    hooks.EnsureUser = (i) => {
      if (i.attempt === 1 && !failedOnce) stack.panel!.setFaults({ unavailable: 1 });
      failedOnce = true;
    };
    let failedOnce = false;

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(o.provisioning.userCreated).toBe(false);
    expect(passwordsTo(customer)).toHaveLength(0);
    expect(messagesTo(stack, customer).join('\n')).toContain('It was added to your existing panel account');
    expect(stack.panel!.login(`hand${customer.slice(-6)}`, 'Their-Own-Pass-123')).toBe(true);
  });

  it('is never removed by a rollback', async () => {
    // Arrange
    const customer = newCustomer();
    const userId = await accountMadeByHand(customer, 'Their-Own-Pass-123');
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    hooks.EnsureUser = (i) => {
      if (i.attempt === 1 && !failedOnce) stack.panel!.setFaults({ unavailable: 1 });
      failedOnce = true;
    };
    let failedOnce = false;

    // Act
    await confirm(stack, id);

    // Assert
    expect((await order(stack, id)).status).toBe('CONFIRMED');
    expect(panelServers(id)).toHaveLength(0);
    expect(panelUsers(customer).map((u) => u.id)).toEqual([userId]);
  });
});

describe('nothing is left behind', () => {
  it('a system account left owning nothing, with no password ever sent, is removed by the last rollback', async () => {
    // Arrange: A creates the user, B reuses it; A fails while B's server exists; then B fails too
    const customer = newCustomer();
    const { a, b } = await twoOrdersWhereTheCreatorFails(customer, {
      CheckInstall: async (i) => {
        if (i.orderId !== b) return;
        await until(() => stack.sfn.get(a, 1)?.status === 'FAILED', "A's rollback to end");
        throw named(ErrorName.ServerInstallFailed, 'install failed (test)');
      },
    });

    // Assert
    expect((await order(stack, a)).status).toBe('CONFIRMED');
    expect((await order(stack, b)).status).toBe('CONFIRMED');
    expect(panelServers(a)).toHaveLength(0);
    expect(panelServers(b)).toHaveLength(0);
    expect(panelUsers(customer)).toHaveLength(0);
  });

  it('a server create still in flight when the order fails is waited out and removed', async () => {
    // Arrange: the create's answer never comes and the server lands 2.5 s later; every later call fails
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    hooks.EnsureServer = () => {
      if (!started) stack.panel!.setFaults({ loseCreateResponse: { count: 1, mode: 'late', landAfterMs: 2_500 } });
      else stack.panel!.setFaults({ unavailable: true });
      started = true;
    };
    let started = false;
    hooks.Rollback = () => stack.panel!.clearFaults();

    // Act
    await confirm(stack, id);
    await new Promise((r) => setTimeout(r, 1_500)); // past the moment the late create lands

    // Assert
    expect((await order(stack, id)).status).toBe('CONFIRMED');
    expect(panelServers(id)).toHaveLength(0);
  });

  it('a create whose answer was lost stays waited out even when a later try creates the server', async () => {
    // Arrange: the first create's answer never comes (it lands 2.5 s later); the retry creates the server at
    // once; the install then fails, so Rollback runs while the first create is still in flight
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let tries = 0;
    hooks.EnsureServer = () => {
      if (tries++ === 0)
        stack.panel!.setFaults({
          loseCreateResponse: { count: 1, mode: 'late', landAfterMs: 2_500 },
          installOutcome: 'fail',
        });
    };

    // Act
    await confirm(stack, id);
    await new Promise((r) => setTimeout(r, 1_500)); // past the moment the late create lands

    // Assert: both servers (the retry's, and the one that landed late) are gone
    expect(tries).toBeGreaterThanOrEqual(2);
    expect((await order(stack, id)).status).toBe('CONFIRMED');
    expect(panelServers(id)).toHaveLength(0);
  });
});

describe('install checks and notices', () => {
  it('a panel that cannot be read for a while during the install does not roll back a healthy server', async () => {
    // Arrange: every read fails for the first checks (more than CheckInstall's retries would absorb)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let checks = 0;
    hooks.CheckInstall = () => {
      checks++;
      stack.panel!.setFaults({ unavailable: checks <= 12 });
    };

    // Act
    const o = await confirm(stack, id);

    // Assert
    expect(o.status).toBe('COMPLETED');
    expect(checks).toBeGreaterThan(12);
    expect(panelServers(id)).toHaveLength(1);
  });

  it('a failure notice of an attempt the order has moved past is not sent', async () => {
    // Arrange: a completed order, and the failure notice of its attempt delivered late (a redrive, a backlog)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    await confirm(stack, id);
    stack.graph!.reset();

    // Act
    await stack.app.outbox.outbox.enqueue([{ type: 'notice', notice: 'provisioning-failed', orderId: id, attempt: 1 }]);
    await stack.settle();

    // Assert
    expect(messagesTo(stack, customer)).toEqual([]);
    expect(messagesTo(stack, ADMIN)).toEqual([]);
  });
});
