// The shop's conversation through the real webhook, inbox worker, outbox worker and state machine, on the
// local emulators and fakes: what customers and admins see, and what the store ends up holding.

import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInboxHandler, toInboxEvent } from '../../../functions/inbox/inbox-batch.js';
import { messageEnvelope } from '../../../local/envelope.js';
import { processInboxEvent } from '../../../shared/app/inbox-event.js';
import { createOrder } from '../../../shared/domain/order.js';
import { DEFAULT_TIER_RESOURCES } from '../../../shared/domain/packages.js';
import { type InboundMessageEvent, parseEnvelope } from '../../../shared/whatsapp/inbound.js';
import {
  ADMIN,
  ADMIN_2,
  CUSTOMER,
  confirm,
  lastTo,
  messagesTo,
  newCustomer,
  order,
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
beforeEach(() => {
  stack.graph!.reset();
  stack.panel!.clearFaults();
});

function record(event: InboundMessageEvent, n: number): SQSRecord {
  return {
    messageId: `m-${n}-${event.id}`,
    receiptHandle: `r-${n}`,
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: event.from,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:inbox.fifo',
    awsRegion: 'us-east-1',
  };
}

function inboundEvent(from: string, text: string, id?: string): InboundMessageEvent {
  const { body } = messageEnvelope(
    { text },
    { from, phoneNumberId: stack.env.WHATSAPP_PHONE_NUMBER_ID!, ...(id ? { id } : {}) },
  );
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(parsed.error);
  const event = parsed.events[0];
  if (event?.type !== 'message') throw new Error('expected a message event');
  return event;
}

describe('an order, from both phones', () => {
  it('goes from greeting to a working server, with the right words on each side', async () => {
    // Arrange + Act: the customer says hello and taps a package row
    await stack.say(CUSTOMER, 'Hello!', 'João Cliente');
    await stack.settle();
    const menu = messagesTo(stack, CUSTOMER);
    expect(menu.join('\n')).toContain('Welcome to *Spawnpoint Games*');
    expect(menu.join('\n')).toContain('- Gold · R$45/month(!order gold)');

    await stack.send(CUSTOMER, { reply: { id: '!order gold', title: 'Gold', kind: 'list_reply' } }, 'João Cliente');
    await stack.settle();
    const placed = lastTo(stack, CUSTOMER);
    const id = /ORD-[0-9A-Z]{6}/.exec(placed)?.[0];
    expect(id).toBeDefined();
    expect(placed).toContain('How to pay');
    expect(placed).toContain('Pix key');
    // Admins hear about it; they have not written in 24 h, so it goes as the approved template.
    expect(lastTo(stack, ADMIN)).toContain(`template:spawnpoint_admin_alert_v1 New order ${id}`);
    expect((await order(stack, id!)).status).toBe('PENDING');

    // The admin taps the confirm button of the alert (its id is the command itself)
    await stack.tap(ADMIN, `!order-confirm ${id}`, 'Confirm payment');
    await stack.settle();

    // Assert: both sides told, the order completed, one user and one server on the panel
    const o = await order(stack, id!);
    expect(o.status).toBe('COMPLETED');
    expect(o.history.map((h) => h.to)).toEqual(['PENDING', 'CONFIRMED', 'PROVISIONING', 'COMPLETED']);
    const customerSaw = messagesTo(stack, CUSTOMER).join('\n---\n');
    expect(customerSaw).toContain(`Payment for *${id}* is confirmed`);
    expect(customerSaw).toContain('*Your Gold server is ready!*');
    expect(customerSaw).toContain('*Username:*');
    expect(customerSaw).toContain('change this password');
    const adminSaw = messagesTo(stack, ADMIN).join('\n---\n');
    expect(adminSaw).toContain(`*${id}* confirmed. Provisioning started (attempt 1)`);
    expect(adminSaw).toContain(`*${id}* is provisioned`);
    const servers = stack.panel!.state().servers.filter((s) => s.external_id === id);
    expect(servers).toHaveLength(1);

    // And the customer can follow it in words
    await stack.say(CUSTOMER, `!status ${id!.toLowerCase()}`);
    await stack.say(CUSTOMER, '!my-orders');
    await stack.settle();
    expect(messagesTo(stack, CUSTOMER).join('\n')).toContain(`*${id}*: ready`);
  });
});

describe('who may do what', () => {
  it.each([
    '!orders',
    '!orders pending',
    '!order-confirm ORD-7K2M9Q',
    '!order-cancel ORD-7K2M9Q',
    '!provision-retry ORD-7K2M9Q',
    '!provision-status',
    '!provision-status ORD-7K2M9Q',
    '!provision-test',
  ])('a customer typing %s gets the unknown-command reply, and the attempt is logged', async (command) => {
    // Arrange
    const unknownReply = async () => {
      await stack.say(CUSTOMER, '!frobnicate');
      await stack.settle();
      return lastTo(stack, CUSTOMER);
    };
    const expected = await unknownReply();
    stack.logs.length = 0;
    // Act
    await stack.say(CUSTOMER, command);
    await stack.settle();
    // Assert
    expect(lastTo(stack, CUSTOMER)).toBe(expected);
    expect(messagesTo(stack, CUSTOMER).at(-2)).toContain("I didn't understand that");
    expect(stack.logs.some((l) => l.level === 'warn' && l.message.includes('non-admin'))).toBe(true);
  });

  it('a customer cannot confirm their own order', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    await stack.say(customer, `!order-confirm ${id}`);
    await stack.settle();
    expect((await order(stack, id)).status).toBe('PENDING');
    expect(stack.sfn.get(id, 1)).toBeUndefined();
  });
});

describe('junk in, a helpful answer out', () => {
  it.each([
    ['unknown words', 'what is this thing'],
    ['an emoji', '🎮🔥'],
    ['whitespace', '   \u200b  '],
    ['very long input', 'x'.repeat(20_000)],
    ['a near-miss command', '!pakages'],
  ])('%s gets one short reply with buttons, never an error nor the whole package list', async (_what, text) => {
    const before = messagesTo(stack, CUSTOMER).length;
    await stack.say(CUSTOMER, text);
    await stack.settle();
    const seen = messagesTo(stack, CUSTOMER).slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('[See packages](!packages)');
    expect(seen[0]).toContain('[My orders](!my-orders)');
    expect(seen[0]!.split('\n').length).toBeLessThan(8);
  });

  it("an admin's typo gets admin help, not the customer menu", async () => {
    await stack.say(ADMIN, '!order-confrim ORD-7K2M9Q');
    await stack.settle();
    const reply = lastTo(stack, ADMIN);
    expect(reply).toContain('Did you mean *!order-confirm*?');
    expect(reply).toContain('[Open orders](!orders open)');
    expect(reply).not.toContain('See packages');
  });

  it('suggests the closest command for a typo', async () => {
    await stack.say(CUSTOMER, '!my-ordrs');
    await stack.settle();
    expect(messagesTo(stack, CUSTOMER).join('\n')).toContain('Did you mean *!my-orders*?');
  });

  it('a package that does not exist is answered with the ones that do', async () => {
    await stack.say(CUSTOMER, '!order titanium');
    await stack.settle();
    expect(messagesTo(stack, CUSTOMER).join('\n')).toContain('I don\'t know the package "titanium"');
  });
});

describe('order ids as people type them', () => {
  it('a mistyped id gets "did you mean" with the customer\'s own order', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'silver');
    const typo = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    stack.graph!.reset();
    await stack.say(customer, `!status ${typo}`);
    await stack.settle();
    expect(lastTo(stack, customer)).toContain(`I couldn't find order *${typo}*. Did you mean *${id}*?`);
  });

  it('an id that does not exist, or is not an id at all, is answered plainly', async () => {
    await stack.say(CUSTOMER, '!status ORD-ZZZZZZ');
    await stack.say(CUSTOMER, '!cancel xyz');
    await stack.say(ADMIN, '!order-confirm');
    await stack.settle();
    expect(messagesTo(stack, CUSTOMER).join('\n')).toContain("I couldn't find order *ORD-ZZZZZZ*");
    expect(messagesTo(stack, CUSTOMER).join('\n')).toContain('"xyz" is not an order id');
    expect(lastTo(stack, ADMIN)).toContain('Which order? Type *!order-confirm ORD-XXXXXX*');
  });

  it("someone else's order looks like one that does not exist", async () => {
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    await stack.say('15550109999', `!status ${id}`);
    await stack.settle();
    expect(lastTo(stack, '15550109999')).toContain(`I couldn't find order *${id}*`);
  });
});

describe('what people write', () => {
  it.each([
    ['order gold please', 'gold'],
    ['I want the gold one', 'gold'],
    ['quero o silver', 'silver'],
    ['quero o plano ouro', 'gold'],
    ['halo, mau pesan server minecraft paket gold', 'gold'],
    ['mau beli yang perak', 'silver'],
    ['bronze', 'bronze'],
  ])('"%s" orders %s', async (text, tier) => {
    const customer = newCustomer();
    await stack.say(customer, text);
    await stack.settle();
    const [placed] = (await stack.app.inbox.orders.listByCustomer(customer, 5)).items;
    expect(placed?.packageId).toBe(tier);
  });

  it('the same package twice is asked about, not ordered twice; "again" orders the second', async () => {
    const customer = newCustomer();
    await stack.say(customer, '!order gold');
    await stack.settle();
    await stack.say(customer, '!order gold');
    await stack.settle();
    let mine = (await stack.app.inbox.orders.listByCustomer(customer, 5)).items;
    expect(mine).toHaveLength(1);
    expect(lastTo(stack, customer)).toContain(`You already have an unpaid Gold order: *${mine[0]!.id}*`);
    await stack.tap(customer, '!order gold again', 'Yes, order another');
    await stack.settle();
    mine = (await stack.app.inbox.orders.listByCustomer(customer, 5)).items;
    expect(mine).toHaveLength(2);
  });
});

describe('cancelling', () => {
  it('a customer cancels a pending order after confirming, and the admins are told', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    await stack.say(customer, `!cancel ${id}`);
    await stack.settle();
    // Asked first: a mistaken tap on "Cancel order" loses nothing.
    expect((await order(stack, id)).status).toBe('PENDING');
    expect(lastTo(stack, customer)).toContain(`[Yes, cancel it](!cancel ${id} confirm)`);
    await stack.tap(customer, `!cancel ${id} confirm`, 'Yes, cancel it');
    await stack.settle();
    expect((await order(stack, id)).status).toBe('CANCELLED');
    expect(lastTo(stack, customer)).toContain(`Your order *${id}* (Bronze) is cancelled.`);
    expect(messagesTo(stack, ADMIN).join('\n')).toContain(`*${id}* (Bronze) was cancelled by the customer`);
  });

  it('a customer cannot cancel after the payment is confirmed', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    await confirm(stack, id);
    await stack.say(customer, `!cancel ${id}`);
    await stack.settle();
    expect((await order(stack, id)).status).toBe('COMPLETED');
    expect(lastTo(stack, customer)).toContain(`Order *${id}* can't be cancelled here. Your server is already set up.`);
  });

  it('after a failed pre-flight and a retry, the customer hears "payment confirmed" once, and only what is true', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ full: true });
    await confirm(stack, id);
    stack.panel!.clearFaults();
    await stack.say(ADMIN, `!provision-retry ${id}`);
    await stack.settle();
    expect((await order(stack, id)).status).toBe('COMPLETED');
    const told = messagesTo(stack, customer).filter((t) => t.includes(`Payment for *${id}* is confirmed`));
    expect(told).toHaveLength(1);
    // Nothing was running when the payment was confirmed: no "we're setting up your server now".
    expect(told[0]).toContain('will be set up shortly');
    expect(told[0]).not.toContain('setting up your');
  });

  it('an admin cancels a confirmed order that could not be provisioned, and the customer is told', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ full: true });
    const confirmed = await confirm(stack, id);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(lastTo(stack, ADMIN)).toContain('pre-flight check failed');
    stack.panel!.clearFaults();
    await stack.say(ADMIN, `!order-cancel ${id} customer asked for a refund`);
    await stack.settle();
    expect((await order(stack, id)).status).toBe('CANCELLED');
    expect(lastTo(stack, customer)).toContain(`Your order *${id}* (Bronze) was cancelled`);
    expect(stack.panel!.state().servers.filter((s) => s.external_id === id)).toHaveLength(0);
  });
});

describe('one transition, whatever arrives twice', () => {
  it('two admins confirming in one batch start one execution', async () => {
    // Arrange
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    const handler = createInboxHandler(stack.app.inbox);
    // Act: one SQS batch holding both admins' confirms
    const result = await handler({
      Records: [
        record(inboundEvent(ADMIN, `!order-confirm ${id}`), 1),
        record(inboundEvent(ADMIN_2, `!order-confirm ${id}`), 2),
      ],
    });
    await stack.settle();
    // Assert
    expect(result.batchItemFailures).toEqual([]);
    const o = await order(stack, id);
    expect(o.status).toBe('COMPLETED');
    expect(o.attempts).toBe(1);
    expect(o.history.filter((h) => h.event === 'CONFIRM')).toHaveLength(1);
    expect(stack.sfn.list().filter((e) => e.orderId === id)).toHaveLength(1);
    expect(stack.panel!.state().servers.filter((s) => s.external_id === id)).toHaveLength(1);
    const replies = [...messagesTo(stack, ADMIN), ...messagesTo(stack, ADMIN_2)].join('\n');
    expect(replies).toContain("Can't confirm");
  });

  it('two admins confirming in separate batches start one execution', async () => {
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    await confirm(stack, id, ADMIN);
    await confirm(stack, id, ADMIN_2);
    const o = await order(stack, id);
    expect(o.attempts).toBe(1);
    expect(o.history.filter((h) => h.event === 'CONFIRM')).toHaveLength(1);
    expect(lastTo(stack, ADMIN_2)).toContain(`Can't confirm *${id}*: it is already completed.`);
  });

  it('a webhook delivered twice places one order', async () => {
    // Arrange: the very same signed body, twice (Meta redelivers)
    const customer = newCustomer();
    const { body } = messageEnvelope(
      { text: '!order diamond' },
      { from: customer, phoneNumberId: stack.env.WHATSAPP_PHONE_NUMBER_ID! },
    );
    const before = (await stack.app.inbox.orders.listByCustomer(customer, 100)).items.length;
    // Act
    expect((await stack.postRaw(body)).statusCode).toBe(200);
    await stack.settle();
    expect((await stack.postRaw(body)).statusCode).toBe(200);
    await stack.settle();
    // Assert
    expect((await stack.app.inbox.orders.listByCustomer(customer, 100)).items.length).toBe(before + 1);
  });

  it('a message redelivered after the queue forgot it is still processed once', async () => {
    // SQS FIFO deduplicates for 5 minutes only; the table's processed-id record covers Meta's 7 days.
    const handler = createInboxHandler(stack.app.inbox);
    const customer = newCustomer();
    const event = inboundEvent(customer, '!order platinum');
    await handler({ Records: [record(event, 1)] });
    await handler({ Records: [record(event, 2)] });
    expect((await stack.app.inbox.orders.listByCustomer(customer, 100)).items).toHaveLength(1);
  });

  it('an order records the message that made it, and a reprocessed message finds it by that', async () => {
    // Arrange
    const handler = createInboxHandler(stack.app.inbox);
    const customer = newCustomer();
    const event = inboundEvent(customer, '!order platinum');
    // Act: processed, then forgotten by the dedupe record (as after a failure) and processed again
    await handler({ Records: [record(event, 1)] });
    await stack.app.inbox.dedupe.forget(event.id);
    await handler({ Records: [record(event, 2)] });
    // Assert
    const orders = (await stack.app.inbox.orders.listByCustomer(customer, 100)).items;
    expect(orders).toHaveLength(1);
    expect(orders[0]!.sourceMessageId).toBe(event.id);
  });

  it('an order stored before sourceMessageId existed is still found by its history', async () => {
    // Arrange: an order as the earlier code stored it, marked only by its first history entry
    const handler = createInboxHandler(stack.app.inbox);
    const customer = newCustomer();
    const event = inboundEvent(customer, '!order platinum');
    const legacy = createOrder(
      {
        id: 'ORD-01D0RD',
        customerId: customer,
        packageId: 'platinum',
        packageName: 'Platinum',
        resources: DEFAULT_TIER_RESOURCES.platinum,
      },
      new Date(),
    );
    legacy.history[0]!.reason = `message ${event.id}`;
    expect(await stack.app.inbox.orders.create(legacy)).toBe(true);
    // Act
    await handler({ Records: [record(event, 1)] });
    await stack.settle();
    // Assert: no second order; the customer is shown the one they have
    const orders = (await stack.app.inbox.orders.listByCustomer(customer, 100)).items;
    expect(orders.map((o) => o.id)).toEqual(['ORD-01D0RD']);
    expect(lastTo(stack, customer)).toContain('ORD-01D0RD');
  });
});

describe('a worker that dies mid-message', () => {
  it('leaves a lease that runs out: the redelivery is processed, not taken for a duplicate', async () => {
    // Arrange: a worker took the message and died before finishing (timeout, out of memory)
    const handler = createInboxHandler(stack.app.inbox);
    const customer = newCustomer();
    const event = inboundEvent(customer, '!order platinum');
    expect(await stack.app.inbox.dedupe.begin(event.id, new Date(), 300)).toBe('first');

    // Act: redelivered while the lease still runs, then after it ran out
    const early = await handler({ Records: [record(event, 1)] });
    await new Promise((r) => setTimeout(r, 400));
    const late = await handler({ Records: [record(event, 2)] });
    const again = await handler({ Records: [record(event, 3)] });

    // Assert: the early one comes back later (not dropped), the late one runs, and only once
    expect(early.batchItemFailures).toEqual([{ itemIdentifier: `m-1-${event.id}` }]);
    expect(late.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect((await stack.app.inbox.orders.listByCustomer(customer, 100)).items).toHaveLength(1);
  });
});

describe('another number of the same Meta app', () => {
  it('is acknowledged and counted, and nothing is done for it', async () => {
    // Arrange: a message to another phone number id served by the same app (and so the same webhook)
    const handler = createInboxHandler(stack.app.inbox);
    const customer = newCustomer();
    const event = { ...inboundEvent(customer, '!order gold'), phoneNumberId: '199999999999999' };

    // Act
    const result = await handler({ Records: [record(event, 1)] });
    await stack.settle();

    // Assert
    expect(result.batchItemFailures).toEqual([]);
    expect((await stack.app.inbox.orders.listByCustomer(customer, 100)).items).toEqual([]);
    expect(messagesTo(stack, customer)).toEqual([]);
    expect(stack.logs.some((l) => l.message === 'Event for another phone number ignored')).toBe(true);
  });
});

describe('partial batch failures', () => {
  it('a poisoned record fails alone; the rest of the batch succeeds', async () => {
    // Arrange: a store that fails for one sender only
    const poisoned = '15550108888';
    const orders = stack.app.inbox.orders;
    const flaky = new Proxy(orders, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop !== 'listByCustomer') return typeof v === 'function' ? v.bind(target) : v;
        return async (customerId: string, ...rest: [number, string?]) => {
          if (customerId === poisoned) throw new Error('store unavailable for this record');
          return target.listByCustomer(customerId, ...rest);
        };
      },
    });
    const handler = createInboxHandler({ ...stack.app.inbox, orders: flaky });
    const good1 = inboundEvent('15550101111', '!my-orders');
    const bad = inboundEvent(poisoned, '!my-orders');
    const good2 = inboundEvent('15550102222', '!help');
    // Act
    const result = await handler({ Records: [record(good1, 1), record(bad, 2), record(good2, 3)] });
    await stack.settle();
    // Assert: only the poisoned record is reported, and it is not marked processed (it will run again)
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: `m-2-${bad.id}` }]);
    expect(messagesTo(stack, '15550101111')).toHaveLength(1);
    expect(messagesTo(stack, '15550102222')).toHaveLength(1);
    expect(messagesTo(stack, poisoned)).toHaveLength(0);
    expect(await stack.app.inbox.dedupe.begin(bad.id, new Date(), 1_000)).toBe('first');
  });
});

describe('pre-flight', () => {
  it('a check the panel was too busy to answer (429) does not refuse the confirm: provisioning starts', async () => {
    // Arrange: the panel port reports the check skipped, as the client does on a 429
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    const busy = {
      ...stack.app.inbox.panel,
      health: () => stack.app.inbox.panel.health(),
      preflight: async () => ({
        ok: true,
        reasons: [],
        warnings: [],
        skipped: 'The panel is rate limiting this key; try again in 12 s',
      }),
    };
    const handler = createInboxHandler({ ...stack.app.inbox, panel: busy });
    // Act
    await handler({ Records: [record(inboundEvent(ADMIN, `!order-confirm ${id}`), 1)] });
    await stack.settle();
    // Assert
    expect((await order(stack, id)).status).toBe('COMPLETED');
    expect(messagesTo(stack, ADMIN).join('\n')).toContain(
      `The pre-flight check of *${id}* was skipped: The panel is rate limiting`,
    );
  });

  it('a pre-flight the panel answers too slowly ends with the time the worker has left, and nothing starts', async () => {
    // Arrange: a panel that takes a minute to answer, and a worker invocation with little time left
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    const slow = {
      ...stack.app.inbox.panel,
      health: () => stack.app.inbox.panel.health(),
      preflight: () => new Promise<never>(() => {}),
    };
    const started = Date.now();
    // Act: the worker must be done with this message within half a second
    const event = toInboxEvent(inboundEvent(ADMIN, `!order-confirm ${id}`));
    const result = await processInboxEvent({ ...stack.app.inbox, panel: slow }, event, { deadline: started + 500 });
    await stack.settle();
    // Assert: answered inside the time, the order confirmed but not started
    expect(result).toBe('processed');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await order(stack, id)).status).toBe('CONFIRMED');
    expect(stack.sfn.get(id, 1)).toBeUndefined();
    expect(lastTo(stack, ADMIN)).toContain('did not answer');
  });

  it('an unreachable panel refuses the confirm with the reason, and nothing starts', async () => {
    const id = await placeOrder(stack, newCustomer(), 'bronze');
    stack.panel!.setFaults({ unavailable: true });
    const o = await confirm(stack, id);
    stack.panel!.clearFaults();
    expect(o.status).toBe('CONFIRMED');
    expect(stack.sfn.get(id, 1)).toBeUndefined();
    expect(lastTo(stack, ADMIN)).toContain('could not be reached');
  });
});

describe('admin tools', () => {
  it('!orders lists the queue oldest first; !provision-status reports health and counts', async () => {
    const id = await placeOrder(stack, newCustomer(), 'gold');
    await stack.say(ADMIN, '!orders pending');
    await stack.say(ADMIN, '!provision-status');
    await stack.say(ADMIN, '!provision-test');
    await stack.settle();
    const seen = messagesTo(stack, ADMIN).join('\n---\n');
    expect(seen).toContain('*Pending orders* (oldest first)');
    // Oldest first: earlier tests' unpaid orders may fill the page before this one.
    expect(seen).toMatch(/\*ORD-[0-9A-Z]{6}\* · PENDING · (Bronze|Silver|Gold)/);
    expect((await stack.app.inbox.orders.get(id))?.status).toBe('PENDING');
    expect(seen).toContain('Auto-provisioning: *on*');
    expect(seen).toMatch(/Panel: ✅ reachable \(\d+ ms\)/);
    expect(seen).toContain('*Panel OK*');
    expect(seen).toMatch(/users: (read|write)/);
  });
});

describe('replies that fit the person (issue 19)', () => {
  it("an admin's unknown order id suggests the admin's lists, not !my-orders", async () => {
    await stack.say(ADMIN, '!order-confirm ORD-ZZZZZZ');
    await stack.settle();
    const reply = lastTo(stack, ADMIN);
    expect(reply).toContain("I couldn't find order *ORD-ZZZZZZ*. Type *!orders*");
    expect(reply).not.toContain('!my-orders');
  });

  it('an order already cancelled or completed is said to be so once, in words', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    await stack.say(customer, `!cancel ${id} confirm`);
    await stack.settle();
    await stack.say(customer, `!cancel ${id}`);
    await stack.say(ADMIN, `!order-confirm ${id}`);
    await stack.settle();
    const customerRead = lastTo(stack, customer);
    expect(customerRead).toContain(`Order *${id}* is already cancelled.`);
    expect(customerRead.match(/cancel/gi)).toHaveLength(1);
    expect(lastTo(stack, ADMIN)).toBe(`Can't confirm *${id}*: it is already cancelled.`);
  });

  it('the success notice says what reached the customer: a new password, or a server on their existing account', async () => {
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    expect(messagesTo(stack, ADMIN).join('\n')).toContain('Login with a new password delivered.');
    stack.graph!.reset();
    const second = await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    expect(second.status).toBe('COMPLETED');
    expect(second.provisioning.passwordSent).toBe(false);
    const notice = messagesTo(stack, ADMIN).find((t) => t.includes(`*${second.id}* is provisioned`));
    expect(notice).toContain("Server added to the customer's existing account");
    expect(notice).not.toContain('Credentials delivered');
  });

  it('a failed install names CheckInstall, and the details after the rollback do not list the server as there', async () => {
    const customer = newCustomer();
    const id = await placeOrder(stack, customer, 'bronze');
    stack.panel!.setFaults({ installOutcome: 'fail' });
    const failed = await confirm(stack, id);
    expect(failed.status).toBe('CONFIRMED');
    expect(failed.lastError?.step).toBe('WaitForInstall');
    expect(failed.provisioning.serverId).toBeDefined();
    const notice = messagesTo(stack, ADMIN).find((t) => t.includes(`Provisioning failed: ${id}`));
    expect(notice).toContain('Failed step: *CheckInstall* (waiting for the install)');
    stack.panel!.clearFaults();
    await stack.say(ADMIN, `!provision-status ${id}`);
    await stack.settle();
    const detail = lastTo(stack, ADMIN);
    expect(detail).toContain(`Server: #${failed.provisioning.serverId}`);
    expect(detail).toContain('(removed by the rollback)');
  });

  it('!orders all lists orders of every status; !orders only the open ones', async () => {
    const customer = newCustomer();
    await confirm(stack, await placeOrder(stack, customer, 'bronze'));
    await stack.say(ADMIN, '!orders all');
    await stack.settle();
    const all = lastTo(stack, ADMIN);
    await stack.say(ADMIN, '!orders');
    await stack.settle();
    const open = lastTo(stack, ADMIN);
    expect(all).toContain('*All orders* (oldest first)');
    expect(all).toContain('· COMPLETED ·');
    expect(open).toContain('*Open orders* (oldest first)');
    expect(open).not.toMatch(/· (COMPLETED|CANCELLED) ·/);
  });
});
