// The lifecycle state machine: one panel action on one server (suspend, unsuspend, terminate), readable top
// to bottom. Standard workflow, JSONPath only, so the local runner executes this very definition.
//
//   CallPanel → (skipped? → NothingToDo) → ReadBack → Record → (overtaken by a renewal? → UndoSuspend → Undone)
//     → Notify → Done
//   on an error after the retries: ActionFailed (release the claim, tell the admins with a retry button)
//     → LifecycleFailed (Fail, carrying the error); a superseded execution: StaleAction (Fail, nothing touched)
//
// The execution is named `{orderId}-{action}-{seq}`, claimed on the server's record before it starts, so the
// same action cannot run twice. Input and state hold ids only. ActionFailed and Notify have no Catch: if they
// still fail after their retries an operator's redrive resumes them (both are idempotent).

import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { LifecycleTaskName } from '../shared/app/lifecycle/context.js';
import { WAITING_TASK_TIMEOUT_SECONDS } from '../shared/app/provisioning/context.js';
import { ErrorName } from '../shared/domain/error-names.js';
import { rateLimitRetry, transientRetry } from './provisioning-state-machine.js';

export interface LifecycleStateMachineProps {
  /** The function that runs every task (the state's name selects it). */
  task: IFunction;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  namePrefix: string;
}

/**
 * The table's and the outbox's passing failures as a Lambda task sees them: the function's error type, i.e.
 * the AWS SDK's own names (after the SDK's own retries) and QueueSendError for a batch SQS partly refused.
 * Not the `DynamoDB.`/`SQS.` names of storeRetry(): only direct service integrations report those.
 */
export const LAMBDA_STORE_ERRORS = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'RequestThrottled',
  'KmsThrottled',
  ErrorName.QueueSend,
];

const input = {
  orderId: sfn.JsonPath.stringAt('$.orderId'),
  action: sfn.JsonPath.stringAt('$.action'),
  execution: sfn.JsonPath.stringAt('$.execution'),
};

type LifecycleTasks = Record<LifecycleTaskName, tasks.LambdaInvoke>;

export class LifecycleStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LifecycleStateMachineProps) {
    super(scope, id);
    const t = this.tasks(props.task);
    this.addRetries(t);
    this.addCatches(t);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.namePrefix}-lifecycle`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.namePrefix}-lifecycle`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(this.flow(t)),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'Suspend, unsuspend or terminate one server on the panel; record it only once the panel shows it.',
    });
  }

  /** The six Lambda states, each passing ids only (and ActionFailed the error it caught). */
  private tasks(fn: IFunction): LifecycleTasks {
    const t = (name: LifecycleTaskName, resultPath: string, comment: string, extra: Record<string, unknown> = {}) =>
      new tasks.LambdaInvoke(this, name, {
        comment,
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject({ task: name, ...input, ...extra }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath,
        // Longer than the function may run, so Step Functions never starts a second try while one still runs.
        taskTimeout: sfn.Timeout.duration(Duration.seconds(WAITING_TASK_TIMEOUT_SECONDS + 20)),
      });
    return {
      CallPanel: t(
        'CallPanel',
        '$.call',
        'Check the action is still wanted, then POST suspend/unsuspend or DELETE the server.',
      ),
      ReadBack: t('ReadBack', '$.readBack', 'GET the server: suspended, running, or gone, as asked?'),
      Record: t('Record', '$.record', 'Record the new state now that the panel shows it (a renewal meanwhile wins).'),
      UndoSuspend: t(
        'UndoSuspend',
        '$.undo',
        'A renewal overtook the suspension: unsuspend, read back, release the claim.',
      ),
      Notify: t('Notify', '$.notify', 'Tell the customer and the admins, from the recorded state.'),
      ActionFailed: t(
        'ActionFailed',
        '$.failure',
        'Release the claim, keep the error, tell the admins (retry button).',
        {
          error: sfn.JsonPath.objectAt('$.error'),
        },
      ),
    };
  }

  /** The panel's rate limit and outages, Lambda's own failures; a read-back waits for the panel to settle. */
  private addRetries(t: LifecycleTasks): void {
    for (const task of [t.CallPanel, t.UndoSuspend]) task.addRetry(rateLimitRetry()).addRetry(transientRetry(5));
    t.ReadBack.addRetry(rateLimitRetry())
      .addRetry(transientRetry(5))
      .addRetry({
        errors: [ErrorName.PanelStateMismatch],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 4,
        maxDelay: Duration.seconds(60),
        jitterStrategy: sfn.JitterType.FULL,
      });
    // The table and the outbox only: their passing failures, and Lambda's own.
    for (const task of [t.Record, t.Notify, t.ActionFailed])
      task.addRetry(lambdaStoreRetry()).addRetry(transientRetry(4));
  }

  /**
   * A superseded execution stops; any other error after the retries goes to ActionFailed. ActionFailed and
   * Notify have no Catch: the execution stops there for a redrive.
   */
  private addCatches(t: LifecycleTasks): void {
    const stale = new sfn.Fail(this, 'StaleAction', {
      comment: 'The server record names another action (a newer one, or this one finished): change nothing.',
      error: ErrorName.StaleExecution,
      cause: 'The action is not in flight any more.',
    });
    t.ActionFailed.next(
      new sfn.Fail(this, 'LifecycleFailed', {
        comment: 'The action failed; nothing was recorded as done, and the admins were told.',
        errorPath: '$.error.Error',
        causePath: '$.error.Cause',
      }),
    );
    for (const task of [t.CallPanel, t.ReadBack, t.Record, t.UndoSuspend]) {
      task.addCatch(stale, { errors: [ErrorName.StaleExecution], resultPath: '$.error' });
      task.addCatch(t.ActionFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    }
  }

  /** CallPanel → (skipped? → NothingToDo) → ReadBack → Record → (overtaken? → UndoSuspend → Undone) → Notify → Done */
  private flow(t: LifecycleTasks): sfn.IChainable {
    const skipped = sfn.Condition.booleanEquals('$.call.skipped', true);
    const overtaken = sfn.Condition.stringEquals('$.record.outcome', 'undo');
    return t.CallPanel.next(
      new sfn.Choice(this, 'StillWanted')
        .when(skipped, new sfn.Succeed(this, 'NothingToDo', { comment: 'A renewal or extension came first.' }))
        .otherwise(
          t.ReadBack.next(t.Record).next(
            new sfn.Choice(this, 'Overtaken')
              .when(overtaken, t.UndoSuspend.next(new sfn.Succeed(this, 'Undone')))
              .otherwise(t.Notify.next(new sfn.Succeed(this, 'Done'))),
          ),
        ),
    );
  }
}

function lambdaStoreRetry(): sfn.RetryProps {
  return {
    errors: LAMBDA_STORE_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  };
}
