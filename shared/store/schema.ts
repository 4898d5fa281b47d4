// The single table's key design, in one place. The repositories (orders, customers, messages) build their
// keys from `keys`; the CDK stack and the local emulators create the table and its indexes from `TABLE`;
// the state machine's own order writes (MarkCompleted, RevertOrder) get the order key and the status index
// from here too, through provisioning-outcomes.ts. A changed layout therefore changes all of them.
//
//   item             pk                 sk        gsi1 (customer, newest first)    gsi2 (status, oldest first)
//   order            ORDER#<id>         ORDER     CUSTOMER#<cid> / <created>#<id>  STATUS#<status> / <created>#<id>
//                                                 gsi3 (sparse: servers with lifecycle work): DUE / <dueAt>#<id>
//   customer         CUSTOMER#<cid>     PROFILE
//   processed msg    INBOUND#<wamid>    INBOUND   (expiresAt TTL)
//   sent msg record  SENT#<wamid>       SENT      (expiresAt TTL)
//   receipt draft    RECEIPT#<wamid>    RECEIPT   (expiresAt TTL): a receipt waiting for its order to be picked
//   panel budget     PANEL#BUDGET       BUDGET    one item: the shared pacing of panel calls (`tat`, panel-budget.ts)
//
// Besides the domain's fields, an order item may hold `deliveryLease` (one DeliverCredentials try at a time),
// a customer item `userCreated#<panel user id>`, `passwordDelivered#<id>`, `passwordClaim#<id>` and
// `passwordWrite#<id>` (the accounts the system made and their passwords, shared/store/customers.ts), and a
// processed-message item its `state` and `leaseUntil` while a worker holds it (shared/store/message-records.ts).

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  customerIndex: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  statusIndex: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /**
   * Sparse: only servers with something left to do (a reminder, a suspension, ...) carry its keys, sorted by
   * when. The sweep reads `dueAt <= now` from it, so its cost grows with the due servers, not with all servers.
   */
  dueIndex: { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
} as const;

export const keys = {
  order: (id: string) => ({ pk: `ORDER#${id}`, sk: 'ORDER' }),
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }),
  inbound: (messageId: string) => ({ pk: `INBOUND#${messageId}`, sk: 'INBOUND' }),
  sent: (messageId: string) => ({ pk: `SENT#${messageId}`, sk: 'SENT' }),
  receipt: (messageId: string) => ({ pk: `RECEIPT#${messageId}`, sk: 'RECEIPT' }),
  panelBudget: { pk: 'PANEL#BUDGET', sk: 'BUDGET' },
  customerOrders: (customerId: string) => `CUSTOMER#${customerId}`,
  statusOrders: (status: string) => `STATUS#${status}`,
  /** The due index's one partition, and the sort key of a server due at `dueAt` (ISO 8601, UTC). */
  due: 'DUE',
  dueSort: (dueAt: string, orderId: string) => `${dueAt}#${orderId}`,
};

/** Meta redelivers webhooks for up to 7 days; keep processed ids a day longer. */
export const INBOUND_TTL_SECONDS = 8 * 24 * 3600;
/** Status webhooks for a sent message arrive within days; a month is generous. */
export const SENT_TTL_SECONDS = 30 * 24 * 3600;

/** A receipt's media id in a webhook is valid for 7 days: its draft is kept as long. */
export const RECEIPT_TTL_SECONDS = 7 * 24 * 3600;

export function epochSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}
