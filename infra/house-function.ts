// The one function construct with our defaults: ARM64, the current Node runtime, minified ESM bundles with
// source maps, X-Ray, JSON logs in an own log group with retention, Powertools configured. The bind*
// helpers grant exactly what a function needs and set the matching environment variable in one call.

import { Arn, ArnFormat, Duration, Names, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  LoggingFormat,
  type ParamsAndSecretsLayerVersion,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type SecretGroup, secretArnEnv } from '../shared/config/secrets.js';

/** An operation shared/store/* sends to DynamoDB (no Scan, batch, stream or transaction access). */
export type TableOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

/** What a queue's Lambda event source mapping needs to poll it (AWS's AWSLambdaSQSQueueExecutionRole). */
export const SQS_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] as const;

export interface HouseFunctionProps {
  /** Path of the handler file, relative to the repository root. */
  entry: string;
  description: string;
  /** Physical name prefix, `spawnpoint-<stage>`. */
  namePrefix: string;
  /** Short name: the function is `<namePrefix>-<name>`, and Powertools' service name. */
  name: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** @default 30 seconds */
  timeout?: Duration;
  /** @default 512 MB */
  memorySize?: number;
  environment?: Record<string, string>;
  logLevel?: string;
  /** Concurrency reserved for (and capping) this function. @default none: the account's unreserved pool */
  reservedConcurrentExecutions?: number;
  /** The AWS Parameters and Secrets Lambda Extension, for a function that reads its secrets through it. */
  paramsAndSecrets?: ParamsAndSecretsLayerVersion;
}

export class HouseFunction extends NodejsFunction {
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.namePrefix}-${props.name}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs may be written to this function's group only.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.namePrefix}-${props.name}`,
      inlinePolicies: {
        logs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    super(scope, id, {
      role,
      functionName: `${props.namePrefix}-${props.name}`,
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(props.paramsAndSecrets ? { paramsAndSecrets: props.paramsAndSecrets } : {}),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'Spawnpoint',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Events carry phone numbers and message text: never log them whole.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        // Errors are told apart by name (Step Functions Retry/Catch, the outbox's handling): keep class names.
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        // The Node 24 runtime ships AWS SDK v3; bundling it again only adds size and cold start.
        externalModules: ['@aws-sdk/*'],
      },
    });
    this.functionLogGroup = logGroup;
  }

  /**
   * The DynamoDB operations this function's code sends, and TABLE_NAME. Item operations on the table; Query
   * on its indexes only (every query in shared/store names one of the two).
   */
  bindTable(table: ITableV2, operations: readonly TableOperation[]): this {
    const items = operations.filter((o) => o !== 'Query').map((o) => `dynamodb:${o}`);
    if (items.length > 0) this.addToRolePolicy(new PolicyStatement({ actions: items, resources: [table.tableArn] }));
    if (operations.includes('Query'))
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }),
      );
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Send to a queue (SendMessage also authorizes SendMessageBatch), with its URL in `envName`. */
  bindQueue(queue: IQueue, envName: string): this {
    queue.grant(this, 'sqs:SendMessage');
    this.addEnvironment(envName, queue.queueUrl);
    return this;
  }

  /**
   * Be invoked with batches from a queue, reporting failed items. What SqsEventSource does, with the
   * mapping's own three actions instead of grantConsumeMessages (whose GetQueueUrl nothing here calls);
   * the same construct id, so the mapping keeps its logical id. `delaysItems`: the worker sets a failed
   * message's visibility itself (its back-off), so it also gets ChangeMessageVisibility.
   */
  consumeQueue(queue: IQueue, options: { batchSize: number; maxConcurrency: number; delaysItems?: boolean }): this {
    this.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
      eventSourceArn: queue.queueArn,
      batchSize: options.batchSize,
      maxConcurrency: options.maxConcurrency,
      reportBatchItemFailures: true,
    });
    queue.grant(this, ...SQS_CONSUME_ACTIONS, ...(options.delaysItems ? ['sqs:ChangeMessageVisibility'] : []));
    return this;
  }

  /**
   * Read the secrets of these groups, and SECRET_ARN_<GROUP> for each: values are read at run time with a
   * short cache (shared/config/secrets.ts), and a group not bound here cannot be read by this function.
   */
  bindSecrets(secrets: Partial<Record<SecretGroup, ISecret>>, ...groups: SecretGroup[]): this {
    for (const group of groups) {
      const secret = secrets[group];
      if (!secret) throw new Error(`${this.node.id} needs the ${group} secret, which this stack does not create`);
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
      );
      this.addEnvironment(secretArnEnv(group), secret.secretArn);
    }
    return this;
  }

  /** Start, describe and redrive provisioning executions, and STATE_MACHINE_ARN. */
  bindStateMachine(stateMachine: StateMachine): this {
    stateMachine.grantStartExecution(this);
    const executions = executionArns(stateMachine);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:RedriveExecution'],
        resources: [executions],
      }),
    );
    this.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    return this;
  }

  /**
   * Starts lifecycle executions (suspend, unsuspend, terminate); with `describe`, also reads their status
   * (the sweep's recheck of an action claimed long ago). Nothing else on that machine.
   */
  bindLifecycle(stateMachine: StateMachine, options: { describe?: boolean } = {}): this {
    stateMachine.grantStartExecution(this);
    if (options.describe) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executionArns(stateMachine)] }),
      );
    }
    this.addEnvironment('LIFECYCLE_STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    return this;
  }
}

/** `arn:…:execution:<name>:*`: a state machine's executions (a token ARN cannot be string-edited). */
export function executionArns(stateMachine: StateMachine): string {
  return Arn.format(
    {
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    },
    Stack.of(stateMachine),
  );
}
