import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          // Pure functions and in-process fakes: no module keeps state, nothing is mocked or stubbed, no test
          // touches process.env. One process runs them all instead of a fresh one per file (~1 s each).
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The infra tier synthesizes with cdk.json's context, where aws-cdk-lib's built-in CloudFormation
          // validation fails the synth on any finding (@aws-cdk/core:validateAgainstDefaultRules): it keeps it.
          // Each test builds its own App and reads nothing but what it synthesized, so one process runs them all:
          // aws-cdk-lib is loaded and its validation engine started once, not once per file.
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/unit/**', 'tests/infra/**'],
          // Most of these tests start the local stack (in process, or by `npm start`), whose App has no cdk.json context:
          // there the built-in validation only warns and can fail nothing, yet it is most of a cold synth (its
          // WASM engine starts once per process: ~4 s of CPU on a 2-core machine, in every test file).
          // CDK_VALIDATION=false is aws-cdk-lib's switch for it; the definition synthesized is the same.
          env: { CDK_VALIDATION: 'false' },
        },
      },
    ],
  },
});
