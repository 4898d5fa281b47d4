// The lifecycle sweep's cost with many servers and few due: 10,000 completed servers on the local table, of
// which 10 are due now (a reminder each). Prints the read units DynamoDB reports for the due-index query and
// for the whole sweep (the query plus the consistent re-read of each due server before its conditional write),
// and the sweep's time. `npx tsx bench/sweep.bench.ts` runs it alone; bench/run.ts includes it.

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startLocalStack } from '../local/stack.js';
import { createOrder, type Order, transitionAll } from '../shared/domain/order.js';
import { ORDER_ID_ALPHABET } from '../shared/domain/order-id.js';
import { DEFAULT_TIER_RESOURCES } from '../shared/domain/packages.js';
import { DEFAULT_POLICY, startService } from '../shared/domain/service.js';
import { orderItem } from '../shared/store/orders.js';

const DAY = 86_400_000;

export interface SweepFigures {
  servers: number;
  due: number;
  queryReadUnits: number;
  sweepReadUnits: number;
  sweepWriteUnits: number;
  sweepMs: number;
  reminders: number;
}

/** A completed server whose next step (the 3-day reminder) is `dueInDays` from now. */
function server(i: number, now: Date, dueInDays: number): Order {
  let digits = '';
  for (let n = i, k = 0; k < 6; k++, n = Math.floor(n / 32)) digits = ORDER_ID_ALPHABET[n % 32] + digits;
  const id = `ORD-${digits}`;
  const created = new Date(now.getTime() - 30 * DAY);
  const base = createOrder(
    {
      id,
      customerId: `1555${String(i).padStart(7, '0')}`,
      packageId: 'gold',
      packageName: 'Gold',
      resources: DEFAULT_TIER_RESOURCES.gold,
      price: 'R$ 45/month',
      periodDays: 30,
    },
    created,
  );
  const done = transitionAll(
    base,
    [
      { type: 'CONFIRM', by: 'admin' },
      { type: 'START_PROVISIONING', by: 'admin' },
      { type: 'COMPLETE', by: 'state-machine' },
    ],
    created,
  );
  done.provisioning = { ...done.provisioning, serverId: i, serverAddress: `10.0.0.1:${25565 + (i % 1000)}` };
  const completedAt = new Date(now.getTime() + (dueInDays + 3) * DAY - 30 * DAY).toISOString();
  return { ...done, service: startService(completedAt, 30, DEFAULT_POLICY, 'bench') };
}

export async function sweepBench(total = 10_000, due = 10): Promise<SweepFigures> {
  const stack = await startLocalStack({ pace: 'test' });
  try {
    const now = stack.clock.now();
    const items = Array.from({ length: total }, (_, i) =>
      orderItem(server(i + 1, now, i < due ? -0.01 : 1 + (i % 25))),
    );
    for (let i = 0; i < items.length; i += 25) {
      await stack.emulators.clients.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [stack.emulators.tableName]: items
              .slice(i, i + 25)
              .map((Item) => ({ PutRequest: { Item: marshall(Item, { removeUndefinedValues: true }) } })),
          },
        }),
      );
    }
    let reads = 0;
    let writes = 0;
    stack.emulators.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const out = await next(args);
        const units =
          (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits ?? 0;
        if (context.commandName === 'GetItemCommand' || context.commandName === 'QueryCommand') reads += units;
        else writes += units;
        return out;
      },
      { step: 'initialize', name: 'sweepBenchMeter' },
    );
    const t = performance.now();
    const report = await stack.sweep();
    const sweepMs = performance.now() - t;
    return {
      servers: total,
      due: report.due,
      queryReadUnits: report.readUnits ?? Number.NaN,
      sweepReadUnits: reads,
      sweepWriteUnits: writes,
      sweepMs,
      reminders: report.reminders,
    };
  } finally {
    await stack.stop();
  }
}

export function sweepRows(f: SweepFigures): [string, string][] {
  return [
    ['servers on the table / due now (read from the index)', `${f.servers} / ${f.due}`],
    ['due-index query read units', f.queryReadUnits.toFixed(1)],
    ['whole sweep read / write units', `${f.sweepReadUnits.toFixed(1)} / ${f.sweepWriteUnits.toFixed(1)}`],
    ['reminders queued', String(f.reminders)],
    ['sweep time (local, dynalite)', `${f.sweepMs.toFixed(0)} ms`],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const f = await sweepBench(Number(process.env.BENCH_SERVERS ?? 10_000), Number(process.env.BENCH_DUE ?? 10));
  for (const [k, v] of sweepRows(f)) console.log(`${k.padEnd(56)} ${v}`);
  process.exit(0);
}
