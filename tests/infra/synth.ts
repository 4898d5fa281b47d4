// Synthesizes the stack for the infra tests, with the context of cdk.json (feature flags) so the template is
// the one `cdk synth` makes. Bundling is skipped: the template tests need no code (bundling.test.ts proves it).

import { App, type AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { readStackConfig, type StackConfig } from '../../infra/config.js';
import { SpawnpointStack } from '../../infra/spawnpoint-stack.js';
import { testEnv } from '../support/settings.js';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

/** Values a careless stack could leak into the template; the settings env carries them on purpose. */
export const SECRET_VALUES = {
  WHATSAPP_ACCESS_TOKEN: 'EAAG-test-access-token-must-not-leak-4f1c',
  PTERODACTYL_ADMIN_API_KEY: 'ptla_test_admin_key_must_not_leak_9a7e',
  WHATSAPP_APP_SECRET: 'app-secret-must-not-leak-51d0b2',
  WHATSAPP_APP_SECRET_PREVIOUS: 'previous-app-secret-must-not-leak-77e3',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-must-not-leak-0c9d',
  STRIPE_SECRET_KEY: 'sk_live_must_not_leak_3b8f',
  STRIPE_WEBHOOK_SECRET: 'whsec_must_not_leak_6d2a',
  MIDTRANS_SERVER_KEY: 'Mid-server-must-not-leak-1e4c',
} as const;

/** CloudFormation JSON, navigated freely by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: a template is untyped JSON; the assertions are the types
export type Json = Record<string, any>;

export interface Synthesized {
  app: App;
  stack: SpawnpointStack;
  config: StackConfig;
  template: Template;
  json: Json;
}

export function synthesize(
  opts: {
    context?: Record<string, unknown>;
    env?: Record<string, string>;
    bundling?: boolean;
    app?: AppProps;
    /** Runs after the stack is built and before it is synthesized: to add validation plugins, acknowledgements. */
    prepare?: (app: App, stack: SpawnpointStack, config: StackConfig) => void;
  } = {},
): Synthesized {
  const app = new App({
    ...opts.app,
    context: {
      ...cdkJson.context,
      ...(opts.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...opts.context,
    },
  });
  // A gateway is configured, so the template under test has the payments webhook and its secret.
  const config = readStackConfig(
    (k) => opts.context?.[k],
    testEnv({ PAYMENT_PROVIDER: 'stripe', ...SECRET_VALUES, ...opts.env }),
  );
  const stack = new SpawnpointStack(app, `Spawnpoint-${config.stage}`, {
    config,
    env: { account: ACCOUNT, region: REGION },
  });
  opts.prepare?.(app, stack, config);
  const template = Template.fromStack(stack);
  return { app, stack, config, template, json: template.toJSON() };
}

type Resource = Json & { Type: string; Properties: Json };

export function resources(json: Json, type: string): Array<[string, Resource]> {
  return Object.entries<Resource>(json.Resources).filter(([, r]) => r.Type === type);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement a role is given: its inline policies and the AWS::IAM::Policy resources attached to it. */
export function roleStatements(json: Json, roleLogicalId: string): Statement[] {
  const role = json.Resources[roleLogicalId] as Resource;
  const inline = (role.Properties.Policies ?? []).flatMap(
    (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
  );
  const attached = resources(json, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  return [...inline, ...attached];
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The logical ids a resource value points at (Ref / GetAtt, also inside Fn::Join). */
export function referencedIds(value: unknown): string[] {
  const text = JSON.stringify(value);
  const ids = new Set<string>();
  for (const m of text.matchAll(/"Ref":"([A-Za-z0-9]+)"/g)) ids.add(m[1]!);
  for (const m of text.matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)"/g)) ids.add(m[1]!);
  return [...ids];
}

/** Actions a role may perform on a resource (by logical id), from every statement that names it. */
export function actionsOn(statements: Statement[], logicalId: string): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && resourcesOf(s).some((r) => referencedIds(r).includes(logicalId)))
    .flatMap(actionsOf)
    .filter((a, i, all) => all.indexOf(a) === i)
    .sort();
}
