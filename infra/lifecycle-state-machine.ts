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
import { ErrorName } from '../shared/domain/error-names.js';
import { rateLimitRetry, storeRetry, transientRetry } from './provisioning-state-machine.js';

export interface LifecycleStateMachineProps {
  /** The function that runs every task (the state's name selects it). */
  task: IFunction;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  namePrefix: string;
}

const input = {
  orderId: sfn.JsonPath.stringAt('$.orderId'),
  action: sfn.JsonPath.stringAt('$.action'),
  execution: sfn.JsonPath.stringAt('$.execution'),
};

export class LifecycleStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LifecycleStateMachineProps) {
    super(scope, id);
    const t = (name: LifecycleTaskName, resultPath: string, comment: string, extra: Record<string, unknown> = {}) =>
      new tasks.LambdaInvoke(this, name, {
        comment,
        lambdaFunction: props.task,
        payload: sfn.TaskInput.fromObject({ task: name, ...input, ...extra }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(120)),
      });

    const callPanel = t(
      'CallPanel',
      '$.call',
      'Check the action is still wanted, then POST suspend/unsuspend or DELETE the server.',
    );
    const readBack = t('ReadBack', '$.readBack', 'GET the server: suspended, running, or gone, as asked?');
    const record = t(
      'Record',
      '$.record',
      'Record the new state now that the panel shows it (a renewal meanwhile wins).',
    );
    const undo = t(
      'UndoSuspend',
      '$.undo',
      'A renewal overtook the suspension: unsuspend, read back, release the claim.',
    );
    const notify = t('Notify', '$.notify', 'Tell the customer and the admins, from the recorded state.');
    const failed = t(
      'ActionFailed',
      '$.failure',
      'Release the claim, keep the error, tell the admins (retry button).',
      {
        error: sfn.JsonPath.objectAt('$.error'),
      },
    );

    // The panel's rate limit and outages, Lambda's own failures; a read-back waits for the panel to settle.
    for (const task of [callPanel, undo]) task.addRetry(rateLimitRetry()).addRetry(transientRetry(5));
    readBack
      .addRetry(rateLimitRetry())
      .addRetry(transientRetry(5))
      .addRetry({
        errors: [ErrorName.PanelStateMismatch],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 4,
        jitterStrategy: sfn.JitterType.FULL,
      });
    for (const task of [record, notify, failed]) task.addRetry(storeRetry()).addRetry(transientRetry(4));

    const stale = new sfn.Fail(this, 'StaleAction', {
      comment: 'The server record names another action (a newer one, or this one finished): change nothing.',
      error: ErrorName.StaleExecution,
      cause: 'The action is not in flight any more.',
    });
    const lifecycleFailed = new sfn.Fail(this, 'LifecycleFailed', {
      comment: 'The action failed; nothing was recorded as done, and the admins were told.',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    failed.next(lifecycleFailed);
    for (const task of [callPanel, readBack, record, undo]) {
      task.addCatch(stale, { errors: [ErrorName.StaleExecution], resultPath: '$.error' });
      task.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    }

    const skipped = sfn.Condition.booleanEquals('$.call.skipped', true);
    const overtaken = sfn.Condition.stringEquals('$.record.outcome', 'undo');
    const definition = callPanel.next(
      new sfn.Choice(this, 'StillWanted')
        .when(skipped, new sfn.Succeed(this, 'NothingToDo', { comment: 'A renewal or extension came first.' }))
        .otherwise(
          readBack
            .next(record)
            .next(
              new sfn.Choice(this, 'Overtaken')
                .when(overtaken, undo.next(new sfn.Succeed(this, 'Undone')))
                .otherwise(notify.next(new sfn.Succeed(this, 'Done'))),
            ),
        ),
    );

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.namePrefix}-lifecycle`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.namePrefix}-lifecycle`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'Suspend, unsuspend or terminate one server on the panel; record it only once the panel shows it.',
    });
  }
}
