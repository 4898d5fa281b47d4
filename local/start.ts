// `npm start`: the whole system on one machine. Settings come from the environment or .env (see
// .env.example); with none set, local defaults make it work at once against the built-in fakes.
// The console gets one line per notable event and never a secret or a message body that could hold one.
// The shop is kept in DATA_DIR (default .data/) across restarts (store.ts); `npm start -- --fresh` starts over.

import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { LOCAL_CUSTOMER, LOCAL_DEFAULTS } from './defaults.js';
import type { SentMessage } from './fake-graph/fake-graph.js';
import { watchNpmChain } from './parent-watch.js';
import { type LocalServer, type Phone, startLocalServer } from './server/index.js';
import type { ExecutionRecord, RecordedEvent } from './sfn/runner.js';
import { type LocalStack, startLocalStack } from './stack.js';
import { assertDataDirFree, clearDataDir, DataDir, dataDirOf } from './store.js';

const t0 = Date.now();
// Node's own .env reader; what the environment already sets wins.
if (existsSync('.env')) process.loadEnvFile('.env');
// The SDK's notice about Node 22 (from 2027) is not something to act on in a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = (s: string) => paint('2', s);
const bold = (s: string) => paint('1', s);
const clock = () => dim(new Date().toISOString().slice(11, 23));
const line = (s: string) => console.log(`${clock()}  ${s}`);

/** Field values worth a glance; anything that looks like a credential is left out. */
function fieldsOf(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([k]) => !/password|secret|token|key|authorization/i.test(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
    .slice(0, 240);
}

const log = {
  info: (message: string, fields?: Record<string, unknown>) => {
    // Delivery statuses from the fake Graph API come back through the webhook too: not worth a line each.
    if (message === 'webhook events queued' && fields?.messages === 0) return;
    line(`${message} ${dim(fieldsOf(fields))}`);
  },
  warn: (message: string, fields?: Record<string, unknown>) =>
    line(`${paint('33', 'WARN')} ${message} ${dim(fieldsOf(fields))}`),
  error: (message: string, fields?: Record<string, unknown>) =>
    line(`${paint('31', 'ERROR')} ${message} ${dim(fieldsOf(fields))}`),
};

/** The first line of a message, without anything following a "Password" label. */
function preview(body: string): string {
  const first = (body.split('\n').find((l) => l.trim() !== '') ?? '').replace(/password.*$/i, 'Password: •••');
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}

function onExecutionEvent(e: ExecutionRecord, ev: RecordedEvent) {
  const who = `${e.name}`;
  switch (ev.type) {
    case 'ExecutionStarted':
      return line(`${paint('36', '⚙')} ${who} started`);
    case 'ExecutionRedriven':
      return line(`${paint('36', '⚙')} ${who} redriven from ${ev.state}`);
    case 'StateEntered':
      return line(`${paint('36', '⚙')} ${who} → ${ev.state}`);
    case 'StateRetried':
      return line(`${paint('33', '⚙')} ${who} ↻ ${ev.state} retry ${ev.retry ?? ''}`);
    case 'StateFailed':
      return line(`${paint('31', '⚙')} ${who} ✗ ${ev.state} ${ev.error ?? ''}`);
    case 'StateCaught':
      return line(`${paint('33', '⚙')} ${who} ⤷ caught in ${ev.state}`);
    case 'ExecutionSucceeded':
      return line(`${paint('32', '⚙')} ${who} succeeded`);
    case 'ExecutionFailed':
      return line(`${paint('31', '⚙')} ${who} failed ${ev.error ?? ''}`);
  }
}

async function main() {
  const kept = await openDataDir(process.argv.slice(2));
  // The server comes first so /healthz can answer 503 while the rest starts.
  const server = await startServer(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', kept);
  const stack = await startStack(server, kept);
  stack.graph?.onMessage((m) => logOutbound(stack, m));
  const startedInMs = Date.now() - t0;
  server.attach(stack, { startedInMs });
  printBanner(server, stack, startedInMs, kept);
  stopOnSignals(server, stack, kept);
}

/** DATA_DIR (or .data/), refused when another npm start has it open; emptied first with --fresh. */
async function openDataDir(args: string[]): Promise<DataDir> {
  const unknown = args.filter((a) => a !== '--fresh');
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(' ')}: the only one is --fresh (npm start -- --fresh).`);
    process.exit(2);
  }
  const dir = dataDirOf(process.env.DATA_DIR);
  try {
    await assertDataDirFree(dir);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  if (args.includes('--fresh')) {
    const removed = clearDataDir(dir);
    line(
      removed.length > 0
        ? `--fresh: deleted the kept shop from ${shown(dir)} (${removed.join(', ')}); starting empty`
        : `--fresh: nothing kept in ${shown(dir)}; starting empty`,
    );
  }
  return new DataDir(dir);
}

/** A path as short as it can be said: relative to the working directory when inside it. */
function shown(dir: string): string {
  const r = relative(process.cwd(), dir);
  return r && !r.startsWith('..') ? r : dir;
}

async function startServer(port: number, host: string, kept: DataDir): Promise<LocalServer> {
  return startLocalServer({
    port,
    host,
    history: kept.chatHistory(),
    onRecord: (m) => kept.appendChat(m),
    onInbound: (phone: Phone, waId, content) => {
      const what = content.kind === 'text' ? preview(content.body) : content.kind === 'reply' ? content.title : '';
      line(`${paint('32', '✉')} ${phone} +${waId} → shop: ${what}`);
    },
    onClock: (days, clock, sweep) =>
      line(
        `${paint('35', '⏱')} local clock +${days} d, now ${clock.offsetDays} d ahead (${clock.now.slice(0, 16)}Z); sweep: ${sweep.due} due, ${sweep.reminders} reminders, ${sweep.warnings} warnings, ${sweep.actions} actions`,
      ),
  }).catch((e: unknown) => {
    const code = (e as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another port (PORT=3001 npm start).` : String(e),
    );
    process.exit(1);
  });
}

async function startStack(server: LocalServer, kept: DataDir): Promise<LocalStack> {
  try {
    return await startLocalStack({
      dataDir: kept.root,
      // An empty setting counts as unset, so a copied .env.example does not blank the local defaults.
      env: Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')),
      pace: 'interactive',
      log,
      onExecutionEvent: (e, ev) => {
        onExecutionEvent(e, ev);
        server.notify();
      },
    });
  } catch (e) {
    console.error(`Could not start the local stack: ${e instanceof Error ? e.message : String(e)}`);
    await server.close();
    process.exit(1);
  }
}

/** One line per message the shop sends, with a preview that never shows a password. */
function logOutbound(stack: LocalStack, m: SentMessage): void {
  const b = m.body as {
    type?: string;
    text?: { body?: string };
    interactive?: { type?: string; body?: { text?: string } };
    template?: { name?: string };
  };
  const who = m.recipient === stack.env.ADMIN_WA_IDS?.split(',')[0]?.trim() ? 'admin' : 'customer';
  const what =
    b.type === 'template'
      ? `template ${b.template?.name ?? ''}`
      : b.type === 'interactive'
        ? `[${b.interactive?.type}] ${preview(b.interactive?.body?.text ?? '')}`
        : preview(b.text?.body ?? '');
  line(`${paint('34', '✉')} shop → ${who} +${m.recipient}: ${what}`);
}

function printBanner(server: LocalServer, stack: LocalStack, startedInMs: number, kept: DataDir): void {
  const panel = stack.panel
    ? `${stack.panel.url}  (fake panel; faults via the page)`
    : `${stack.env.PTERODACTYL_URL}  (real)`;
  const graph = stack.graph ? `${stack.graph.url}  (fake Graph API)` : `${stack.env.WHATSAPP_GRAPH_URL}  (real)`;
  const verifyHint = !stack.env.WHATSAPP_VERIFY_TOKEN
    ? 'not set: the GET handshake is refused'
    : stack.env.WHATSAPP_VERIFY_TOKEN === LOCAL_DEFAULTS.WHATSAPP_VERIFY_TOKEN
      ? 'the local default (local/defaults.ts); set WHATSAPP_VERIFY_TOKEN to use your own'
      : 'from WHATSAPP_VERIFY_TOKEN';
  console.log('');
  console.log(bold('Spawnpoint, local stack'));
  console.log(`  chat page      ${server.url}/`);
  console.log(`  webhook        ${server.url}/webhook  (signature and handshake checked as in AWS)`);
  console.log(`  verify token   ${verifyHint}`);
  console.log(`  health         ${server.url}/healthz`);
  console.log(`  panel          ${panel}`);
  console.log(`  graph api      ${graph}`);
  console.log(`  dynamodb       ${stack.emulators.endpoints.dynamodb}  (table ${stack.emulators.tableName})`);
  console.log(`  sqs            ${stack.emulators.endpoints.sqs}`);
  console.log(`  phones         customer +${LOCAL_CUSTOMER}, admin +${stack.env.ADMIN_WA_IDS}`);
  console.log(`  kept in        ${shown(kept.root)}  (DATA_DIR; npm start -- --fresh starts empty)`);
  console.log('');
  console.log(paint('32', `Ready in ${(startedInMs / 1000).toFixed(1)} s: open ${server.url}/ (Ctrl-C stops)`));
}

/**
 * Ctrl-C or SIGTERM stops the server, then the stack; a stop that hangs for 10 s exits anyway. Under npm,
 * npm or its shell going away stops it too (parent-watch.ts: npm's SIGTERM may never get here).
 */
function stopOnSignals(server: LocalServer, stack: LocalStack, kept: DataDir): void {
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    line(`${why}: stopping`);
    const force = setTimeout(() => {
      console.error('Did not stop within 10 s; exiting.');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await server.close();
      await stack.stop();
    } catch (e) {
      console.error(`Stopping failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
    line(`stopped; the shop is kept in ${shown(kept.root)}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  watchNpmChain((what) => void stop(what));
}

await main();
