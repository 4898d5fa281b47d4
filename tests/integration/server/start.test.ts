// `npm start` as a person runs it: a separate process that prints where everything is and one ready line,
// takes a whole order through the chat API, never prints a secret or the generated password, and stops
// cleanly (exit 0) on SIGINT.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../../local/defaults.js';
import type { StateSnapshot } from '../../../local/server/index.js';

const TSX = 'node_modules/.bin/tsx';

describe('npm start', () => {
  let child: ChildProcess | undefined;
  // Its own data directory: never the developer's .data/ (nor one a running npm start holds).
  const dataDir = mkdtempSync(join(tmpdir(), 'spawnpoint-start-'));
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, serves an order, keeps secrets out of its output, and stops on Ctrl-C', async () => {
    // PORT=0: any free port (the printed URLs say which). A developer's .env may point at a real panel or
    // Graph API: set-but-empty wins over .env and means "the built-in fake".
    child = spawn(TSX, ['local/start.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        NO_COLOR: '1',
        PTERODACTYL_URL: '',
        WHATSAPP_GRAPH_URL: '',
        INSTALL_POLL_SECONDS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    await expect.poll(() => /Ready in [\d.]+ s/.test(out), { timeout: 45_000, interval: 100 }).toBe(true);
    expect(out.match(/Ready in/g)).toHaveLength(1);
    const base = /chat page\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
    expect(base).toBeDefined();
    for (const what of ['webhook', 'panel', 'graph api', 'dynamodb', 'sqs']) expect(out).toContain(what);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const send = (as: string, body: Record<string, unknown>) =>
      fetch(`${base}/api/send`, { method: 'POST', body: JSON.stringify({ as, ...body }) }).then((r) => r.status);
    const state = async () => (await (await fetch(`${base}/api/state`)).json()) as StateSnapshot;
    const outbound = async (phone: 'customer' | 'admin') => {
      const s = await state();
      return (s.conversations[s.phones[phone].waId] ?? []).filter((m) => m.direction === 'out');
    };

    expect(await send('admin', { text: '!orders' })).toBe(200);
    expect(await send('customer', { text: '!order bronze' })).toBe(200);
    const confirm = async () => {
      for (const m of await outbound('admin')) {
        if (m.content.kind === 'buttons') return m.content.buttons.find((b) => b.title === 'Confirm payment');
      }
      return undefined;
    };
    await expect.poll(confirm, { timeout: 15_000, interval: 100 }).toBeDefined();
    const button = (await confirm())!;
    expect(await send('admin', { reply: { id: button.id, title: button.title, kind: 'button_reply' } })).toBe(200);

    const credentials = async () =>
      (await outbound('customer')).find((m) => m.content.kind === 'text' && m.content.body.includes('*Password:*'));
    await expect.poll(credentials, { timeout: 25_000, interval: 200 }).toBeDefined();
    const c = (await credentials())!.content;
    const password = c.kind === 'text' ? /\*Password:\* (\S+)/.exec(c.body)?.[1] : undefined;
    expect(password).toBeTruthy();

    // A line per notable thing, and nothing secret.
    expect(out).toMatch(/Order placed/);
    // The run ends a few steps after the credentials go out (MarkCompleted, the admins' notice).
    await expect.poll(() => /succeeded/.test(out), { timeout: 15_000, interval: 100 }).toBe(true);
    for (const secret of [password!, LOCAL_DEFAULTS.WHATSAPP_APP_SECRET!, LOCAL_DEFAULTS.WHATSAPP_VERIFY_TOKEN!]) {
      expect(out).not.toContain(secret);
    }
    expect(out).not.toMatch(/ptla_[A-Za-z0-9]{10}/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped/);
  }, 90_000);
});
