// The bench's meters: what a run on the local stack would cost in AWS, counted as it happens. Every queue
// batch handed to a handler is one Lambda invocation of a worker; every task call one of a task function;
// DynamoDB units as the emulator reports them; SQS requests that AWS would bill.

import { performance } from 'node:perf_hooks';
import { QueuePoller } from '../local/poller.js';
import type { LocalStack } from '../local/stack.js';

export interface Meter {
  batches: Record<string, { n: number; ms: number }>;
  tasks: Record<string, { n: number; ms: number }>;
  ddb: Record<string, number>;
  wru: number;
  rru: number;
  sqs: Record<string, number>;
}
export const newMeter = (): Meter => ({ batches: {}, tasks: {}, ddb: {}, wru: 0, rru: 0, sqs: {} });
let meter = newMeter();

/** Starts counting afresh; what the stacks do from now on is counted in the meter returned. */
export function resetMeter(): Meter {
  meter = newMeter();
  return meter;
}

// Every queue batch a poller hands to a handler is one Lambda invocation of the inbox or outbox function.
const pollOnce = QueuePoller.prototype.pollOnce;
QueuePoller.prototype.pollOnce = async function (this: QueuePoller, wait?: number) {
  const t = performance.now();
  const n = await pollOnce.call(this, wait);
  if (n > 0) {
    const q = (this as unknown as { o: { queueUrl: string } }).o.queueUrl.includes('outbox') ? 'outbox' : 'inbox';
    meter.batches[q] = meter.batches[q] ?? { n: 0, ms: 0 };
    const b = meter.batches[q];
    b.n++;
    b.ms += Math.max(1, Math.ceil(performance.now() - t));
  }
  return n;
};

export function timeTasks<T extends object>(tasks: T): T {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(tasks) as [string, (input: never) => Promise<unknown>][]) {
    out[name] = async (input: never) => {
      const t = performance.now();
      try {
        return await fn(input);
      } finally {
        meter.tasks[name] = meter.tasks[name] ?? { n: 0, ms: 0 };
        const s = meter.tasks[name];
        s.n++;
        s.ms += Math.max(1, Math.ceil(performance.now() - t));
      }
    };
  }
  return out as unknown as T;
}

const DATA_PLANE = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
]);

export function instrument(stack: LocalStack): void {
  stack.emulators.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      const input = args.input as Record<string, unknown>;
      if (DATA_PLANE.has(name)) input.ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      meter.ddb[name] = (meter.ddb[name] ?? 0) + 1;
      const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      const units = cc?.CapacityUnits ?? 1;
      if (name === 'GetItemCommand' || name === 'QueryCommand') meter.rru += units;
      else if (DATA_PLANE.has(name)) meter.wru += units;
      return out;
    },
    { step: 'initialize', name: 'benchDynamoMeter' },
  );
  stack.emulators.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const name = context.commandName ?? '?';
      const empty =
        name === 'ReceiveMessageCommand' && ((out.output as { Messages?: unknown[] }).Messages ?? []).length === 0;
      if (!empty && name !== 'GetQueueAttributesCommand') meter.sqs[name] = (meter.sqs[name] ?? 0) + 1;
      return out;
    },
    { step: 'initialize', name: 'benchSqsMeter' },
  );
}
