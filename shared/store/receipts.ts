// Payment receipts in the table: a receipt waiting for the customer to pick its order (several unpaid), and
// notes on an order's history (a receipt arrived, an admin rejected it). Each write is one conditional write.

import { type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ReceiptDraft, ReceiptRecords } from '../app/ports.js';
import type { HistoryEntry, OrderStatus } from '../domain/order.js';
import { conditionally } from './conditional.js';
import { epochSeconds, keys, RECEIPT_TTL_SECONDS } from './schema.js';

/** Notes stop being added to an order whose history is this long (a customer sending receipt after receipt). */
export const MAX_HISTORY = 80;

const DRAFT_FIELDS = ['messageId', 'from', 'at', 'text', 'media', 'usedFor', 'usedBy'] as const;

export class DynamoReceiptRecords implements ReceiptRecords {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async saveDraft(draft: ReceiptDraft): Promise<void> {
    // A redelivered receipt writes the same draft again, unless a tap has already sent it on.
    await conditionally(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            {
              ...keys.receipt(draft.messageId),
              type: 'RECEIPT',
              ...draft,
              expiresAt: epochSeconds(new Date(draft.at)) + RECEIPT_TTL_SECONDS,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(usedBy)',
        }),
      ),
    );
  }

  async getDraft(messageId: string, now: Date): Promise<ReceiptDraft | undefined> {
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.receipt(messageId)), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const item = unmarshall(res.Item);
    // TTL deletion lags (and never happens locally): an expired draft counts as absent.
    if (typeof item.expiresAt === 'number' && item.expiresAt < epochSeconds(now)) return undefined;
    const out: Record<string, unknown> = {};
    for (const f of DRAFT_FIELDS) if (item[f] !== undefined) out[f] = item[f];
    return out as unknown as ReceiptDraft;
  }

  claimDraft(messageId: string, orderId: string, by: string): Promise<boolean> {
    // The same tap again (a redelivery) may go on; another tap finds it used.
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.receipt(messageId)),
          UpdateExpression: 'SET usedFor = :order, usedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(usedBy) OR usedBy = :by)',
          ExpressionAttributeValues: marshall({ ':order': orderId, ':by': by }),
        }),
      ),
    );
  }

  note(orderId: string, entry: HistoryEntry, status: OrderStatus): Promise<boolean> {
    // Appended, never rewritten: a transition's conditional write of the whole order stays the only way its
    // status changes. (A transition written from a copy read before this note replaces the history without it.)
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(orderId)),
          UpdateExpression: 'SET #history = list_append(#history, :entry)',
          ConditionExpression: '#status = :status AND size(#history) < :max',
          ExpressionAttributeNames: { '#history': 'history', '#status': 'status' },
          ExpressionAttributeValues: marshall(
            { ':entry': [entry], ':status': status, ':max': MAX_HISTORY },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }
}
