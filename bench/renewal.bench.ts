// What an order's first renewal costs in AWS terms, counted on the local stack (a section of `npm run bench`):
// the sweeps that find it due and remind, the customer's `!renew`, the confirmation, and for a late payer
// the suspension and the unsuspension (two executions of the lifecycle state machine). Periods are 10 days,
// reminders 3 and 1 days before, suspension 2 days after; the functions' clock is moved, not waited for.

import { startLocalStack } from '../local/stack.js';
import { instrument, type Meter, resetMeter, timeTasks } from './meter.js';

const ADMIN = '15550105678';
const DAY = 86_400_000;

export interface RenewalPhase {
  meter: Meter;
  /** Lifecycle state machine: states entered, and retries (each a transition too). */
  transitions: number;
  retries: number;
  executions: number;
  panel: number;
  graph: number;
  sweeps: number;
}

export async function renewalCosts(n: number): Promise<{ n: number; onTime: RenewalPhase; late: RenewalPhase }> {
  let offsetMs = 0;
  const stack = await startLocalStack({
    pace: 'test',
    panelFaults: { installDelayMs: 0, rateLimitPerMinute: 1_000_000 },
    env: {
      ADMIN_WA_IDS: ADMIN,
      DEFAULT_PERIOD_DAYS: '10',
      RENEWAL_REMINDER_DAYS: '3,1',
      SUSPEND_AFTER_DAYS: '2',
      TERMINATE_AFTER_DAYS: '4',
      TERMINATION_WARNING_DAYS: '1',
      PENDING_EXPIRY_HOURS: 'never',
    },
    clock: { now: () => new Date(Date.now() + offsetMs) },
    wrapTasks: timeTasks,
    wrapLifecycleTasks: timeTasks,
  });
  instrument(stack);
  const at = async (days: number) => {
    offsetMs = days * DAY;
    await stack.sweep();
    await stack.settle(120_000);
  };
  try {
    const customers = Array.from({ length: n }, (_, i) => `1555070${String(i).padStart(4, '0')}`);
    const ids: string[] = [];
    for (const [i, c] of customers.entries()) {
      await stack.say(c, '!order bronze', `Player ${i}`);
      await stack.settle();
      const id = (await stack.app.inbox.orders.listByCustomer(c, 1)).items[0]!.id;
      await stack.say(ADMIN, `!order-confirm ${id}`, 'Admin');
      await stack.settle();
      ids.push(id);
    }
    await at(0.01); // the service records

    const renewAll = async () => {
      for (const [i, c] of customers.entries()) {
        await stack.say(c, `!renew ${ids[i]}`);
        await stack.settle();
        const renewal = (await stack.app.inbox.orders.listByCustomer(c, 10)).items.find(
          (o) => o.kind === 'RENEWAL' && o.status === 'PENDING',
        )!;
        await stack.say(ADMIN, `!order-confirm ${renewal.id}`, 'Admin');
        await stack.settle();
      }
    };
    const phase = async (act: () => Promise<number>): Promise<RenewalPhase> => {
      const meter = resetMeter();
      const panel = stack.panel!.state().requestCounts.total;
      const graph = stack.graph!.messages().length;
      const before = new Set(stack.lifecycleSfn.list().map((e) => e.name));
      const sweeps = await act();
      const started = stack.lifecycleSfn.list().filter((e) => !before.has(e.name));
      const count = (type: string) => started.reduce((a, e) => a + e.events.filter((v) => v.type === type).length, 0);
      return {
        meter,
        transitions: count('StateEntered'),
        retries: count('StateRetried'),
        executions: started.length,
        panel: stack.panel!.state().requestCounts.total - panel,
        graph: stack.graph!.messages().length - graph,
        sweeps,
      };
    };

    // On time: the 3-day reminder, then the customer renews and the payment is confirmed.
    const onTime = await phase(async () => {
      await at(7.1);
      await renewAll();
      return 1;
    });
    // Late (the next period, 10 days on): every reminder, the suspension, then the renewal and unsuspension.
    const late = await phase(async () => {
      const base = 10.05;
      for (const d of [7.1, 9.1, 10.05, 12.1]) await at(base + d);
      await renewAll();
      return 4;
    });
    return { n, onTime, late };
  } finally {
    await stack.stop();
  }
}
