// The stateful part of the stack: what holds data and must survive a redeploy. The table, the inbox and
// outbox FIFO queues with their DLQs, the install-watch queue and its DLQ, the webhook's quarantine queue, and one secret per group of users
// (shared/config/secrets.ts SECRET_GROUPS: the webhook's, the panel's, the WhatsApp sender's).
//
// Like the other two parts (stateless-resources.ts, observability.ts) it adds its resources to the stack's
// own scope rather than to a construct of its own: a new scope would change every logical id, and
// CloudFormation would replace the deployed table, queues and secret (their physical names are fixed, so
// the replacement would fail, or lose the data).

import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SECRET_GROUP_NAMES, SECRET_GROUPS, type SecretGroup } from '../shared/config/secrets.js';
import type { PaymentProvider } from '../shared/domain/payment.js';
import { TABLE } from '../shared/store/schema.js';

/** Receives before a message moves to its DLQ (the local poller uses the same numbers). */
export const MAX_RECEIVES = { inbox: 5, outbox: 8, installWatch: 5 } as const;

/** A queue and its dead-letter queue. */
export interface QueueWithDlq {
  queue: Queue;
  dlq: Queue;
}

export interface StatefulResourcesProps {
  namePrefix: string;
  removalPolicy: RemovalPolicy;
  /** On in prod: the table cannot be deleted by a stack change. */
  deletionProtection: boolean;
  /** Timeout of each queue's consumer: the visibility timeout is six times it. */
  consumerTimeouts: { inbox: Duration; outbox: Duration; installWatch: Duration };
  /** PAYMENT_PROVIDER: the gateway's secrets exist only with a gateway (Stripe's endpoint secret only with Stripe). */
  paymentProvider: PaymentProvider;
}

export class StatefulResources {
  readonly table: TableV2;
  readonly inbox: QueueWithDlq;
  readonly outbox: QueueWithDlq;
  /** Signed webhook bodies that could not be parsed, kept for a person to look at. */
  readonly quarantine: Queue;
  /**
   * The install watch (shared/app/provisioning/install-watch.ts): standard, because each look is sent with
   * its own delay, which FIFO queues do not have. Its bodies hold a paused execution's task token.
   */
  readonly installWatch: QueueWithDlq;
  /** One secret per group of users; a function is granted only the groups its code reads (payments: with a gateway). */
  readonly secrets: Partial<Record<SecretGroup, Secret>>;

  constructor(scope: Construct, props: StatefulResourcesProps) {
    const prefix = props.namePrefix;
    this.table = new TableV2(scope, 'Table', {
      tableName: prefix,
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      globalSecondaryIndexes: [TABLE.customerIndex, TABLE.statusIndex, TABLE.dueIndex].map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
        sortKey: { name: i.sortKey, type: AttributeType.STRING },
      })),
    });

    const timeouts = props.consumerTimeouts;
    this.inbox = queueWithDlq(scope, prefix, 'Inbox', {
      slug: 'inbox',
      fifo: true,
      maxReceiveCount: MAX_RECEIVES.inbox,
      consumerTimeout: timeouts.inbox,
    });
    // Content-based dedup on the outbox only for the EventBridge rule (stateless-resources.ts), whose SQS
    // target cannot set a dedup id; every other producer sets one, and an explicit id overrides the hash.
    this.outbox = queueWithDlq(scope, prefix, 'Outbox', {
      slug: 'outbox',
      fifo: true,
      maxReceiveCount: MAX_RECEIVES.outbox,
      consumerTimeout: timeouts.outbox,
      contentBasedDeduplication: true,
    });
    this.installWatch = queueWithDlq(scope, prefix, 'InstallWatch', {
      slug: 'install-watch',
      fifo: false,
      maxReceiveCount: MAX_RECEIVES.installWatch,
      consumerTimeout: timeouts.installWatch,
    });
    this.quarantine = new Queue(scope, 'WebhookQuarantine', {
      queueName: `${prefix}-webhook-quarantine`,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.secrets = Object.fromEntries(
      SECRET_GROUP_NAMES.filter((g) => secretNeeded(g, props.paymentProvider)).map((g) => [
        g,
        groupSecret(scope, prefix, g, props.removalPolicy),
      ]),
    );
  }
}

/** Whether the stack needs a group's secret: the gateways' only with that gateway. */
function secretNeeded(group: SecretGroup, provider: PaymentProvider): boolean {
  if (group === 'payments') return provider !== 'manual';
  if (group === 'paymentsWebhook') return provider === 'stripe';
  return true;
}

/**
 * The secret of one group, `<prefix>/<group>`, created as JSON with its keys present and empty (and an
 * unused generated placeholder the CDK needs to create it without a value): no value is ever in the template.
 */
function groupSecret(scope: Construct, prefix: string, group: SecretGroup, removalPolicy: RemovalPolicy): Secret {
  const names: readonly string[] = SECRET_GROUPS[group];
  return new Secret(scope, `${group[0]!.toUpperCase()}${group.slice(1)}Secret`, {
    secretName: `${prefix}/${group}`,
    description:
      `Spawnpoint ${group} secret as JSON. Fill in after deploy: ${names.join(', ')}` +
      (names.includes('WHATSAPP_APP_SECRET_PREVIOUS')
        ? ' (WHATSAPP_APP_SECRET_PREVIOUS only during an app secret rotation)'
        : '') +
      '. See docs/deploy.md.',
    generateSecretString: {
      secretStringTemplate: JSON.stringify(Object.fromEntries(names.map((n) => [n, '']))),
      generateStringKey: 'UNUSED_PLACEHOLDER',
      excludePunctuation: true,
    },
    removalPolicy,
  });
}

interface QueueOptions {
  /** The queue's name after the prefix (`inbox` → `<prefix>-inbox.fifo`, its DLQ `<prefix>-inbox-dlq.fifo`). */
  slug: string;
  fifo: boolean;
  maxReceiveCount: number;
  consumerTimeout: Duration;
  contentBasedDeduplication?: boolean;
}

/** A queue (FIFO, or standard where each message needs its own delay) and its DLQ, both encrypted, TLS only. */
function queueWithDlq(scope: Construct, prefix: string, name: string, o: QueueOptions): QueueWithDlq {
  const suffix = o.fifo ? '.fifo' : '';
  const queueName = `${prefix}-${o.slug}${suffix}`;
  const dlq = new Queue(scope, `${name}Dlq`, {
    queueName: `${prefix}-${o.slug}-dlq${suffix}`,
    ...(o.fifo ? { fifo: true } : {}),
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Only its own queue may use it as a DLQ (Control Tower CT.SQS.PR.1 asks a DLQ for a redrive-allow
    // policy). The ARN is built from the name: referencing the queue would make a dependency cycle.
    redriveAllowPolicy: {
      redrivePermission: RedrivePermission.BY_QUEUE,
      sourceQueues: [
        Queue.fromQueueArn(
          scope,
          `${name}DlqSource`,
          Stack.of(scope).formatArn({ service: 'sqs', resource: queueName }),
        ),
      ],
    },
  });
  const queue = new Queue(scope, name, {
    queueName,
    ...(o.fifo ? { fifo: true, contentBasedDeduplication: o.contentBasedDeduplication ?? false } : {}),
    // AWS's advice for Lambda event sources: at least six times the function timeout.
    visibilityTimeout: Duration.seconds(o.consumerTimeout.toSeconds() * 6),
    // The install watch lives as long as its install may (INSTALL_TIMEOUT_SECONDS, at most a day): each look is
    // a new message, so four days is room enough there too.
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: dlq, maxReceiveCount: o.maxReceiveCount },
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  return { queue, dlq };
}
