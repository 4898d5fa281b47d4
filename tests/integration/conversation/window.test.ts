// The 24-hour window and status webhooks: free-form inside the window, the approved template outside it,
// and a message Meta later reports as failed (131047, or undeliverable) handled from its status webhook.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  lastTo,
  messagesTo,
  newCustomer,
  order,
  passwordIn,
  placeOrder,
  startTestStack,
  type TestStack,
  usernameIn,
} from '../../support/harness.js';

let stack: TestStack;
let offsetMs = 0;

beforeAll(async () => {
  stack = await startTestStack({ clock: { now: () => new Date(Date.now() + offsetMs) } });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  offsetMs = 0;
  stack.graph!.reset();
});

describe('the 24-hour window', () => {
  it('credentials go out as the approved template when the customer last wrote more than 24 h ago', async () => {
    // Arrange: the customer ordered yesterday; the admin confirms the payment today
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.graph!.reset();
    offsetMs = 25 * 3600 * 1000;
    stack.graph!.closeWindow(customer);
    // Act
    await stack.say(ADMIN, `!order-confirm ${id}`);
    await stack.settle();
    // Assert: every message to the customer used a template; the login still works
    expect((await order(stack, id)).status).toBe('COMPLETED');
    const seen = messagesTo(stack, customer);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const text of seen) expect(text).toMatch(/^template:/);
    const credentials = seen.find((t) => t.startsWith('template:spawnpoint_server_ready_v1'))!;
    expect(stack.panel!.login(usernameIn(credentials)!, passwordIn(credentials)!)).toBe(true);
    stack.graph!.openWindow(customer);
  });

  it('a reply to a customer who just wrote is free-form', async () => {
    const customer = newCustomer();
    await stack.say(customer, '!help');
    await stack.settle();
    expect(lastTo(stack, customer)).toContain('*!packages*');
  });
});

describe('status webhooks', () => {
  it('a message that Meta later fails with 131047 is sent again as the template', async () => {
    // Arrange: our records say the window is open; Meta accepts the send, then reports it failed
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.graph!.reset();
    stack.panel!.setFaults({ full: true }); // keep the order CONFIRMED, so the one message is the payment update
    stack.graph!.failNext(131047, { recipient: customer, count: 1, asStatus: true });
    // Act
    await stack.say(ADMIN, `!order-confirm ${id}`);
    await stack.settle();
    stack.panel!.clearFaults();
    // Assert
    const seen = messagesTo(stack, customer);
    expect(seen[0]).toContain(`Payment for *${id}* is confirmed`);
    expect(seen[1]).toMatch(/^template:spawnpoint_order_update_v1 /);
    expect(seen).toHaveLength(2);
  });

  it('a message Meta reports undeliverable is reported to the admins, once', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.graph!.reset();
    stack.panel!.setFaults({ full: true });
    stack.graph!.failNext(131026, { recipient: customer, count: 1, asStatus: true });
    await stack.say(ADMIN, `!order-confirm ${id}`);
    await stack.settle();
    stack.panel!.clearFaults();
    const admin = messagesTo(stack, ADMIN).filter((t) => t.includes('could not be delivered'));
    expect(admin).toHaveLength(1);
    expect(admin[0]).toContain(`+${customer} (order ${id})`);
  });

  it('statuses arriving out of order never move a delivery record backwards', async () => {
    const customer = newCustomer();
    await stack.say(customer, '!help');
    await stack.settle();
    const sent = stack.graph!.messages().at(-1)!;
    stack.graph!.emitStatus(sent.wamid, 'read');
    await stack.settle();
    stack.graph!.emitStatus(sent.wamid, 'delivered');
    await stack.settle();
    expect((await stack.app.outbox.sent.get(sent.wamid))?.status).toBe('read');
  });
});
