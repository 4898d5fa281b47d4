// cfn-lint findings on the synthesized template that we accept, acknowledged on the resources they concern
// (CloudFormation Metadata `cfn-lint: config: ignore_checks`, which cfn-lint reads), each with its reason.
// tests/infra/template-checks.test.ts lints both stages, fails on any error and checks that every
// acknowledgement here still matches a finding.

import type { CfnResource } from 'aws-cdk-lib';
import type { SpawnpointStack } from './spawnpoint-stack.js';

export interface LintAcknowledgement {
  /** cfn-lint rule id, e.g. W3005. */
  rule: `${'E' | 'W' | 'I'}${number}`;
  reason: string;
  /** The CloudFormation resources it is acknowledged on. */
  on: (stack: SpawnpointStack) => CfnResource[];
}

const cfn = (c: { node: { defaultChild?: unknown } }) => c.node.defaultChild as CfnResource;

export const LINT_ACKNOWLEDGEMENTS: readonly LintAcknowledgement[] = [
  {
    rule: 'W3005',
    reason:
      'The CDK puts the execution role into DependsOn of every function and of each state machine, next to the role policy that really needs it there; the role is also referenced with GetAtt, so the entry is redundant but harmless (CloudFormation orders the resources the same way), and it cannot be removed without rewriting what the CDK generates.',
    on: (stack) => [
      ...Object.values(stack.functions).map(cfn),
      cfn(stack.provisioning.stateMachine),
      cfn(stack.lifecycle.stateMachine),
    ],
  },
];

export function acknowledgeLintFindings(stack: SpawnpointStack): void {
  const byResource = new Map<CfnResource, string[]>();
  for (const a of LINT_ACKNOWLEDGEMENTS)
    for (const r of a.on(stack)) byResource.set(r, [...(byResource.get(r) ?? []), a.rule]);
  for (const [resource, rules] of byResource) resource.addMetadata('cfn-lint', { config: { ignore_checks: rules } });
}
