// The provisioning state machine, readable top to bottom. Standard workflow, JSONPath only, so the local
// runner (aws-local-stepfunctions) executes the very definition that deploys.
//
//   EnsureUser → EnsureServer → WaitForInstall ⇄ CheckInstall → DeliverCredentials → MarkCompleted
//     → NotifyProvisioned → Provisioned
//   on a permanent error or exhausted retries: <Step>Failed → Rollback → RevertOrder → NotifyFailure
//     → ProvisioningFailed (Fail, carrying the error)
//
// Rollback, DeliverCredentials and the notices have no Catch: if they still fail after their retries the
// execution fails at that step and an operator's redrive resumes it there. Every task is idempotent.
// State carries ids only ({orderId, attempt}, panel ids, times), so logging at level ALL is safe.

import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  ErrorName,
  RATE_LIMIT_ERRORS,
  TRANSIENT_PANEL_ERRORS,
  TRANSIENT_WHATSAPP_ERRORS,
} from '../shared/domain/error-names.js';

export interface ProvisioningStateMachineProps {
  functions: {
    ensureUser: IFunction;
    ensureServer: IFunction;
    checkInstall: IFunction;
    deliverCredentials: IFunction;
    rollback: IFunction;
  };
  table: ITableV2;
  outbox: IQueue;
  /** Seconds between install checks (INSTALL_POLL_SECONDS). */
  installPollSeconds: number;
  /** Seconds the whole execution may run before Step Functions times it out. */
  executionTimeoutSeconds: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  namePrefix: string;
}

/** Lambda's own failures (throttles, crashes, timeouts): the task is idempotent, so run it again. */
export const LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  'States.Timeout',
];
export const TRANSIENT_STORE_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.RequestLimitExceeded',
  'SQS.SdkClientException',
  'SQS.InternalError',
];

const ids = {
  orderId: sfn.JsonPath.stringAt('$.orderId'),
  attempt: sfn.JsonPath.numberAt('$.attempt'),
};

export class ProvisioningStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ProvisioningStateMachineProps) {
    super(scope, id);
    const f = props.functions;

    // ---- failure branch: Rollback → RevertOrder → NotifyFailure → ProvisioningFailed
    const failed = new sfn.Fail(this, 'ProvisioningFailed', {
      comment: 'Provisioning failed; everything created was removed and the order is back to CONFIRMED.',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const notifyFailure = new tasks.SqsSendMessage(this, 'NotifyFailure', {
      comment: 'The outbox tells the customer (politely) and the admins (the panel detail and a retry button).',
      queue: props.outbox,
      messageBody: sfn.TaskInput.fromObject({ type: 'notice', notice: 'provisioning-failed', ...ids }),
      messageGroupId: sfn.JsonPath.format('notice-{}', ids.orderId),
      messageDeduplicationId: sfn.JsonPath.format(
        '{}-{}-provisioning-failed',
        ids.orderId,
        sfn.JsonPath.stringAt('$.attempt'),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notifyFailure.addRetry(storeRetry()).next(failed);

    const revertOrder = new tasks.DynamoUpdateItem(this, 'RevertOrder', {
      comment: 'PROVISIONING → CONFIRMED with the error and the attempt count, conditional on this attempt.',
      table: props.table,
      key: orderKey(),
      conditionExpression: '#status = :provisioning AND attempts = :attempt',
      updateExpression:
        'SET #status = :confirmed, gsi2pk = :index, updatedAt = :at, lastError = :error, history = list_append(history, :entry)',
      expressionAttributeNames: { '#status': 'status' },
      expressionAttributeValues: {
        ':provisioning': tasks.DynamoAttributeValue.fromString('PROVISIONING'),
        ':confirmed': tasks.DynamoAttributeValue.fromString('CONFIRMED'),
        ':index': tasks.DynamoAttributeValue.fromString('STATUS#CONFIRMED'),
        ':attempt': attemptNumber(),
        ':at': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.rollback.at')),
        ':error': tasks.DynamoAttributeValue.fromMap({
          step: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.failedStep')),
          code: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.error.Error')),
          message: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.error.Cause')),
          at: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.rollback.at')),
        }),
        ':entry': historyEntry('PROVISIONING', 'CONFIRMED', 'FAIL', '$.rollback.at', {
          reason: tasks.DynamoAttributeValue.fromString(
            sfn.JsonPath.format(
              '{}: {}',
              sfn.JsonPath.stringAt('$.failedStep'),
              sfn.JsonPath.stringAt('$.error.Error'),
            ),
          ),
        }),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    revertOrder.addRetry(storeRetry());
    // Already reverted (a repeated delivery of this step): carry on to the notice, which is deduplicated.
    revertOrder.addCatch(notifyFailure, {
      errors: ['DynamoDB.ConditionalCheckFailedException'],
      resultPath: sfn.JsonPath.DISCARD,
    });
    revertOrder.next(notifyFailure);

    const rollback = lambdaTask(
      this,
      'Rollback',
      f.rollback,
      '$.rollback',
      'Delete the server, then the user only if this order created it and it owns nothing else.',
    );
    rollback.addRetry(rateLimitRetry()).addRetry(transientRetry(8)).next(revertOrder);

    const stale = new sfn.Fail(this, 'StaleExecution', {
      comment:
        'The order is not in this attempt any more (finished, cancelled, or a newer attempt runs): change nothing.',
      error: ErrorName.StaleExecution,
      cause: 'The order moved on; this execution stopped without touching the panel.',
    });
    const onFailure = (task: tasks.LambdaInvoke, step: string) => {
      const mark = new sfn.Pass(this, `${step}Failed`, {
        comment: `Remember that ${step} failed, for the order's lastError and the admins' notice.`,
        result: sfn.Result.fromString(step),
        resultPath: '$.failedStep',
      });
      mark.next(rollback);
      task.addCatch(stale, { errors: [ErrorName.StaleExecution], resultPath: '$.error' });
      task.addCatch(mark, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    };

    // ---- happy path
    const ensureUser = lambdaTask(
      this,
      'EnsureUser',
      f.ensureUser,
      '$.user',
      "Reuse the customer's panel user (by external id) or create it.",
    );
    ensureUser.addRetry(rateLimitRetry()).addRetry(transientRetry(5));
    onFailure(ensureUser, 'EnsureUser');

    const ensureServer = lambdaTask(
      this,
      'EnsureServer',
      f.ensureServer,
      '$.server',
      'Reuse servers/external/{orderId} or create it from the package; after a timeout or 5xx, look it up before deciding.',
      { userId: sfn.JsonPath.numberAt('$.user.userId') },
    );
    ensureServer.addRetry(rateLimitRetry()).addRetry(transientRetry(5));
    onFailure(ensureServer, 'EnsureServer');

    const waitForInstall = new sfn.Wait(this, 'WaitForInstall', {
      comment: 'The panel installs the server in the background (Wings); check again after INSTALL_POLL_SECONDS.',
      time: sfn.WaitTime.duration(Duration.seconds(props.installPollSeconds)),
    });
    const checkInstall = lambdaTask(
      this,
      'CheckInstall',
      f.checkInstall,
      '$.install',
      'installed → deliver; install_failed or past the deadline → an error that rolls back.',
      {
        serverId: sfn.JsonPath.numberAt('$.server.serverId'),
        installDeadline: sfn.JsonPath.stringAt('$.server.installDeadline'),
      },
    );
    checkInstall.addRetry(rateLimitRetry()).addRetry(transientRetry(5));
    onFailure(checkInstall, 'WaitForInstall');

    const deliverCredentials = lambdaTask(
      this,
      'DeliverCredentials',
      f.deliverCredentials,
      '$.delivery',
      'Set a fresh password (new users) and send the login in the same invocation; the password never leaves it.',
      { userId: sfn.JsonPath.numberAt('$.user.userId'), serverId: sfn.JsonPath.numberAt('$.server.serverId') },
    );
    deliverCredentials
      .addRetry({
        errors: [...TRANSIENT_WHATSAPP_ERRORS],
        interval: Duration.seconds(10),
        backoffRate: 2,
        maxAttempts: 6,
        maxDelay: Duration.minutes(5),
        jitterStrategy: sfn.JitterType.FULL,
      })
      .addRetry(rateLimitRetry())
      .addRetry(transientRetry(6));

    const notifyProvisioned = new tasks.SqsSendMessage(this, 'NotifyProvisioned', {
      comment: 'The outbox tells the admins the order is done.',
      queue: props.outbox,
      messageBody: sfn.TaskInput.fromObject({ type: 'notice', notice: 'provisioned', ...ids }),
      messageGroupId: sfn.JsonPath.format('notice-{}', ids.orderId),
      messageDeduplicationId: sfn.JsonPath.format('{}-{}-provisioned', ids.orderId, sfn.JsonPath.stringAt('$.attempt')),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notifyProvisioned.addRetry(storeRetry());

    const markCompleted = new tasks.DynamoUpdateItem(this, 'MarkCompleted', {
      comment: 'PROVISIONING → COMPLETED, conditional on this attempt.',
      table: props.table,
      key: orderKey(),
      conditionExpression: '#status = :provisioning AND attempts = :attempt',
      updateExpression:
        'SET #status = :completed, gsi2pk = :index, updatedAt = :at, #provisioning.step = :step, history = list_append(history, :entry) REMOVE lastError',
      expressionAttributeNames: { '#status': 'status', '#provisioning': 'provisioning' },
      expressionAttributeValues: {
        ':provisioning': tasks.DynamoAttributeValue.fromString('PROVISIONING'),
        ':completed': tasks.DynamoAttributeValue.fromString('COMPLETED'),
        ':index': tasks.DynamoAttributeValue.fromString('STATUS#COMPLETED'),
        ':step': tasks.DynamoAttributeValue.fromString('MarkCompleted'),
        ':attempt': attemptNumber(),
        ':at': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.delivery.at')),
        ':entry': historyEntry('PROVISIONING', 'COMPLETED', 'COMPLETE', '$.delivery.at'),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    markCompleted.addRetry(storeRetry());
    markCompleted.addCatch(notifyProvisioned, {
      errors: ['DynamoDB.ConditionalCheckFailedException'],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const isInstalled = new sfn.Choice(this, 'IsInstalled')
      .when(sfn.Condition.booleanEquals('$.install.installed', true), deliverCredentials)
      .otherwise(waitForInstall);

    const definition = ensureUser.next(ensureServer).next(waitForInstall).next(checkInstall).next(isInstalled);
    deliverCredentials.next(markCompleted);
    markCompleted.next(notifyProvisioned);
    notifyProvisioned.next(new sfn.Succeed(this, 'Provisioned'));

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.namePrefix}-provision`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.namePrefix}-provision`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.seconds(props.executionTimeoutSeconds),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'Provision a paid order on the Pterodactyl panel and deliver the login over WhatsApp.',
    });
  }
}

function lambdaTask(
  scope: Construct,
  id: string,
  fn: IFunction,
  resultPath: string,
  comment: string,
  extra: Record<string, unknown> = {},
): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, {
    comment,
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({ ...ids, ...extra }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(120)),
  });
}

function rateLimitRetry(): sfn.RetryProps {
  // The panel's limit is per minute: wait long enough for the window to pass.
  return {
    errors: [...RATE_LIMIT_ERRORS],
    interval: Duration.seconds(15),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(120),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

function transientRetry(maxAttempts: number): sfn.RetryProps {
  return {
    errors: [...TRANSIENT_PANEL_ERRORS, ...LAMBDA_ERRORS],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts,
    maxDelay: Duration.seconds(90),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

function storeRetry(): sfn.RetryProps {
  return {
    errors: TRANSIENT_STORE_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

function orderKey(): Record<string, tasks.DynamoAttributeValue> {
  return {
    pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.format('ORDER#{}', ids.orderId)),
    sk: tasks.DynamoAttributeValue.fromString('ORDER'),
  };
}

function attemptNumber(): tasks.DynamoAttributeValue {
  return tasks.DynamoAttributeValue.numberFromString(sfn.JsonPath.jsonToString(ids.attempt));
}

function historyEntry(
  from: string,
  to: string,
  event: string,
  atPath: string,
  extra: Record<string, tasks.DynamoAttributeValue> = {},
): tasks.DynamoAttributeValue {
  return tasks.DynamoAttributeValue.fromList([
    tasks.DynamoAttributeValue.fromMap({
      at: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt(atPath)),
      from: tasks.DynamoAttributeValue.fromString(from),
      to: tasks.DynamoAttributeValue.fromString(to),
      event: tasks.DynamoAttributeValue.fromString(event),
      by: tasks.DynamoAttributeValue.fromString('state-machine'),
      attempt: attemptNumber(),
      ...extra,
    }),
  ]);
}
