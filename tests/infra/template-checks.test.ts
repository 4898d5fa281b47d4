// Infra tier: the template of each stage, as `cdk synth` writes it, passes
//   - the AWS Control Tower proactive controls (cfn-guard rules of @cdklabs/cdk-validator-cfnguard, run as a
//     policy validation plugin during synth): every finding fixed, or acknowledged per resource with its
//     reason in infra/guard.ts;
//   - cfn-lint: no error; a warning we accept is acknowledged per resource with its reason in
//     infra/cfn-lint.ts; any other warning is listed in the output.
// Both check the same synth of each stage (synthesis is the slow part). No acknowledgement may be stale.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeLintFindings, LINT_ACKNOWLEDGEMENTS } from '../../infra/cfn-lint.js';
import type { StackConfig } from '../../infra/config.js';
import {
  acknowledgeGuardFindings,
  controlTowerChecks,
  GUARD_ACKNOWLEDGEMENTS,
  GUARD_PLUGIN,
} from '../../infra/guard.js';
import type { SpawnpointStack } from '../../infra/spawnpoint-stack.js';
import { type Json, REGION, synthesize } from './synth.js';

const STAGES = ['dev', 'prod'] as const;
type Stage = (typeof STAGES)[number];

interface StageResult {
  stack: SpawnpointStack;
  config: StackConfig;
  stage: Stage;
  outdir: string;
  templateFile: string;
  /** The synth error: a Control Tower finding that is neither fixed nor acknowledged fails the synth. */
  synthError?: string;
  report: Json;
}

const results = new Map<Stage, StageResult>();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

beforeAll(() => {
  for (const stage of STAGES) {
    const outdir = mkdtempSync(join(tmpdir(), `spawnpoint-checks-${stage}-`));
    dirs.push(outdir);
    let stack: SpawnpointStack | undefined;
    let config: StackConfig | undefined;
    let synthError: string | undefined;
    try {
      synthesize({
        app: { outdir },
        context: { stage, ...(stage === 'prod' ? { alarmEmail: 'ops@example.com' } : {}) },
        prepare: (app, s, c) => {
          stack = s;
          config = c;
          Validations.of(app).addPlugins(controlTowerChecks());
          acknowledgeGuardFindings(s, c);
          acknowledgeLintFindings(s);
        },
      });
    } catch (e) {
      synthError = e instanceof Error ? e.message : String(e);
    }
    const report = join(outdir, 'validation-report.json');
    if (!stack || !config) throw new Error(`the ${stage} stack was not built: ${synthError}`);
    results.set(stage, {
      stack,
      config,
      stage,
      outdir,
      templateFile: join(outdir, stack.templateFile),
      ...(synthError ? { synthError } : {}),
      report: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : { pluginReports: [] },
    });
  }
}, 300_000); // two synths with the plugin; on a busy 2-core machine each can take tens of seconds

const result = (stage: Stage) => results.get(stage)!;

describe('AWS Control Tower rules (cdk-validator-cfnguard)', () => {
  it.each(STAGES)('%s: every finding is fixed or acknowledged', (stage) => {
    const { synthError, report } = result(stage);
    // The synth error names each open finding, its resource and the id to acknowledge it with.
    expect(synthError, synthError).toBeUndefined();
    const guard = (report.pluginReports as Json[]).find((r) => r.pluginName === GUARD_PLUGIN);
    expect(guard, 'the plugin ran and reported').toBeDefined();
    expect(guard!.conclusion).toBe('success');
    expect(guard!.violations).toEqual([]);
  });

  it('fails the synth on a finding left over next to an acknowledged one (the severity the wrapper adds)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'spawnpoint-checks-small-'));
    dirs.push(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'Small');
    const acknowledged = new Queue(stack, 'Acknowledged', { encryption: QueueEncryption.SQS_MANAGED });
    new Queue(stack, 'LeftOver', { encryption: QueueEncryption.SQS_MANAGED });
    Validations.of(app).addPlugins(controlTowerChecks());
    Validations.of(acknowledged).acknowledge({ id: `${GUARD_PLUGIN}::sqs_dlq_check`, reason: 'a test' });
    expect(() => app.synth()).toThrow(/CT\.SQS\.PR\.1/);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Json;
    const guard = (report.pluginReports as Json[]).find((r) => r.pluginName === GUARD_PLUGIN)!;
    expect(guard.violations.map((v: Json) => [v.ruleName, v.violatingConstructs[0].constructPath])).toEqual([
      ['sqs_dlq_check', 'Small/LeftOver/Resource'],
    ]);
    expect(guard.suppressedViolations).toHaveLength(1);
  });

  it.each(STAGES)('%s: each acknowledgement matches a finding on the resources it names, no more', (stage) => {
    const { stack, config, report } = result(stage);
    const guard = (report.pluginReports as Json[]).find((r) => r.pluginName === GUARD_PLUGIN)!;
    const suppressed = (guard.suppressedViolations ?? []) as Json[];
    const used = new Set(suppressed.map((v) => `${v.ruleName} @ ${v.acknowledgedAt}`));
    const expected = GUARD_ACKNOWLEDGEMENTS.flatMap((a) =>
      a.on(stack, config).map((c) => `${a.rule} @ ${c.node.path}`),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect([...used].sort()).toEqual([...new Set(expected)].sort());
    // Acknowledged on resources, never on the stack or the app.
    for (const v of suppressed) expect(v.acknowledgedAt, v.ruleName).toMatch(new RegExp(`^${stack.node.id}/.+`));
  });

  it('gives every acknowledgement a control id and a reason a reviewer can check', () => {
    const rules = GUARD_ACKNOWLEDGEMENTS.map((a) => a.rule);
    expect(new Set(rules).size, 'one entry per rule').toBe(rules.length);
    for (const a of GUARD_ACKNOWLEDGEMENTS) {
      expect(a.control, a.rule).toMatch(/^CT\.[A-Z0-9]+\.PR\.\d+$/);
      expect(a.reason.length, a.rule).toBeGreaterThanOrEqual(120);
    }
  });

  it('the fixed controls stay fixed: the alarm key limits grants, each DLQ names its own queue', () => {
    const { templateFile } = result('prod');
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Json;
    const acked = new Set(GUARD_ACKNOWLEDGEMENTS.map((a) => a.rule));
    expect(acked.has('kms_create_grant_aws_service_check' as never)).toBe(false);
    const keys = Object.values<Json>(template.Resources).filter((r) => r.Type === 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    expect(keys[0]!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'kms:CreateGrant',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
    const dlqs = Object.values<Json>(template.Resources).filter(
      (r) => r.Type === 'AWS::SQS::Queue' && String(r.Properties.QueueName).endsWith('-dlq.fifo'),
    );
    expect(dlqs).toHaveLength(2);
    for (const q of dlqs) {
      const source = String(q.Properties.QueueName).replace('-dlq.fifo', '.fifo');
      expect(q.Properties.RedriveAllowPolicy.redrivePermission).toBe('byQueue');
      expect(JSON.stringify(q.Properties.RedriveAllowPolicy.sourceQueueArns)).toContain(`:${source}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// cfn-lint: installed on the machines with pip (see local/setup.sh); absent, the tests are skipped with a
// notice on a developer's machine, and fail in CI, where it must run.

interface LintFinding {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Filename: string;
  Location: { Start: { LineNumber: number }; Path?: Array<string | number> };
}

function findCfnLint(): string[] | undefined {
  for (const cmd of [['cfn-lint'], ['python3', '-m', 'cfnlint']]) {
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), '--version'], { encoding: 'utf8' });
    if (r.status === 0) return cmd;
  }
  return undefined;
}

const cfnLint = findCfnLint();
if (!cfnLint && !process.env.CI) {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!! cfn-lint is not installed: the cfn-lint checks of the template are SKIPPED on this machine.',
      '!! Install it with `bash local/setup.sh` (pip install cfn-lint); CI fails without it.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
}

/** Lints the files in one run (Python's start-up is a good part of the time), findings by file. */
function lint(files: string[]): Map<string, LintFinding[]> {
  const [cmd, ...pre] = cfnLint!;
  const r = spawnSync(cmd!, [...pre, '--format', 'json', '--regions', REGION, 'us-east-1', '--', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Exit status is a bit mask of the levels found (2 error, 4 warning, 8 informational); 1 is a crash.
  if (r.status === null || r.status === 1 || r.error) throw new Error(`cfn-lint failed: ${r.error ?? r.stderr}`);
  const byFile = new Map<string, LintFinding[]>(files.map((f) => [f, []]));
  for (const f of JSON.parse(r.stdout || '[]') as LintFinding[]) byFile.get(f.Filename)?.push(f);
  return byFile;
}

const show = (f: LintFinding) =>
  `${f.Rule.Id} ${f.Location.Path?.slice(0, 2).join('/') ?? ''} (line ${f.Location.Start.LineNumber}): ${f.Message}`;
const resourceOf = (f: LintFinding) => (f.Location.Path?.[0] === 'Resources' ? String(f.Location.Path[1]) : '');

describe.skipIf(!cfnLint && !process.env.CI)('cfn-lint', () => {
  let findings: Map<string, LintFinding[]>;
  const stripped = (stage: Stage) => join(result(stage).outdir, 'without-acknowledgements.template.json');

  beforeAll(() => {
    if (!cfnLint) return;
    // The same templates without the acknowledgements: each must still match a finding (none is stale).
    for (const stage of STAGES) {
      const template = JSON.parse(readFileSync(result(stage).templateFile, 'utf8')) as Json;
      for (const r of Object.values<Json>(template.Resources)) if (r.Metadata) delete r.Metadata['cfn-lint'];
      writeFileSync(stripped(stage), JSON.stringify(template, null, 1));
    }
    findings = lint(STAGES.flatMap((s) => [result(s).templateFile, stripped(s)]));
  }, 120_000);

  it('is installed (CI must run it: local/setup.sh installs it with pip)', () => {
    expect(cfnLint, 'cfn-lint not found on PATH nor as `python3 -m cfnlint`').toBeDefined();
  });

  it.each(STAGES)('%s: no error; any warning is listed here', (stage) => {
    const all = findings.get(result(stage).templateFile)!;
    const notErrors = all.filter((f) => !f.Rule.Id.startsWith('E'));
    if (notErrors.length > 0)
      console.warn(
        `cfn-lint on the ${stage} template, not errors:\n${notErrors.map((f) => `  ${show(f)}`).join('\n')}`,
      );
    expect(all.filter((f) => f.Rule.Id.startsWith('E')).map(show)).toEqual([]);
  });

  it.each(STAGES)('%s: each acknowledgement silences a finding on each resource it names', (stage) => {
    const { stack, templateFile } = result(stage);
    const without = findings.get(stripped(stage))!;
    const kept = new Set(findings.get(templateFile)!.map((f) => `${f.Rule.Id} ${resourceOf(f)}`));
    for (const a of LINT_ACKNOWLEDGEMENTS)
      for (const r of a.on(stack)) {
        const id = stack.getLogicalId(r);
        expect(
          without.some((f) => f.Rule.Id === a.rule && resourceOf(f) === id),
          `${a.rule} on ${id} is acknowledged but cfn-lint no longer reports it`,
        ).toBe(true);
        expect(kept.has(`${a.rule} ${id}`), `${a.rule} on ${id} is acknowledged but still reported`).toBe(false);
      }
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    for (const a of LINT_ACKNOWLEDGEMENTS) expect(a.reason.length, a.rule).toBeGreaterThanOrEqual(120);
  });
});
