// `npm run demo`: the local stack plays a shop's day in a few seconds. One full order (the customer picks a
// package, the admin confirms the payment, the credentials arrive, the customer logs in to the panel with
// them), then a failure (the panel's install fails: rollback, a polite word to the customer, a retry button
// for the admin) and the retry that completes it. Every message goes through the chat page's API, so it is
// signed and posted to the real webhook. Prints the conversation with timings; exits 0 only if all happened.
// The transcript masks passwords: console output ends up in logs.

import { pathToFileURL } from 'node:url';
import type { Order } from '../shared/domain/order.js';
import { type ChatContent, chatContentOf, type LocalServer, type Phone, startLocalServer } from './server/index.js';
import { type LocalStack, startLocalStack } from './stack.js';

export interface TranscriptLine {
  /** Milliseconds since the local stack was ready. */
  ms: number;
  from: string;
  to: string;
  text: string;
}

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface DemoResult {
  ok: boolean;
  transcript: TranscriptLine[];
  checks: Check[];
  /** Milliseconds: start-up, each act from its first message to its last check, and the total. */
  timings: Record<string, number>;
}

export interface DemoOptions {
  /** Called with each transcript line as it happens (already masked). */
  onLine?: (line: TranscriptLine) => void;
}

interface Sent {
  phone: Phone;
  waId: string;
  content: ChatContent;
  at: number;
}

const mask = (password: string) => `${password.slice(0, 2)}••• (${password.length} characters)`;

/** A message as one readable block of text: buttons in [brackets], a list's rows, a template's parameters. */
export function describeContent(c: ChatContent): string {
  switch (c.kind) {
    case 'text':
      return c.body;
    case 'reply':
      return `(taps ${c.replyKind === 'list_reply' ? 'list row' : 'button'}) ${c.title}`;
    case 'buttons':
      return `${c.header ? `*${c.header}*\n` : ''}${c.body}\n${c.buttons.map((b) => `[${b.title}]`).join(' ')}`;
    case 'list':
      return `${c.header ? `*${c.header}*\n` : ''}${c.body}\n[☰ ${c.button}] ${c.sections
        .flatMap((s) => s.rows.map((r) => r.title))
        .join(' | ')}`;
    case 'template':
      return `(template ${c.name}) ${c.params.join(' | ')}`;
    default:
      return `(${c.type})`;
  }
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  // Transcript times count from the moment the stack is ready: the conversation's own pace.
  let t0 = started;
  const ms = () => Date.now() - t0;
  const transcript: TranscriptLine[] = [];
  const checks: Check[] = [];
  const timings: Record<string, number> = {};
  const passwords = new Set<string>();
  const received: Array<{ waId: string; content: ChatContent; at: number }> = [];
  const sent: Sent[] = [];

  const scrub = (text: string) => {
    let out = text.replace(/(Password:\*?\s*)(\S+)/g, (_all, label: string, pw: string) => {
      passwords.add(pw);
      return `${label}${mask(pw)}`;
    });
    for (const pw of passwords) out = out.split(pw).join(mask(pw));
    return out;
  };
  const say = (from: string, to: string, text: string) => {
    const line = { ms: ms(), from, to, text: scrub(text) };
    transcript.push(line);
    options.onLine?.(line);
  };
  const check = (name: string, ok: boolean, detail?: string) => {
    checks.push({ name, ok, ...(detail && !ok ? { detail } : {}) });
    return ok;
  };

  let stack: LocalStack | undefined;
  let server: LocalServer | undefined;
  try {
    [stack, server] = await Promise.all([startLocalStack({ pace: 'test' }), startLocalServer({ port: 0 })]);
    server.attach(stack);
    const s = stack;
    const srv = server;
    const panel = s.panel!;
    const phones = (await srv.snapshot()).phones;
    const label = (waId: string) =>
      waId === phones.customer.waId
        ? `customer ${phones.customer.name}`
        : waId === phones.admin.waId
          ? `admin ${phones.admin.name}`
          : `+${waId}`;
    timings.startup = ms();
    t0 = Date.now();
    say(
      'demo',
      '',
      `local stack ready in ${(timings.startup / 1000).toFixed(1)} s (fake panel ${panel.url}, fake Graph API ${s.graph!.url})`,
    );

    s.graph!.onMessage((m) => {
      const content = chatContentOf(m.body);
      received.push({ waId: m.recipient, content, at: ms() });
      say('shop', label(m.recipient), describeContent(content));
    });

    // ---- the webhook is guarded as in AWS
    const handshake = await fetch(
      `${srv.url}/webhook?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(s.env.WHATSAPP_VERIFY_TOKEN!)}&hub.challenge=demo-42`,
    );
    check('the webhook answers the verification handshake', (await handshake.text()) === 'demo-42');
    const forged = await fetch(`${srv.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: '{"object":"whatsapp_business_account","entry":[]}',
    });
    check('the webhook refuses a forged signature (401)', forged.status === 401);

    const send = async (
      phone: Phone,
      what: { text: string } | { reply: { id: string; title: string; kind: string } },
    ) => {
      const waId = phones[phone].waId;
      const res = await fetch(`${srv.url}/api/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: phone, ...what }),
      });
      const content: ChatContent =
        'text' in what
          ? { kind: 'text', body: what.text }
          : {
              kind: 'reply',
              id: what.reply.id,
              title: what.reply.title,
              replyKind: what.reply.kind === 'list_reply' ? 'list_reply' : 'button_reply',
            };
      sent.push({ phone, waId, content, at: ms() });
      say(label(waId), 'shop', describeContent(content));
      if (res.status !== 200) throw new Error(`the chat API refused the message: ${res.status} ${await res.text()}`);
      await s.settle();
    };
    const to = (phone: Phone) => phones[phone].waId;
    const since = (phone: Phone, from: number) => received.filter((r) => r.waId === to(phone) && r.at >= from);
    const textOf = (c: ChatContent) => describeContent(c);
    const order = (id: string): Promise<Order | undefined> => s.app.inbox.orders.get(id);

    // ================================================================ act 1: an order, start to finish
    const act1 = ms();
    say('demo', '', '── act 1: an order, start to finish ──');
    await send('customer', { text: 'hi' });
    const list = since('customer', act1).find((r) => r.content.kind === 'list')?.content;
    check('the customer sees the package list', list?.kind === 'list');
    await send('admin', { text: '!orders' });
    check(
      'the admin can talk to the shop',
      since('admin', act1).some((r) => /Open orders/.test(textOf(r.content))),
    );

    const rows = list?.kind === 'list' ? list.sections.flatMap((x) => x.rows) : [];
    const gold = rows.find((r) => r.title.startsWith('Gold'));
    if (!check('the list has a Gold row', gold !== undefined)) throw new Stop();
    let mark = ms();
    await send('customer', { reply: { id: gold!.id, title: gold!.title, kind: 'list_reply' } });
    const placed = since('customer', mark).find((r) => /Order received/.test(textOf(r.content)));
    const orderId = /ORD-[A-Z0-9]{6}/.exec(placed ? textOf(placed.content) : '')?.[0];
    if (!check('the customer gets an order id', orderId !== undefined)) throw new Stop();

    const confirmButton = (id: string) => {
      const m = since('admin', act1).find((r) => r.content.kind === 'buttons' && textOf(r.content).includes(id));
      return m?.content.kind === 'buttons' ? m.content.buttons.find((b) => b.title === 'Confirm payment') : undefined;
    };
    const confirm1 = confirmButton(orderId!);
    if (!check('the admin is told about the order, with a Confirm button', confirm1 !== undefined)) throw new Stop();
    mark = ms();
    await send('admin', { reply: { id: confirm1!.id, title: confirm1!.title, kind: 'button_reply' } });

    const credentials = since('customer', mark).find((r) => /server is ready/.test(textOf(r.content)));
    const credText = credentials?.content.kind === 'text' ? credentials.content.body : '';
    const username = /\*Username:\* (\S+)/.exec(credText)?.[1];
    const password = /\*Password:\* (\S+)/.exec(credText)?.[1];
    check('the credentials arrive on the customer’s phone', username !== undefined && password !== undefined);
    check(
      'the admin is told the order is provisioned',
      since('admin', mark).some((r) => textOf(r.content).replaceAll('*', '').includes(`${orderId} is provisioned`)),
    );
    check('the order is COMPLETED', (await order(orderId!))?.status === 'COMPLETED');
    check('the panel has the server', panel.state().servers.length === 1);
    if (username && password) {
      const login = (pw: string) =>
        fetch(`${panel.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ user: username, password: pw }),
        }).then((r) => r.status);
      const good = await login(password);
      say('demo', '', `customer logs in to the panel as ${username} with the password from WhatsApp: HTTP ${good}`);
      check('the customer logs in to the panel with those credentials', good === 200);
      check('a wrong password is refused by the panel', (await login(`${password}x`)) === 401);
    }
    timings.order = ms() - act1;

    // ================================================================ act 2: the install fails, rollback, retry
    const act2 = ms();
    say('demo', '', '── act 2: the panel’s install fails, then a retry ──');
    panel.setFaults({ installOutcome: 'fail' });
    say('demo', '', 'fault switch on: the panel reports every new install as failed');
    mark = ms();
    await send('customer', { text: '!order silver' });
    const placed2 = since('customer', mark).find((r) => /Order received/.test(textOf(r.content)));
    const orderId2 = /ORD-[A-Z0-9]{6}/.exec(placed2 ? textOf(placed2.content) : '')?.[0];
    if (!check('the second order is placed', orderId2 !== undefined)) throw new Stop();
    const confirm2 = confirmButton(orderId2!);
    if (!check('the admin gets a Confirm button for it', confirm2 !== undefined)) throw new Stop();
    mark = ms();
    await send('admin', { reply: { id: confirm2!.id, title: confirm2!.title, kind: 'button_reply' } });

    const failed = await order(orderId2!);
    check('the failed run is rolled back: the order is CONFIRMED again', failed?.status === 'CONFIRMED');
    check('the order records what failed', failed?.lastError !== undefined);
    check('no server is left behind on the panel', panel.state().servers.length === 1);
    check('the run ends FAILED', s.sfn.get(orderId2!, 1)?.status === 'FAILED');
    check(
      'the customer is told politely',
      since('customer', mark).some((r) => /taking longer than expected/.test(textOf(r.content))),
    );
    const alert = since('admin', mark).find(
      (r) => r.content.kind === 'buttons' && /Provisioning failed/.test(textOf(r.content)),
    );
    const retry =
      alert?.content.kind === 'buttons' ? alert.content.buttons.find((b) => b.title === 'Retry') : undefined;
    if (!check('the admin is told what failed, with a Retry button', retry !== undefined)) throw new Stop();
    timings.rollback = ms() - mark;

    panel.clearFaults();
    say('demo', '', 'fault switch off: installs succeed again');
    mark = ms();
    await send('admin', { reply: { id: retry!.id, title: retry!.title, kind: 'button_reply' } });
    const retried = await order(orderId2!);
    check('the retry completes the order', retried?.status === 'COMPLETED' && retried.attempts === 2);
    check('the second run succeeds', s.sfn.get(orderId2!, 2)?.status === 'SUCCEEDED');
    check('the panel now has both servers', panel.state().servers.length === 2);
    check(
      'the customer hears that the server is ready',
      since('customer', mark).some((r) => /Silver server is ready/.test(textOf(r.content))),
    );
    timings.retry = ms() - mark;
    timings.failureAndRetry = ms() - act2;
  } catch (e) {
    if (!(e instanceof Stop)) check('the demo ran without an error', false, e instanceof Error ? e.message : String(e));
  } finally {
    await server?.close();
    await stack?.stop();
  }
  timings.total = Date.now() - started;
  return { ok: checks.length > 0 && checks.every((c) => c.ok), transcript, checks, timings };
}

/** Ends the scenario early: a check failed that the rest depends on. */
class Stop extends Error {}

// ------------------------------------------------------------------ the command line

function formatLine(l: TranscriptLine): string {
  const time = `${(l.ms / 1000).toFixed(3).padStart(7)} s`;
  if (l.from === 'demo') return `${time}  ${l.text}`;
  const head = `${time}  ${l.from} → ${l.to}: `;
  const [first = '', ...rest] = l.text.split('\n');
  return [head + first, ...rest.map((r) => `${' '.repeat(12)}${r}`)].join('\n');
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log('Spawnpoint demo: one order, one failure with rollback, one retry (passwords are masked)\n');
  const result = await runDemo({ onLine: (l) => console.log(formatLine(l)) });
  console.log('\nChecks');
  for (const c of result.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  const t = result.timings;
  const s = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1000).toFixed(2)} s`);
  console.log(
    `\nTimings: start-up ${s(t.startup)}, order ${s(t.order)}, rollback ${s(t.rollback)}, retry ${s(t.retry)}, total ${s(t.total)}`,
  );
  if (result.ok) {
    console.log('\nDemo passed: everything happened.');
    process.exit(0);
  }
  const missing = result.checks.filter((c) => !c.ok).map((c) => c.name);
  console.log(`\nDemo FAILED. Missing: ${missing.join('; ')}`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
