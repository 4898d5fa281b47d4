// The state machine writes COMPLETE (MarkCompleted) and FAIL (RevertOrder) itself, as DynamoDB direct
// integrations; the domain's transition() decides the same events for everything else. This test runs those
// two states of the synthesized definition on the local DynamoDB against a real order item and expects the
// very item the repository would store for transition(): any disagreement (status, index keys, history
// entry, lastError, the provisioning record) fails here.

import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../../local/emulators.js';
import { synthesizeDefinition } from '../../../local/sfn/definition.js';
import { LocalStepFunctions } from '../../../local/sfn/runner.js';
import {
  createOrder,
  type Order,
  type OrderError,
  type OrderEvent,
  transition,
  transitionAll,
} from '../../../shared/domain/order.js';
import { DEFAULT_TIER_RESOURCES } from '../../../shared/domain/packages.js';
import { orderItem } from '../../../shared/store/orders.js';
import { STATE_MACHINE_ACTOR } from '../../../shared/store/provisioning-outcomes.js';
import { keys } from '../../../shared/store/schema.js';
import { testEnv } from '../../support/settings.js';

const CREATED = new Date('2026-03-01T12:00:00.000Z');
const AT = '2026-03-01T12:09:30.000Z';
const ADMIN = 'admin:15550105678';

let emulators: Emulators;
let asl: StateMachineDefinition;

beforeAll(async () => {
  emulators = await startEmulators();
  ({ asl } = synthesizeDefinition(testEnv()));
}, 120_000); // synth is CPU-heavy on a busy machine

afterAll(async () => {
  await emulators?.stop();
});

/**
 * A PROVISIONING order in its second attempt: the first one failed (so it carries a lastError that COMPLETE
 * must clear), and the second one has made a user and a server.
 */
function provisioningOrder(id: string): Order {
  const earlier: OrderError = { step: 'EnsureServer', code: 'PanelUnavailableError', message: '503', at: AT };
  const order = transitionAll(
    createOrder(
      {
        id,
        customerId: '5511987654321',
        customerName: 'Ana',
        packageId: 'gold',
        packageName: 'Gold',
        resources: DEFAULT_TIER_RESOURCES.gold,
        price: 'R$ 45/month',
      },
      CREATED,
    ),
    [
      { type: 'CONFIRM', by: ADMIN },
      { type: 'START_PROVISIONING', by: ADMIN },
      { type: 'FAIL', by: STATE_MACHINE_ACTOR, error: earlier },
      { type: 'START_PROVISIONING', by: ADMIN },
    ],
    CREATED,
  );
  return {
    ...order,
    provisioning: {
      step: 'DeliverCredentials',
      panelUserId: 4,
      userCreated: true,
      serverId: 9,
      serverIdentifier: 'a1b2c3d4',
    },
  };
}

/** Runs one state of the deployed definition on its own, after a Pass that adds `given` to its input. */
async function runState(name: string, order: Order, given: Record<string, unknown>) {
  // The catch leads on to the notice; here a refused write must show as a failed run.
  const { Next: _next, Catch: _catch, ...state } = asl.States[name] as unknown as Record<string, unknown>;
  const sfn = new LocalStepFunctions({
    asl: {
      StartAt: 'Given',
      States: {
        Given: {
          Type: 'Pass',
          Parameters: { 'orderId.$': '$.orderId', 'attempt.$': '$.attempt', ...given },
          Next: name,
        },
        [name]: { ...state, End: true },
      },
    } as unknown as StateMachineDefinition,
    tasks: {},
    clients: emulators.clients,
    tableName: emulators.tableName,
    outboxQueueUrl: emulators.queues.outbox,
  });
  await sfn.start(order.id, order.attempts);
  const run = sfn.get(order.id, order.attempts)!;
  await run.done;
  return run;
}

async function put(order: Order): Promise<void> {
  await emulators.clients.dynamodb.send(
    new PutItemCommand({
      TableName: emulators.tableName,
      Item: marshall(orderItem(order), { removeUndefinedValues: true }),
    }),
  );
}

async function stored(id: string): Promise<Record<string, unknown>> {
  const res = await emulators.clients.dynamodb.send(
    new GetItemCommand({ TableName: emulators.tableName, Key: marshall(keys.order(id)), ConsistentRead: true }),
  );
  return unmarshall(res.Item!);
}

/** The item the repository writes for `order`, as DynamoDB gives it back. */
function asStored(order: Order): Record<string, unknown> {
  return unmarshall(marshall(orderItem(order), { removeUndefinedValues: true }));
}

describe('the state machine and the domain apply COMPLETE and FAIL the same way', () => {
  it('MarkCompleted stores what transition(order, COMPLETE) makes', async () => {
    // Arrange
    const order = provisioningOrder('ORD-C0MPL1');
    await put(order);
    const event: OrderEvent = { type: 'COMPLETE', by: STATE_MACHINE_ACTOR };
    // Act
    const run = await runState('MarkCompleted', order, { delivery: { at: AT } });
    // Assert
    expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
    expect(await stored(order.id)).toEqual(asStored(transition(order, event, new Date(AT))));
  });

  it('RevertOrder stores what transition(order, FAIL) makes, with the error of the failed step', async () => {
    // Arrange
    const order = provisioningOrder('ORD-FA1L2D');
    await put(order);
    const error: OrderError = {
      step: 'WaitForInstall',
      code: 'ServerInstallFailedError',
      message: 'install_failed',
      at: AT,
    };
    const event: OrderEvent = { type: 'FAIL', by: STATE_MACHINE_ACTOR, error };
    // Act
    const run = await runState('RevertOrder', order, {
      failedStep: error.step,
      error: { Error: error.code, Cause: error.message },
      rollback: { at: AT },
    });
    // Assert
    expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
    expect(await stored(order.id)).toEqual(asStored(transition(order, event, new Date(AT))));
  });

  it.each([
    ['MarkCompleted', { delivery: { at: AT } }],
    [
      'RevertOrder',
      { failedStep: 'Rollback', error: { Error: 'PanelRejectedError', Cause: '422' }, rollback: { at: AT } },
    ],
  ])(
    '%s changes nothing for an order no longer in that attempt (conditional, as the repository writes)',
    async (name, given) => {
      // Arrange: the order moved on to a third attempt; an execution of the second one still runs.
      const current = provisioningOrder(name === 'MarkCompleted' ? 'ORD-STA1E1' : 'ORD-STA1E2');
      const moved = { ...current, attempts: current.attempts + 1 };
      await put(moved);
      // Act
      const run = await runState(name, current, given);
      // Assert
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('DynamoDB.ConditionalCheckFailedException');
      expect(await stored(moved.id)).toEqual(asStored(moved));
    },
  );
});
