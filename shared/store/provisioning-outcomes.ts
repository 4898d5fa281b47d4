// The two order transitions the provisioning state machine writes itself, COMPLETE (MarkCompleted) and FAIL
// (RevertOrder), as DynamoDB updates. Step Functions runs them as direct integrations (no Lambda), so they
// cannot call transition(); instead they are built here from what decides everything else: the target
// status from the domain's transition table, the keys and status index from schema.ts (as orderItem()
// writes them), the history entry and error in the domain's own shapes. The construct only says where in
// its state each run-time value is. tests/integration/provisioning/outcomes.test.ts runs both states on the
// local DynamoDB and compares the item with orderItem(transition(...)).

import {
  COMPLETION_STEP,
  failureReason,
  type HistoryEntry,
  nextStatus,
  type Order,
  type OrderError,
  type OrderEvent,
  type OrderStatus,
  type ProvisioningRecord,
} from '../domain/order.js';
import { keys, TABLE } from './schema.js';

/** The events the state machine applies; it only ever runs on a PROVISIONING order. */
export type ProvisioningOutcome = Extract<OrderEvent['type'], 'COMPLETE' | 'FAIL'>;
export const OUTCOME_FROM: OrderStatus = 'PROVISIONING';
/** `by` of the history entries the state machine writes. */
export const STATE_MACHINE_ACTOR = 'state-machine';

/** Values known only at run time. The writer maps each to where it finds it (the state machine: a JSONPath). */
export const SLOTS = ['orderId', 'attempt', 'at', 'failedStep', 'errorName', 'errorCause'] as const;
export type Slot = (typeof SLOTS)[number];
const SLOT_PATTERN = /\{\{(\w+)\}\}/;
const slot = (name: Slot): string => `{{${name}}}`;

/** A DynamoDB attribute value whose strings may hold `{{slot}}` markers. */
export type AttributeTemplate =
  | { S: string }
  | { N: string }
  | { M: Record<string, AttributeTemplate> }
  | { L: AttributeTemplate[] };

export interface OrderUpdate {
  key: Record<string, AttributeTemplate>;
  conditionExpression: string;
  updateExpression: string;
  expressionAttributeNames: Record<string, string>;
  expressionAttributeValues: Record<string, AttributeTemplate>;
}

/** Splits a template string into literal text (even indexes) and slot names (odd indexes). */
export function templateParts(text: string): string[] {
  const parts = text.split(new RegExp(SLOT_PATTERN, 'g'));
  for (let i = 1; i < parts.length; i += 2)
    if (!(SLOTS as readonly string[]).includes(parts[i]!)) throw new Error(`Unknown slot {{${parts[i]}}} in "${text}"`);
  return parts;
}

// The order's attributes as the repository stores them (orderItem spreads the Order), checked by the compiler.
const field = <K extends keyof Order>(name: K): K => name;
const S = (s: string): AttributeTemplate => ({ S: s });

/** The conditional update that applies `event` to this attempt of a PROVISIONING order. */
export function provisioningOutcomeUpdate(event: ProvisioningOutcome): OrderUpdate {
  const to = nextStatus(OUTCOME_FROM, event);
  if (to === undefined) throw new Error(`The lifecycle does not allow ${event} from ${OUTCOME_FROM}`);
  const names: Record<string, string> = {};
  const name = (attr: string) => {
    names[`#${attr}`] = attr;
    return `#${attr}`;
  };
  const values: Record<string, AttributeTemplate> = {
    [`:${OUTCOME_FROM.toLowerCase()}`]: S(OUTCOME_FROM),
    ':attempt': { N: slot('attempt') },
  };
  const condition = `${name(field('status'))} = :${OUTCOME_FROM.toLowerCase()} AND ${field('attempts')} = :attempt`;

  values[`:${to.toLowerCase()}`] = S(to);
  values[':index'] = S(keys.statusOrders(to));
  values[':at'] = S(slot('at'));
  values[':entry'] = { L: [historyEntry(event, to)] };
  const history = name(field('history'));
  const sets = [
    `${name(field('status'))} = :${to.toLowerCase()}`,
    `${name(TABLE.statusIndex.partitionKey)} = :index`,
    `${name(field('updatedAt'))} = :at`,
    `${history} = list_append(${history}, :entry)`,
  ];
  const removes: string[] = [];
  if (event === 'COMPLETE') {
    const step: keyof ProvisioningRecord = 'step';
    values[':step'] = S(COMPLETION_STEP);
    sets.push(`${name(field('provisioning'))}.${name(step)} = :step`);
    removes.push(name(field('lastError')));
    // The new server enters the due index at once: the sweep writes its service record (paid until) first.
    values[':due'] = S(keys.due);
    values[':dueAt'] = S(keys.dueSort(slot('at'), slot('orderId')));
    sets.push(`${name(TABLE.dueIndex.partitionKey)} = :due`, `${name(TABLE.dueIndex.sortKey)} = :dueAt`);
  } else {
    values[':error'] = orderError();
    sets.push(`${name(field('lastError'))} = :error`);
  }
  return {
    key: Object.fromEntries(Object.entries(keys.order(slot('orderId'))).map(([k, v]) => [k, S(v)])),
    conditionExpression: condition,
    updateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    expressionAttributeNames: names,
    expressionAttributeValues: values,
  };
}

/** The entry transition() appends, in the domain's shape (a new field of HistoryEntry fails the compile here). */
function historyEntry(event: ProvisioningOutcome, to: OrderStatus): AttributeTemplate {
  const entry: { [K in keyof Required<HistoryEntry>]: AttributeTemplate | undefined } = {
    at: S(slot('at')),
    from: S(OUTCOME_FROM),
    to: S(to),
    event: S(event),
    by: S(STATE_MACHINE_ACTOR),
    attempt: { N: slot('attempt') },
    reason: event === 'FAIL' ? S(failureReason({ step: slot('failedStep'), code: slot('errorName') })) : undefined,
  };
  return { M: withoutUndefined(entry) };
}

/** The lastError a FAIL stores: the step that failed, the error's name and cause, the time of the revert. */
function orderError(): AttributeTemplate {
  const error: { [K in keyof OrderError]: AttributeTemplate } = {
    step: S(slot('failedStep')),
    code: S(slot('errorName')),
    message: S(slot('errorCause')),
    at: S(slot('at')),
  };
  return { M: error };
}

function withoutUndefined(record: Record<string, AttributeTemplate | undefined>): Record<string, AttributeTemplate> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, AttributeTemplate] => e[1] !== undefined));
}
