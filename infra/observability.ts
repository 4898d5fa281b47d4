// What operators watch: alarms on the DLQs, the quarantine, the executions, the custom metrics and every
// function's errors, all publishing to one encrypted SNS topic (optionally mailed), and a dashboard.
// docs/operations.md has a section per alarm. Resources go into the stack's own scope: see
// stateful-resources.ts for why.

import { ArnFormat, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { QueueWithDlq } from './stateful-resources.js';

export interface ObservabilityProps {
  namePrefix: string;
  removalPolicy: RemovalPolicy;
  /** Subscribed to the alarm topic when set. */
  alarmEmail?: string;
  queues: { inbox: QueueWithDlq; outbox: QueueWithDlq; installWatch: QueueWithDlq; quarantine: IQueue };
  stateMachine: StateMachine;
  /** Every function, by name: each gets an `<name>Errors` alarm. */
  functions: Record<string, IFunction>;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Observability {
  readonly topic: Topic;
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, props: ObservabilityProps) {
    this.topic = alarmTopic(scope, props);
    addAlarms(scope, props, new SnsAction(this.topic));
    this.dashboard = dashboard(scope, props);
  }
}

/**
 * CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key (aws/sns): its policy
 * cannot grant the CloudWatch service principal. An own key lets exactly this account's alarms use it.
 */
function alarmTopic(scope: Construct, props: ObservabilityProps): Topic {
  const prefix = props.namePrefix;
  const stack = Stack.of(scope);
  const topicKey = new Key(scope, 'AlarmTopicKey', {
    alias: `${prefix}-alarms`,
    description: "Encrypts the Spawnpoint alarm topic; usable by this stack's CloudWatch alarms.",
    enableKeyRotation: true,
    removalPolicy: props.removalPolicy,
  });
  topicKey.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsPublishToTheTopic',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'], // in a key policy, "*" is this key
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: `${prefix}-*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  // Control Tower CT.KMS.PR.3: only AWS services may create grants on the key, and only for their own
  // resources. Nothing here uses grants (SNS and the alarms use Decrypt/GenerateDataKey above).
  topicKey.addToResourcePolicy(
    new PolicyStatement({
      sid: 'GrantsOnlyByAwsServicesForAwsResources',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  const topic = new Topic(scope, 'AlarmTopic', {
    topicName: `${prefix}-alarms`,
    displayName: 'Spawnpoint alarms',
    masterKey: topicKey,
    enforceSSL: true,
  });
  if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
  return topic;
}

/** A metric the functions emit through Powertools (namespace Spawnpoint, dimension service). */
function custom(name: string, service: string): cw.Metric {
  return new cw.Metric({
    namespace: 'Spawnpoint',
    metricName: name,
    dimensionsMap: { service },
    period: FIVE_MINUTES,
    statistic: 'Sum',
  });
}

function addAlarms(scope: Construct, props: ObservabilityProps, action: SnsAction): void {
  const alarm = (id: string, metric: cw.IMetric, description: string, threshold = 1) =>
    new cw.Alarm(scope, id, {
      alarmName: `${props.namePrefix}-${id}`,
      alarmDescription: `${description} See docs/operations.md#${id.toLowerCase()}.`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  const visible = (queue: IQueue) =>
    queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' });
  const { inbox, outbox, installWatch, quarantine } = props.queues;
  alarm('InboxDlqNotEmpty', visible(inbox.dlq), 'Inbound events failed 5 times and wait in the inbox DLQ.');
  alarm('OutboxDlqNotEmpty', visible(outbox.dlq), 'Outbound messages failed 8 times and wait in the outbox DLQ.');
  alarm(
    'InstallWatchDlqNotEmpty',
    visible(installWatch.dlq),
    "An install watch message failed 5 times (it could not be sent on): its order's execution ends its wait at its timeout and looks once more.",
  );
  alarm(
    'WebhookQuarantineNotEmpty',
    visible(quarantine),
    'A signed webhook body could not be parsed; it is kept in the quarantine queue.',
  );
  const sm = props.stateMachine;
  const sum = { period: FIVE_MINUTES, statistic: 'Sum' };
  alarm(
    'ExecutionsFailed',
    sm.metricFailed(sum),
    'A provisioning execution failed (rolled back, or stopped at a step that needs a redrive).',
  );
  alarm('ExecutionsTimedOut', sm.metricTimedOut(sum), 'A provisioning execution timed out.');
  alarm('ExecutionsAborted', sm.metricAborted(sum), 'A provisioning execution was aborted.');
  alarm(
    'WebhookSignatureRejections',
    custom('WebhookSignatureRejected', 'webhook'),
    'Webhook POSTs with a missing or wrong signature (a probe, or a rotated app secret not in the webhook secret).',
    5,
  );
  if (props.functions.paymentsWebhook) {
    alarm(
      'PaymentSignatureRejections',
      custom('PaymentSignatureRejected', 'payments-webhook'),
      "Payment webhook POSTs with a missing or wrong gateway proof (a probe, or a webhook secret that does not match the gateway's dashboard).",
      5,
    );
    alarm(
      'PaymentsUnmatched',
      custom('PaymentUnmatched', 'inbox'),
      'A gateway payment matched no order, or not its amount and currency: nothing was confirmed; the admins were told (docs/operations.md).',
    );
  }
  alarm(
    'OutboxPermanentFailures',
    custom('MessagesFailedPermanently', 'outbox'),
    'WhatsApp refused a message for good (not a WhatsApp number, policy block, bad request).',
  );
  alarm(
    'WhatsAppTokenInvalid',
    custom('WhatsAppTokenInvalid', 'outbox'),
    'The WhatsApp access token is expired or invalid (error 190): rotate it in the whatsapp secret.',
  );
  alarm(
    'WebhookThrottled',
    props.functions.webhook!.metricThrottles(sum),
    'The webhook used all its reserved concurrency and answered 429 (a flood at the Function URL, or more real traffic than WEBHOOK_RESERVED_CONCURRENCY allows).',
  );
  for (const [name, f] of Object.entries(props.functions))
    alarm(`${name}Errors`, f.metricErrors(sum), `The ${name} function threw errors.`);
}

function dashboard(scope: Construct, props: ObservabilityProps): cw.Dashboard {
  const sm = props.stateMachine;
  const { inbox, outbox } = props.queues;
  const board = new cw.Dashboard(scope, 'Dashboard', { dashboardName: `${props.namePrefix}` });
  board.addWidgets(
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
  return board;
}
