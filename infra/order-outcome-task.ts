// The state machine's direct DynamoDB writes of an order's outcome (MarkCompleted, RevertOrder). What they
// write comes from shared/store/provisioning-outcomes.ts; this file only turns it into a DynamoUpdateItem
// task, filling each run-time slot from a path of the execution's state.

import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  type AttributeTemplate,
  type ProvisioningOutcome,
  provisioningOutcomeUpdate,
  type Slot,
  templateParts,
} from '../shared/store/provisioning-outcomes.js';

export interface OrderOutcomeTaskProps {
  table: ITableV2;
  event: ProvisioningOutcome;
  /** Where the execution's state holds each slot the update uses (JSONPath). */
  paths: Partial<Record<Slot, string>>;
  comment: string;
}

export function orderOutcomeTask(scope: Construct, id: string, props: OrderOutcomeTaskProps): tasks.DynamoUpdateItem {
  const update = provisioningOutcomeUpdate(props.event);
  const value = (t: AttributeTemplate) => attributeValue(t, props.paths);
  return new tasks.DynamoUpdateItem(scope, id, {
    comment: props.comment,
    table: props.table,
    key: mapValues(update.key, value),
    conditionExpression: update.conditionExpression,
    updateExpression: update.updateExpression,
    expressionAttributeNames: update.expressionAttributeNames,
    expressionAttributeValues: mapValues(update.expressionAttributeValues, value),
    resultPath: sfn.JsonPath.DISCARD,
  });
}

function attributeValue(t: AttributeTemplate, paths: OrderOutcomeTaskProps['paths']): tasks.DynamoAttributeValue {
  if ('S' in t) return tasks.DynamoAttributeValue.fromString(text(t.S, paths));
  if ('N' in t) return tasks.DynamoAttributeValue.numberFromString(numberText(t.N, paths));
  if ('M' in t) return tasks.DynamoAttributeValue.fromMap(mapValues(t.M, (v) => attributeValue(v, paths)));
  return tasks.DynamoAttributeValue.fromList(t.L.map((v) => attributeValue(v, paths)));
}

/** A literal, one slot's path, or States.Format over the slots (literal braces escaped). */
function text(template: string, paths: OrderOutcomeTaskProps['paths']): string {
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  const slots = parts.filter((_, i) => i % 2 === 1).map((s) => sfn.JsonPath.stringAt(pathOf(s, paths)));
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') return slots[0]!;
  const format = parts.map((p, i) => (i % 2 === 1 ? '{}' : p.replace(/[{}]/g, '\\$&'))).join('');
  return sfn.JsonPath.format(format, ...slots);
}

/** DynamoDB numbers travel as strings: a number in the state is turned into one. */
function numberText(template: string, paths: OrderOutcomeTaskProps['paths']): string {
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  if (parts.length === 3 && parts[0] === '' && parts[2] === '')
    return sfn.JsonPath.jsonToString(sfn.JsonPath.numberAt(pathOf(parts[1]!, paths)));
  throw new Error(`A number is one slot or a literal, not "${template}"`);
}

function pathOf(slot: string, paths: OrderOutcomeTaskProps['paths']): string {
  const path = paths[slot as Slot];
  if (path === undefined) throw new Error(`No path in the state for the slot ${slot}`);
  return path;
}

function mapValues<A, B>(record: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
