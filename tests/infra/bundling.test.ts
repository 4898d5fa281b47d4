// Infra tier: the house function bundles offline with the local esbuild (no Docker, no network) into a
// minified ESM bundle with a source map, the AWS SDK left to the runtime. One function keeps it quick.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HouseFunction } from '../../infra/house-function.js';

let outdir: string;
let assetDir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'spawnpoint-bundle-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bundle', { env: { account: '111111111111', region: 'us-east-1' } });
  new HouseFunction(stack, 'Webhook', {
    entry: 'functions/webhook/handler.ts',
    description: 'bundling test',
    namePrefix: 'spawnpoint-test',
    name: 'webhook',
    logRetention: RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  app.synth();
  const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
  expect(assets).toHaveLength(1);
  assetDir = join(outdir, assets[0]!);
}, 120_000); // synth is CPU-heavy; on a busy 2-core machine it can take tens of seconds

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('house function bundling', () => {
  it('writes index.mjs and its source map', () => {
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });

  it('is a minified ES module with a require() shim, leaving the AWS SDK to the runtime', () => {
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __cr } from 'node:module'")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    expect(code).toMatch(/from\s*"@aws-sdk\/client-sqs"/);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(code.split('\n').length).toBeLessThan(50); // minified
  });
});
