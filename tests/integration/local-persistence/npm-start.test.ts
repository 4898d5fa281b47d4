// `npm start` restarted as a person or a process manager does it (issue 19), through real `npm start`
// processes on one data directory: an order placed in the first run is still there in the second, with the
// chat page's conversation and a panel login with the credentials it delivered; `--fresh` starts empty.
// Each run is stopped by a signal: SIGTERM to npm's own process (a process manager), SIGINT to the whole
// process group (Ctrl-C in a terminal), and must stop within a few seconds, say it stopped, and print no
// stack trace. SIGINT to npm's own process only reaches the stack when the start script execs tsx: with
// `sh -c "tsx ..."` and dash as /bin/sh, the shell catches it and waits for tsx, which never hears of it.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage, StateSnapshot } from '../../../local/server/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'spawnpoint-npm-start-'));
const running = new Set<ChildProcess>();
/** Whether npm's child is tsx itself (`exec tsx ...`), so that npm passes a signal straight to it. */
const startExecs = /^exec /.test(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '',
);

afterAll(() => {
  // Each run leads its own process group: this ends npm, its shell, tsx and the stack alike.
  for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

type Stop = 'SIGTERM to npm' | 'SIGINT to npm' | 'Ctrl-C';

interface Run {
  base: string;
  panel: string;
  output: () => string;
  /** Sends the signal; resolves once every process of the run has closed its output. */
  stop(how: Stop): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** `npm start` (with `args` after `--`) on the shared data directory, once it says it is ready. */
async function npmStart(args: string[] = []): Promise<Run> {
  const child = spawn('npm', ['start', ...(args.length > 0 ? ['--', ...args] : [])], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      NO_COLOR: '1',
      // A developer's .env may name a real panel or Graph API: set-but-empty means the built-in fakes.
      PTERODACTYL_URL: '',
      WHATSAPP_GRAPH_URL: '',
      INSTALL_POLL_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal gives a command: Ctrl-C signals the whole group.
    detached: true,
  });
  running.add(child);
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  // Closed when the last process holding them (npm, its shell, tsx, the stack) is gone.
  const closed = Promise.all([child.stdout!, child.stderr!].map((s) => new Promise((r) => s.on('close', r))));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = await expect
    .poll(() => /Ready in [\d.]+ s/.test(out) || child.exitCode !== null, { timeout: 60_000, interval: 100 })
    .toBe(true)
    .then(() => /Ready in [\d.]+ s/.test(out))
    .catch(() => false);
  if (!ready) throw new Error(`npm start ${args.join(' ')} did not get ready:\n${out}`);
  return {
    base: /chat page\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)![1]!,
    panel: /panel\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!,
    output: () => out,
    async stop(how) {
      const t0 = Date.now();
      if (how === 'Ctrl-C') process.kill(-child.pid!, 'SIGINT');
      else child.kill(how === 'SIGINT to npm' ? 'SIGINT' : 'SIGTERM');
      const [npm] = await Promise.all([exited, closed]);
      running.delete(child);
      return { ...npm, ms: Date.now() - t0 };
    },
  };
}

const state = async (run: Run) => (await (await fetch(`${run.base}/api/state`)).json()) as StateSnapshot;
const send = (run: Run, as: string, body: Record<string, unknown>) =>
  fetch(`${run.base}/api/send`, { method: 'POST', body: JSON.stringify({ as, ...body }) }).then((r) => r.status);
const chat = async (run: Run, phone: 'customer' | 'admin'): Promise<ChatMessage[]> => {
  const s = await state(run);
  return s.conversations[s.phones[phone].waId] ?? [];
};
const credentialsIn = (messages: ChatMessage[]) =>
  messages
    .map((m) => (m.direction === 'out' && m.content.kind === 'text' ? m.content.body : ''))
    .find((body) => body.includes('*Password:*'));

/** A clean stop: quick, said so, and no stack trace; npm itself exits 0 or of the signal it passed on. */
async function expectCleanStop(run: Run, how: Stop): Promise<void> {
  const stopped = await run.stop(how);
  const out = run.output();
  expect(stopped.ms, out).toBeLessThan(8_000);
  expect(out).toMatch(/: stopping\n/);
  expect(out).toMatch(/stopped; the shop is kept in /);
  expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(out).not.toMatch(/ERROR|Did not stop|Stopping failed|npm error/);
  // npm's exit: 0 when tsx is its direct child. Where /bin/sh (dash) does not exec the script, the shell
  // ends of the signal (SIGTERM: at once, and the stack stops when it sees that: parent-watch.ts; Ctrl-C:
  // after tsx) and npm re-raises the signal on itself or exits 130.
  const signal = how === 'SIGTERM to npm' ? 'SIGTERM' : 'SIGINT';
  const ok = stopped.code === 0 || stopped.signal === signal || (signal === 'SIGINT' && stopped.code === 130);
  expect(ok, JSON.stringify(stopped)).toBe(true);
  if (startExecs) expect(stopped.code).toBe(0);
}

describe('npm start keeps the shop in DATA_DIR', () => {
  let username = '';
  let password = '';
  let orderId = '';
  let panelUrl = '';

  it('serves an order, then stops cleanly on SIGTERM sent to npm', async () => {
    const run = await npmStart();
    expect(run.output()).toContain(`kept in        ${dataDir}`);
    expect(await send(run, 'admin', { text: '!orders' })).toBe(200);
    expect(await send(run, 'customer', { text: '!order bronze' })).toBe(200);
    const confirmButton = async () => {
      for (const m of await chat(run, 'admin')) {
        if (m.content.kind === 'buttons') return m.content.buttons.find((b) => b.title === 'Confirm payment');
      }
      return undefined;
    };
    await expect.poll(confirmButton, { timeout: 15_000, interval: 100 }).toBeDefined();
    const button = (await confirmButton())!;
    expect(await send(run, 'admin', { reply: { id: button.id, title: button.title, kind: 'button_reply' } })).toBe(200);
    await expect.poll(async () => credentialsIn(await chat(run, 'customer')), { timeout: 30_000 }).toBeDefined();
    const text = credentialsIn(await chat(run, 'customer'))!;
    username = /\*Username:\* (\S+)/.exec(text)?.[1] ?? '';
    password = /\*Password:\* (\S+)/.exec(text)?.[1] ?? '';
    expect(username && password).toBeTruthy();
    await expect.poll(() => /succeeded/.test(run.output()), { timeout: 15_000 }).toBe(true);
    orderId = (await state(run)).orders[0]!.id;
    panelUrl = run.panel;
    expect(text).toContain(panelUrl);

    await expectCleanStop(run, 'SIGTERM to npm');
  }, 120_000);

  it('shows the order and the conversation again, the panel takes the delivered login; Ctrl-C stops it', async () => {
    const run = await npmStart();
    const s = await state(run);
    expect(s.orders.map((o) => [o.id, o.status])).toEqual([[orderId, 'COMPLETED']]);
    expect(credentialsIn(await chat(run, 'customer'))).toContain(password);
    expect((await chat(run, 'customer')).some((m) => m.direction === 'in')).toBe(true);
    // The same panel address as in the credentials, and the password it delivered works there.
    expect(run.panel).toBe(panelUrl);
    const login = (pw: string) =>
      fetch(`${run.panel}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: username, password: pw }),
      }).then((r) => r.status);
    expect(await login(password)).toBe(200);
    expect(await login(`${password}x`)).toBe(401);
    expect(s.panel?.servers).toHaveLength(1);
    expect(run.output()).not.toContain(password);

    await expectCleanStop(run, 'Ctrl-C');
  }, 90_000);

  // SIGINT to npm's own process reaches the stack only when the start script execs tsx: then the --fresh run is
  // stopped that way (a run of its own cost one more start), else by SIGTERM, as the first run.
  const freshStop: Stop = startExecs ? 'SIGINT to npm' : 'SIGTERM to npm';

  it(`starts empty with --fresh, and says so; stops cleanly on ${freshStop}`, async () => {
    const run = await npmStart(['--fresh']);
    expect(run.output()).toMatch(/--fresh: deleted the kept shop from .+ \(dynamodb, panel\.json, graph\.jsonl/);
    const s = await state(run);
    expect(s.orders).toEqual([]);
    expect(s.conversations).toEqual({});
    expect(s.panel?.users?.map((u) => u.username)).toEqual(['admin']);
    expect(s.panel?.servers).toEqual([]);
    await expectCleanStop(run, freshStop);
  }, 90_000);

  if (!startExecs)
    it.skip('SKIPPED: SIGINT to npm alone never reaches the stack while package.json runs `tsx local/start.ts` without exec', () => {});
});
