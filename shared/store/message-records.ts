// Processed inbound message ids (dedupe for Meta's redeliveries) and sent-message records (for status webhooks).

import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DeliveryStatus, InboundDedupe, SentMessageLog, SentMessageRecord } from '../app/ports.js';
import { conditionally } from './conditional.js';
import { epochSeconds, INBOUND_TTL_SECONDS, keys, SENT_TTL_SECONDS } from './schema.js';

export class DynamoInboundDedupe implements InboundDedupe {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async begin(messageId: string, at: Date, leaseMs: number): Promise<'first' | 'duplicate' | 'in-progress'> {
    const held = await conditionally(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            ...keys.inbound(messageId),
            type: 'INBOUND',
            seenAt: at.toISOString(),
            state: 'IN_PROGRESS',
            leaseUntil: at.getTime() + leaseMs,
            expiresAt: epochSeconds(at) + INBOUND_TTL_SECONDS,
          }),
          // TTL deletion lags (and never happens locally): an expired record counts as absent, and so does
          // the lease of a worker that died before finishing.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND leaseUntil < :nowMs)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':now': epochSeconds(at),
            ':nowMs': at.getTime(),
            ':inProgress': 'IN_PROGRESS',
          }),
        }),
      ),
    );
    if (held) return 'first';
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.inbound(messageId)), ConsistentRead: true }),
    );
    // Records written before leases existed have no state: they were processed.
    return res.Item && unmarshall(res.Item).state === 'IN_PROGRESS' ? 'in-progress' : 'duplicate';
  }

  async complete(messageId: string, at: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.inbound(messageId)),
        UpdateExpression: 'SET #state = :done, doneAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':done': 'COMPLETED', ':at': at.toISOString() }),
      }),
    );
  }

  async forget(messageId: string): Promise<void> {
    await this.ddb.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall(keys.inbound(messageId)) }));
  }
}

const RANK: Record<DeliveryStatus, number> = { accepted: 0, unknown: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export class DynamoSentMessageLog implements SentMessageLog {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async record(entry: SentMessageRecord): Promise<void> {
    await this.ddb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          {
            ...keys.sent(entry.messageId),
            type: 'SENT',
            ...entry,
            statusRank: RANK[entry.status],
            expiresAt: epochSeconds(new Date(entry.sentAt)) + SENT_TTL_SECONDS,
          },
          { removeUndefinedValues: true, convertClassInstanceToMap: true },
        ),
      }),
    );
  }

  async get(messageId: string): Promise<SentMessageRecord | undefined> {
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.sent(messageId)), ConsistentRead: true }),
    );
    return res.Item ? toRecord(unmarshall(res.Item)) : undefined;
  }

  async applyStatus(
    messageId: string,
    status: DeliveryStatus,
    at: Date,
    errorCode?: number,
  ): Promise<SentMessageRecord | undefined> {
    const values: Record<string, unknown> = { ':s': status, ':r': RANK[status], ':at': at.toISOString() };
    let set = '#status = :s, statusRank = :r, updatedAt = :at';
    if (errorCode !== undefined) {
      values[':e'] = errorCode;
      set += ', errorCode = :e';
    }
    try {
      const res = await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.sent(messageId)),
          UpdateExpression: `SET ${set}`,
          // Statuses arrive out of order: a late "delivered" after "read" changes nothing.
          ConditionExpression: 'attribute_exists(pk) AND statusRank < :r',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall(values),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return res.Attributes ? toRecord(unmarshall(res.Attributes)) : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return this.get(messageId);
      throw e;
    }
  }

  async markResent(messageId: string, marker: string): Promise<boolean> {
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.sent(messageId)),
          UpdateExpression: 'SET resentAs = :m',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(resentAs)',
          ExpressionAttributeValues: marshall({ ':m': marker }),
        }),
      ),
    );
  }
}

function toRecord(item: Record<string, unknown>): SentMessageRecord {
  const { pk: _pk, sk: _sk, type: _type, statusRank: _rank, expiresAt: _exp, ...rest } = item;
  return rest as unknown as SentMessageRecord;
}
