// The webhook bundle stays small: nothing in its import graph may pull in axios or the panel client.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('webhook bundle', () => {
  it('contains neither axios, the Graph client nor the panel client', async () => {
    const result = await build({
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
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('functions/webhook/function-url.ts'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/axios\/|shared\/panel\/|graph-client/.test(p))).toEqual([]);
  });
});
