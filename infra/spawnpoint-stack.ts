// Everything Spawnpoint runs on, in one stack: the webhook behind a Function URL, inbox and outbox FIFO
// queues with DLQs, the workers, the provisioning tasks and state machine, the table, the secret, and the
// alarms, topic and dashboard operators watch.

import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue as SqsQueueTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SECRET_NAMES } from '../shared/config/secrets.js';
import { TABLE } from '../shared/store/schema.js';
import type { StackConfig } from './config.js';
import { HouseFunction } from './house-function.js';
import { ProvisioningStateMachine } from './provisioning-state-machine.js';

export interface SpawnpointStackProps extends StackProps {
  config: StackConfig;
}

/** Receives before a message moves to its DLQ (the local poller uses the same numbers). */
export const MAX_RECEIVES = { inbox: 5, outbox: 8 } as const;

export class SpawnpointStack extends Stack {
  readonly table: TableV2;
  readonly provisioning: ProvisioningStateMachine;
  readonly functions: Record<string, HouseFunction>;

  constructor(scope: Construct, id: string, props: SpawnpointStackProps) {
    super(scope, id, props);
    const c = props.config;
    const prefix = c.namePrefix;
    const prod = c.stage === 'prod';
    const common = { namePrefix: prefix, logRetention: c.logRetention, removalPolicy: c.removalPolicy };

    // ---- state: table, queues, secret
    this.table = new TableV2(this, 'Table', {
      tableName: prefix,
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      deletionProtection: prod,
      removalPolicy: c.removalPolicy,
      globalSecondaryIndexes: [TABLE.customerIndex, TABLE.statusIndex].map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
        sortKey: { name: i.sortKey, type: AttributeType.STRING },
      })),
    });

    const fifo = (
      name: string,
      maxReceiveCount: number,
      consumerTimeout: Duration,
      contentBasedDeduplication = false,
    ) => {
      const dlq = new Queue(this, `${name}Dlq`, {
        queueName: `${prefix}-${name.toLowerCase()}-dlq.fifo`,
        fifo: true,
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, name, {
        queueName: `${prefix}-${name.toLowerCase()}.fifo`,
        fifo: true,
        contentBasedDeduplication,
        // AWS's advice for Lambda event sources: at least six times the function timeout.
        visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      return { queue, dlq };
    };
    // Both workers stop taking records when less than ~30 s is left (functions/time-guard.ts).
    const inboxTimeout = Duration.seconds(90);
    const outboxTimeout = Duration.seconds(60);
    const inbox = fifo('Inbox', MAX_RECEIVES.inbox, inboxTimeout);
    // Content-based dedup on the outbox only for the EventBridge rule below, whose SQS target cannot set a
    // dedup id; every other producer sets one, and an explicit id overrides the content hash.
    const outbox = fifo('Outbox', MAX_RECEIVES.outbox, outboxTimeout, true);
    const quarantine = new Queue(this, 'WebhookQuarantine', {
      queueName: `${prefix}-webhook-quarantine`,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    const secret = new Secret(this, 'Secret', {
      secretName: `${prefix}/secrets`,
      description:
        'Spawnpoint secrets as JSON. Fill in after deploy: ' +
        SECRET_NAMES.join(', ') +
        ' (WHATSAPP_APP_SECRET_PREVIOUS only during an app secret rotation). See docs/deploy.md.',
      // Created with empty keys (and an unused generated placeholder): no value is ever in the template.
      generateSecretString: {
        secretStringTemplate: JSON.stringify(Object.fromEntries(SECRET_NAMES.map((n) => [n, '']))),
        generateStringKey: 'UNUSED_PLACEHOLDER',
        excludePunctuation: true,
      },
      removalPolicy: c.removalPolicy,
    });

    // ---- functions
    const settings = c.functionSettings;
    const fn = (
      id: string,
      name: string,
      entry: string,
      description: string,
      extra: Partial<ConstructorParameters<typeof HouseFunction>[2]> = {},
    ) => new HouseFunction(this, id, { ...common, name, entry, description, environment: settings, ...extra });

    const webhook = new HouseFunction(this, 'Webhook', {
      ...common,
      name: 'webhook',
      entry: 'functions/webhook/handler.ts',
      description: 'WhatsApp webhook: verify the signature, split the envelope, queue the events, answer 200.',
      memorySize: 256,
      timeout: Duration.seconds(10),
    })
      .bindQueue(inbox.queue, 'INBOX_QUEUE_URL')
      .bindQueue(quarantine, 'WEBHOOK_QUARANTINE_QUEUE_URL')
      .bindSecret(secret);
    const webhookUrl = webhook.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const tasks = {
      ensureUser: fn(
        'EnsureUserFn',
        'ensure-user',
        'functions/provisioning/ensure-user.ts',
        "Provisioning: the customer's panel user.",
        // Lookup, create and a lookup after a timed-out create: up to ~40 s against a slow panel.
        { timeout: Duration.seconds(90) },
      ),
      ensureServer: fn(
        'EnsureServerFn',
        'ensure-server',
        'functions/provisioning/ensure-server.ts',
        "Provisioning: the order's server.",
        {
          timeout: Duration.seconds(90),
        },
      ),
      checkInstall: fn(
        'CheckInstallFn',
        'check-install',
        'functions/provisioning/check-install.ts',
        'Provisioning: is the server installed?',
      ),
      deliverCredentials: fn(
        'DeliverCredentialsFn',
        'deliver-credentials',
        'functions/provisioning/deliver-credentials.ts',
        'Provisioning: set the password and send the login.',
        // A retry may first wait out an earlier try's password write (up to 1.5x the 20 s panel write timeout).
        { timeout: Duration.seconds(90) },
      ),
      rollback: fn(
        'RollbackFn',
        'rollback',
        'functions/provisioning/rollback.ts',
        'Provisioning: remove what this order created.',
        {
          timeout: Duration.seconds(90),
        },
      ),
    };
    for (const t of Object.values(tasks)) t.bindTable(this.table).bindSecret(secret);
    // Only the delivery task writes to the outbox (to tell admins a login could not be delivered).
    tasks.deliverCredentials.bindQueue(outbox.queue, 'OUTBOX_QUEUE_URL');

    this.provisioning = new ProvisioningStateMachine(this, 'Provisioning', {
      functions: tasks,
      table: this.table,
      outbox: outbox.queue,
      installPollSeconds: c.settings.provisioning.installPollSeconds,
      executionTimeoutSeconds: c.settings.provisioning.installTimeoutSeconds + 6 * 3600,
      ...common,
    });

    const inboxWorker = fn(
      'InboxWorker',
      'inbox',
      'functions/inbox/handler.ts',
      'Inbox worker: the conversation with customers and admins.',
      {
        timeout: inboxTimeout,
      },
    )
      .bindTable(this.table)
      .bindQueue(outbox.queue, 'OUTBOX_QUEUE_URL')
      .bindSecret(secret)
      .bindStateMachine(this.provisioning.stateMachine);
    inboxWorker.addEventSource(
      new SqsEventSource(inbox.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 5 }),
    );

    const outboxWorker = fn(
      'OutboxWorker',
      'outbox',
      'functions/outbox/handler.ts',
      'Outbox worker: sends WhatsApp messages, templates when the window is closed.',
      {
        timeout: outboxTimeout,
      },
    )
      .bindTable(this.table)
      .bindQueue(outbox.queue, 'OUTBOX_QUEUE_URL')
      .bindSecret(secret);
    // Few concurrent senders: WhatsApp limits messages per recipient pair; FIFO groups keep each chat in order.
    outboxWorker.addEventSource(
      new SqsEventSource(outbox.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );

    this.functions = { webhook, inboxWorker, outboxWorker, ...tasks };

    // An execution that stops at a step without a Catch (Rollback, DeliverCredentials, a notice) after its
    // retries leaves the order PROVISIONING. This rule puts a notice on the outbox, which tells the admins
    // where it stopped and how to resume it (and ignores executions whose rollback already told them).
    new Rule(this, 'ExecutionStopped', {
      ruleName: `${prefix}-execution-stopped`,
      description: 'Provisioning executions that ended FAILED, TIMED_OUT or ABORTED → outbox notice to the admins.',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [this.provisioning.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new SqsQueueTarget(outbox.queue, {
          messageGroupId: 'execution-stopped',
          message: RuleTargetInput.fromObject({
            type: 'execution-stopped',
            execution: EventField.fromPath('$.detail.name'),
            status: EventField.fromPath('$.detail.status'),
            error: EventField.fromPath('$.detail.error'),
          }),
        }),
      ],
    });

    // ---- alarms → topic
    // CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key (aws/sns): its policy
    // cannot grant the CloudWatch service principal. An own key lets exactly this account's alarms use it.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      alias: `${prefix}-alarms`,
      description: "Encrypts the Spawnpoint alarm topic; usable by this stack's CloudWatch alarms.",
      enableKeyRotation: true,
      removalPolicy: c.removalPolicy,
    });
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${prefix}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      displayName: 'Spawnpoint alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (c.alarmEmail) topic.addSubscription(new EmailSubscription(c.alarmEmail));
    const action = new SnsAction(topic);
    const alarm = (id: string, metric: cw.IMetric, description: string, threshold = 1) => {
      const a = new cw.Alarm(this, id, {
        alarmName: `${prefix}-${id}`,
        alarmDescription: `${description} See docs/operations.md#${id.toLowerCase()}.`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      return a;
    };
    const five = Duration.minutes(5);
    alarm(
      'InboxDlqNotEmpty',
      inbox.dlq.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }),
      'Inbound events failed 5 times and wait in the inbox DLQ.',
    );
    alarm(
      'OutboxDlqNotEmpty',
      outbox.dlq.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }),
      'Outbound messages failed 8 times and wait in the outbox DLQ.',
    );
    alarm(
      'WebhookQuarantineNotEmpty',
      quarantine.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }),
      'A signed webhook body could not be parsed; it is kept in the quarantine queue.',
    );
    const sm = this.provisioning.stateMachine;
    alarm(
      'ExecutionsFailed',
      sm.metricFailed({ period: five, statistic: 'Sum' }),
      'A provisioning execution failed (rolled back, or stopped at a step that needs a redrive).',
    );
    alarm(
      'ExecutionsTimedOut',
      sm.metricTimedOut({ period: five, statistic: 'Sum' }),
      'A provisioning execution timed out.',
    );
    alarm(
      'ExecutionsAborted',
      sm.metricAborted({ period: five, statistic: 'Sum' }),
      'A provisioning execution was aborted.',
    );
    const custom = (name: string, service: string) =>
      new cw.Metric({
        namespace: 'Spawnpoint',
        metricName: name,
        dimensionsMap: { service },
        period: five,
        statistic: 'Sum',
      });
    alarm(
      'WebhookSignatureRejections',
      custom('WebhookSignatureRejected', 'webhook'),
      'Webhook POSTs with a missing or wrong signature (a probe, or a rotated app secret not in the secret).',
      5,
    );
    alarm(
      'OutboxPermanentFailures',
      custom('MessagesFailedPermanently', 'outbox'),
      'WhatsApp refused a message for good (not a WhatsApp number, policy block, bad request).',
    );
    alarm(
      'WhatsAppTokenInvalid',
      custom('WhatsAppTokenInvalid', 'outbox'),
      'The WhatsApp access token is expired or invalid (error 190): rotate it in the secret.',
    );
    for (const [name, f] of Object.entries(this.functions)) {
      alarm(
        `${name}Errors`,
        (f as IFunction).metricErrors({ period: five, statistic: 'Sum' }),
        `The ${name} function threw errors.`,
      );
    }

    // ---- dashboard
    const dashboard = new cw.Dashboard(this, 'Dashboard', { dashboardName: `${prefix}` });
    dashboard.addWidgets(
      new cw.GraphWidget({
        title: 'Orders provisioned / failed',
        left: [sm.metricSucceeded({ period: Duration.hours(1) }), sm.metricFailed({ period: Duration.hours(1) })],
        width: 12,
      }),
      new cw.GraphWidget({
        title: 'Provisioning duration (ms)',
        left: [sm.metricTime({ statistic: 'p50' }), sm.metricTime({ statistic: 'p99' })],
        width: 12,
      }),
      new cw.GraphWidget({
        title: 'WhatsApp messages',
        left: [
          custom('MessagesSent', 'outbox'),
          custom('MessagesFailedPermanently', 'outbox'),
          custom('MessagesFailedAfterSend', 'inbox'),
          custom('MessagesAmbiguous', 'outbox'),
        ],
        width: 12,
      }),
      new cw.GraphWidget({
        title: 'Queues: waiting and dead-lettered',
        left: [
          inbox.queue.metricApproximateNumberOfMessagesVisible(),
          outbox.queue.metricApproximateNumberOfMessagesVisible(),
        ],
        right: [
          inbox.dlq.metricApproximateNumberOfMessagesVisible(),
          outbox.dlq.metricApproximateNumberOfMessagesVisible(),
        ],
        width: 12,
      }),
    );

    new CfnOutput(this, 'WebhookUrl', {
      value: webhookUrl.url,
      description: "Paste into Meta's webhook configuration (Callback URL).",
    });
    new CfnOutput(this, 'SecretName', {
      value: secret.secretName,
      description: 'Fill in the JSON keys after the first deploy.',
    });
    new CfnOutput(this, 'StateMachineArn', { value: sm.stateMachineArn });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
  }
}
