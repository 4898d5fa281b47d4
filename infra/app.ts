// The CDK app: `npx cdk synth` / `npx cdk deploy -c stage=prod`. Settings come from the environment (or a
// .env file) and are validated here, so a bad setting fails the synth, not the first order.
// docs/deploy.md lists what to set; a missing or bad setting ends the synth with one message naming them all.

import { existsSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../shared/domain/domain-errors.js';
import { acknowledgeLintFindings } from './cfn-lint.js';
import { readStackConfig, type StackConfig } from './config.js';
import { acknowledgeGuardFindings, controlTowerChecks } from './guard.js';
import { acknowledgeNagFindings } from './nag.js';
import { SpawnpointStack } from './spawnpoint-stack.js';

// Node's own .env reader; what the environment already sets wins.
if (existsSync('.env')) process.loadEnvFile('.env');
const app = new App();
let config: StackConfig;
try {
  config = readStackConfig((k) => app.node.tryGetContext(k), process.env);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(
    [
      'Spawnpoint: the stack settings are incomplete or wrong:',
      ...e.problems.map((p) => `  - ${p}`),
      '',
      'Put them in a .env file (start from .env.example) or export them in the shell, then run the command again.',
      'Secret values (API key, tokens, app secret) do not belong there: they go into the Secrets Manager secret after',
      'the first deploy. See docs/deploy.md.',
    ].join('\n'),
  );
  process.exit(1);
}
const stack = new SpawnpointStack(app, `Spawnpoint-${config.stage}`, {
  config,
  // `cdk deploy` sets CDK_DEFAULT_ACCOUNT from the credentials; an offline `cdk synth` stays account-agnostic.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  description: 'Spawnpoint: WhatsApp game-server shop provisioning Pterodactyl servers.',
});
// cdk-nag (AwsSolutions) and the AWS Control Tower proactive controls (cfn-guard) check the template at every
// synth; cfn-lint reads the acknowledgements that acknowledgeLintFindings writes into it (docs/deploy.md).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), controlTowerChecks());
acknowledgeNagFindings(stack);
acknowledgeGuardFindings(stack, config);
acknowledgeLintFindings(stack);
app.synth();
