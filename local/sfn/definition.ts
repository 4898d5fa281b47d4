// The provisioning state machine's definition as deployed: synthesized from the CDK app, with the
// template's tokens resolved to local names. Bundling is skipped (only the definition is needed).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { readStackConfig } from '../../infra/config.js';
import { SpawnpointStack } from '../../infra/spawnpoint-stack.js';
import type { Env } from '../../shared/config/env-reader.js';

export interface SynthesizedDefinition {
  /** The provisioning state machine. */
  asl: StateMachineDefinition;
  /** The lifecycle state machine (suspend, unsuspend, terminate). */
  lifecycleAsl: StateMachineDefinition;
  /** The raw CloudFormation template, for tests that look at more than the definition. */
  template: Record<string, unknown>;
}

type Part = string | { Ref?: string; 'Fn::GetAtt'?: [string, string] };

export function synthesizeDefinition(settingsEnv: Env): SynthesizedDefinition {
  const outdir = mkdtempSync(join(tmpdir(), 'spawnpoint-cdk-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const config = readStackConfig(() => undefined, settingsEnv);
    const stack = new SpawnpointStack(app, 'Spawnpoint-local', {
      config,
      env: { account: '000000000000', region: 'us-east-1' },
    });
    const template = app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
    return {
      asl: aslFromTemplate(template, 'provision'),
      lifecycleAsl: aslFromTemplate(template, 'lifecycle'),
      template,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Joins the DefinitionString, resolving Refs and GetAtts to names the local runner maps back. */
export function aslFromTemplate(
  template: Record<string, unknown>,
  which: 'provision' | 'lifecycle' = 'provision',
): StateMachineDefinition {
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const sm = Object.values(resources).find(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine' && String(r.Properties.StateMachineName).endsWith(`-${which}`),
  );
  if (!sm) throw new Error(`No ${which} state machine in the template`);
  const ds = sm.Properties.DefinitionString as string | { 'Fn::Join': [string, Part[]] };
  const resolve = (p: Part): string => {
    if (typeof p === 'string') return p;
    if (p.Ref === 'AWS::Partition') return 'aws';
    if (p.Ref === 'AWS::Region') return 'us-east-1';
    if (p.Ref === 'AWS::AccountId') return '000000000000';
    if (p.Ref) return `local:${p.Ref}`;
    if (p['Fn::GetAtt']) return `arn:aws:lambda:us-east-1:000000000000:function:${p['Fn::GetAtt'][0]}`;
    throw new Error(`Unexpected token in the definition: ${JSON.stringify(p)}`);
  };
  const text = typeof ds === 'string' ? ds : ds['Fn::Join'][1].map(resolve).join('');
  return JSON.parse(text) as StateMachineDefinition;
}
