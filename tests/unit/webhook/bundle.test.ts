// The webhook bundle stays small: nothing in its import graph may pull in axios or the panel client.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The webhook as the CDK bundles it: the AWS SDK external (the runtime has it). */
function bundleWebhook() {
  return build({
    entryPoints: [new URL('../../../functions/webhook/handler.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
}

describe('webhook bundle', () => {
  it('contains neither axios, the Graph client nor the panel client', async () => {
    const result = await bundleWebhook();
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('functions/webhook/function-url.ts'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/axios\/|shared\/panel\/|graph-client/.test(p))).toEqual([]);
  });

  it('imports no SDK client but SQS: its secret comes through the Lambda extension (issue 18, cold start)', async () => {
    const result = await bundleWebhook();
    const output = Object.values(result.metafile.outputs)[0]!;
    const sdk = new Set(output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path));
    expect([...sdk]).toEqual(['@aws-sdk/client-sqs']);
    expect(Object.keys(result.metafile.inputs).filter((p) => p.includes('parameters'))).toEqual([]);
  });
});
