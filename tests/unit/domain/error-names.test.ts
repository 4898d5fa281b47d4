// Error names are matched on (Step Functions Retry/Catch, the outbox's handling), and the deployed bundles
// are minified, which renames classes. Names must survive minification on their own.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('error names in a minified bundle', () => {
  it('keep their class names', async () => {
    // Arrange: bundle the domain errors as the deploy does (minified ESM), without keepNames
    const dir = mkdtempSync(join(tmpdir(), 'spawnpoint-names-'));
    try {
      const outfile = join(dir, 'errors.mjs');
      await build({
        entryPoints: ['shared/domain/domain-errors.ts'],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        outfile,
        logLevel: 'silent',
      });
      // Act
      const m = (await import(pathToFileURL(outfile).href)) as Record<string, new (...a: unknown[]) => Error>;
      const names = Object.entries(m).map(([exported, Cls]) => {
        const e = exported === 'ConfigError' ? new Cls(['x']) : new Cls('o', 'PENDING', 'CONFIRM');
        return [exported, e.name];
      });
      // Assert
      expect(names.length).toBeGreaterThanOrEqual(4);
      for (const [exported, name] of names) expect(name).toBe(exported);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
