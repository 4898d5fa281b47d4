// An order whose credentials cannot be delivered (a blocked number: 131026) stops at DeliverCredentials and
// stays PROVISIONING. Over WhatsApp the admins see why, and can finish it: resume it later, cancel it with
// rollback, or (for the customer) a password reset gives the login another way.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskName } from '../../../functions/provisioning/tasks.js';
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
  resetPasswordIn,
  resetUsernameIn,
  startTestStack,
  type TaskHook,
  type TestStack,
  tasksWithHooks,
} from '../../support/harness.js';

type Hooks = Partial<Record<TaskName, TaskHook>>;
let hooks: Hooks = {};
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ wrapTasks: tasksWithHooks(() => hooks) });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  hooks = {};
  stack.graph!.reset();
  stack.panel!.clearFaults();
});

const panelServers = (orderId: string) => stack.panel!.state().servers.filter((s) => s.external_id === orderId);
const panelUsers = (customer: string) => stack.panel!.state().users.filter((u) => u.external_id === `wa-${customer}`);

/** A new customer's order whose login WhatsApp refuses (131026, once): it stops at DeliverCredentials. */
async function stuckOrder(): Promise<{ customer: string; id: string }> {
  const customer = newCustomer();
  const id = await placeOrder(stack, customer, 'bronze');
  hooks.DeliverCredentials = () => stack.graph!.failNext(131026, { recipient: customer, count: 1 });
  await confirm(stack, id);
  hooks = {};
  expect(stack.sfn.get(id, 1)).toMatchObject({ status: 'FAILED', failedState: 'DeliverCredentials' });
  expect((await order(stack, id)).status).toBe('PROVISIONING');
  return { customer, id };
}

describe('credentials that cannot be delivered', () => {
  it('the admins are told why in words, with Resume and Cancel buttons', async () => {
    // Act
    const { id } = await stuckOrder();
    // Assert
    const admin = messagesTo(stack, ADMIN).join('\n');
    expect(admin).toContain('Stopped at: *DeliverCredentials* (FAILED: CredentialsUndeliverableError)');
    expect(admin).toContain("WhatsApp refused the customer's login message for good");
    expect(buttonsTo(stack, ADMIN)).toContain(`!provision-retry ${id}`);
    expect(buttonsTo(stack, ADMIN)).toContain(`!order-cancel ${id}`);
  });

  it('!provision-status ID shows the reason the execution stopped', async () => {
    // Arrange
    const { id } = await stuckOrder();
    // Act
    await stack.say(ADMIN, `!provision-status ${id}`);
    await stack.settle();
    // Assert
    const detail = lastTo(stack, ADMIN);
    expect(detail).toContain('FAILED at DeliverCredentials: CredentialsUndeliverableError');
    expect(detail).toContain('(131026)');
    expect(detail).toContain(`!order-cancel ${id}`);
  });

  it('!order-cancel ID removes the server (and the unused account made for it) and cancels the order', async () => {
    // Arrange
    const { customer, id } = await stuckOrder();
    expect(panelServers(id)).toHaveLength(1);
    stack.graph!.reset();
    // Act
    await stack.say(ADMIN, `!order-cancel ${id} number blocked`);
    await stack.settle();
    // Assert: the order, the panel, both sides told
    const o = await order(stack, id);
    expect(o.status).toBe('CANCELLED');
    expect(o.history.at(-1)).toMatchObject({ from: 'PROVISIONING', to: 'CANCELLED', event: 'ABANDON', by: ADMIN });
    expect(panelServers(id)).toHaveLength(0);
    expect(panelUsers(customer)).toHaveLength(0);
    const admin = lastTo(stack, ADMIN);
    expect(admin).toContain(`*${id}* cancelled after its provisioning stopped: number blocked`);
    expect(admin).toContain('its server was deleted');
    expect(admin).toContain('the panel user made for it was deleted');
    const told = lastTo(stack, customer);
    expect(told).toContain(`we couldn't finish setting up your Bronze server (order *${id}*)`);
    expect(told).not.toMatch(/Error|131026|rollback/i);
    // A later redrive of the stopped execution changes nothing
    await stack.say(ADMIN, `!provision-retry ${id}`);
    await stack.settle();
    expect((await order(stack, id)).status).toBe('CANCELLED');
    expect(panelServers(id)).toHaveLength(0);
  });

  it('!order-cancel keeps an account whose password the customer has, and its other servers', async () => {
    // Arrange: a returning customer (login delivered by a first order), whose second order gets stuck
    const customer = newCustomer();
    const first = await placeOrder(stack, customer, 'bronze');
    await confirm(stack, first);
    const second = await placeOrder(stack, customer, 'bronze');
    hooks.DeliverCredentials = () => stack.graph!.failNext(131026, { recipient: customer, count: 1 });
    await confirm(stack, second);
    hooks = {};
    expect((await order(stack, second)).status).toBe('PROVISIONING');
    // Act
    await stack.say(ADMIN, `!order-cancel ${second}`);
    await stack.settle();
    // Assert
    expect((await order(stack, second)).status).toBe('CANCELLED');
    expect(panelServers(second)).toHaveLength(0);
    expect(panelServers(first)).toHaveLength(1);
    expect(panelUsers(customer)).toHaveLength(1);
    expect(lastTo(stack, ADMIN)).toContain("the customer's panel user was kept");
  });

  it('a customer who never got their login gets it with !reset-password, and the resumed order adds no second password', async () => {
    // Arrange
    const { customer, id } = await stuckOrder();
    // Act: the customer asks for a password; then the admin resumes the order
    await stack.say(customer, '!reset-password confirm');
    await stack.settle();
    await stack.say(ADMIN, `!provision-retry ${id}`);
    await stack.settle();
    // Assert: one password, it works, and the order completed with "added to your account"
    const seen = messagesTo(stack, customer);
    const reset = seen.find((t) => resetPasswordIn(t))!;
    expect(stack.panel!.login(resetUsernameIn(reset)!, resetPasswordIn(reset)!)).toBe(true);
    expect(seen.filter((t) => passwordIn(t) || resetPasswordIn(t))).toHaveLength(1);
    expect((await order(stack, id)).status).toBe('COMPLETED');
    expect(seen.join('\n')).toContain('It was added to your existing panel account');
  });

  it('!order-cancel is refused for a PROVISIONING order without a stopped execution', async () => {
    // Arrange: an order stuck at PROVISIONING with no execution (its start was lost)
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    const o = await order(stack, id);
    const now = new Date();
    await stack.app.inbox.orders.saveTransition(
      {
        ...o,
        status: 'PROVISIONING',
        attempts: 1,
        history: [
          ...o.history,
          {
            at: now.toISOString(),
            from: 'PENDING',
            to: 'PROVISIONING',
            event: 'START_PROVISIONING',
            by: ADMIN,
            attempt: 1,
          },
        ],
      },
      { status: 'PENDING', attempts: 0 },
    );
    // Act
    await stack.say(ADMIN, `!order-cancel ${id}`);
    await stack.settle();
    // Assert
    expect(lastTo(stack, ADMIN)).toContain(`Can't cancel *${id}* now: no provisioning execution was found`);
    expect((await order(stack, id)).status).toBe('PROVISIONING');
  });
});
