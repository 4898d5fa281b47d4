// The install watch when it goes wrong, on the local stack with the state machine's own times scaled
// (×200: CheckInstall's timeout of 422 s passes in ~2 s): a watch that does not answer in time is replaced by
// a new one, and the old one's late answer finds no one waiting. Nothing is lost, nothing is done twice.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskHandlers } from '../../../functions/provisioning/tasks.js';
import {
  confirm,
  messagesTo,
  newCustomer,
  passwordIn,
  placeOrder,
  startTestStack,
  type TestStack,
} from '../../support/harness.js';

let stack: TestStack;
/** Runs before each look at an install (the watcher's CheckInstall), while a test sets it. */
let beforeLook: ((input: { orderId: string }) => Promise<void>) | undefined;

function withLookHook(tasks: TaskHandlers): TaskHandlers {
  return {
    ...tasks,
    CheckInstall: async (input) => {
      await beforeLook?.(input);
      return tasks.CheckInstall(input);
    },
  };
}

beforeAll(async () => {
  stack = await startTestStack({ timeScale: 200, wrapTasks: withLookHook });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  beforeLook = undefined;
});

describe('a watch that does not answer in time', () => {
  it('CheckInstall times out (its watch did not answer), looks once more with a new watch, and the order completes once', async () => {
    // Arrange: the first look hangs past CheckInstall's (scaled) timeout, as a lost or stuck watch would
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    let looks = 0;
    beforeLook = async (input) => {
      if (input.orderId !== id) return;
      looks++;
      if (looks === 1) await new Promise((r) => setTimeout(r, 3_000));
    };

    // Act
    const o = await confirm(stack, id);
    await new Promise((r) => setTimeout(r, 3_500)); // the hung look ends; its late answer finds no one waiting

    // Assert
    expect(o.status).toBe('COMPLETED');
    const events = stack.sfn.get(id, 1)!.events.filter((e) => e.state === 'CheckInstall');
    expect(events.filter((e) => e.type === 'StateFailed').map((e) => e.error)).toEqual(['States.Timeout']);
    expect(events.filter((e) => e.type === 'StateRetried')).toHaveLength(1);
    expect(messagesTo(stack, customer).filter((t) => passwordIn(t))).toHaveLength(1);
    expect((await stack.app.inbox.orders.get(id))!.status).toBe('COMPLETED');
    expect(stack.logs.some((l) => l.message.startsWith('Install watch ended: nobody waits'))).toBe(true);
  });
});
