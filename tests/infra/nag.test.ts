// Infra tier: cdk-nag (AwsSolutions, v3 API) passes on the stack as `cdk synth` builds it, and every
// acknowledgement carries a reason. Bundling is skipped here; bundling.test.ts proves it works offline.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { readStackConfig } from '../../infra/config.js';
import { acknowledgeNagFindings } from '../../infra/nag.js';
import { SpawnpointStack } from '../../infra/spawnpoint-stack.js';
import { testEnv } from '../support/settings.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function nagApp(opts: { stage: 'dev' | 'prod'; account?: string; alarmEmail?: string }) {
  const outdir = mkdtempSync(join(tmpdir(), 'spawnpoint-nag-'));
  dirs.push(outdir);
  const context = { stage: opts.stage, ...(opts.alarmEmail ? { alarmEmail: opts.alarmEmail } : {}) };
  const app = new App({ outdir, context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] } });
  const config = readStackConfig((k) => app.node.tryGetContext(k), testEnv());
  const stack = new SpawnpointStack(app, `Spawnpoint-${config.stage}`, {
    config,
    env: { account: opts.account, region: 'us-east-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeNagFindings(stack);
  return { app, stack, outdir };
}

// Each test synthesizes (with the plugin); give them room on a busy machine.
describe('cdk-nag AwsSolutions', { timeout: 120_000 }, () => {
  it('passes on the dev stack in a known account', () => {
    const { app } = nagApp({ stage: 'dev', account: '111111111111' });
    expect(() => app.synth()).not.toThrow();
  });

  it('passes on an account-agnostic prod stack with an alarm e-mail (what an offline `cdk synth` builds)', () => {
    const { app } = nagApp({ stage: 'prod', alarmEmail: 'ops@example.com' });
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges exactly the findings there are, one by one, each with a reason a security reviewer can check', () => {
    const { stack } = nagApp({ stage: 'dev', account: '111111111111' });
    const acks = Object.entries(
      Object.assign(
        {},
        ...stack.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .map((m) => m.data as Record<string, string>),
      ) as Record<string, string>,
    ).map(([id, reason]) => ({ id: id.replace(/^Annotation::/, ''), reason }));
    expect(acks.length).toBeGreaterThanOrEqual(5);
    for (const ack of acks) {
      expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(80);
      // IAM5 is acknowledged per resource, never for the whole rule.
      if (ack.id.includes('IAM5')) expect(ack.id, ack.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
    }
    const ids = acks.map((a) => a.id);
    expect(ids).not.toContain('AwsSolutions-IAM5');
    expect(ids).not.toContain('AwsSolutions-IAM4'); // no managed policies at all
    expect(ids).not.toContain('AwsSolutions-L1'); // the runtime is the latest

    // The same stack without the acknowledgements fails, and names exactly the acknowledged findings:
    // the plugin really runs, and no acknowledgement is stale.
    const outdir = mkdtempSync(join(tmpdir(), 'spawnpoint-nag-'));
    dirs.push(outdir);
    const bare = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    new SpawnpointStack(bare, 'Spawnpoint-dev', {
      config: readStackConfig(() => undefined, testEnv()),
      env: { account: '111111111111', region: 'us-east-1' },
    });
    Validations.of(bare).addPlugins(new AwsSolutionsChecks(bare));
    let message = '';
    try {
      bare.synth();
    } catch (e) {
      message = String(e instanceof Error ? e.message : e);
    }
    const found = [...new Set([...message.matchAll(/Acknowledge with 'AwsSolutions::([^']+)'/g)].map((m) => m[1]!))];
    expect(found.sort()).toEqual([...ids].sort());
  });
});
