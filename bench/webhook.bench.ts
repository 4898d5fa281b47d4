// Webhook benchmark (not a test): bundle size as the CDK builds it, no axios in the bundle, cold import time of
// the bundle in a fresh node process, and warm handler latency per event. Run: npx tsx bench/webhook.bench.ts

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createWebhookHandler } from '../functions/webhook/function-url.js';
import type { QueueMessage, QueuePort } from '../shared/aws/queue.js';
import { EnvSecrets } from '../shared/config/secrets.js';
import { signBody } from '../shared/whatsapp/signature.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules so the externalised @aws-sdk/* resolve exactly as in the Lambda runtime (BENCH_CACHE_DIR:
// another directory under the repository, e.g. where node_modules is shared with another checkout).
const outDir = process.env.BENCH_CACHE_DIR ?? `${root}node_modules/.cache/spawnpoint-bench`;
const outfile = `${outDir}/webhook.mjs`;

async function bundle() {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [`${root}functions/webhook/handler.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    external: ['@aws-sdk/*'],
    // What the CDK's NodejsFunction adds for ESM: CommonJS dependencies may still call require().
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((p) => /node_modules\/axios\/|shared\/panel\/|graph-client/.test(p));
  if (forbidden.length > 0) throw new Error(`webhook bundle must not contain: ${forbidden.join(', ')}`);
  const output = Object.values(result.metafile.outputs)[0];
  const externals = [
    ...new Set((output?.imports ?? []).filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path)),
  ];
  const code = readFileSync(outfile);
  const byPackage = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '(our code)';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + info.bytesInOutput);
  }
  return { bytes: code.length, gzip: gzipSync(code).length, inputs: inputs.length, byPackage, externals };
}

/** Milliseconds to import `specifiers` in a fresh node process, `runs` times. */
function coldImports(specifiers: readonly string[], runs: number): number[] {
  const imports = specifiers.map((s) => `await import(${JSON.stringify(s)});`).join('');
  const script = `const t=performance.now();${imports}process.stdout.write(String(performance.now()-t));`;
  const env = {
    ...process.env,
    INBOX_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/inbox.fifo',
    WEBHOOK_QUARANTINE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/quarantine.fifo',
    SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:spawnpoint',
    AWS_REGION: 'eu-west-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: '',
  };
  return Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, cwd: root }).toString()),
  );
}

class NullQueue implements QueuePort {
  sent = 0;
  async send(messages: readonly QueueMessage[]): Promise<void> {
    this.sent += messages.length;
  }
}

async function warmLatency(body: Buffer, events: number, iterations: number) {
  const secret = 'bench-secret';
  const handler = createWebhookHandler({
    secrets: new EnvSecrets({ WHATSAPP_APP_SECRET: secret }),
    inbox: new NullQueue(),
    quarantine: new NullQueue(),
  });
  const request = {
    version: '2.0',
    body: body.toString('utf8'),
    isBase64Encoded: false,
    headers: { 'x-hub-signature-256': signBody(body, secret) },
    requestContext: { http: { method: 'POST' } },
  } as never;
  for (let i = 0; i < Math.min(200, iterations); i++) await handler(request);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const res = await handler(request);
    samples.push((performance.now() - t) / events);
    if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`);
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function batchOf(n: number): Buffer {
  const one = JSON.parse(readFileSync(`${root}tests/fixtures/whatsapp/01-inbound-text.json`, 'utf8'));
  const message = one.entry[0].changes[0].value.messages[0];
  one.entry[0].changes[0].value.messages = Array.from({ length: n }, (_, i) => ({ ...message, id: `wamid.bench${i}` }));
  return Buffer.from(JSON.stringify(one));
}

export interface WebhookBenchResult {
  rows: [string, string][];
  byPackage: [string, number][];
  raw: Record<string, unknown>;
}

/** Bundle, cold imports and warm latency; `coldRuns` fresh processes per cold figure. */
export async function webhookBench(coldRuns = 7): Promise<WebhookBenchResult> {
  const size = await bundle();
  // Side by side, in turn (bundle, client-sqs, bundle, ...), so a machine that slows down slows both.
  const cold: number[] = [];
  const sqsOnly: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    cold.push(...coldImports([pathToFileURL(outfile).href], 1));
    sqsOnly.push(...coldImports(['@aws-sdk/client-sqs'], 1));
  }
  const ratios = cold.map((c, i) => c / sqsOnly[i]!);
  const single = await warmLatency(
    readFileSync(`${root}tests/fixtures/whatsapp/signed/inbound-text.raw.json`),
    1,
    5000,
  );
  const batch = await warmLatency(batchOf(100), 100, 300);

  const ms = (v: number) => `${v.toFixed(3)} ms`;
  const us = (v: number) => `${(v * 1000).toFixed(1)} µs`;
  const rows: [string, string][] = [
    [
      'bundle size',
      `${size.bytes.toLocaleString('en')} B (gzip ${size.gzip.toLocaleString('en')} B), ${size.inputs} inputs`,
    ],
    ['axios / panel client in bundle', 'no (asserted)'],
    [`cold import of bundle (median of ${coldRuns})`, ms(quantile(cold, 0.5))],
    ['cold import min / max', `${ms(Math.min(...cold))} / ${ms(Math.max(...cold))}`],
    [`  @aws-sdk externals of the bundle`, size.externals.join(', ')],
    [`  @aws-sdk/client-sqs alone, in turn with it (median of ${coldRuns})`, ms(quantile(sqsOnly, 0.5))],
    [
      '  bundle ÷ client-sqs, pair by pair: median (min–max)',
      `${quantile(ratios, 0.5).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    ],
    ['warm latency per event, 1-event body p50', us(single.p50)],
    ['warm latency per event, 1-event body p99', us(single.p99)],
    ['warm latency per event, 100-event batch p50', us(batch.p50)],
    ['warm latency per event, 100-event batch p99', us(batch.p99)],
  ];
  const raw = {
    size: { ...size, byPackage: undefined },
    cold,
    sqsOnly,
    ratios,
    externals: size.externals,
    single,
    batch,
  };
  writeFileSync(`${outDir}/last-run.json`, JSON.stringify(raw));
  return { rows, byPackage: [...size.byPackage].sort((a, b) => b[1] - a[1]), raw };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, byPackage } = await webhookBench();
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nwebhook benchmark (node ${process.version})\n${'-'.repeat(width + 40)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`\nlargest bundle parts:`);
  for (const [pkg, bytes] of byPackage.slice(0, 8)) console.log(`  ${pkg.padEnd(40)} ${bytes.toLocaleString('en')} B`);
}
