// The shared panel budget's one item (shared/panel/pacing.ts): `tat`, in milliseconds on the panel's clock.
// Every change is one conditional UpdateItem, so concurrent Lambda invocations book distinct slots without
// reading first: a busy budget is advanced by one interval (`tat = tat + interval`), an idle one restarts
// from now. No lock, no transaction; a lost race only means trying the other condition.

import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PanelBudgetStore } from '../panel/pacing.js';
import { conditionally } from './conditional.js';
import { keys } from './schema.js';

export class DynamoPanelBudget implements PanelBudgetStore {
  /** Which condition to try first: the one that held last time (a burst keeps the budget busy). */
  private busy = false;

  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async book(now: number, intervalMs: number, latest: number): Promise<number | undefined> {
    for (const busy of this.busy ? [true, false] : [false, true]) {
      const before = busy ? await this.advance(now, intervalMs, latest) : await this.restart(now, intervalMs);
      if (before !== undefined) {
        this.busy = busy;
        return before;
      }
    }
    return undefined;
  }

  /** Busy: one more slot after the last booked one, unless that is later than `latest`. */
  private async advance(now: number, intervalMs: number, latest: number): Promise<number | undefined> {
    try {
      const out = await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.panelBudget),
          UpdateExpression: 'SET tat = tat + :interval',
          ConditionExpression: 'tat >= :now AND tat <= :latest',
          ExpressionAttributeValues: marshall({ ':interval': intervalMs, ':now': now, ':latest': latest }),
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return Number(unmarshall(out.Attributes ?? {}).tat);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  /** Idle (nothing booked from now on): this call goes now. */
  private async restart(now: number, intervalMs: number): Promise<number | undefined> {
    const done = await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.panelBudget),
          UpdateExpression: 'SET tat = :next',
          ConditionExpression: 'attribute_not_exists(tat) OR tat < :now',
          ExpressionAttributeValues: marshall({ ':next': now + intervalMs, ':now': now }),
        }),
      ),
    );
    return done ? now : undefined;
  }

  async read(): Promise<number> {
    const out = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.panelBudget), ConsistentRead: true }),
    );
    const tat = out.Item ? Number(unmarshall(out.Item).tat) : 0;
    return Number.isFinite(tat) ? tat : 0;
  }

  async raise(at: number): Promise<void> {
    await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.panelBudget),
          UpdateExpression: 'SET tat = :at',
          ConditionExpression: 'attribute_not_exists(tat) OR tat < :at',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      ),
    );
  }
}
