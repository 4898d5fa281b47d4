// Customers: the last inbound time (the 24-hour window) and the profile name.

import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Customer, CustomerRepository } from '../app/ports.js';
import { conditionally } from './conditional.js';
import { keys } from './schema.js';

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async touch(id: string, at: Date, name?: string): Promise<void> {
    const iso = at.toISOString();
    const values: Record<string, unknown> = { ':at': iso, ':type': 'CUSTOMER', ':id': id };
    let set = 'lastInboundAt = :at, firstSeenAt = if_not_exists(firstSeenAt, :at), #type = :type, id = :id';
    if (name) {
      values[':name'] = name.slice(0, 100);
      set += ', #name = :name';
    }
    await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.customer(id)),
          UpdateExpression: `SET ${set}`,
          // Messages can arrive out of order: the window never moves backwards.
          ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :at',
          ExpressionAttributeNames: { '#type': 'type', ...(name ? { '#name': 'name' } : {}) },
          ExpressionAttributeValues: marshall(values),
        }),
      ),
    );
  }

  async claimPasswordDelivery(customerId: string, panelUserId: number, orderId: string): Promise<boolean> {
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.customer(customerId)),
          UpdateExpression: 'SET #claim = :order',
          ConditionExpression: 'attribute_not_exists(#claim) OR #claim = :order',
          ExpressionAttributeNames: { '#claim': `passwordDeliveryFor${panelUserId}` },
          ExpressionAttributeValues: marshall({ ':order': orderId }),
        }),
      ),
    );
  }

  async get(id: string): Promise<Customer | undefined> {
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.customer(id)), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const item = unmarshall(res.Item);
    const customer: Customer = { id, firstSeenAt: String(item.firstSeenAt ?? item.lastInboundAt ?? '') };
    if (typeof item.name === 'string') customer.name = item.name;
    if (typeof item.lastInboundAt === 'string') customer.lastInboundAt = item.lastInboundAt;
    return customer;
  }
}
