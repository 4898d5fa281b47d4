// The provisioning state machine, readable top to bottom. Standard workflow, JSONPath only, so the local
// runner (aws-local-stepfunctions) executes the very definition that deploys.
//
//   EnsureUser → EnsureServer → CheckInstall (paused until the install watcher calls back) → DeliverCredentials → MarkCompleted
//     → NotifyProvisioned → Provisioned
//   on a permanent error or exhausted retries: <Step>Failed → Rollback → RevertOrder → NotifyFailure
//     → ProvisioningFailed (Fail, carrying the error)
//
// Rollback, DeliverCredentials and the notices have no Catch: if they still fail after their retries the
// execution fails at that step and an operator's redrive resumes it there. Every task is idempotent.
// State carries ids only ({orderId, attempt}, panel ids, times), so logging at level ALL is safe.
// The install wait costs one transition however long it is: CheckInstall hands it to the install watcher
// (an SQS queue with a delay per look) and waits for its callback (shared/app/provisioning/install-watch.ts).
// MarkCompleted and RevertOrder are DynamoDB direct integrations whose updates come from
// shared/store/provisioning-outcomes.ts (the domain's transition table, the table's key layout).

import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { WAITING_TASK_TIMEOUT_SECONDS } from '../shared/app/provisioning/context.js';
import { watchTimeoutSeconds } from '../shared/app/provisioning/install-watch.js';
import {
  ErrorName,
  RATE_LIMIT_ERRORS,
  TRANSIENT_PANEL_ERRORS,
  TRANSIENT_WHATSAPP_ERRORS,
  WAIT_FOR_OTHER_ERRORS,
} from '../shared/domain/error-names.js';
import { FIRST_POLL_SECONDS } from '../shared/domain/install-polling.js';
import type { ProvisionStep } from '../shared/domain/order.js';
import { orderOutcomeTask } from './order-outcome-task.js';

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
  /** Where CheckInstall hands the install wait to the install watcher. */
  installWatch: IQueue;
  /** Seconds the whole execution may run before Step Functions times it out. */
  executionTimeoutSeconds: number;
  /** INSTALL_TIMEOUT_SECONDS: how long an install may take (the watcher fails the task after it). */
  installTimeoutSeconds: number;
  /** INSTALL_POLL_SECONDS: the longest wait between two looks at an install. */
  installPollSeconds: number;
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

/** A task whose errors roll the attempt back, and the step the order's lastError names for it. */
type RollsBack = [task: sfn.TaskStateBase, step: ProvisionStep];

export class ProvisioningStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ProvisioningStateMachineProps) {
    super(scope, id);
    const happy = this.happyPath(props);
    const failure = this.failureBranch(props);
    for (const [task, step] of happy.rollsBack) this.rollBackOnError(task, step, failure);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.namePrefix}-provision`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.namePrefix}-provision`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(happy.start),
      timeout: Duration.seconds(props.executionTimeoutSeconds),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'Provision a paid order on the Pterodactyl panel and deliver the login over WhatsApp.',
    });
    // Executions started before the install watch still call CheckInstall's function from their own
    // definition (the role serves every execution): keep letting them until none can be running.
    props.functions.checkInstall.grantInvoke(this.stateMachine);
  }

  /** EnsureUser → EnsureServer → CheckInstall (the watcher's callback) → DeliverCredentials → MarkCompleted → NotifyProvisioned → Provisioned */
  private happyPath(props: ProvisioningStateMachineProps): { start: sfn.IChainable; rollsBack: RollsBack[] } {
    const f = props.functions;
    const ensureUser = panelTask(this, 'EnsureUser', f.ensureUser, '$.user', 5, {
      comment: "Reuse the customer's panel user (by external id) or create it.",
    });
    const ensureServer = panelTask(this, 'EnsureServer', f.ensureServer, '$.server', 5, {
      comment:
        'Reuse servers/external/{orderId} or create it from the package; after a timeout or 5xx, look it up before deciding.',
      payload: { userId: sfn.JsonPath.numberAt('$.user.userId') },
    });
    const checkInstall = installWatch(this, props);
    const deliverCredentials = lambdaTask(this, 'DeliverCredentials', f.deliverCredentials, '$.delivery', {
      comment:
        'Set a fresh password (new users) and send the login in the same invocation; the password never leaves it.',
      payload: { userId: sfn.JsonPath.numberAt('$.user.userId'), serverId: sfn.JsonPath.numberAt('$.server.serverId') },
    });
    deliverCredentials
      .addRetry(whatsAppRetry())
      .addRetry(rateLimitRetry())
      .addRetry(transientRetry(6))
      .addRetry(waitForOtherRetry());
    const markCompleted = orderOutcomeTask(this, 'MarkCompleted', {
      comment: 'PROVISIONING → COMPLETED, conditional on this attempt.',
      table: props.table,
      event: 'COMPLETE',
      paths: { ...idPaths, at: '$.delivery.at' },
    });
    const notifyProvisioned = notice(this, 'NotifyProvisioned', props.outbox, 'provisioned', {
      comment: 'The outbox tells the admins the order is done.',
    });
    markCompleted.addRetry(storeRetry());
    // Already completed (a repeated delivery of this step): carry on to the notice, which is deduplicated.
    markCompleted.addCatch(notifyProvisioned, { errors: [CONDITION_FAILED], resultPath: sfn.JsonPath.DISCARD });

    const start = ensureUser
      .next(ensureServer)
      .next(checkInstall)
      .next(deliverCredentials)
      .next(markCompleted)
      .next(notifyProvisioned)
      .next(new sfn.Succeed(this, 'Provisioned'));
    const rollsBack: RollsBack[] = [
      [ensureUser, 'EnsureUser'],
      [ensureServer, 'EnsureServer'],
      [checkInstall, 'WaitForInstall'],
    ];
    return { start, rollsBack };
  }

  /** Rollback → RevertOrder → NotifyFailure → ProvisioningFailed, and StaleExecution for a superseded attempt. */
  private failureBranch(props: ProvisioningStateMachineProps): { rollback: sfn.IChainable; stale: sfn.Fail } {
    const rollback = lambdaTask(this, 'Rollback', props.functions.rollback, '$.rollback', {
      comment:
        'Delete the server (after any create in flight), then the user only if the system made it, it never got a password and owns nothing.',
    });
    rollback.addRetry(rateLimitRetry()).addRetry(transientRetry(8));
    const revertOrder = orderOutcomeTask(this, 'RevertOrder', {
      comment: 'PROVISIONING → CONFIRMED with the error and the attempt count, conditional on this attempt.',
      table: props.table,
      event: 'FAIL',
      paths: {
        ...idPaths,
        at: '$.rollback.at',
        failedStep: '$.failedStep',
        errorName: '$.error.Error',
        errorCause: '$.error.Cause',
      },
    });
    const notifyFailure = notice(this, 'NotifyFailure', props.outbox, 'provisioning-failed', {
      comment: 'The outbox tells the customer (politely) and the admins (the panel detail and a retry button).',
    });
    const failed = new sfn.Fail(this, 'ProvisioningFailed', {
      comment: 'Provisioning failed; everything created was removed and the order is back to CONFIRMED.',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    revertOrder.addRetry(storeRetry());
    // Already reverted (a repeated delivery of this step): carry on to the notice, which is deduplicated.
    revertOrder.addCatch(notifyFailure, { errors: [CONDITION_FAILED], resultPath: sfn.JsonPath.DISCARD });
    rollback.next(revertOrder).next(notifyFailure).next(failed);

    const stale = new sfn.Fail(this, 'StaleExecution', {
      comment:
        'The order is not in this attempt any more (finished, cancelled, or a newer attempt runs): change nothing.',
      error: ErrorName.StaleExecution,
      cause: 'The order moved on; this execution stopped without touching the panel.',
    });
    return { rollback, stale };
  }

  /** A stale execution stops; any other error (after the retries) is remembered as `step` and rolled back. */
  private rollBackOnError(
    task: sfn.TaskStateBase,
    step: ProvisionStep,
    failure: { rollback: sfn.IChainable; stale: sfn.Fail },
  ): void {
    const mark = new sfn.Pass(this, `${step}Failed`, {
      comment: `Remember that ${step} failed, for the order's lastError and the admins' notice.`,
      result: sfn.Result.fromString(step),
      resultPath: '$.failedStep',
    });
    mark.next(failure.rollback);
    task.addCatch(failure.stale, { errors: [ErrorName.StaleExecution], resultPath: '$.error' });
    task.addCatch(mark, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
  }
}

const idPaths = { orderId: '$.orderId', attempt: '$.attempt' };
const CONDITION_FAILED = 'DynamoDB.ConditionalCheckFailedException';

interface TaskOptions {
  comment: string;
  /** Ids passed besides {orderId, attempt}. */
  payload?: Record<string, unknown>;
}

/**
 * The install wait, one transition however long it takes: the watch goes to the install-watch queue with
 * this task's token, delayed to the first look, and the execution pauses until the watcher answers
 * (shared/app/provisioning/install-watch.ts): installed, or an error its Catch rolls back (install_failed,
 * past the deadline, the panel refusing). Should the watch be lost, the task times out after the deadline
 * and tries once more: that new watch's first look sees the install done, or past its deadline.
 */
function installWatch(scope: Construct, props: ProvisioningStateMachineProps): tasks.SqsSendMessage {
  const first = Math.min(FIRST_POLL_SECONDS, props.installPollSeconds);
  const task = new tasks.SqsSendMessage(scope, 'CheckInstall', {
    comment:
      "The panel installs the server in the background (Wings). The install watcher looks 2 s after this, then a fifth of the install's age apart (at most INSTALL_POLL_SECONDS), and calls this task back: installed, or an error that rolls back.",
    queue: props.installWatch,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    messageBody: sfn.TaskInput.fromObject({
      ...ids,
      serverId: sfn.JsonPath.numberAt('$.server.serverId'),
      installDeadline: sfn.JsonPath.stringAt('$.server.installDeadline'),
      waitedSeconds: first,
      look: 1,
      errors: 0,
      taskToken: sfn.JsonPath.taskToken,
    }),
    delay: Duration.seconds(first),
    resultPath: '$.install',
    taskTimeout: sfn.Timeout.duration(
      Duration.seconds(watchTimeoutSeconds(props.installTimeoutSeconds, props.installPollSeconds)),
    ),
  });
  task.addRetry({ errors: [sfn.Errors.TIMEOUT], maxAttempts: 1, interval: Duration.seconds(1) }).addRetry(storeRetry());
  return task;
}

/** Another try holds what this one needs (the password claim): give it time to finish or its lease to end. */
function waitForOtherRetry(): sfn.RetryProps {
  return {
    errors: [...WAIT_FOR_OTHER_ERRORS],
    interval: Duration.seconds(30),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.minutes(4),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

function lambdaTask(
  scope: Construct,
  id: string,
  fn: IFunction,
  resultPath: string,
  options: TaskOptions,
): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, {
    comment: options.comment,
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({ ...ids, ...options.payload }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath,
    // Longer than the function may run, so Step Functions never starts a second try while one still runs.
    taskTimeout: sfn.Timeout.duration(Duration.seconds(WAITING_TASK_TIMEOUT_SECONDS + 20)),
  });
}

/** A task that talks to the panel: it retries the panel's rate limit, then its outages and Lambda's own failures. */
function panelTask(
  scope: Construct,
  id: string,
  fn: IFunction,
  resultPath: string,
  transientAttempts: number,
  options: TaskOptions,
): tasks.LambdaInvoke {
  const task = lambdaTask(scope, id, fn, resultPath, options);
  task.addRetry(rateLimitRetry()).addRetry(transientRetry(transientAttempts));
  return task;
}

/** An SQS direct integration to the outbox, deduplicated per order, attempt and notice. */
function notice(
  scope: Construct,
  id: string,
  outbox: IQueue,
  kind: 'provisioned' | 'provisioning-failed',
  options: { comment: string },
): tasks.SqsSendMessage {
  const task = new tasks.SqsSendMessage(scope, id, {
    comment: options.comment,
    queue: outbox,
    messageBody: sfn.TaskInput.fromObject({ type: 'notice', notice: kind, ...ids }),
    messageGroupId: sfn.JsonPath.format('notice-{}', ids.orderId),
    messageDeduplicationId: sfn.JsonPath.format(`{}-{}-${kind}`, ids.orderId, sfn.JsonPath.stringAt('$.attempt')),
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry(storeRetry());
  return task;
}

function whatsAppRetry(): sfn.RetryProps {
  return {
    errors: [...TRANSIENT_WHATSAPP_ERRORS],
    interval: Duration.seconds(10),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.minutes(5),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

export function rateLimitRetry(): sfn.RetryProps {
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

export function transientRetry(maxAttempts: number): sfn.RetryProps {
  return {
    errors: [...TRANSIENT_PANEL_ERRORS, ...LAMBDA_ERRORS],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts,
    maxDelay: Duration.seconds(90),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

export function storeRetry(): sfn.RetryProps {
  return {
    errors: TRANSIENT_STORE_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  };
}
