// Infra tier: the synthesized template. Least privilege per function, queues and event sources, the
// table, the schedules, alarms wired to the operators' topic, outputs, and no secret value anywhere.

import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECEIVES } from '../../infra/spawnpoint-stack.js';
import { PANEL_SLOT_WAIT_SECONDS } from '../../shared/app/provisioning/context.js';
import {
  SECRET_GROUP_NAMES,
  SECRET_GROUPS,
  SECRET_NAMES,
  type SecretGroup,
  secretArnEnv,
} from '../../shared/config/secrets.js';
import { readSettings } from '../../shared/config/settings.js';
import { readWiring } from '../../shared/runtime/compose.js';
import { TABLE } from '../../shared/store/schema.js';
import {
  ACCOUNT,
  actionsOf,
  actionsOn,
  type Json,
  REGION,
  referencedIds,
  resources,
  resourcesOf,
  roleStatements,
  SECRET_VALUES,
  type Synthesized,
  synthesize,
} from './synth.js';

/** Actions AWS documents as not supporting resource-level permissions, the only ones allowed on "*". */
const STAR_ONLY_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

/** The provisioning machine's task functions (checkInstall: for executions started before the install watch). */
const TASKS = ['ensureUser', 'ensureServer', 'checkInstall', 'deliverCredentials', 'rollback'] as const;
/** Consumes the install-watch queue, one look per message, and answers the paused CheckInstall. */
const WATCHER = 'installWatcher';
/** The server lifecycle: the function every lifecycle state runs, and the scheduled sweep. */
const LIFECYCLE = ['lifecycleTask', 'lifecycleSweep'] as const;
const SQS_SEND = ['sqs:SendMessage'];
const SQS_CONSUME = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
const SECRET_READ = ['secretsmanager:GetSecretValue'];

/** The secret groups each function's code reads (shared/config/secrets.ts SECRET_GROUPS). */
const SECRETS_BY_FUNCTION: Record<string, SecretGroup[]> = {
  webhook: ['webhook'],
  // Stripe's endpoint secret only: proves the gateway's events; never its API key, WhatsApp's or the panel's.
  paymentsWebhook: ['paymentsWebhook'],
  inboxWorker: ['panel', 'whatsapp', 'payments'],
  outboxWorker: ['whatsapp'],
  ensureUser: ['panel'],
  ensureServer: ['panel'],
  checkInstall: ['panel'],
  // Each look is CheckInstall's (the panel's word on the install); never WhatsApp's token.
  installWatcher: ['panel'],
  deliverCredentials: ['panel', 'whatsapp'],
  rollback: ['panel'],
  reconcile: ['panel'],
  // Suspends, unsuspends, deletes and reads back servers; its notices go through the outbox.
  lifecycleTask: ['panel'],
  // Calls neither the panel nor WhatsApp: it reads the table, queues notices and starts executions.
  lifecycleSweep: [],
};

let dev: Synthesized;
let prod: Synthesized;
/** Logical ids in the dev template. */
let id: {
  fn: Record<string, string>;
  role: Record<string, string>;
  table: string;
  secrets: Record<SecretGroup, string>;
  inbox: string;
  inboxDlq: string;
  outbox: string;
  outboxDlq: string;
  quarantine: string;
  installWatch: string;
  installWatchDlq: string;
  stateMachine: string;
  stateMachineRole: string;
  lifecycle: string;
  lifecycleRole: string;
  topic: string;
};

beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ context: { stage: 'prod', alarmEmail: 'ops@example.com' } });
  const s = dev.stack;
  const logical = (c: { node: { defaultChild?: unknown } }) => s.getLogicalId(c.node.defaultChild as CfnElement);
  const fn: Record<string, string> = {};
  const role: Record<string, string> = {};
  for (const [name, f] of Object.entries(s.functions)) {
    fn[name] = logical(f);
    role[name] = logical(f.role!);
  }
  const byType = (type: string, pattern: RegExp) => {
    const found = resources(dev.json, type).filter(([k]) => pattern.test(k));
    expect(found, `${type} ${pattern}`).toHaveLength(1);
    return found[0]![0];
  };
  id = {
    fn,
    role,
    table: logical(s.table),
    secrets: {
      webhook: byType('AWS::SecretsManager::Secret', /^WebhookSecret/),
      panel: byType('AWS::SecretsManager::Secret', /^PanelSecret/),
      whatsapp: byType('AWS::SecretsManager::Secret', /^WhatsappSecret/),
      payments: byType('AWS::SecretsManager::Secret', /^PaymentsSecret/),
      paymentsWebhook: byType('AWS::SecretsManager::Secret', /^PaymentsWebhookSecret/),
    },
    inbox: byType('AWS::SQS::Queue', /^Inbox[A-F0-9]{8}$/),
    inboxDlq: byType('AWS::SQS::Queue', /^InboxDlq/),
    outbox: byType('AWS::SQS::Queue', /^Outbox[A-F0-9]{8}$/),
    outboxDlq: byType('AWS::SQS::Queue', /^OutboxDlq/),
    quarantine: byType('AWS::SQS::Queue', /^WebhookQuarantine/),
    installWatch: byType('AWS::SQS::Queue', /^InstallWatch[A-F0-9]{8}$/),
    installWatchDlq: byType('AWS::SQS::Queue', /^InstallWatchDlq/),
    stateMachine: logical(s.provisioning.stateMachine),
    stateMachineRole: logical(s.provisioning.stateMachine.role),
    lifecycle: logical(s.lifecycle.stateMachine),
    lifecycleRole: logical(s.lifecycle.stateMachine.role),
    topic: byType('AWS::SNS::Topic', /^AlarmTopic/),
  };
}, 120_000); // synth is CPU-heavy; on a busy 2-core machine it can take tens of seconds

describe('functions', () => {
  it('are the thirteen of the design (eight, the install watcher, the daily reconciliation, the lifecycle task and sweep, the payment gateway webhook), each on ARM64 and the Node 24 runtime, traced, with a log group', () => {
    const fns = resources(dev.json, 'AWS::Lambda::Function');
    expect(fns.map(([k]) => k).sort()).toEqual(Object.values(id.fn).sort());
    expect(fns).toHaveLength(13);
    expect(Object.keys(id.fn).sort()).toEqual(
      [
        'webhook',
        'paymentsWebhook',
        'inboxWorker',
        'outboxWorker',
        ...TASKS,
        WATCHER,
        'reconcile',
        ...LIFECYCLE,
      ].sort(),
    );
    for (const [name, f] of fns) {
      expect(f.Properties.Runtime, name).toBe('nodejs24.x');
      expect(f.Properties.Architectures, name).toEqual(['arm64']);
      expect(f.Properties.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(f.Properties.LoggingConfig, name).toMatchObject({
        LogFormat: 'JSON',
        LogGroup: { Ref: expect.any(String) },
      });
      expect(f.Properties.Handler, name).toBe('index.handler');
      expect(f.Properties.Environment.Variables, name).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: expect.any(String),
        POWERTOOLS_METRICS_NAMESPACE: 'Spawnpoint',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      });
    }
  });

  it('log to their own log groups, kept two weeks in dev and a year in prod, deleted with dev only', () => {
    const groups = (s: Synthesized) => resources(s.json, 'AWS::Logs::LogGroup');
    expect(groups(dev)).toHaveLength(15); // thirteen functions and the two state machines
    for (const [name, g] of groups(dev)) {
      expect(g.Properties.RetentionInDays, name).toBe(14);
      expect(g.DeletionPolicy, name).toBe('Delete');
    }
    for (const [name, g] of groups(prod)) {
      expect(g.Properties.RetentionInDays, name).toBe(365);
      expect(g.DeletionPolicy, name).toBe('Retain');
    }
  });

  it('start with every setting their composition root requires (a missing one would fail every cold start)', () => {
    const env = (logicalId: string) => {
      const vars = dev.json.Resources[logicalId].Properties.Environment.Variables as Record<string, unknown>;
      // Tokens (queue URLs, ARNs) become placeholder strings: only presence matters here.
      return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : `token-${k}`]));
    };
    for (const name of ['inboxWorker', 'outboxWorker', ...TASKS, WATCHER, ...LIFECYCLE]) {
      const e = env(id.fn[name]!);
      expect(() => readWiring(e), name).not.toThrow();
      expect(() => readSettings(e), name).not.toThrow();
    }
    expect(readWiring(env(id.fn.inboxWorker!)).stateMachineArn).toBeDefined();
    // Who starts lifecycle executions: a renewal and admins' commands (inbox), and the sweep.
    for (const name of ['inboxWorker', 'lifecycleSweep'])
      expect(readWiring(env(id.fn[name]!)).lifecycleStateMachineArn, name).toBeDefined();
    // The lifecycle task sends its notices through the outbox.
    expect(readWiring(env(id.fn.lifecycleTask!)).outboxQueueUrl).toBeDefined();
    // The install watcher sends each next look to its own queue; it answers executions by their task
    // tokens, so it needs no state machine ARN (and has none to start or redrive one with).
    const watcher = dev.json.Resources[id.fn[WATCHER]!].Properties.Environment.Variables as Record<string, unknown>;
    expect(watcher.INSTALL_WATCH_QUEUE_URL).toEqual({ Ref: id.installWatch });
    expect(readWiring(env(id.fn[WATCHER]!))).not.toHaveProperty('stateMachineArn');
    expect(readWiring(env(id.fn[WATCHER]!))).not.toHaveProperty('lifecycleStateMachineArn');
    expect(readWiring(env(id.fn[WATCHER]!))).not.toHaveProperty('outboxQueueUrl');
    expect(Object.keys(env(id.fn.webhook!))).toEqual(
      expect.arrayContaining(['INBOX_QUEUE_URL', 'WEBHOOK_QUARANTINE_QUEUE_URL', 'SECRET_ARN_WEBHOOK']),
    );
  });

  it('give the webhook a Function URL without IAM auth (the signature is the authentication), and no settings', () => {
    dev.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [id.fn.webhook, 'Arn'] },
    });
    const vars = dev.json.Resources[id.fn.webhook!].Properties.Environment.Variables;
    expect(vars.SHOP_NAME).toBeUndefined();
    expect(vars.TABLE_NAME).toBeUndefined();
  });
});

describe('least privilege', () => {
  const allRoles = () => resources(dev.json, 'AWS::IAM::Role').map(([k]) => k);

  it('no role has a wildcard action, and "*" resources only for actions without resource-level permissions', () => {
    expect(allRoles()).toHaveLength(15); // thirteen functions and the two state machines
    for (const role of allRoles()) {
      for (const s of roleStatements(dev.json, role)) {
        for (const action of actionsOf(s)) {
          expect(action, role).not.toBe('*');
          expect(action, role).not.toMatch(/^[a-z0-9-]+:\*$/);
          expect(action, role).not.toMatch(/\*/);
        }
        if (resourcesOf(s).includes('*')) {
          expect(
            actionsOf(s).filter((a) => !STAR_ONLY_ACTIONS.has(a)),
            `${role} uses Resource "*" for`,
          ).toEqual([]);
        }
        expect(s.Effect, role).toBe('Allow');
      }
    }
  });

  it('lets each function write logs to its own log group only', () => {
    for (const [name, role] of Object.entries(id.role)) {
      const logs = roleStatements(dev.json, role).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs, name).toHaveLength(1);
      expect(actionsOf(logs[0]!).sort(), name).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const fn = dev.json.Resources[id.fn[name]!];
      expect(referencedIds(logs[0]!.Resource), name).toEqual([fn.Properties.LoggingConfig.LogGroup.Ref]);
    }
  });

  /** The logical ids a role's statements name, besides its log group. */
  const touched = (role: string) => {
    const ids = new Set(roleStatements(dev.json, role).flatMap((s) => resourcesOf(s).flatMap(referencedIds)));
    return [...ids].filter((i) => dev.json.Resources[i]?.Type !== 'AWS::Logs::LogGroup').sort();
  };

  it('lets the webhook only send to the inbox and quarantine queues and read its own secret', () => {
    const st = roleStatements(dev.json, id.role.webhook!);
    expect(touched(id.role.webhook!)).toEqual([id.inbox, id.quarantine, id.secrets.webhook].sort());
    expect(actionsOn(st, id.inbox)).toEqual(SQS_SEND);
    expect(actionsOn(st, id.quarantine)).toEqual(SQS_SEND);
    expect(actionsOn(st, id.secrets.webhook)).toEqual(SECRET_READ);
  });

  it('lets only the inbox worker start, describe and redrive provisioning executions, of that state machine only', () => {
    for (const [name, role] of Object.entries(id.role)) {
      const st = roleStatements(dev.json, role);
      if (name !== 'inboxWorker') {
        // The install watcher only answers the paused CheckInstall of an execution (the next test).
        expect(actionsOn(st, id.stateMachine), name).toEqual(
          name === WATCHER ? ['states:SendTaskFailure', 'states:SendTaskSuccess'] : [],
        );
        continue;
      }
      expect(actionsOn(st, id.stateMachine)).toEqual([
        'states:DescribeExecution',
        'states:GetExecutionHistory',
        'states:RedriveExecution',
        'states:StartExecution',
      ]);
      const start = st.find((s) => actionsOf(s).includes('states:StartExecution'))!;
      expect(resourcesOf(start)).toContainEqual({ Ref: id.stateMachine });
      const executions = st.find((s) => actionsOf(s).includes('states:RedriveExecution'))!;
      expect(executions.Resource).toEqual({
        'Fn::Join': [
          '',
          [`arn:aws:states:${REGION}:${ACCOUNT}:execution:`, { 'Fn::GetAtt': [id.stateMachine, 'Name'] }, ':*'],
        ],
      });
    }
  });

  it("lets only the install watcher answer the provisioning machine's paused tasks (SendTaskSuccess, SendTaskFailure), by the machine ARN, and do nothing else on either machine", () => {
    for (const [name, role] of Object.entries(id.role)) {
      const callbacks = roleStatements(dev.json, role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('states:SendTask')),
      );
      if (name !== WATCHER) expect(callbacks, name).toEqual([]);
    }
    const states = roleStatements(dev.json, id.role[WATCHER]!).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('states:')),
    );
    // One statement, on the provisioning machine itself (a task token belongs to one of its executions):
    // no heartbeat (none is asked for), nothing that starts, describes, stops or redrives an execution.
    expect(states).toEqual([
      {
        Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'],
        Effect: 'Allow',
        Resource: { Ref: id.stateMachine },
      },
    ]);
    expect(actionsOn(roleStatements(dev.json, id.role[WATCHER]!), id.lifecycle)).toEqual([]);
  });

  it('lets only the inbox worker and the sweep start lifecycle executions, by the machine ARN, and only the sweep read their status', () => {
    const starters = ['inboxWorker', 'lifecycleSweep'];
    for (const [name, role] of Object.entries(id.role)) {
      const st = roleStatements(dev.json, role);
      // Only the sweep describes them (its recheck of an old claim); nobody stops or redrives them: an operator does.
      const expected =
        name === 'lifecycleSweep' ? ['states:DescribeExecution', 'states:StartExecution'] : ['states:StartExecution'];
      expect(actionsOn(st, id.lifecycle).sort(), name).toEqual(starters.includes(name) ? expected : []);
      const states = st.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));
      // The install watcher's Step Functions grant is the provisioning machine's callbacks (the test above).
      if (!starters.includes(name) && name !== WATCHER) expect(states, name).toEqual([]);
      // Every Step Functions grant names one of the two machines (or the provisioning executions), never "*".
      for (const s of states)
        for (const r of resourcesOf(s))
          expect(
            referencedIds(r).some((i) => i === id.stateMachine || i === id.lifecycle),
            `${name} ${JSON.stringify(r)}`,
          ).toBe(true);
    }
    const sweep = roleStatements(dev.json, id.role.lifecycleSweep!).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('states:')),
    );
    expect(sweep[0]).toEqual({ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: id.lifecycle } });
    expect(sweep.slice(1).map((s) => s.Action)).toEqual(['states:DescribeExecution']);
    expect(JSON.stringify(sweep[1]?.Resource)).toContain(':execution:');
  });

  it('lets the inbox worker consume the inbox, send to the outbox, use the table and read the secret', () => {
    const st = roleStatements(dev.json, id.role.inboxWorker!);
    expect(touched(id.role.inboxWorker!)).toEqual(
      [
        id.inbox,
        id.outbox,
        id.secrets.panel,
        id.secrets.whatsapp,
        id.secrets.payments,
        id.stateMachine,
        id.lifecycle,
        id.table,
      ].sort(),
    );
    expect(actionsOn(st, id.inbox)).toEqual(SQS_CONSUME);
    expect(actionsOn(st, id.outbox)).toEqual(SQS_SEND);
  });

  it('lets the install watcher consume and re-send on its own queue only, use the table as a task, and read the panel key', () => {
    const st = roleStatements(dev.json, id.role[WATCHER]!);
    expect(touched(id.role[WATCHER]!)).toEqual([id.installWatch, id.secrets.panel, id.stateMachine, id.table].sort());
    // Each next look is a new message: no ChangeMessageVisibility (a record that fails comes back on its own).
    expect(actionsOn(st, id.installWatch)).toEqual([...SQS_SEND, ...SQS_CONSUME].sort());
    expect(actionsOn(st, id.installWatchDlq)).toEqual([]);
    expect(actionsOn(st, id.table)).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(actionsOn(st, id.secrets.panel)).toEqual(SECRET_READ);
    // Nobody else sends to or reads the install watch, but the machine that starts each watch.
    for (const [name, role] of Object.entries(id.role))
      if (name !== WATCHER) expect(actionsOn(roleStatements(dev.json, role), id.installWatch), name).toEqual([]);
  });

  it('lets the outbox worker consume, back off and re-queue on the outbox only, and never start executions', () => {
    const st = roleStatements(dev.json, id.role.outboxWorker!);
    expect(touched(id.role.outboxWorker!)).toEqual([id.outbox, id.secrets.whatsapp, id.table].sort());
    expect(actionsOn(st, id.outbox)).toEqual([...SQS_SEND, ...SQS_CONSUME, 'sqs:ChangeMessageVisibility'].sort());
  });

  it('gives every table user item operations on this table only, and Query on its indexes only', () => {
    // Which operations each function gets: tests/infra/grants.test.ts.
    for (const name of ['inboxWorker', 'outboxWorker', ...TASKS, WATCHER, ...LIFECYCLE]) {
      const st = roleStatements(dev.json, id.role[name]!);
      for (const s of st.filter((s) => resourcesOf(s).some((r) => referencedIds(r).includes(id.table)))) {
        const onIndexes = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id.table, 'Arn'] }, '/index/*']] };
        if (actionsOf(s).includes('dynamodb:Query')) {
          expect(actionsOf(s), name).toEqual(['dynamodb:Query']);
          expect(s.Resource, name).toEqual(onIndexes);
        } else expect(s.Resource, name).toEqual({ 'Fn::GetAtt': [id.table, 'Arn'] });
      }
    }
  });

  it('keeps the task functions off the inbox; only the delivery task may send to the outbox', () => {
    for (const name of TASKS) {
      const expected =
        name === 'deliverCredentials'
          ? [id.outbox, id.secrets.panel, id.secrets.whatsapp, id.table]
          : [id.secrets.panel, id.table];
      expect(touched(id.role[name]!), name).toEqual(expected.sort());
      expect(actionsOn(roleStatements(dev.json, id.role[name]!), id.inbox), name).toEqual([]);
    }
    expect(actionsOn(roleStatements(dev.json, id.role.deliverCredentials!), id.outbox)).toEqual(SQS_SEND);
  });

  it('keeps the lifecycle functions off the inbox and the WhatsApp token; only the task may use the panel key', () => {
    expect(touched(id.role.lifecycleTask!)).toEqual([id.outbox, id.secrets.panel, id.table].sort());
    expect(touched(id.role.lifecycleSweep!)).toEqual([id.lifecycle, id.outbox, id.table].sort());
    for (const name of LIFECYCLE)
      expect(actionsOn(roleStatements(dev.json, id.role[name]!), id.outbox), name).toEqual(SQS_SEND);
  });

  it('lets nobody but the two state machines invoke the task functions', () => {
    const invokers = resources(dev.json, 'AWS::IAM::Role')
      .map(([k]) => k)
      .filter((role) =>
        roleStatements(dev.json, role).some((s) => actionsOf(s).some((a) => a.startsWith('lambda:Invoke'))),
      );
    expect(invokers.sort()).toEqual([id.stateMachineRole, id.lifecycleRole].sort());
    // Resource policies: the webhook's public Function URL, and the schedules of the reconciliation and the
    // lifecycle sweep (EventBridge, from its own rule only).
    const scheduled: Record<string, string> = {
      ReconcileSchedule: id.fn.reconcile!,
      LifecycleSchedule: id.fn.lifecycleSweep!,
    };
    for (const [name, p] of resources(dev.json, 'AWS::Lambda::Permission')) {
      const rule = Object.keys(scheduled).find((r) => name.startsWith(r));
      // The two public Function URLs: WhatsApp's webhook, and the payment gateway's.
      const url = name.startsWith('PaymentsWebhook') ? id.fn.paymentsWebhook : id.fn.webhook;
      expect(p.Properties.FunctionName, name).toEqual({
        'Fn::GetAtt': [rule ? scheduled[rule] : url, 'Arn'],
      });
      if (!rule) continue;
      expect(p.Properties.Principal, name).toBe('events.amazonaws.com');
      const [ruleId] = resources(dev.json, 'AWS::Events::Rule').find(([k]) => k.startsWith(rule))!;
      expect(p.Properties.SourceArn, name).toEqual({ 'Fn::GetAtt': [ruleId, 'Arn'] });
    }
  });

  it("lets the state machine invoke its five task functions (CheckInstall's for executions started before the install watch), start install watches, revert or complete the order, and notify the outbox", () => {
    const st = roleStatements(dev.json, id.stateMachineRole);
    expect(touched(id.stateMachineRole)).toEqual(
      [...TASKS.map((name) => id.fn[name]!), id.installWatch, id.outbox, id.table].sort(),
    );
    for (const name of TASKS) expect(actionsOn(st, id.fn[name]!), name).toEqual(['lambda:InvokeFunction']);
    // The watcher is invoked by its queue's event source, never by the machine; the machine only sends the watch.
    for (const name of ['webhook', 'inboxWorker', 'outboxWorker', WATCHER, ...LIFECYCLE])
      expect(actionsOn(st, id.fn[name]!), name).toEqual([]);
    expect(actionsOn(st, id.table)).toEqual(['dynamodb:UpdateItem']);
    expect(actionsOn(st, id.outbox)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(st, id.installWatch)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(st, id.inbox)).toEqual([]);
    for (const g of SECRET_GROUP_NAMES) expect(actionsOn(st, id.secrets[g]), g).toEqual([]);
  });

  it('lets the lifecycle machine invoke its one task function and nothing else: no table, queue or secret', () => {
    // Every state is a Lambda task of the same function; the function itself writes and notifies.
    const st = roleStatements(dev.json, id.lifecycleRole);
    const named = new Set(st.flatMap((s) => resourcesOf(s).flatMap(referencedIds)));
    expect([...named]).toEqual([id.fn.lifecycleTask]);
    expect(actionsOn(st, id.fn.lifecycleTask!)).toEqual(['lambda:InvokeFunction']);
  });
});

describe('queues and event sources', () => {
  const queue = (logicalId: string) => dev.json.Resources[logicalId].Properties;
  const timeoutOf = (fn: string) => dev.json.Resources[id.fn[fn]!].Properties.Timeout as number;

  it('inbox and outbox are FIFO, a FIFO DLQ each, the max receive counts; content dedup only where EventBridge writes', () => {
    for (const [q, dlq, max, consumer, contentDedup] of [
      [id.inbox, id.inboxDlq, MAX_RECEIVES.inbox, 'inboxWorker', false],
      [id.outbox, id.outboxDlq, MAX_RECEIVES.outbox, 'outboxWorker', true],
    ] as const) {
      expect(queue(q)).toMatchObject({
        FifoQueue: true,
        ContentBasedDeduplication: contentDedup,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: max },
      });
      expect(queue(dlq)).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      // AWS: visibility at least six times the consumer's timeout, or a slow batch is received twice.
      expect(queue(q).VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeoutOf(consumer));
    }
    expect(MAX_RECEIVES).toEqual({ inbox: 5, outbox: 8, installWatch: 5 });
  });

  it('the install watch is a standard queue (each look has its own delay, which FIFO lacks) with a standard DLQ kept two weeks, redriven from it only, after MAX_RECEIVES.installWatch receives', () => {
    const watch = queue(id.installWatch);
    expect(watch.FifoQueue).toBeUndefined();
    expect(watch.ContentBasedDeduplication).toBeUndefined();
    expect(watch).toMatchObject({
      QueueName: 'spawnpoint-dev-install-watch',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [id.installWatchDlq, 'Arn'] },
        maxReceiveCount: MAX_RECEIVES.installWatch,
      },
    });
    // A watch waits no longer than SQS's longest delay (900 s) before it is received; a record that keeps
    // failing reaches the DLQ after its receives, each a visibility timeout apart: it must not expire first.
    expect(watch.MessageRetentionPeriod).toBeGreaterThan(900 + MAX_RECEIVES.installWatch * watch.VisibilityTimeout);
    const dlq = queue(id.installWatchDlq);
    expect(dlq.FifoQueue).toBeUndefined();
    expect(dlq).toEqual({
      QueueName: 'spawnpoint-dev-install-watch-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [`arn:aws:sqs:${REGION}:${ACCOUNT}:spawnpoint-dev-install-watch`],
      },
    });
  });

  it("the install watch's visibility is six times the watcher's timeout, which outlasts a look's wait for its panel slot", () => {
    // A look waits its turn in the panel budget like a task's call, then reads and sends on.
    expect(timeoutOf(WATCHER)).toBe(PANEL_SLOT_WAIT_SECONDS + 60);
    expect(queue(id.installWatch).VisibilityTimeout).toBe(6 * timeoutOf(WATCHER));
  });

  it('every queue is encrypted and refuses requests without TLS', () => {
    const queues = resources(dev.json, 'AWS::SQS::Queue');
    // Inbox, outbox and install watch with their DLQs, and the quarantine.
    expect(queues.map(([k]) => k).sort()).toEqual(
      [id.inbox, id.inboxDlq, id.outbox, id.outboxDlq, id.installWatch, id.installWatchDlq, id.quarantine].sort(),
    );
    expect(queues).toHaveLength(7);
    for (const [name, q] of queues) {
      expect(q.Properties.SqsManagedSseEnabled, name).toBe(true);
      dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: name }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('the workers and the install watcher consume with partial batch responses, batches of 10 and bounded concurrency', () => {
    const mappings = resources(dev.json, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(3);
    const mapping = (fn: string) =>
      mappings.find(([, m]) => m.Properties.FunctionName.Ref === id.fn[fn])![1].Properties;
    expect(mapping('inboxWorker')).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [id.inbox, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(mapping('outboxWorker')).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [id.outbox, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    // A batch's looks run at once, each waiting its own turn in the panel budget; a failed record (its next
    // look could not be sent) comes back alone.
    expect(mapping(WATCHER)).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [id.installWatch, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe('concurrency', () => {
  const reserved = (s: Synthesized, fn: string) =>
    s.json.Resources[s.stack.getLogicalId(s.stack.functions[fn]!.node.defaultChild as CfnElement)].Properties
      .ReservedConcurrentExecutions as number | undefined;
  const maxConcurrency = (fn: string) =>
    resources(dev.json, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) => m.Properties.FunctionName.Ref === id.fn[fn],
    )![1].Properties.ScalingConfig.MaximumConcurrency as number;

  it('caps the public webhook at its reserved concurrency: 10 unless WEBHOOK_RESERVED_CONCURRENCY says otherwise', () => {
    expect(reserved(dev, 'webhook')).toBe(10);
    expect(reserved(synthesize({ env: { WEBHOOK_RESERVED_CONCURRENCY: '25' } }), 'webhook')).toBe(25);
  });

  it('reserves for each queue worker what its event source may use, so a flood elsewhere cannot starve it', () => {
    for (const fn of ['inboxWorker', 'outboxWorker', 'installWatcher'])
      expect(reserved(dev, fn), fn).toBe(maxConcurrency(fn));
    expect([maxConcurrency('inboxWorker'), maxConcurrency('outboxWorker'), maxConcurrency('installWatcher')]).toEqual([
      5, 2, 5,
    ]);
  });

  it('leaves the provisioning and lifecycle tasks on the unreserved pool (Step Functions retries a throttle)', () => {
    for (const fn of [...TASKS, 'lifecycleTask']) expect(reserved(dev, fn), fn).toBeUndefined();
  });

  it('runs one lifecycle sweep at a time: a slow sweep and the next tick never work on the same due items at once', () => {
    expect(reserved(dev, 'lifecycleSweep')).toBe(1);
  });
});

describe('table', () => {
  const table = (s: Synthesized) => resources(s.json, 'AWS::DynamoDB::GlobalTable')[0]![1];

  it("is on-demand with point-in-time recovery, the TTL attribute and its three indexes (a customer's orders, by status, the sweep's sparse due index)", () => {
    expect(resources(dev.json, 'AWS::DynamoDB::GlobalTable')).toHaveLength(1);
    const t = table(dev).Properties;
    expect(t.BillingMode).toBe('PAY_PER_REQUEST');
    expect(t.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(t.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(
      t.GlobalSecondaryIndexes.map((g: { IndexName: string; KeySchema: unknown }) => [g.IndexName, g.KeySchema]),
    ).toEqual([
      [
        'gsi1',
        [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
      ],
      [
        'gsi2',
        [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
      ],
      [
        'gsi3',
        [
          { AttributeName: 'gsi3pk', KeyType: 'HASH' },
          { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
        ],
      ],
    ]);
    // Sparse: only servers with something due carry gsi3pk, so the sweep reads what is due, not every order.
    expect([TABLE.customerIndex, TABLE.statusIndex, TABLE.dueIndex].map((i) => i.name)).toEqual([
      'gsi1',
      'gsi2',
      'gsi3',
    ]);
    expect(t.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('is protected from deletion and retained in prod, deletable in dev', () => {
    expect(table(prod).Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(table(prod).DeletionPolicy).toBe('Retain');
    expect(table(prod).UpdateReplacePolicy).toBe('Retain');
    expect(table(dev).Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
    expect(table(dev).DeletionPolicy).toBe('Delete');
  });
});

describe('executions that stop without finishing', () => {
  it('an EventBridge rule sends FAILED, TIMED_OUT and ABORTED executions of the provisioning machine to the outbox', () => {
    const rules = resources(dev.json, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern);
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: id.stateMachine }] },
    });
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [id.outbox, 'Arn'] });
    expect(target.SqsParameters).toEqual({ MessageGroupId: 'execution-stopped' });
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-name': '$.detail.name',
      'detail-status': '$.detail.status',
    });
    expect(target.InputTransformer.InputTemplate).toContain('"type":"execution-stopped"');
    // Not the lifecycle machine's: its failures after the retries are caught by ActionFailed, which
    // releases the claim and tells the admins with a retry button, and a superseded one (StaleAction)
    // is meant to stop; the outbox's notice reads provisioning executions ({orderId}-{attempt}) only.
    expect(rule.Properties.EventPattern.detail.stateMachineArn).toEqual([{ Ref: id.stateMachine }]);
  });
});

describe('schedules', () => {
  const schedule = (s: Synthesized, prefix: string) =>
    resources(s.json, 'AWS::Events::Rule').find(([k]) => k.startsWith(prefix))![1].Properties;

  it("sweeps every LIFECYCLE_SWEEP_SECONDS rounded up to whole minutes (EventBridge's finest rate), not retrying a failed sweep", () => {
    expect(schedule(dev, 'LifecycleSchedule')).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)', // the default, 300 s
      State: 'ENABLED',
      // The next tick is minutes away; a retried sweep would only run next to it.
      Targets: [{ Arn: { 'Fn::GetAtt': [id.fn.lifecycleSweep, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
    expect(resources(dev.json, 'AWS::Events::Rule').filter(([k]) => k.startsWith('LifecycleSchedule'))).toHaveLength(1);
    for (const [seconds, rate] of [
      ['90', 'rate(2 minutes)'],
      ['30', 'rate(1 minute)'],
    ]) {
      const s = synthesize({ env: { LIFECYCLE_SWEEP_SECONDS: seconds! } });
      expect(schedule(s, 'LifecycleSchedule').ScheduleExpression, `${seconds} s`).toBe(rate);
    }
  }, 120_000); // two more synths

  it('reconciles once a day', () => {
    expect(schedule(dev, 'ReconcileSchedule')).toMatchObject({
      ScheduleExpression: 'rate(1 day)',
      Targets: [{ Arn: { 'Fn::GetAtt': [id.fn.reconcile, 'Arn'] } }],
    });
  });
});

describe('alarms and the operators topic', () => {
  const alarmNames = (s: Synthesized) =>
    resources(s.json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.AlarmName as string);

  it('has an alarm for every DLQ, the quarantine, failed/timed-out/aborted executions, rejections, permanent failures and each function', () => {
    const names = alarmNames(dev);
    const expected = [
      'InboxDlqNotEmpty',
      'OutboxDlqNotEmpty',
      'InstallWatchDlqNotEmpty',
      'WebhookQuarantineNotEmpty',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'ExecutionsAborted',
      'WebhookSignatureRejections',
      'OutboxPermanentFailures',
      'WhatsAppTokenInvalid',
      'WebhookThrottled',
      'PaymentSignatureRejections',
      'PaymentsUnmatched',
      ...Object.keys(id.fn).map((f) => `${f}Errors`),
    ].map((n) => `spawnpoint-dev-${n}`);
    expect(names.sort()).toEqual(expected.sort());
  });

  it('watches the right metrics', () => {
    const alarm = (name: string) =>
      resources(dev.json, 'AWS::CloudWatch::Alarm').find(
        ([, a]) => a.Properties.AlarmName === `spawnpoint-dev-${name}`,
      )![1].Properties;
    for (const [name, q] of [
      ['InboxDlqNotEmpty', id.inboxDlq],
      ['OutboxDlqNotEmpty', id.outboxDlq],
      ['InstallWatchDlqNotEmpty', id.installWatchDlq],
      ['WebhookQuarantineNotEmpty', id.quarantine],
    ] as const) {
      expect(alarm(name), name).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [q, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    for (const [name, metric] of [
      ['ExecutionsFailed', 'ExecutionsFailed'],
      ['ExecutionsTimedOut', 'ExecutionsTimedOut'],
      ['ExecutionsAborted', 'ExecutionsAborted'],
    ] as const) {
      expect(alarm(name), name).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: id.stateMachine } }],
      });
    }
    expect(alarm('WebhookSignatureRejections')).toMatchObject({
      Namespace: 'Spawnpoint',
      MetricName: 'WebhookSignatureRejected',
      Dimensions: [{ Name: 'service', Value: 'webhook' }],
    });
    expect(alarm('OutboxPermanentFailures')).toMatchObject({
      Namespace: 'Spawnpoint',
      MetricName: 'MessagesFailedPermanently',
      Dimensions: [{ Name: 'service', Value: 'outbox' }],
    });
    expect(alarm('WebhookThrottled')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id.fn.webhook } }],
      Threshold: 1,
    });
    expect(alarm('webhookErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id.fn.webhook } }],
    });
  });

  it('sends every alarm to the operators topic, each with a description pointing at the runbook', () => {
    for (const s of [dev, prod]) {
      const topic = resources(s.json, 'AWS::SNS::Topic')[0]![0];
      for (const [name, a] of resources(s.json, 'AWS::CloudWatch::Alarm')) {
        expect(a.Properties.AlarmActions, name).toEqual([{ Ref: topic }]);
        expect(a.Properties.AlarmDescription, name).toMatch(/docs\/operations\.md#/);
        expect(a.Properties.TreatMissingData, name).toBe('notBreaching');
      }
    }
  });

  it('subscribes the e-mail address only when one is configured', () => {
    expect(resources(dev.json, 'AWS::SNS::Subscription')).toEqual([]);
    prod.template.resourceCountIs('AWS::SNS::Subscription', 1);
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('encrypts the topic with its own rotated key that CloudWatch alarms of this stack may use', () => {
    const key = resources(dev.json, 'AWS::KMS::Key');
    expect(key).toHaveLength(1);
    expect(key[0]![1].Properties.EnableKeyRotation).toBe(true);
    dev.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key[0]![0], 'Arn'] } });
    const statements = key[0]![1].Properties.KeyPolicy.Statement as Json[];
    const cw = statements.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cw).toHaveLength(1);
    expect(cw[0]).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:spawnpoint-dev-*` },
      },
    });
  });

  it('has a dashboard with orders provisioned and failed, duration, and messages sent and failed', () => {
    const dashboards = resources(dev.json, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const dash = dashboards[0]![1];
    const body = JSON.stringify(dash.Properties.DashboardBody);
    for (const metric of [
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionTime',
      'MessagesSent',
      'MessagesFailedPermanently',
    ])
      expect(body).toContain(metric);
  });
});

describe('payments', () => {
  it('with PAYMENT_PROVIDER manual there is no payments webhook, URL, secret, alarm or grant', () => {
    const manual = synthesize({ env: { PAYMENT_PROVIDER: 'manual' } });
    expect(JSON.stringify(manual.json)).not.toMatch(/Payment/);
    expect(resources(manual.json, 'AWS::Lambda::Function')).toHaveLength(12); // the thirteen but the payments webhook
  });

  it('gives the payments webhook its own Function URL, the inbox queue and its provider, nothing else', () => {
    const vars = dev.json.Resources[id.fn.paymentsWebhook!].Properties.Environment.Variables;
    expect(Object.keys(vars).sort()).toEqual(
      expect.arrayContaining(['INBOX_QUEUE_URL', 'PAYMENT_PROVIDER', 'SECRET_ARN_PAYMENTSWEBHOOK']),
    );
    expect(vars.PAYMENT_PROVIDER).toBe('stripe');
    expect(vars.TABLE_NAME).toBeUndefined();
    expect(vars.SECRET_ARN_WEBHOOK).toBeUndefined(); // never WhatsApp's secret (grants.test.ts: nothing else either)
  });
});

describe('outputs', () => {
  it('give the webhook URL, the secret names, both state machines, the dashboard and the topic', () => {
    expect(Object.keys(dev.json.Outputs).sort()).toEqual(
      [
        'AlarmTopicArn',
        'DashboardName',
        'LifecycleStateMachineArn',
        'PanelSecretName',
        'PaymentsSecretName',
        'PaymentsWebhookSecretName',
        'PaymentsWebhookUrl',
        'StateMachineArn',
        'WebhookSecretName',
        'WebhookUrl',
        'WhatsappSecretName',
      ].sort(),
    );
    expect(dev.json.Outputs.WebhookUrl.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WebhookFunctionUrl/), 'FunctionUrl'],
    });
    expect(dev.json.Outputs.PaymentsWebhookUrl.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^PaymentsWebhookFunctionUrl/), 'FunctionUrl'],
    });
    // Operators find either machine's executions (to redrive one) from its ARN.
    expect(dev.json.Outputs.StateMachineArn.Value).toEqual({ Ref: id.stateMachine });
    expect(dev.json.Outputs.LifecycleStateMachineArn.Value).toEqual({ Ref: id.lifecycle });
  });
});

describe('secrets', () => {
  it('puts no secret value anywhere in the template, although the settings env carried them', () => {
    for (const s of [dev, prod]) {
      const text = JSON.stringify(s.json);
      for (const [name, value] of Object.entries(SECRET_VALUES)) expect(text, name).not.toContain(value);
    }
  });

  it('gives no function an environment variable named like a secret; they get the ARNs of their secrets instead', () => {
    for (const [name, logicalId] of Object.entries(id.fn)) {
      const vars = dev.json.Resources[logicalId].Properties.Environment.Variables as Record<string, unknown>;
      for (const secret of SECRET_NAMES) expect(Object.keys(vars), name).not.toContain(secret);
      const arns = Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith('SECRET_ARN')));
      const expected = Object.fromEntries(
        SECRETS_BY_FUNCTION[name]!.map((g) => [secretArnEnv(g), { Ref: id.secrets[g] }]),
      );
      expect(arns, name).toEqual(expected);
    }
  });

  it('lets each function read only the secrets its code uses: the webhook never the panel key or the token', () => {
    expect(Object.keys(SECRETS_BY_FUNCTION).sort()).toEqual(Object.keys(id.fn).sort());
    for (const [name, role] of Object.entries(id.role)) {
      const st = roleStatements(dev.json, role);
      const readable = SECRET_GROUP_NAMES.filter((g) => actionsOn(st, id.secrets[g]).length > 0);
      expect(readable, name).toEqual(SECRETS_BY_FUNCTION[name]);
      for (const g of readable) expect(actionsOn(st, id.secrets[g]), `${name} ${g}`).toEqual(SECRET_READ);
      const secretStatements = st.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      for (const s of secretStatements)
        expect(
          resourcesOf(s).every((r) => r !== '*'),
          name,
        ).toBe(true);
    }
  });

  it('creates one secret per group, named <prefix>/<group>, with its JSON keys empty and no value of ours in it', () => {
    const secrets = resources(dev.json, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([k]) => k).sort()).toEqual(Object.values(id.secrets).sort());
    for (const g of SECRET_GROUP_NAMES) {
      const secret = dev.json.Resources[id.secrets[g]];
      expect(secret.Properties.SecretString, g).toBeUndefined();
      const template = JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate) as Record<
        string,
        string
      >;
      expect(Object.keys(template).sort(), g).toEqual([...SECRET_GROUPS[g]].sort());
      expect(
        Object.values(template).every((v) => v === ''),
        g,
      ).toBe(true);
      expect(secret.Properties.Name, g).toBe(`spawnpoint-dev/${g}`);
    }
    expect(SECRET_GROUPS).toEqual({
      webhook: ['WHATSAPP_APP_SECRET', 'WHATSAPP_APP_SECRET_PREVIOUS', 'WHATSAPP_VERIFY_TOKEN'],
      panel: ['PTERODACTYL_ADMIN_API_KEY'],
      whatsapp: ['WHATSAPP_ACCESS_TOKEN'],
      payments: ['STRIPE_SECRET_KEY', 'MIDTRANS_SERVER_KEY'],
      paymentsWebhook: ['STRIPE_WEBHOOK_SECRET'],
    });
  });
});
