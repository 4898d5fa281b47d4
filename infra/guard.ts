// AWS Control Tower proactive controls (the cfn-guard rules of @cdklabs/cdk-validator-cfnguard), run as a
// policy validation plugin at synth. What the stack does not meet is acknowledged here, rule by rule, on
// the resources it concerns (never on the stack or the app), each with the reason a reviewer would ask for.
// Fixed instead: CT.KMS.PR.3 (observability.ts, the alarm key's policy) and CT.SQS.PR.1 for the two DLQs
// (stateful-resources.ts, a redrive-allow policy naming their own queue).

import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { StackConfig } from './config.js';
import type { SpawnpointStack } from './spawnpoint-stack.js';

/** The plugin's name, which is also the namespace of its rule ids in `Validations.acknowledge`. */
export const GUARD_PLUGIN = 'cdk-validator-cfnguard';

/** The Control Tower rules the stack does not meet everywhere (the guard rule name, which the plugin reports). */
export type GuardRule =
  | 'cloudwatch_log_group_retention_period_check'
  | 'cloudwatch_log_group_encrypted_check'
  | 'lambda_function_public_access_prohibited_check'
  | 'lambda_function_url_auth_check'
  | 'lambda_inside_vpc_check'
  | 'sqs_dlq_check';

export interface GuardAcknowledgement {
  rule: GuardRule;
  /** The Control Tower control id, for the reader (docs.aws.amazon.com/controltower, "proactive controls"). */
  control: string;
  reason: string;
  /** The constructs it is acknowledged on (their whole subtree). */
  on: (stack: SpawnpointStack, config: StackConfig) => IConstruct[];
}

const logGroups = (stack: SpawnpointStack) =>
  stack.node.findAll().filter((c): c is CfnLogGroup => c instanceof CfnLogGroup);

/** The functions behind a public Function URL: WhatsApp's webhook, and the payment gateway's when configured. */
const publicUrls = (stack: SpawnpointStack): IConstruct[] => [
  stack.functions.webhook!,
  ...(stack.functions.paymentsWebhook ? [stack.functions.paymentsWebhook] : []),
];

export const GUARD_ACKNOWLEDGEMENTS: readonly GuardAcknowledgement[] = [
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    control: 'CT.CLOUDWATCH.PR.2',
    reason:
      'Dev stage only: dev keeps logs two weeks and its resources are deletable by design (infra/config.ts); prod keeps every log group one year, and this rule passes there.',
    on: (stack, config) => (config.stage === 'dev' ? logGroups(stack) : []),
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    control: 'CT.CLOUDWATCH.PR.3',
    reason:
      'CloudWatch Logs encrypts every log group at rest with service-managed keys; the functions log ids and outcomes, in a few warnings a WhatsApp number, never a secret value nor the event itself (POWERTOOLS_LOGGER_LOG_EVENT=false). Read access is already limited by IAM to the account; a customer managed key per group would add cost and a key policy without narrowing who can read them.',
    on: (stack) => logGroups(stack),
  },
  {
    rule: 'lambda_function_public_access_prohibited_check',
    control: 'CT.LAMBDA.PR.2',
    reason:
      "The webhook is Meta's callback: its Function URL must be invokable by anyone (lambda:InvokeFunctionUrl and the InvokeFunction the CDK adds, conditioned on the URL). Every request is authenticated by its X-Hub-Signature-256 HMAC with the app secret before anything is queued, and reserved concurrency caps a flood. The same holds for the payments webhook, the gateway's callback (Stripe, Midtrans): each request is authenticated by the gateway's proof before anything is queued (Stripe-Signature HMAC with a 300 s tolerance, checked by the Stripe SDK; Midtrans signature_key SHA-512 with the server key, then the status read back from Midtrans).",
    on: (stack) => publicUrls(stack),
  },
  {
    rule: 'lambda_function_url_auth_check',
    control: 'CT.LAMBDA.PR.5',
    reason:
      "Meta's webhook delivery cannot sign requests with SigV4, so the URL uses auth type NONE; the function authenticates each request itself by its X-Hub-Signature-256 HMAC (shared/app/webhook.ts) and rejects unsigned or wrongly signed bodies. Payment gateways cannot sign with SigV4 either: the payments webhook authenticates each request by the gateway's own proof (shared/app/payment-webhook.ts) and refuses a missing or wrong one with 401.",
    on: (stack) => publicUrls(stack),
  },
  {
    rule: 'lambda_inside_vpc_check',
    control: 'CT.LAMBDA.PR.3',
    reason:
      'The functions reach only public HTTPS endpoints (the WhatsApp Cloud API, the Pterodactyl panel) and AWS APIs authorized by IAM; there is no private resource to reach. A VPC would need NAT gateways (a fixed monthly cost per AZ) and interface endpoints, and add cold-start and failure modes, for no isolation gain.',
    on: (stack) => Object.values(stack.functions),
  },
  {
    rule: 'sqs_dlq_check',
    control: 'CT.SQS.PR.1',
    reason:
      'The webhook quarantine is itself the holding place for signed bodies that could not be parsed (an alarm fires when it is not empty); nothing consumes it, so messages are never received and retried, and a DLQ behind it would never receive anything.',
    on: (stack) => [stack.node.findChild('WebhookQuarantine')],
  },
];

/**
 * The plugin with the Control Tower rules; add it with `Validations.of(app).addPlugins(controlTowerChecks())`.
 *
 * Wrapped because cdk-validator-cfnguard 0.0.62 reports its findings without a severity, and aws-cdk-lib
 * 2.276.0, once any finding of a plugin is acknowledged, re-decides the plugin's success as "no violation of
 * severity error or fatal": every finding left over would then pass the synth (seen here). Each is an error.
 */
export function controlTowerChecks(): IPolicyValidationPlugin {
  const guard = new CfnGuardValidator({ controlTowerRulesEnabled: true });
  return {
    name: guard.name,
    ...(guard.version ? { version: guard.version } : {}),
    ...(guard.ruleIds ? { ruleIds: guard.ruleIds } : {}),
    validate(context) {
      const report = guard.validate(context);
      return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
    },
  };
}

/** Records each acknowledgement on the constructs it concerns (only those: a new resource is checked). */
export function acknowledgeGuardFindings(stack: SpawnpointStack, config: StackConfig): void {
  for (const a of GUARD_ACKNOWLEDGEMENTS)
    for (const c of a.on(stack, config))
      Validations.of(c).acknowledge({ id: `${GUARD_PLUGIN}::${a.rule}`, reason: `${a.control}: ${a.reason}` });
}
