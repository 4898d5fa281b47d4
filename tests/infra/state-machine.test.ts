// Infra tier: the provisioning and lifecycle state machines as synthesized. Retries by error name with
// backoff and jitter, the install wait (one SQS send that pauses on its task token until the install
// watcher answers), the catches of the design (and the steps that have none, so a redrive resumes them),
// logging, tracing, and the extracted ASL of each passes asl-validator.

import { createRequire } from 'node:module';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_STORE_ERRORS } from '../../infra/lifecycle-state-machine.js';
import { LAMBDA_ERRORS, TRANSIENT_STORE_ERRORS } from '../../infra/provisioning-state-machine.js';
import { aslFromTemplate } from '../../local/sfn/definition.js';
import { LIFECYCLE_TASKS } from '../../shared/app/lifecycle/context.js';
import { PANEL_SLOT_WAIT_SECONDS, WAITING_TASK_TIMEOUT_SECONDS } from '../../shared/app/provisioning/context.js';
import { InstallWatchMessage, watchTimeoutSeconds } from '../../shared/app/provisioning/install-watch.js';
import { RATE_LIMIT_ERRORS, TRANSIENT_PANEL_ERRORS } from '../../shared/domain/error-names.js';
import {
  CHECK_INSTALL_MEMORY_MB,
  FIRST_POLL_SECONDS,
  INSTALL_WATCHER_MEMORY_MB,
} from '../../shared/domain/install-polling.js';
import { actionsOn, type Json, resources, roleStatements, type Synthesized, synthesize } from './synth.js';

type Validate = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string; errors: unknown[] };
const validateAsl = createRequire(import.meta.url)('asl-validator') as Validate;

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}
interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Parameters?: Json;
  TimeoutSeconds?: number;
  [k: string]: unknown;
}

const LAMBDA_TASKS = ['EnsureUser', 'EnsureServer', 'DeliverCredentials', 'Rollback'];
const DIRECT_TASKS = ['MarkCompleted', 'RevertOrder', 'NotifyProvisioned', 'NotifyFailure'];
/** The install wait: an SQS send that pauses until the install watcher answers with the task token. */
const CALLBACK_TASKS = ['CheckInstall'];
/** testEnv's INSTALL_TIMEOUT_SECONDS and INSTALL_POLL_SECONDS. */
const INSTALL_TIMEOUT = 600;
const INSTALL_POLL = 5;
/** The state machine's first wait: the delay of the watch's first look. */
const FIRST_LOOK = Math.min(FIRST_POLL_SECONDS, INSTALL_POLL);
/**
 * CheckInstall's first retrier, the one that is not a failure's back-off: a watch lost (its message in the
 * DLQ) times out after the install deadline, and one new watch looks once more, at once.
 */
const LOST_WATCH_RETRY: Retrier = { ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 };

type Asl = { StartAt: string; States: Record<string, State>; TimeoutSeconds?: number; QueryLanguage?: string };

let s: Synthesized;
let asl: Asl;
let lifecycle: Asl;
const stateOf =
  (definition: () => Asl) =>
  (name: string): State => {
    const st = definition().States[name];
    if (!st) throw new Error(`no state ${name}`);
    return st;
  };
const state = stateOf(() => asl);
const lstate = stateOf(() => lifecycle);
/** The logical id of the install-watch queue (the local runner's `local:<id>` QueueUrl). */
const installWatchQueue = (): string => {
  const found = resources(s.json, 'AWS::SQS::Queue').filter(([k]) => /^InstallWatch[A-F0-9]{8}$/.test(k));
  expect(found).toHaveLength(1);
  return found[0]![0];
};

beforeAll(() => {
  s = synthesize(); // testEnv: INSTALL_POLL_SECONDS=5, INSTALL_TIMEOUT_SECONDS=600
  asl = aslFromTemplate(s.json) as unknown as Asl;
  lifecycle = aslFromTemplate(s.json, 'lifecycle') as unknown as Asl;
}, 120_000); // synth is CPU-heavy; on a busy 2-core machine it can take tens of seconds

describe('the definition', () => {
  it('passes asl-validator, with ARN and path checks on', () => {
    const result = validateAsl(structuredClone(asl), { checkArn: true, checkPaths: true });
    expect(result.errors, result.isValid ? '' : result.errorsText('\n')).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('is JSONPath only (the local runner ignores JSONata) and has the states of the design', () => {
    expect(asl.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(asl)).not.toMatch(/"Assign"|\{%/);
    expect(asl.StartAt).toBe('EnsureUser');
    expect(Object.keys(asl.States).sort()).toEqual(
      [
        'EnsureUser',
        'EnsureServer',
        'CheckInstall',
        'DeliverCredentials',
        'MarkCompleted',
        'NotifyProvisioned',
        'Provisioned',
        'EnsureUserFailed',
        'EnsureServerFailed',
        'WaitForInstallFailed',
        'Rollback',
        'RevertOrder',
        'NotifyFailure',
        'ProvisioningFailed',
        'StaleExecution',
      ].sort(),
    );
  });

  it('runs the happy path in order; the install wait is CheckInstall alone, paused on its task token (no Wait or Choice states: one transition however many looks)', () => {
    expect(state('EnsureUser').Next).toBe('EnsureServer');
    expect(state('EnsureServer').Next).toBe('CheckInstall');
    expect(state('CheckInstall')).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      ResultPath: '$.install',
      Next: 'DeliverCredentials',
    });
    // To the install-watch queue, delayed to the first look; the watcher takes it from there.
    expect(state('CheckInstall').Parameters).toMatchObject({
      QueueUrl: `local:${installWatchQueue()}`,
      DelaySeconds: FIRST_LOOK,
      MessageBody: { 'taskToken.$': '$$.Task.Token' },
    });
    expect(Object.values(asl.States).filter((st) => st.Type === 'Wait' || st.Type === 'Choice')).toEqual([]);
    expect(state('DeliverCredentials').Next).toBe('MarkCompleted');
    expect(state('MarkCompleted').Next).toBe('NotifyProvisioned');
    expect(state('NotifyProvisioned').Next).toBe('Provisioned');
    expect(state('Provisioned').Type).toBe('Succeed');
  });

  it('runs the failure branch Rollback → RevertOrder → NotifyFailure → ProvisioningFailed', () => {
    for (const step of ['EnsureUser', 'EnsureServer', 'WaitForInstall'])
      expect(state(`${step}Failed`)).toMatchObject({
        Type: 'Pass',
        Result: step,
        ResultPath: '$.failedStep',
        Next: 'Rollback',
      });
    expect(state('Rollback').Next).toBe('RevertOrder');
    expect(state('RevertOrder').Next).toBe('NotifyFailure');
    expect(state('NotifyFailure').Next).toBe('ProvisioningFailed');
    expect(state('ProvisioningFailed')).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
    expect(state('StaleExecution')).toMatchObject({ Type: 'Fail', Error: 'StaleExecutionError' });
  });

  it('passes ids only to the Lambda tasks (no secret, no password)', () => {
    const invoked = Object.entries(asl.States).filter(([, st]) => st.Resource?.startsWith('arn:aws:lambda:'));
    expect(invoked.map(([n]) => n).sort()).toEqual([...LAMBDA_TASKS].sort());
    for (const name of LAMBDA_TASKS) {
      const t = state(name);
      expect(t.Resource, name).toMatch(/^arn:aws:lambda:.*:function:/);
      // Longer than the function may run: every task may wait its turn in the panel budget (issue 18).
      expect(t.TimeoutSeconds, name).toBe(WAITING_TASK_TIMEOUT_SECONDS + 20);
      const keys = Object.keys(t.Parameters ?? {}).sort();
      expect(keys, name).toEqual(expect.arrayContaining(['orderId.$', 'attempt.$']));
      for (const k of keys) expect(k, name).toMatch(/^(orderId|attempt|userId|serverId)\.\$$/);
    }
  });

  it('hands the install watch ids, the deadline, the schedule and the task token only (no secret, no password)', () => {
    const params = state('CheckInstall').Parameters!;
    // A standard queue: no group or dedup id (each look is a message of its own).
    expect(Object.keys(params).sort()).toEqual(['DelaySeconds', 'MessageBody', 'QueueUrl']);
    expect(params.MessageBody).toEqual({
      'orderId.$': '$.orderId',
      'attempt.$': '$.attempt',
      'serverId.$': '$.server.serverId',
      'installDeadline.$': '$.server.installDeadline',
      // The schedule so far: the first look comes after the message's own delay, looks 1, no error yet.
      waitedSeconds: FIRST_LOOK,
      look: 1,
      errors: 0,
      // Step Functions' handle for this paused task, not a credential: only the watcher may answer it.
      'taskToken.$': '$$.Task.Token',
    });
    expect(params.DelaySeconds).toBe(params.MessageBody.waitedSeconds);
    // Exactly the fields the watcher reads (shared/app/provisioning/install-watch.ts), none it would drop.
    expect(
      Object.keys(params.MessageBody)
        .map((k) => k.replace(/\.\$$/, ''))
        .sort(),
    ).toEqual(Object.keys(InstallWatchMessage.shape).sort());
    expect(JSON.stringify(params)).not.toMatch(/password|secret|apikey|accesstoken/i);
  });
});

describe('retries', () => {
  it('every task retries by error names (never States.ALL), with backoff, a max delay and full jitter', () => {
    const tasks = Object.entries(asl.States).filter(([, st]) => st.Type === 'Task');
    expect(tasks.map(([n]) => n).sort()).toEqual([...LAMBDA_TASKS, ...DIRECT_TASKS, ...CALLBACK_TASKS].sort());
    // The one exception, exactly: CheckInstall's lost watch is tried once more, at once. Not a failure's
    // back-off (nothing to spread out: one execution, one new watch), so no backoff, max delay or jitter.
    expect(state('CheckInstall').Retry![0]).toEqual(LOST_WATCH_RETRY);
    for (const [name, t] of tasks) {
      expect(t.Retry?.length, name).toBeGreaterThan(0);
      for (const r of name === 'CheckInstall' ? t.Retry!.slice(1) : t.Retry!) {
        expect(r.ErrorEquals.length, name).toBeGreaterThan(0);
        expect(r.ErrorEquals, name).not.toContain('States.ALL');
        expect(r.ErrorEquals, name).not.toContain('States.TaskFailed');
        expect(r.IntervalSeconds, name).toBeGreaterThanOrEqual(2);
        expect(r.BackoffRate, name).toBeGreaterThanOrEqual(2);
        expect(r.MaxAttempts, name).toBeGreaterThanOrEqual(5);
        expect(r.MaxDelaySeconds, name).toBeGreaterThan(r.IntervalSeconds!);
        expect(r.JitterStrategy, name).toBe('FULL');
      }
    }
  });

  it('Lambda tasks retry the panel being down, rate limits and Lambda failures, and nothing permanent', () => {
    for (const name of LAMBDA_TASKS) {
      const errors = state(name).Retry!.flatMap((r) => r.ErrorEquals);
      expect(errors, name).toEqual(
        expect.arrayContaining([...TRANSIENT_PANEL_ERRORS, ...RATE_LIMIT_ERRORS, ...LAMBDA_ERRORS]),
      );
      expect(errors, name).toEqual(expect.arrayContaining(['PanelUnavailableError', 'PanelRateLimitedError']));
      for (const permanent of [
        'PanelRejectedError',
        'StaleExecutionError',
        'ServerInstallFailedError',
        'InstallTimeoutError',
      ])
        expect(errors, name).not.toContain(permanent);
    }
    const rateLimit = state('EnsureServer').Retry!.find((r) => r.ErrorEquals.includes('PanelRateLimitedError'))!;
    expect(rateLimit).toMatchObject({ IntervalSeconds: 15, MaxDelaySeconds: 120 });
  });

  it('DeliverCredentials also retries WhatsApp outages and the token error (rotating the token fixes it)', () => {
    const errors = state('DeliverCredentials').Retry!.flatMap((r) => r.ErrorEquals);
    expect(errors).toEqual(expect.arrayContaining(['WhatsAppRetryableError', 'WhatsAppTokenError']));
    expect(errors).not.toContain('CredentialsUndeliverableError');
  });

  it('direct integrations retry throttling and service errors only', () => {
    for (const name of DIRECT_TASKS) {
      const errors = state(name).Retry!.flatMap((r) => r.ErrorEquals);
      expect(
        errors.every((e) => /^(DynamoDB|SQS)\./.test(e)),
        name,
      ).toBe(true);
      expect(errors, name).not.toContain('DynamoDB.ConditionalCheckFailedException');
    }
  });
});

describe('the install wait', () => {
  it("CheckInstall waits for the watcher's answer past the install deadline, a last look one INSTALL_POLL_SECONDS later and its panel slot wait", () => {
    const timeout = state('CheckInstall').TimeoutSeconds!;
    expect(timeout).toBe(watchTimeoutSeconds(INSTALL_TIMEOUT, INSTALL_POLL));
    // Only a lost watch runs into it: a look just before the deadline is followed by one a poll later,
    // which may wait its turn in the panel budget before it sees the deadline passed and fails the task.
    expect(timeout).toBeGreaterThan(INSTALL_TIMEOUT + INSTALL_POLL + PANEL_SLOT_WAIT_SECONDS);
    expect(timeout).toBeLessThan(asl.TimeoutSeconds!);
    // No heartbeat: the watcher answers once, it does not report progress.
    expect(state('CheckInstall').HeartbeatSeconds).toBeUndefined();
  });

  it("CheckInstall tries a lost watch once more, then retries the queue's passing failures, and nothing the watcher reports", () => {
    const retries = state('CheckInstall').Retry!;
    expect(retries).toEqual([
      LOST_WATCH_RETRY,
      {
        ErrorEquals: TRANSIENT_STORE_ERRORS,
        IntervalSeconds: 2,
        MaxAttempts: 6,
        BackoffRate: 2,
        MaxDelaySeconds: 30,
        JitterStrategy: 'FULL',
      },
    ]);
    // The watcher's failures are the look's own: a failed install, the deadline, a stale execution, a
    // refusal, or a table error that persisted through its own tries. They roll back (or stop), never retry.
    const errors = retries.flatMap((r) => r.ErrorEquals);
    for (const permanent of [
      'InstallTimeoutError',
      'ServerInstallFailedError',
      'StaleExecutionError',
      'PanelRejectedError',
      'InstallNotReadyError',
      'States.TaskFailed',
      'States.ALL',
    ])
      expect(errors, permanent).not.toContain(permanent);
    // A Lambda's errors cannot happen here (no function is invoked), nor the panel's (the look treats an
    // outage or a rate limit as "not known yet" and looks again).
    expect(errors.filter((e) => /^(Lambda|Sandbox)\./.test(e) || e.startsWith('Panel'))).toEqual([]);
  });

  it('the install watcher runs at INSTALL_WATCHER_MEMORY_MB: a look is a read, a panel GET and a send', () => {
    const fn = resources(s.json, 'AWS::Lambda::Function').find(([k]) => k.startsWith('InstallWatcherFn'))![1];
    expect(fn.Properties.MemorySize).toBe(INSTALL_WATCHER_MEMORY_MB);
  });

  it("keeps the CheckInstall function invokable by the state machine's role for executions started before the install watch, though no state of this definition invokes it", () => {
    const logical = (c: { node: { defaultChild?: unknown } }) =>
      s.stack.getLogicalId(c.node.defaultChild as CfnElement);
    const checkInstall = logical(s.stack.functions.checkInstall!);
    const role = logical(s.stack.provisioning.stateMachine.role);
    expect(actionsOn(roleStatements(s.json, role), checkInstall)).toEqual(['lambda:InvokeFunction']);
    // Those executions run their own (old) definition, which calls it by ARN: this one never does.
    expect(JSON.stringify(asl)).not.toContain(checkInstall);
    const fn = s.json.Resources[checkInstall];
    expect(fn.Properties.MemorySize).toBe(CHECK_INSTALL_MEMORY_MB);
    expect(fn.Properties.Description).toMatch(/executions started before the install watch/);
  });
});

describe('catches', () => {
  it('EnsureUser, EnsureServer and CheckInstall: a stale execution stops, anything else rolls back', () => {
    for (const [name, step] of [
      ['EnsureUser', 'EnsureUser'],
      ['EnsureServer', 'EnsureServer'],
      ['CheckInstall', 'WaitForInstall'],
    ] as const) {
      expect(state(name).Catch, name).toEqual([
        { ErrorEquals: ['StaleExecutionError'], Next: 'StaleExecution', ResultPath: '$.error' },
        { ErrorEquals: ['States.ALL'], Next: `${step}Failed`, ResultPath: '$.error' },
      ]);
    }
  });

  it('Rollback, DeliverCredentials and the notices have no Catch: they stop there for a redrive', () => {
    for (const name of ['Rollback', 'DeliverCredentials', 'NotifyFailure', 'NotifyProvisioned'])
      expect(state(name).Catch, name).toBeUndefined();
  });

  it('RevertOrder and MarkCompleted catch only an already-made transition, and go on to the notice', () => {
    expect(state('RevertOrder').Catch).toEqual([
      { ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], Next: 'NotifyFailure', ResultPath: null },
    ]);
    expect(state('MarkCompleted').Catch).toEqual([
      { ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], Next: 'NotifyProvisioned', ResultPath: null },
    ]);
  });

  it('writes the order conditionally on its status and this attempt', () => {
    for (const name of ['MarkCompleted', 'RevertOrder']) {
      expect(state(name).Resource, name).toBe('arn:aws:states:::dynamodb:updateItem');
      expect(state(name).Parameters!.ConditionExpression, name).toBe('#status = :provisioning AND attempts = :attempt');
    }
  });
});

describe('the lifecycle definition', () => {
  it('passes asl-validator, with ARN and path checks on', () => {
    const result = validateAsl(structuredClone(lifecycle), { checkArn: true, checkPaths: true });
    expect(result.errors, result.isValid ? '' : result.errorsText('\n')).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('is JSONPath only (the local runner ignores JSONata) and has the states of the design', () => {
    expect(lifecycle.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(lifecycle)).not.toMatch(/"Assign"|\{%/);
    expect(lifecycle.StartAt).toBe('CallPanel');
    expect(Object.keys(lifecycle.States).sort()).toEqual(
      [
        ...LIFECYCLE_TASKS,
        'StillWanted',
        'NothingToDo',
        'Overtaken',
        'Undone',
        'Done',
        'StaleAction',
        'LifecycleFailed',
      ].sort(),
    );
  });

  it('calls the panel, reads it back, records, then notifies; stops early when the action is not wanted any more', () => {
    expect(lstate('CallPanel').Next).toBe('StillWanted');
    expect(lstate('StillWanted')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.call.skipped', BooleanEquals: true, Next: 'NothingToDo' }],
      Default: 'ReadBack',
    });
    expect(lstate('ReadBack').Next).toBe('Record');
    expect(lstate('Record').Next).toBe('Overtaken');
    expect(lstate('Overtaken')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.record.outcome', StringEquals: 'undo', Next: 'UndoSuspend' }],
      Default: 'Notify',
    });
    expect(lstate('Notify').Next).toBe('Done');
    expect(lstate('UndoSuspend').Next).toBe('Undone');
    for (const name of ['NothingToDo', 'Done', 'Undone']) expect(lstate(name).Type, name).toBe('Succeed');
    expect(lstate('ActionFailed').Next).toBe('LifecycleFailed');
    expect(lstate('LifecycleFailed')).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
    expect(lstate('StaleAction')).toMatchObject({ Type: 'Fail', Error: 'StaleExecutionError' });
  });

  it('runs every state on the one lifecycle function, which the payload tells which task, with ids only', () => {
    const fnTimeout = (resources(s.json, 'AWS::Lambda::Function').find(([k]) => k.startsWith('LifecycleTaskFn'))![1]
      .Properties.Timeout ?? 3) as number;
    const tasks = Object.entries(lifecycle.States).filter(([, st]) => st.Type === 'Task');
    expect(tasks.map(([n]) => n).sort()).toEqual([...LIFECYCLE_TASKS].sort());
    for (const [name, t] of tasks) {
      expect(t.Resource, name).toMatch(/^arn:aws:lambda:.*:function:LifecycleTaskFn[0-9A-F]{8}$/);
      // Longer than the function may run: Step Functions never starts a second try while one still runs.
      expect(t.TimeoutSeconds, name).toBeGreaterThan(fnTimeout);
      expect(t.Parameters!.task, name).toBe(name);
      const keys = Object.keys(t.Parameters!).filter((k) => k !== 'task');
      expect(keys.sort(), name).toEqual(
        ['orderId.$', 'action.$', 'execution.$', ...(name === 'ActionFailed' ? ['error.$'] : [])].sort(),
      );
    }
    // ActionFailed gets what was caught, for the order's record and the admins' notice.
    expect(lstate('ActionFailed').Parameters!['error.$']).toBe('$.error');
  });
});

describe('lifecycle retries', () => {
  it("every Lambda state retries Lambda's own failures by name (never States.ALL), with backoff, a max delay and full jitter", () => {
    for (const name of LIFECYCLE_TASKS) {
      const retries = lstate(name).Retry ?? [];
      expect(
        retries.flatMap((r) => r.ErrorEquals),
        name,
      ).toEqual(expect.arrayContaining(LAMBDA_ERRORS));
      for (const r of retries) {
        expect(r.ErrorEquals.length, name).toBeGreaterThan(0);
        expect(r.ErrorEquals, name).not.toContain('States.ALL');
        expect(r.ErrorEquals, name).not.toContain('States.TaskFailed');
        expect(r.IntervalSeconds, name).toBeGreaterThanOrEqual(2);
        expect(r.BackoffRate, name).toBeGreaterThanOrEqual(2);
        expect(r.MaxAttempts, name).toBeGreaterThanOrEqual(4);
        expect(r.MaxDelaySeconds, name).toBeGreaterThan(r.IntervalSeconds!);
        expect(r.JitterStrategy, name).toBe('FULL');
      }
    }
  });

  it('the panel states retry its outages and rate limit, and nothing permanent; the read-back waits for the panel to settle', () => {
    for (const name of ['CallPanel', 'ReadBack', 'UndoSuspend']) {
      const errors = lstate(name).Retry!.flatMap((r) => r.ErrorEquals);
      expect(errors, name).toEqual(expect.arrayContaining([...TRANSIENT_PANEL_ERRORS, ...RATE_LIMIT_ERRORS]));
      for (const permanent of ['PanelRejectedError', 'StaleExecutionError', 'ServerGoneError'])
        expect(errors, name).not.toContain(permanent);
      expect(errors.includes('PanelStateMismatchError'), name).toBe(name === 'ReadBack');
    }
  });

  it("Record, Notify and ActionFailed retry the table's and the outbox's passing failures by the names a Lambda reports", () => {
    for (const name of ['Record', 'Notify', 'ActionFailed']) {
      const errors = lstate(name).Retry!.flatMap((r) => r.ErrorEquals);
      expect(errors, name).toEqual(expect.arrayContaining(LAMBDA_STORE_ERRORS));
      expect(errors, name).toContain('QueueSendError');
      // `DynamoDB.*`/`SQS.*` are the names of direct integrations: a Lambda task never reports them.
      expect(
        errors.filter((e) => /^(DynamoDB|SQS)\./.test(e)),
        name,
      ).toEqual([]);
      expect(errors, name).not.toContain('ConditionalCheckFailedException');
    }
  });
});

describe('lifecycle catches', () => {
  it('CallPanel, ReadBack, Record and UndoSuspend: a superseded execution stops, anything else goes to ActionFailed', () => {
    for (const name of ['CallPanel', 'ReadBack', 'Record', 'UndoSuspend'])
      expect(lstate(name).Catch, name).toEqual([
        { ErrorEquals: ['StaleExecutionError'], Next: 'StaleAction', ResultPath: '$.error' },
        { ErrorEquals: ['States.ALL'], Next: 'ActionFailed', ResultPath: '$.error' },
      ]);
  });

  it('ActionFailed and Notify have no Catch: they stop there for a redrive', () => {
    for (const name of ['ActionFailed', 'Notify']) expect(lstate(name).Catch, name).toBeUndefined();
  });
});

describe('the state machine resources', () => {
  const machines = () => resources(s.json, 'AWS::StepFunctions::StateMachine');
  const machine = (which: 'provision' | 'lifecycle') =>
    machines().find(([, r]) => r.Properties.StateMachineName === `spawnpoint-dev-${which}`)![1].Properties;

  it('are two Standard workflows with X-Ray tracing: provisioning and the server lifecycle', () => {
    expect(
      machines()
        .map(([, r]) => r.Properties.StateMachineName as string)
        .sort(),
    ).toEqual(['spawnpoint-dev-lifecycle', 'spawnpoint-dev-provision']);
    for (const which of ['provision', 'lifecycle'] as const) {
      expect(machine(which).StateMachineType, which).toBe('STANDARD');
      expect(machine(which).TracingConfiguration, which).toEqual({ Enabled: true });
    }
  });

  it('log every event (level ALL, ids only in state), each to its own log group with retention', () => {
    const groups = new Set<string>();
    for (const which of ['provision', 'lifecycle'] as const) {
      const logging = machine(which).LoggingConfiguration;
      expect(logging, which).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
      const [groupId] = logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'] as [string, string];
      groups.add(groupId);
      expect(s.json.Resources[groupId], which).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 14, LogGroupName: `/aws/vendedlogs/states/spawnpoint-dev-${which}` },
      });
    }
    expect(groups.size).toBe(2);
  });

  it('times out after room for two install waits (a lost watch, then the one look after it) plus retries and the failure branch', () => {
    expect(asl.TimeoutSeconds).toBe(2 * 600 + 6 * 3600);
  });

  it('times a lifecycle action out after six hours (its retries take minutes; a stuck one is not left running)', () => {
    expect(lifecycle.TimeoutSeconds).toBe(6 * 3600);
  });
});
