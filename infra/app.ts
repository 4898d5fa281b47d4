// The CDK app: `npx cdk synth` / `npx cdk deploy -c stage=prod`. Settings come from the environment (or a
// .env file) and are validated here, so a bad setting fails the synth, not the first order.

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDotEnv } from '../local/dotenv.js';
import { readStackConfig } from './config.js';
import { acknowledgeNagFindings } from './nag.js';
import { SpawnpointStack } from './spawnpoint-stack.js';

loadDotEnv();
const app = new App();
const config = readStackConfig((k) => app.node.tryGetContext(k), process.env);
const stack = new SpawnpointStack(app, `Spawnpoint-${config.stage}`, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  description: 'Spawnpoint: WhatsApp game-server shop provisioning Pterodactyl servers.',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
acknowledgeNagFindings(stack);
app.synth();
