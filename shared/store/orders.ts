// Orders in DynamoDB. Every transition is one conditional write on (status, attempts).

import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExpectedState, OrderRepository, Page } from '../app/ports.js';
import type { Lang } from '../domain/i18n/lang.js';
import { isForServer, ORDER_STATUSES, type Order, type OrderStatus, type ProvisioningRecord } from '../domain/order.js';
import type { PayLink } from '../domain/payment.js';
import { pendingDueAt } from '../domain/payment-deadlines.js';
import type { Service } from '../domain/service.js';
import { conditionally } from './conditional.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { claimLease, type LeaseTarget, releaseLease } from './lease.js';
import { keys, TABLE } from './schema.js';

const ORDER_FIELDS = [
  'id',
  'customerId',
  'customerName',
  'packageId',
  'packageName',
  'resources',
  'price',
  'sourceMessageId',
  'status',
  'attempts',
  'createdAt',
  'updatedAt',
  'lastError',
  'provisioning',
  'history',
  'kind',
  'renews',
  'upgrades',
  'priceMinor',
  'currency',
  'periodDays',
  'service',
  'paymentReminderAt',
  'nudgedAt',
  'payBy',
  'payment',
  'payLink',
  'lang',
] as const satisfies ReadonlyArray<keyof Order>;

/** Every field of Order is read back: a new field missing from ORDER_FIELDS fails the type check here. */
type UnreadField = Exclude<keyof Order, (typeof ORDER_FIELDS)[number]>;
const EVERY_FIELD_READ: [UnreadField] extends [never] ? true : UnreadField = true;
void EVERY_FIELD_READ;

/** The delivery claim of a running attempt: kept on the item, never part of the domain's Order. */
const DELIVERY_LEASE = 'deliveryLease';

export function orderItem(order: Order): Record<string, unknown> {
  return {
    ...keys.order(order.id),
    type: 'ORDER',
    [TABLE.customerIndex.partitionKey]: keys.customerOrders(order.customerId),
    [TABLE.customerIndex.sortKey]: `${order.createdAt}#${order.id}`,
    [TABLE.statusIndex.partitionKey]: keys.statusOrders(order.status),
    [TABLE.statusIndex.sortKey]: `${order.createdAt}#${order.id}`,
    ...dueKeys(order),
    ...order,
  };
}

/**
 * The due index's keys: a server's next lifecycle step, or (a just-completed order whose service the sweep
 * has not started yet) its completion, so the sweep starts it at once. Nothing for anything else.
 */
export function dueKeys(order: Order): Record<string, string> {
  const dueAt = order.service
    ? order.service.dueAt
    : order.status === 'COMPLETED' && !isForServer(order)
      ? order.updatedAt
      : pendingDueAt(order);
  return dueAt === undefined
    ? {}
    : { [TABLE.dueIndex.partitionKey]: keys.due, [TABLE.dueIndex.sortKey]: keys.dueSort(dueAt, order.id) };
}

export function orderFromItem(item: Record<string, unknown>): Order {
  const out: Record<string, unknown> = {};
  for (const f of ORDER_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  const order = out as unknown as Order;
  order.provisioning ??= {};
  order.history ??= [];
  return order;
}

export class DynamoOrderRepository implements OrderRepository {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async create(order: Order): Promise<boolean> {
    return conditionally(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(orderItem(order), { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(id: string): Promise<Order | undefined> {
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.order(id)), ConsistentRead: true }),
    );
    return res.Item ? orderFromItem(unmarshall(res.Item)) : undefined;
  }

  listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>> {
    return this.query(TABLE.customerIndex, keys.customerOrders(customerId), false, limit, cursor);
  }

  listByStatus(status: OrderStatus, limit: number, cursor?: string): Promise<Page<Order>> {
    return this.query(TABLE.statusIndex, keys.statusOrders(status), true, limit, cursor);
  }

  async countByStatus(): Promise<Record<OrderStatus, number>> {
    const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
    await Promise.all(
      ORDER_STATUSES.map(async (status) => {
        let start: Record<string, unknown> | undefined;
        do {
          const res = await this.ddb.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: TABLE.statusIndex.name,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': TABLE.statusIndex.partitionKey },
              ExpressionAttributeValues: marshall({ ':pk': keys.statusOrders(status) }),
              Select: 'COUNT',
              ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
            }),
          );
          counts[status] += res.Count ?? 0;
          start = res.LastEvaluatedKey ? unmarshall(res.LastEvaluatedKey) : undefined;
        } while (start);
      }),
    );
    return counts;
  }

  /** Completed servers whose next lifecycle step is due by `now`, soonest first (the sparse due index). */
  async listDue(now: Date, limit: number, cursor?: string): Promise<Page<Order>> {
    const start = decodeCursor(cursor);
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.dueIndex.name,
        KeyConditionExpression: '#pk = :pk AND #sk <= :upto',
        ExpressionAttributeNames: { '#pk': TABLE.dueIndex.partitionKey, '#sk': TABLE.dueIndex.sortKey },
        // "#" sorts before every id character: `<now>#~` takes every server due at `now` exactly.
        ExpressionAttributeValues: marshall({ ':pk': keys.due, ':upto': keys.dueSort(now.toISOString(), '~') }),
        Limit: limit,
        ReturnConsumedCapacity: 'TOTAL',
        ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
      }),
    );
    this.lastReadUnits = res.ConsumedCapacity?.CapacityUnits;
    const items = (res.Items ?? []).map((i) => orderFromItem(unmarshall(i)));
    const next = res.LastEvaluatedKey ? encodeCursor(unmarshall(res.LastEvaluatedKey)) : undefined;
    return next ? { items, cursor: next } : { items };
  }

  /** The language the order's customer reads (kept by !language); only on an order that exists. */
  async setLanguage(id: string, lang: Lang): Promise<void> {
    await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(id)),
          UpdateExpression: 'SET #lang = :lang',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#lang': 'lang' },
          ExpressionAttributeValues: marshall({ ':lang': lang }),
        }),
      ),
    );
  }

  /** Records the one nudge of an unpaid order and moves it in the due index to its expiry; false if it was sent. */
  async markNudged(id: string, at: string, nextDueAt: string | undefined): Promise<boolean> {
    const names = { '#status': 'status', '#dpk': TABLE.dueIndex.partitionKey, '#dsk': TABLE.dueIndex.sortKey };
    const values: Record<string, unknown> = { ':pending': 'PENDING', ':at': at };
    if (nextDueAt) {
      values[':dpk'] = keys.due;
      values[':dsk'] = keys.dueSort(nextDueAt, id);
    }
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(id)),
          UpdateExpression: nextDueAt
            ? 'SET nudgedAt = :at, #dpk = :dpk, #dsk = :dsk'
            : 'SET nudgedAt = :at REMOVE #dpk, #dsk',
          ConditionExpression: '#status = :pending AND attribute_not_exists(nudgedAt)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
        }),
      ),
    );
  }

  /** The customer's payment page for an unpaid order; false when it is no longer PENDING. */
  async savePayLink(id: string, link: PayLink): Promise<boolean> {
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(id)),
          UpdateExpression: 'SET payLink = :link',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall(
            { ':link': link, ':pending': 'PENDING' },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  /** Takes an order out of the due index (nothing is due for it any more); conditional on its status. */
  async clearDue(id: string, status: OrderStatus): Promise<void> {
    await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(id)),
          UpdateExpression: 'REMOVE #dpk, #dsk',
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#dpk': TABLE.dueIndex.partitionKey,
            '#dsk': TABLE.dueIndex.sortKey,
          },
          ExpressionAttributeValues: marshall({ ':status': status }),
        }),
      ),
    );
  }

  /** Read units of the last listDue page, as DynamoDB reported them (the bench prints them). */
  lastReadUnits: number | undefined;

  /**
   * Writes a server's whole service record and its due-index keys, as one conditional write on the record's
   * revision (absent for the first write): two sweeps, a renewal and an execution can never lose each
   * other's change; the loser reads again and decides again.
   */
  async saveService(orderId: string, service: Service, expectedRev: number | undefined): Promise<boolean> {
    const due = service.dueAt !== undefined;
    const names: Record<string, string> = {
      '#service': 'service',
      '#status': 'status',
      '#dpk': TABLE.dueIndex.partitionKey,
      '#dsk': TABLE.dueIndex.sortKey,
    };
    const values: Record<string, unknown> = { ':service': service, ':completed': 'COMPLETED' };
    if (due) {
      values[':dpk'] = keys.due;
      values[':dsk'] = keys.dueSort(service.dueAt!, orderId);
    }
    if (expectedRev !== undefined) values[':rev'] = expectedRev;
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(orderId)),
          UpdateExpression: due
            ? 'SET #service = :service, #dpk = :dpk, #dsk = :dsk'
            : 'SET #service = :service REMOVE #dpk, #dsk',
          ConditionExpression:
            expectedRev === undefined
              ? '#status = :completed AND attribute_not_exists(#service)'
              : '#status = :completed AND #service.rev = :rev',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      ),
    );
  }

  async saveTransition(next: Order, expected: ExpectedState): Promise<boolean> {
    return conditionally(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(orderItem(next), { removeUndefinedValues: true }),
          ConditionExpression: '#status = :status AND attempts = :attempts',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':status': expected.status, ':attempts': expected.attempts }),
        }),
      ),
    );
  }

  claimDelivery(id: string, attempt: number, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    return claimLease(this.deliveryLease(id), {
      holder,
      now,
      leaseMs,
      condition: {
        expression: '#status = :provisioning AND attempts = :attempt',
        names: { '#status': 'status' },
        values: { ':provisioning': 'PROVISIONING', ':attempt': attempt },
      },
    });
  }

  releaseDelivery(id: string, holder: string): Promise<void> {
    return releaseLease(this.deliveryLease(id), holder);
  }

  private deliveryLease(id: string): LeaseTarget {
    return { ddb: this.ddb, tableName: this.tableName, key: keys.order(id), attribute: DELIVERY_LEASE };
  }

  async recordProvisioning(id: string, attempt: number, patch: ProvisioningRecord): Promise<boolean> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return true;
    const names: Record<string, string> = { '#status': 'status', '#p': 'provisioning' };
    const values: Record<string, unknown> = { ':provisioning': 'PROVISIONING', ':attempt': attempt };
    const sets = entries.map(([k, v], i) => {
      names[`#k${i}`] = k;
      values[`:v${i}`] = v;
      return `#p.#k${i} = :v${i}`;
    });
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.order(id)),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :provisioning AND attempts = :attempt',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      ),
    );
  }

  private async query(
    index: { name: string; partitionKey: string },
    pk: string,
    ascending: boolean,
    limit: number,
    cursor?: string,
  ): Promise<Page<Order>> {
    const start = decodeCursor(cursor);
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: marshall({ ':pk': pk }),
        ScanIndexForward: ascending,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
      }),
    );
    const items = (res.Items ?? []).map((i) => orderFromItem(unmarshall(i)));
    const next = res.LastEvaluatedKey ? encodeCursor(unmarshall(res.LastEvaluatedKey)) : undefined;
    return next ? { items, cursor: next } : { items };
  }
}
