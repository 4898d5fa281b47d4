// Gateway payments under duplicates and races, over the whole local stack with the strict fake Stripe: many
// orders paid by link at once, each in a seeded scenario: paid (its event redelivered), paid while an admin
// confirms by hand at the same moment, paid by a delayed method (two events for one payment, the first
// redelivered), forged and replayed events before the genuine one, a wrong amount, and a page paid twice
// (a fresh link paid after the first). Then the invariants: each order confirmed at most once, by one payer;
// every paid order provisioned by exactly one execution; every payment that changed nothing reached the
// admins; no gateway key in any DynamoDB item or log line.
//
// Size: PAYMENT_FAULT_ORDERS (default 16 in npm test; `npm run test:faults` runs 120). Seed: FAULT_SEED.

import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeStripe } from '../../local/fake-gateways/stripe.js';
import { type FakePanel, prng, startFakePanel } from '../../local/fake-panel/index.js';
import type { Order } from '../../shared/domain/order.js';
import { ADMIN, messagesTo, newCustomer, placeOrder, startTestStack, type TestStack } from '../support/harness.js';
import { roomySeed } from './harness.js';

const N = Math.max(6, Number(process.env.PAYMENT_FAULT_ORDERS ?? 16));
const SEED = Number(process.env.FAULT_SEED ?? 20261130);
const SCENARIOS = ['paid', 'paid-and-admin', 'delayed', 'forged-first', 'wrong-amount', 'paid-twice'] as const;
type Scenario = (typeof SCENARIOS)[number];

let stack: TestStack;
let panel: FakePanel;
const metrics: string[] = [];
const rnd = prng(SEED);
const stripe = (): FakeStripe => stack.payments.stripe!;

beforeAll(async () => {
  // A panel with room for every order; its own per-minute throttle is the burst bench's subject (bench/), not this.
  panel = await startFakePanel({
    seed: roomySeed(N),
    requestLogLimit: 100,
    faults: { installDelayMs: 20, rateLimitPerMinute: 1_000_000 },
  });
  stack = await startTestStack({
    env: {
      PAYMENT_PROVIDER: 'stripe',
      PENDING_EXPIRY_HOURS: 'never',
      PTERODACTYL_URL: panel.url,
      PTERODACTYL_ADMIN_API_KEY: panel.apiKey,
    },
    metric: (name) => metrics.push(name),
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await panel?.close();
});

async function settle(): Promise<void> {
  await stripe().idle();
  await stack.settle(60_000 + N * 2_000);
  await stripe().idle();
  await stack.settle(60_000 + N * 2_000);
}

const get = async (id: string): Promise<Order> => (await stack.app.inbox.orders.get(id))!;
const sessionOf = async (id: string) => (await get(id)).payLink!.reference;

/** Plays one order's scenario; everything of all orders runs at once. */
async function play(id: string, scenario: Scenario): Promise<void> {
  const session = await sessionOf(id);
  switch (scenario) {
    case 'paid': {
      const ev = await stripe().pay(session);
      await Promise.all([stripe().resend(ev.id), stripe().resend(ev.id)]);
      return;
    }
    case 'paid-and-admin':
      await Promise.all([stripe().pay(session), stack.say(ADMIN, `!order-confirm ${id}`)]);
      return;
    case 'delayed': {
      const ev = await stripe().pay(session, { later: true });
      await stripe().resend(ev.id);
      const done = await stripe().settleLater(session);
      await stripe().resend(done.id);
      return;
    }
    case 'forged-first': {
      const paid = {
        ...stripe().sessions.get(session)!,
        status: 'complete',
        payment_status: 'paid',
        payment_intent: 'pi_forged',
      };
      await stripe().sendEvent(
        { type: 'checkout.session.completed', data: { object: paid } },
        { secret: 'whsec_forged' },
      );
      await stripe().sendEvent(
        { type: 'checkout.session.completed', data: { object: paid } },
        { timestamp: Math.floor(Date.now() / 1000) - 3600 },
      );
      await stripe().pay(session);
      return;
    }
    case 'wrong-amount': {
      const short = {
        ...stripe().sessions.get(session)!,
        status: 'complete',
        payment_status: 'paid',
        amount_total: 100,
        payment_intent: `pi_short_${id}`,
      };
      await stripe().sendEvent({ type: 'checkout.session.completed', data: { object: short } });
      return;
    }
    case 'paid-twice': {
      // The customer asked for a fresh page (before the run) and pays it, and a second payment arrives as an
      // event for another session of the same order.
      const fresh = await sessionOf(id);
      await stripe().pay(fresh);
      const again = { ...stripe().sessions.get(fresh)!, id: `cs_test_second_${id}`, payment_intent: `pi_second_${id}` };
      await stripe().sendEvent({ type: 'checkout.session.completed', data: { object: again } });
      return;
    }
  }
}

describe(`gateway payments under duplicates and races (${N} orders, seed ${SEED})`, () => {
  it('confirms each paid order once, provisions it once, and tells the admins of every payment that changed nothing', async () => {
    const orders: { id: string; customer: string; scenario: Scenario }[] = [];
    for (let i = 0; i < N; i++) {
      const customer = newCustomer();
      orders.push({
        id: await placeOrder(stack, customer, i % 3 === 0 ? 'silver' : 'bronze'),
        customer,
        scenario: SCENARIOS[i % SCENARIOS.length]!,
      });
    }
    // A seeded order of play, all at once.
    const shuffled = orders
      .map((o) => ({ o, k: rnd() }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.o);
    await Promise.all(shuffled.map((o) => play(o.id, o.scenario)));
    await settle();

    const admin = messagesTo(stack, ADMIN);
    const counts: Record<string, number> = {};
    for (const { id, scenario } of orders) {
      const o = await get(id);
      const confirms = o.history.filter((h) => h.event === 'CONFIRM');
      const executions = stack.sfn.list().filter((e) => e.name.startsWith(`${id}-`));
      const key = `${scenario}:${o.status}:${o.payment?.method ?? 'none'}`;
      counts[key] = (counts[key] ?? 0) + 1;
      expect(confirms.length, id).toBeLessThanOrEqual(1);
      if (scenario === 'wrong-amount') {
        expect(o.status, id).toBe('PENDING');
        expect(
          admin.some((t) => t.includes(id) && t.includes('did not match')),
          id,
        ).toBe(true);
        continue;
      }
      // Every other scenario ends paid once and provisioned by one execution.
      expect(o.status, `${id} ${scenario}`).toBe('COMPLETED');
      expect(
        executions.map((e) => e.status),
        id,
      ).toEqual(['SUCCEEDED']);
      if (scenario === 'paid-and-admin' && o.payment?.method === 'manual')
        expect(
          admin.some((t) => t.includes(id) && t.includes('was already paid')),
          id,
        ).toBe(true);
      if (scenario === 'paid-twice') {
        expect(o.payment?.method, id).toBe('stripe');
        expect(
          admin.some((t) => t.includes(id) && t.includes(`pi_second_${id}`) && t.includes('refund')),
          id,
        ).toBe(true);
      }
      if (scenario !== 'paid-and-admin') expect(o.payment?.method, id).toBe('stripe');
    }
    console.log(`payments fault run (${N} orders):`, counts, {
      signatureRejected: metrics.filter((m) => m === 'PaymentSignatureRejected').length,
      unmatched: metrics.filter((m) => m === 'PaymentUnmatched').length,
      duplicate: metrics.filter((m) => m === 'PaymentDuplicate').length,
    });
    expect(metrics.filter((m) => m === 'PaymentSignatureRejected').length).toBe(
      2 * orders.filter((o) => o.scenario === 'forged-first').length,
    );

    // No gateway key anywhere in the table or the logs.
    const keys = [stack.env.STRIPE_SECRET_KEY!, stack.env.STRIPE_WEBHOOK_SECRET!];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await stack.emulators.clients.dynamodb.send(
        new ScanCommand({ TableName: stack.emulators.tableName, ExclusiveStartKey: start }),
      );
      const text = JSON.stringify(page.Items ?? []);
      for (const k of keys) expect(text).not.toContain(k);
      start = page.LastEvaluatedKey;
    } while (start);
    const logs = JSON.stringify(stack.logs);
    for (const k of keys) expect(logs).not.toContain(k);
  }, 600_000);
});
