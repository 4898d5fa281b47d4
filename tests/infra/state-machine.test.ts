// Infra tier: the provisioning and lifecycle state machines as synthesized. Retries by error name with
// backoff and jitter, the catches of the design (and the steps that have none, so a redrive resumes them),
// logging, tracing, and the extracted ASL of each passes asl-validator.

import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_STORE_ERRORS } from '../../infra/lifecycle-state-machine.js';
import { LAMBDA_ERRORS } from '../../infra/provisioning-state-machine.js';
import { aslFromTemplate } from '../../local/sfn/definition.js';
import { LIFECYCLE_TASKS } from '../../shared/app/lifecycle/context.js';
import { WAITING_TASK_TIMEOUT_SECONDS } from '../../shared/app/provisioning/context.js';
import { RATE_LIMIT_ERRORS, TRANSIENT_PANEL_ERRORS } from '../../shared/domain/error-names.js';
import { CHECK_INSTALL_MEMORY_MB, WAIT_INSIDE_SECONDS } from '../../shared/domain/install-polling.js';
import { type Json, resources, type Synthesized, synthesize } from './synth.js';

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
  [k: string]: unknown;
}

const LAMBDA_TASKS = ['EnsureUser', 'EnsureServer', 'CheckInstall', 'DeliverCredentials', 'Rollback'];
const DIRECT_TASKS = ['MarkCompleted', 'RevertOrder', 'NotifyProvisioned', 'NotifyFailure'];

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

  it('runs the happy path in order; the install wait is CheckInstall alone (no Wait or Choice states: one transition a look)', () => {
    expect(state('EnsureUser').Next).toBe('EnsureServer');
    expect(state('EnsureServer').Next).toBe('CheckInstall');
    expect(state('CheckInstall').Next).toBe('DeliverCredentials');
    expect(state('CheckInstall').Parameters).toMatchObject({ waitsByRetry: true });
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
    for (const name of LAMBDA_TASKS) {
      const t = state(name);
      expect(t.Resource, name).toMatch(/^arn:aws:lambda:.*:function:/);
      // Longer than the function may run: every task may wait its turn in the panel budget (issue 18).
      expect(t.TimeoutSeconds, name).toBe(WAITING_TASK_TIMEOUT_SECONDS + 20);
      const keys = Object.keys(t.Parameters ?? {}).sort();
      expect(keys, name).toEqual(expect.arrayContaining(['orderId.$', 'attempt.$']));
      // waitsByRetry is a constant: it tells CheckInstall this definition retries InstallNotReadyError.
      for (const k of keys)
        expect(k, name).toMatch(/^((orderId|attempt|userId|serverId|installDeadline)\.\$|waitsByRetry)$/);
    }
  });
});

/** CheckInstall's retrier on InstallNotReadyError: the install poll's schedule, not a failure's back-off. */
const isInstallPoll = (r: Retrier) => r.ErrorEquals.includes('InstallNotReadyError');

describe('retries', () => {
  it('every task retries by error names (never States.ALL), with backoff, a max delay and full jitter', () => {
    const tasks = Object.entries(asl.States).filter(([, st]) => st.Type === 'Task');
    expect(tasks.map(([n]) => n).sort()).toEqual([...LAMBDA_TASKS, ...DIRECT_TASKS].sort());
    for (const [name, t] of tasks) {
      expect(t.Retry?.length, name).toBeGreaterThan(0);
      for (const r of t.Retry!.filter((x) => !isInstallPoll(x))) {
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

  it("CheckInstall looks again on InstallNotReadyError a fifth of the install's age later, a fifth longer each time, at most INSTALL_POLL_SECONDS, and never runs out before the execution times out", () => {
    const polls = state('CheckInstall').Retry!.filter(isInstallPoll);
    expect(polls).toHaveLength(1);
    const r = polls[0]!;
    expect(r.ErrorEquals).toEqual(['InstallNotReadyError']);
    // Taken over from the waits inside CheckInstall, which end at WAIT_INSIDE_SECONDS: the first wait is at
    // most a fifth of that age; testEnv's INSTALL_POLL_SECONDS (5) caps it here.
    expect(r.IntervalSeconds).toBeLessThanOrEqual(0.2 * WAIT_INSIDE_SECONDS);
    expect(r).toMatchObject({ IntervalSeconds: 5, BackoffRate: 1.2, MaxDelaySeconds: 5, JitterStrategy: 'NONE' });
    expect(r.MaxAttempts! * r.IntervalSeconds!).toBeGreaterThanOrEqual(asl.TimeoutSeconds!);
    // The deadline is CheckInstall's: InstallTimeoutError and a failed install are not retried (they roll back).
    const errors = state('CheckInstall').Retry!.flatMap((x) => x.ErrorEquals);
    expect(errors).not.toContain('InstallTimeoutError');
    expect(errors).not.toContain('ServerInstallFailedError');
  });

  it('CheckInstall runs at the memory its waits inside are priced at (WAIT_INSIDE_SECONDS is the break-even there)', () => {
    const fn = resources(s.json, 'AWS::Lambda::Function').find(([k]) => k.startsWith('CheckInstallFn'))![1];
    expect(fn.Properties.MemorySize).toBe(CHECK_INSTALL_MEMORY_MB);
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

  it('times out after the install deadline plus time for retries and the failure branch', () => {
    expect(asl.TimeoutSeconds).toBe(600 + 6 * 3600);
  });

  it('times a lifecycle action out after six hours (its retries take minutes; a stuck one is not left running)', () => {
    expect(lifecycle.TimeoutSeconds).toBe(6 * 3600);
  });
});
