// A claim with a lease on one attribute of one item: `{ holder, until }`. Taken when nobody holds it, when
// this holder already does, or when the holder's lease ran out (a worker that died keeps nobody waiting for
// long); given up by its holder only. One conditional UpdateItem each, like every write of this table.

import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { conditionally } from './conditional.js';

export interface LeaseTarget {
  ddb: DynamoDBClient;
  tableName: string;
  key: Record<string, string>;
  /** The attribute that holds the claim. */
  attribute: string;
}

export interface LeaseClaim {
  holder: string;
  now: Date;
  leaseMs: number;
  /** A further condition of the item, ANDed with the lease's (its names and values passed alongside). */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  /** Further attributes to SET with the claim (`#name = :value` pairs, names and values passed alongside). */
  set?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

export function claimLease(t: LeaseTarget, c: LeaseClaim): Promise<boolean> {
  const free = '(attribute_not_exists(#lease) OR #lease.holder = :holder OR #lease.#until < :now)';
  return conditionally(() =>
    t.ddb.send(
      new UpdateItemCommand({
        TableName: t.tableName,
        Key: marshall(t.key),
        UpdateExpression: `SET #lease = :lease${c.set ? `, ${c.set.expression}` : ''}`,
        ConditionExpression: c.condition ? `${c.condition.expression} AND ${free}` : free,
        ExpressionAttributeNames: { '#lease': t.attribute, '#until': 'until', ...c.condition?.names, ...c.set?.names },
        ExpressionAttributeValues: marshall({
          ':lease': { holder: c.holder, until: new Date(c.now.getTime() + c.leaseMs).toISOString() },
          ':holder': c.holder,
          ':now': c.now.toISOString(),
          ...c.condition?.values,
          ...c.set?.values,
        }),
      }),
    ),
  );
}

export async function releaseLease(t: LeaseTarget, holder: string): Promise<void> {
  await conditionally(() =>
    t.ddb.send(
      new UpdateItemCommand({
        TableName: t.tableName,
        Key: marshall(t.key),
        UpdateExpression: 'REMOVE #lease',
        ConditionExpression: '#lease.holder = :holder',
        ExpressionAttributeNames: { '#lease': t.attribute },
        ExpressionAttributeValues: marshall({ ':holder': holder }),
      }),
    ),
  );
}
