// Infra tier: every function's IAM policy, statement by statement, against an explicit list of what its code
// calls. A grant wider than the list (an action or a resource more) fails here, and so does a narrower one.
// The lists come from reading the code paths: the handler, the repositories its compose* builds
// (shared/runtime/compose.ts) and what each repository sends (shared/store/*.ts).

import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources, roleStatements, type Statement, synthesize } from './synth.js';

/** A resource, named for reading: the logical ids are replaced by what they are. */
type Grant = `${string} ${string}`;

const LOGS = ['own-logs logs:CreateLogStream', 'own-logs logs:PutLogEvents'] as const;
const XRAY = ['* xray:PutTelemetryRecords', '* xray:PutTraceSegments'] as const;
/** What the Lambda event source mapping needs to poll a queue (AWS's AWSLambdaSQSQueueExecutionRole). */
const consume = (queue: string): Grant[] => [
  `${queue} sqs:DeleteMessage`,
  `${queue} sqs:GetQueueAttributes`,
  `${queue} sqs:ReceiveMessage`,
];
/** SendMessage also authorizes SendMessageBatch, the only other call shared/aws/queue.ts makes. */
const send = (queue: string): Grant => `${queue} sqs:SendMessage`;
const secret = (group: string): Grant => `secret:${group} secretsmanager:GetSecretValue`;
/** Item operations on the table; Query only on its indexes (every query in shared/store names an index). */
const table = (...ops: Array<'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem'>): Grant[] =>
  ops.map((op) => `table dynamodb:${op}` as Grant);
const QUERY_INDEXES: Grant = 'table/index/* dynamodb:Query';

/** Every grant of each function, besides its logs and X-Ray. */
const EXPECTED: Record<string, Grant[]> = {
  // Verifies and queues: the inbox and the quarantine, and its own secret (app secrets, verify token).
  webhook: [send('inbox'), send('quarantine'), secret('webhook')],
  // Proves the gateway's events and queues them on the inbox: the gateway's secret, nothing else.
  paymentsWebhook: [send('inbox'), secret('paymentsWebhook')],
  // Orders (create and saveTransition put, get, lists and counts query the indexes), customers.touch
  // (update), the dedupe row and its lease (put, get, update, delete), statuses on the sent log (get,
  // update); payment receipts: the draft while a customer picks the order (put, get, update) and the order's
  // history notes (update), nothing new; replies to the outbox; the panel for the pre-flight and health,
  // WhatsApp's secret for the sender of direct replies (a password reset) and for copying a receipt's file
  // through the media endpoints; starts, describes and redrives provisioning executions; starts lifecycle executions
  // (a confirmed renewal unsuspends, admins' !suspend, !unsuspend, !terminate), and nothing else on them.
  inboxWorker: [
    ...consume('inbox'),
    send('outbox'),
    ...table('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
    QUERY_INDEXES,
    secret('panel'),
    secret('whatsapp'),
    secret('payments'),
    'stateMachine states:StartExecution',
    'executions states:DescribeExecution',
    'executions states:GetExecutionHistory',
    'executions states:RedriveExecution',
    'lifecycle states:StartExecution',
  ],
  // orders.get and customers.get (the 24-hour window), sent.record; re-queues a template follow-up.
  // ...and sets a retried message's visibility itself (its back-off).
  outboxWorker: [
    ...consume('outbox'),
    'outbox sqs:ChangeMessageVisibility',
    send('outbox'),
    ...table('GetItem', 'PutItem'),
    secret('whatsapp'),
  ],
  // orders.get and recordProvisioning, customers.get and their updates (markUserCreatedBySystem, the
  // password claim): no put, no delete, no query.
  ensureUser: [...table('GetItem', 'UpdateItem'), secret('panel')],
  ensureServer: [...table('GetItem', 'UpdateItem'), secret('panel')],
  // Kept for executions started before the install watch (their definition still invokes it).
  checkInstall: [...table('GetItem', 'UpdateItem'), secret('panel')],
  // One look per message: the very use case of checkInstall (orders.get and recordProvisioning's step, the
  // panel budget's slot, the panel's word on the install), so the table use of a task and the panel's key;
  // the next look goes back on its own queue; the paused CheckInstall is answered by its task token
  // (success or failure), and nothing else on the machine: it starts, describes and redrives nothing.
  installWatcher: [
    ...consume('install-watch'),
    send('install-watch'),
    ...table('GetItem', 'UpdateItem'),
    secret('panel'),
    'stateMachine states:SendTaskFailure',
    'stateMachine states:SendTaskSuccess',
  ],
  rollback: [...table('GetItem', 'UpdateItem'), secret('panel')],
  // Lists the panel's servers, reads each one's order, and reports to the admins through the outbox; its
  // panel calls book slots in the shared budget's item (UpdateItem).
  reconcile: [...table('GetItem', 'UpdateItem'), send('outbox'), secret('panel')],
  // Also sends the login itself and records it on the sent log (put), or tells the admins via the outbox.
  deliverCredentials: [
    ...table('GetItem', 'PutItem', 'UpdateItem'),
    send('outbox'),
    secret('panel'),
    secret('whatsapp'),
  ],
  // Every lifecycle state: orders.get and saveService (an update, conditional on the revision); the
  // notices to the outbox (Notify, ActionFailed); the panel's key (suspend, unsuspend, delete, read back).
  // It never starts executions, never sends to WhatsApp itself, and has no Put, Delete or Query.
  lifecycleTask: [...table('GetItem', 'UpdateItem'), send('outbox'), secret('panel')],
  // orders.listDue (a Query on the sparse due index), get and saveService; reminders and warnings to the
  // outbox; starts the due actions' executions. No secret: it calls neither the panel nor WhatsApp.
  // ...and reads the status of an action claimed long ago (the recheck: never started, or stopped holding it).
  lifecycleSweep: [
    ...table('GetItem', 'UpdateItem'),
    QUERY_INDEXES,
    send('outbox'),
    'lifecycle states:StartExecution',
    'lifecycle-executions states:DescribeExecution',
  ],
};

let grants: Record<string, Grant[]>;

beforeAll(() => {
  const { stack, json } = synthesize();
  const logical = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);
  const names = new Map<string, string>([[logical(stack.table), 'table']]);
  for (const [id, r] of resources(json, 'AWS::SQS::Queue')) {
    const name = (r.Properties.QueueName as string).replace(/^spawnpoint-dev-|\.fifo$/g, '');
    names.set(id, name === 'webhook-quarantine' ? 'quarantine' : name);
  }
  for (const [id, r] of resources(json, 'AWS::SecretsManager::Secret'))
    names.set(id, `secret:${(r.Properties.Name as string).split('/')[1]}`);
  names.set(logical(stack.provisioning.stateMachine), 'stateMachine');
  names.set(logical(stack.lifecycle.stateMachine), 'lifecycle');
  for (const [id] of resources(json, 'AWS::Logs::LogGroup')) names.set(id, 'logs');

  grants = {};
  for (const [name, fn] of Object.entries(stack.functions)) {
    const ownLogs = json.Resources[logical(fn)].Properties.LoggingConfig.LogGroup.Ref as string;
    const describe = (r: unknown): string => {
      if (r === '*') return '*';
      const text = JSON.stringify(r);
      const ids = [...text.matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1]!);
      const base = ids.map((i) => (i === ownLogs ? 'own-logs' : (names.get(i) ?? `?${i}`))).join('+');
      if (text.includes('/index/*')) return `${base}/index/*`;
      // Executions of a machine: the provisioning machine's are "executions", the lifecycle machine's named so.
      if (text.includes(':execution:')) return base.includes('lifecycle') ? 'lifecycle-executions' : 'executions';
      return base;
    };
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
    grants[name] = roleStatements(json, logical(fn.role!))
      .flatMap((s: Statement) => {
        expect(s.Effect, name).toBe('Allow');
        expect(s.Condition, name).toBeUndefined();
        return list(s.Resource).flatMap((r) => list(s.Action).map((a) => `${describe(r)} ${a}` as Grant));
      })
      .filter((g, i, all) => all.indexOf(g) === i)
      .sort();
  }
}, 120_000);

describe('each function is granted exactly what its code calls', () => {
  it('covers every function', () => {
    expect(Object.keys(grants).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s', (name) => {
    expect(grants[name]).toEqual([...LOGS, ...XRAY, ...EXPECTED[name]!].sort());
  });

  it('no function but the inbox worker may delete an item, and none but it and the sweep may query', () => {
    const with_ = (action: string) =>
      Object.keys(grants).filter((n) => grants[n]!.some((g) => g.endsWith(` dynamodb:${action}`)));
    expect(with_('DeleteItem')).toEqual(['inboxWorker']);
    // The sweep reads what is due from the sparse due index (gsi3): a Query, never a Scan of the table.
    expect(with_('Query').sort()).toEqual(['inboxWorker', 'lifecycleSweep']);
    expect(with_('PutItem').sort()).toEqual(['deliverCredentials', 'inboxWorker', 'outboxWorker']);
  });

  it('the install watcher uses the table exactly as the CheckInstall task does: each look is that task', () => {
    const onTable = (n: string) => grants[n]!.filter((g) => g.startsWith('table'));
    expect(onTable('installWatcher')).toEqual(onTable('checkInstall'));
    expect(onTable('installWatcher')).toEqual(['table dynamodb:GetItem', 'table dynamodb:UpdateItem']);
  });

  it('lets only the inbox worker and the sweep start lifecycle executions, only the sweep describe them, none redrive them', () => {
    const on = (target: string) =>
      Object.keys(grants)
        .filter((n) => grants[n]!.some((g) => g.startsWith(`${target} states:`)))
        .sort();
    expect(on('lifecycle')).toEqual(['inboxWorker', 'lifecycleSweep']);
    for (const n of on('lifecycle'))
      expect(
        grants[n]!.filter((g) => g.startsWith('lifecycle ')),
        n,
      ).toEqual(['lifecycle states:StartExecution']);
    expect(on('lifecycle-executions')).toEqual(['lifecycleSweep']);
  });

  it('lets only the inbox worker start provisioning executions, and only the install watcher answer their paused tasks', () => {
    const with_ = (action: string) =>
      Object.keys(grants)
        .filter((n) => grants[n]!.some((g) => g.endsWith(` states:${action}`)))
        .sort();
    expect(with_('StartExecution')).toEqual(['inboxWorker', 'lifecycleSweep']); // the sweep: lifecycle only (above)
    expect(grants.inboxWorker).toContain('stateMachine states:StartExecution');
    expect(with_('SendTaskSuccess')).toEqual(['installWatcher']);
    expect(with_('SendTaskFailure')).toEqual(['installWatcher']);
    // No heartbeat is asked for, so none may be sent; and nobody stops an execution (an operator does).
    expect(with_('SendTaskHeartbeat')).toEqual([]);
    expect(with_('StopExecution')).toEqual([]);
    // Who may do anything on the provisioning machine or its executions, and what.
    const onProvisioning = Object.fromEntries(
      Object.keys(grants)
        .map((n) => [n, grants[n]!.filter((g) => /^(stateMachine|executions) /.test(g))] as const)
        .filter(([, g]) => g.length > 0),
    );
    expect(onProvisioning).toEqual({
      inboxWorker: [
        'executions states:DescribeExecution',
        'executions states:GetExecutionHistory',
        'executions states:RedriveExecution',
        'stateMachine states:StartExecution',
      ],
      installWatcher: ['stateMachine states:SendTaskFailure', 'stateMachine states:SendTaskSuccess'],
    });
  });
});
