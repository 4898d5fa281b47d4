// Customers: the last inbound time (the 24-hour window), the profile name, and what the system knows of
// the panel users it made for them (created by us? password delivered?).

import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Customer, CustomerRepository, PanelUserFacts, PasswordResetEntry } from '../app/ports.js';
import { isLang, type Lang } from '../domain/i18n/lang.js';
import { conditionally } from './conditional.js';
import { claimLease, type LeaseTarget, releaseLease } from './lease.js';
import { keys } from './schema.js';

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async touch(id: string, at: Date, name?: string): Promise<Customer | undefined> {
    const iso = at.toISOString();
    const values: Record<string, unknown> = { ':at': iso, ':type': 'CUSTOMER', ':id': id };
    let set = 'lastInboundAt = :at, firstSeenAt = if_not_exists(firstSeenAt, :at), #type = :type, id = :id';
    if (name) {
      values[':name'] = name.slice(0, 100);
      set += ', #name = :name';
    }
    let stored: Record<string, unknown> | undefined;
    await conditionally(async () => {
      const res = await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.customer(id)),
          UpdateExpression: `SET ${set}`,
          // Messages can arrive out of order: the window never moves backwards.
          ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :at',
          ExpressionAttributeNames: { '#type': 'type', ...(name ? { '#name': 'name' } : {}) },
          ExpressionAttributeValues: marshall(values),
          // The customer as stored after the write: the turn's reader (their language) with no second read.
          ReturnValues: 'ALL_NEW',
        }),
      );
      stored = res.Attributes ? unmarshall(res.Attributes) : undefined;
    });
    return stored ? customerFromItem(id, stored) : undefined;
  }

  async setLanguage(id: string, lang: Lang, how: 'chosen' | 'seen', at: Date): Promise<void> {
    const chosen = how === 'chosen';
    await conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.customer(id)),
          UpdateExpression: chosen
            ? 'SET #lang = :lang, languageChosenAt = :at, id = :id'
            : 'SET #lang = :lang, id = :id',
          // What a customer chose is never overwritten by what their words look like.
          ...(chosen ? {} : { ConditionExpression: 'attribute_not_exists(languageChosenAt)' }),
          ExpressionAttributeNames: { '#lang': 'language' },
          ExpressionAttributeValues: marshall({
            ':lang': lang,
            ':id': id,
            ...(chosen ? { ':at': at.toISOString() } : {}),
          }),
        }),
      ),
    );
  }

  async markUserCreatedBySystem(customerId: string, panelUserId: number, at: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.customer(customerId)),
        UpdateExpression: 'SET #created = if_not_exists(#created, :at), id = :id',
        ExpressionAttributeNames: { '#created': `${USER_CREATED}${panelUserId}` },
        ExpressionAttributeValues: marshall({ ':at': at.toISOString(), ':id': customerId }),
      }),
    );
  }

  claimPasswordDelivery(customerId: string, panelUserId: number, holder: string, now: Date, leaseMs: number) {
    return claimLease(this.passwordClaim(customerId, panelUserId), {
      holder,
      now,
      leaseMs,
      condition: {
        expression: 'attribute_not_exists(#delivered)',
        names: { '#delivered': `${PASSWORD_DELIVERED}${panelUserId}` },
      },
    });
  }

  releasePasswordClaim(customerId: string, panelUserId: number, holder: string): Promise<void> {
    return releaseLease(this.passwordClaim(customerId, panelUserId), holder);
  }

  async markPasswordDelivered(customerId: string, panelUserId: number, at: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.customer(customerId)),
        UpdateExpression: 'SET #delivered = if_not_exists(#delivered, :at) REMOVE #claim',
        ExpressionAttributeNames: {
          '#delivered': `${PASSWORD_DELIVERED}${panelUserId}`,
          '#claim': `${PASSWORD_CLAIM}${panelUserId}`,
        },
        ExpressionAttributeValues: marshall({ ':at': at.toISOString() }),
      }),
    );
  }

  /** The delivery claim without its "no password delivered yet" condition: a reset is for any account. */
  claimPasswordReset(customerId: string, panelUserId: number, holder: string, now: Date, leaseMs: number) {
    return claimLease(this.passwordClaim(customerId, panelUserId), {
      holder,
      now,
      leaseMs,
      set: { expression: 'id = :id', values: { ':id': customerId } },
    });
  }

  private passwordClaim(customerId: string, panelUserId: number): LeaseTarget {
    const key = keys.customer(customerId);
    return { ddb: this.ddb, tableName: this.tableName, key, attribute: `${PASSWORD_CLAIM}${panelUserId}` };
  }

  async recordPasswordWrite(customerId: string, panelUserId: number, at: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.customer(customerId)),
        UpdateExpression: 'SET #write = :at',
        ExpressionAttributeNames: { '#write': `${PASSWORD_WRITE}${panelUserId}` },
        ExpressionAttributeValues: marshall({ ':at': at.toISOString() }),
      }),
    );
  }

  async savePasswordResets(customerId: string, entries: readonly PasswordResetEntry[], version: number) {
    return conditionally(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.customer(customerId)),
          UpdateExpression: 'SET passwordResets = :entries, passwordResetVersion = :next, id = :id',
          ConditionExpression:
            version === 0
              ? 'attribute_not_exists(passwordResetVersion) OR passwordResetVersion = :version'
              : 'passwordResetVersion = :version',
          ExpressionAttributeValues: marshall(
            { ':entries': entries, ':next': version + 1, ':version': version, ':id': customerId },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  async get(id: string): Promise<Customer | undefined> {
    const res = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.customer(id)), ConsistentRead: true }),
    );
    return res.Item ? customerFromItem(id, unmarshall(res.Item)) : undefined;
  }
}

function customerFromItem(id: string, item: Record<string, unknown>): Customer {
  const customer: Customer = {
    id,
    firstSeenAt: String(item.firstSeenAt ?? item.lastInboundAt ?? ''),
    panelUsers: panelUserFacts(item),
  };
  if (typeof item.name === 'string') customer.name = item.name;
  if (typeof item.lastInboundAt === 'string') customer.lastInboundAt = item.lastInboundAt;
  if (isLang(item.language)) customer.language = item.language;
  if (item.languageChosenAt !== undefined) customer.languageChosen = true;
  if (typeof item.passwordResetVersion === 'number') {
    const entries = Array.isArray(item.passwordResets) ? (item.passwordResets as PasswordResetEntry[]) : [];
    customer.passwordResets = { entries, version: item.passwordResetVersion };
  }
  return customer;
}

/** The per-panel-user facts are flat attributes (`userCreated#12`), so each is one conditional write. */
const USER_CREATED = 'userCreated#';
const PASSWORD_DELIVERED = 'passwordDelivered#';
const PASSWORD_CLAIM = 'passwordClaim#';
const PASSWORD_WRITE = 'passwordWrite#';

function panelUserFacts(item: Record<string, unknown>): Record<number, PanelUserFacts> {
  const facts: Record<number, PanelUserFacts> = {};
  const at = (id: number) => (facts[id] ??= {});
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'string') continue;
    const [prefix, id] = name.split('#');
    const n = Number(id);
    if (!Number.isInteger(n)) continue;
    if (`${prefix}#` === USER_CREATED) at(n).createdBySystemAt = value;
    if (`${prefix}#` === PASSWORD_DELIVERED) at(n).passwordDeliveredAt = value;
    if (`${prefix}#` === PASSWORD_WRITE) at(n).passwordWriteAt = value;
  }
  return facts;
}
