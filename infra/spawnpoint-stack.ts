// Everything Spawnpoint runs on, in one stack of three parts joined by typed props:
//   stateful-resources.ts   the table, the inbox and outbox FIFO queues and the install-watch queue with DLQs,
//                           the quarantine, the secrets
//   stateless-resources.ts  the webhook (Function URL), the workers, the provisioning tasks and state machine,
//                           the lifecycle state machine, its task function and the scheduled sweep
//   observability.ts        the alarms, their topic and the dashboard operators watch

import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { WATCHER_TIMEOUT_SECONDS } from '../shared/app/provisioning/install-watch.js';
import { SECRET_GROUP_NAMES, SECRET_GROUPS } from '../shared/config/secrets.js';
import type { StackConfig } from './config.js';
import type { HouseFunction } from './house-function.js';
import type { LifecycleStateMachine } from './lifecycle-state-machine.js';
import { Observability } from './observability.js';
import type { ProvisioningStateMachine } from './provisioning-state-machine.js';
import { StatefulResources } from './stateful-resources.js';
import { StatelessResources } from './stateless-resources.js';

export { MAX_RECEIVES } from './stateful-resources.js';

export interface SpawnpointStackProps extends StackProps {
  config: StackConfig;
}

/** Both workers stop taking records when less than ~30 s is left (functions/time-guard.ts). */
/**
 * The inbox worker's longest record is a password reset (waiting out an earlier write, then the panel's GET
 * and PATCH and up to two sends: ~80 s); it starts a record only with 90 s left (functions/inbox/inbox-batch.ts).
 */
const WORKER_TIMEOUTS = {
  inbox: Duration.seconds(120),
  outbox: Duration.seconds(60),
  installWatch: Duration.seconds(WATCHER_TIMEOUT_SECONDS),
};

export class SpawnpointStack extends Stack {
  readonly table: TableV2;
  readonly provisioning: ProvisioningStateMachine;
  readonly lifecycle: LifecycleStateMachine;
  readonly functions: Record<string, HouseFunction>;

  constructor(scope: Construct, id: string, props: SpawnpointStackProps) {
    super(scope, id, props);
    const c = props.config;

    const state = new StatefulResources(this, {
      namePrefix: c.namePrefix,
      removalPolicy: c.removalPolicy,
      deletionProtection: c.stage === 'prod',
      consumerTimeouts: WORKER_TIMEOUTS,
      paymentProvider: c.settings.payments.provider,
    });
    const app = new StatelessResources(this, { config: c, state, workerTimeouts: WORKER_TIMEOUTS });
    const watch = new Observability(this, {
      namePrefix: c.namePrefix,
      removalPolicy: c.removalPolicy,
      ...(c.alarmEmail ? { alarmEmail: c.alarmEmail } : {}),
      queues: {
        inbox: state.inbox,
        outbox: state.outbox,
        installWatch: state.installWatch,
        quarantine: state.quarantine,
      },
      stateMachine: app.provisioning.stateMachine,
      functions: app.functions,
    });
    this.table = state.table;
    this.provisioning = app.provisioning;
    this.lifecycle = app.lifecycle;
    this.functions = app.functions;

    new CfnOutput(this, 'WebhookUrl', {
      value: app.webhookUrl.url,
      description: "Paste into Meta's webhook configuration (Callback URL).",
    });
    for (const group of SECRET_GROUP_NAMES) {
      const secret = state.secrets[group];
      if (!secret) continue;
      new CfnOutput(this, `${group[0]!.toUpperCase()}${group.slice(1)}SecretName`, {
        value: secret.secretName,
        description: `Fill in its JSON keys (${SECRET_GROUPS[group].join(', ')}) after the first deploy.`,
      });
    }
    if (app.paymentsWebhookUrl) {
      new CfnOutput(this, 'PaymentsWebhookUrl', {
        value: app.paymentsWebhookUrl.url,
        description: `The gateway's webhook: <this URL>${c.settings.payments.provider} in the ${c.settings.payments.provider} dashboard (docs/deploy.md).`,
      });
    }
    new CfnOutput(this, 'StateMachineArn', { value: app.provisioning.stateMachine.stateMachineArn });
    new CfnOutput(this, 'LifecycleStateMachineArn', { value: app.lifecycle.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DashboardName', { value: watch.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: watch.topic.topicArn });
  }
}
