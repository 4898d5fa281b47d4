// `npm run demo`: the local stack plays a shop's day in a few seconds. One full order (the customer picks a
// package, the admin confirms the payment, the credentials arrive, the customer logs in to the panel with
// them), then a failure (the panel's install fails: rollback, a polite word to the customer, a retry button
// for the admin) and the retry that completes it. Every message goes through the chat page's API, so it is
// signed and posted to the real webhook. Then a month passes on the local clock: a renewal reminder, the
// suspension (on the panel, read back), the customer renews, the admin confirms, the server runs again.
// Prints the conversation with timings; exits 0 only if all happened.
// The transcript masks passwords: console output ends up in logs.

import { pathToFileURL } from 'node:url';
import type { Order } from '../shared/domain/order.js';
import type { FakePanel } from './fake-panel/index.js';
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
    case 'cta':
      return `${c.header ? `*${c.header}*\n` : ''}${c.body}\n[↗ ${c.button.title}]`;
    case 'template':
      return `(template ${c.name}) ${c.params.join(' | ')}`;
    case 'media':
      return `(${c.media.type === 'image' ? 'photo' : `document ${c.media.filename ?? ''}`}) ${c.caption ?? ''}`.trim();
    default:
      return `(${c.type})`;
  }
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const d = new Demo(options.onLine);
  let stack: LocalStack | undefined;
  let server: LocalServer | undefined;
  try {
    [stack, server] = await Promise.all([startLocalStack({ pace: 'test' }), startLocalServer({ port: 0 })]);
    server.attach(stack);
    const scene = await d.begin(stack, server);
    await checkWebhookGuard(scene);
    await actOrder(scene);
    await actFailureAndRetry(scene);
    await actMonth(scene);
  } catch (e) {
    if (!(e instanceof Stop))
      d.check('the demo ran without an error', false, e instanceof Error ? e.message : String(e));
  } finally {
    await server?.close();
    await stack?.stop();
  }
  return d.result();
}

type Phones = Awaited<ReturnType<LocalServer['snapshot']>>['phones'];
type Said = { text: string } | { reply: { id: string; title: string; kind: string } };

/** The demo's record: the transcript (passwords masked), the checks and the timings. */
class Demo {
  private readonly started = Date.now();
  /** Transcript times count from the moment the stack is ready: the conversation's own pace. */
  private t0 = this.started;
  private readonly transcript: TranscriptLine[] = [];
  private readonly checks: Check[] = [];
  readonly timings: Record<string, number> = {};
  private readonly passwords = new Set<string>();

  constructor(private readonly onLine?: (line: TranscriptLine) => void) {}

  ms(): number {
    return Date.now() - this.t0;
  }

  private scrub(text: string): string {
    let out = text.replace(/(Password:\*?\s*)(\S+)/g, (_all, label: string, pw: string) => {
      this.passwords.add(pw);
      return `${label}${mask(pw)}`;
    });
    for (const pw of this.passwords) out = out.split(pw).join(mask(pw));
    return out;
  }

  say(from: string, to: string, text: string): void {
    const line = { ms: this.ms(), from, to, text: this.scrub(text) };
    this.transcript.push(line);
    this.onLine?.(line);
  }

  check(name: string, ok: boolean, detail?: string): boolean {
    this.checks.push({ name, ok, ...(detail && !ok ? { detail } : {}) });
    return ok;
  }

  /** The stack is up: the clock restarts, and every message the shop sends goes into the transcript. */
  async begin(stack: LocalStack, server: LocalServer): Promise<Scene> {
    const phones = (await server.snapshot()).phones;
    const scene = new Scene(this, stack, server, phones);
    this.timings.startup = this.ms();
    this.t0 = Date.now();
    this.say(
      'demo',
      '',
      `local stack ready in ${(this.timings.startup / 1000).toFixed(1)} s (fake panel ${stack.panel!.url}, fake Graph API ${stack.graph!.url})`,
    );
    stack.graph!.onMessage((m) => scene.receive(m.recipient, chatContentOf(m.body)));
    return scene;
  }

  result(): DemoResult {
    this.timings.total = Date.now() - this.started;
    const ok = this.checks.length > 0 && this.checks.every((c) => c.ok);
    return { ok, transcript: this.transcript, checks: this.checks, timings: this.timings };
  }
}

/** The two phones talking to the running shop through the chat page's API. */
class Scene {
  private readonly received: Array<{ waId: string; content: ChatContent; at: number }> = [];
  private readonly sent: Sent[] = [];
  readonly panel: FakePanel;
  /** When act 1 began: the admin's order notices are looked up from there. */
  act1 = 0;
  /** The first order's id: the server whose month act 3 lives through. */
  firstOrder = '';

  constructor(
    readonly d: Demo,
    readonly stack: LocalStack,
    readonly server: LocalServer,
    private readonly phones: Phones,
  ) {
    this.panel = stack.panel!;
  }

  label(waId: string): string {
    const { customer, admin } = this.phones;
    return waId === customer.waId
      ? `customer ${customer.name}`
      : waId === admin.waId
        ? `admin ${admin.name}`
        : `+${waId}`;
  }

  receive(waId: string, content: ChatContent): void {
    this.received.push({ waId, content, at: this.d.ms() });
    this.d.say('shop', this.label(waId), describeContent(content));
  }

  async send(phone: Phone, what: Said): Promise<void> {
    const waId = this.phones[phone].waId;
    const res = await fetch(`${this.server.url}/api/send`, {
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
    this.sent.push({ phone, waId, content, at: this.d.ms() });
    this.d.say(this.label(waId), 'shop', describeContent(content));
    if (res.status !== 200) throw new Error(`the chat API refused the message: ${res.status} ${await res.text()}`);
    await this.stack.settle();
  }

  tap(phone: Phone, button: { id: string; title: string }, kind = 'button_reply'): Promise<void> {
    return this.send(phone, { reply: { id: button.id, title: button.title, kind } });
  }

  since(phone: Phone, from: number): Array<{ waId: string; content: ChatContent; at: number }> {
    return this.received.filter((r) => r.waId === this.phones[phone].waId && r.at >= from);
  }

  order(id: string): Promise<Order | undefined> {
    return this.stack.app.inbox.orders.get(id);
  }

  /** The order id in the first "Order received" the customer got since `from`. */
  orderIdSince(from: number): string | undefined {
    const placed = this.since('customer', from).find((r) => /Order received/.test(describeContent(r.content)));
    return /ORD-[A-Z0-9]{6}/.exec(placed ? describeContent(placed.content) : '')?.[0];
  }

  confirmButton(orderId: string): { id: string; title: string } | undefined {
    const m = this.since('admin', this.act1).find(
      (r) => r.content.kind === 'buttons' && describeContent(r.content).includes(orderId),
    );
    return m?.content.kind === 'buttons' ? m.content.buttons.find((b) => b.title === 'Confirm payment') : undefined;
  }
}

/** The webhook is guarded as in AWS: the handshake answers, a forged signature is refused. */
async function checkWebhookGuard({ d, stack, server }: Scene): Promise<void> {
  const handshake = await fetch(
    `${server.url}/webhook?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(stack.env.WHATSAPP_VERIFY_TOKEN!)}&hub.challenge=demo-42`,
  );
  d.check('the webhook answers the verification handshake', (await handshake.text()) === 'demo-42');
  const forged = await fetch(`${server.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    body: '{"object":"whatsapp_business_account","entry":[]}',
  });
  d.check('the webhook refuses a forged signature (401)', forged.status === 401);
}

/** Act 1: an order, start to finish, and the customer logs in with the credentials. */
async function actOrder(sc: Scene): Promise<void> {
  const { d, panel } = sc;
  const act1 = d.ms();
  sc.act1 = act1;
  d.say('demo', '', '── act 1: an order, start to finish ──');
  await sc.send('customer', { text: 'hi' });
  const list = sc.since('customer', act1).find((r) => r.content.kind === 'list')?.content;
  d.check('the customer sees the package list', list?.kind === 'list');
  await sc.send('admin', { text: '!orders' });
  d.check(
    'the admin can talk to the shop',
    sc.since('admin', act1).some((r) => /Open orders/.test(describeContent(r.content))),
  );

  const rows = list?.kind === 'list' ? list.sections.flatMap((x) => x.rows) : [];
  const gold = rows.find((r) => r.title.startsWith('Gold'));
  if (!d.check('the list has a Gold row', gold !== undefined)) throw new Stop();
  let mark = d.ms();
  await sc.tap('customer', gold!, 'list_reply');
  const orderId = sc.orderIdSince(mark);
  if (!d.check('the customer gets an order id', orderId !== undefined)) throw new Stop();
  sc.firstOrder = orderId!;

  const confirm1 = sc.confirmButton(orderId!);
  if (!d.check('the admin is told about the order, with a Confirm button', confirm1 !== undefined)) throw new Stop();
  mark = d.ms();
  await sc.tap('admin', confirm1!);

  const credentials = sc.since('customer', mark).find((r) => /server is ready/.test(describeContent(r.content)));
  const credText = credentials?.content.kind === 'text' ? credentials.content.body : '';
  const username = /\*Username:\* (\S+)/.exec(credText)?.[1];
  const password = /\*Password:\* (\S+)/.exec(credText)?.[1];
  d.check('the credentials arrive on the customer’s phone', username !== undefined && password !== undefined);
  d.check(
    'the admin is told the order is provisioned',
    sc
      .since('admin', mark)
      .some((r) => describeContent(r.content).replaceAll('*', '').includes(`${orderId} is provisioned`)),
  );
  d.check('the order is COMPLETED', (await sc.order(orderId!))?.status === 'COMPLETED');
  d.check('the panel has the server', panel.state().servers.length === 1);
  if (username && password) await checkPanelLogin(sc, username, password);
  d.timings.order = d.ms() - act1;
}

async function checkPanelLogin({ d, panel }: Scene, username: string, password: string): Promise<void> {
  const login = (pw: string) =>
    fetch(`${panel.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ user: username, password: pw }),
    }).then((r) => r.status);
  const good = await login(password);
  d.say('demo', '', `customer logs in to the panel as ${username} with the password from WhatsApp: HTTP ${good}`);
  d.check('the customer logs in to the panel with those credentials', good === 200);
  d.check('a wrong password is refused by the panel', (await login(`${password}x`)) === 401);
}

/** Act 2: the panel's install fails (rollback, a polite word, a Retry button), then the retry completes it. */
async function actFailureAndRetry(sc: Scene): Promise<void> {
  const { d, panel, stack } = sc;
  const act2 = d.ms();
  d.say('demo', '', '── act 2: the panel’s install fails, then a retry ──');
  panel.setFaults({ installOutcome: 'fail' });
  d.say('demo', '', 'fault switch on: the panel reports every new install as failed');
  let mark = d.ms();
  await sc.send('customer', { text: '!order silver' });
  const orderId2 = sc.orderIdSince(mark);
  if (!d.check('the second order is placed', orderId2 !== undefined)) throw new Stop();
  const confirm2 = sc.confirmButton(orderId2!);
  if (!d.check('the admin gets a Confirm button for it', confirm2 !== undefined)) throw new Stop();
  mark = d.ms();
  await sc.tap('admin', confirm2!);

  const failed = await sc.order(orderId2!);
  d.check('the failed run is rolled back: the order is CONFIRMED again', failed?.status === 'CONFIRMED');
  d.check('the order records what failed', failed?.lastError !== undefined);
  d.check('no server is left behind on the panel', panel.state().servers.length === 1);
  d.check('the run ends FAILED', stack.sfn.get(orderId2!, 1)?.status === 'FAILED');
  d.check(
    'the customer is told politely',
    sc.since('customer', mark).some((r) => /taking longer than expected/.test(describeContent(r.content))),
  );
  const alert = sc
    .since('admin', mark)
    .find((r) => r.content.kind === 'buttons' && /Provisioning failed/.test(describeContent(r.content)));
  const retry = alert?.content.kind === 'buttons' ? alert.content.buttons.find((b) => b.title === 'Retry') : undefined;
  if (!d.check('the admin is told what failed, with a Retry button', retry !== undefined)) throw new Stop();
  d.timings.rollback = d.ms() - mark;

  panel.clearFaults();
  d.say('demo', '', 'fault switch off: installs succeed again');
  mark = d.ms();
  await sc.tap('admin', retry!);
  const retried = await sc.order(orderId2!);
  d.check('the retry completes the order', retried?.status === 'COMPLETED' && retried.attempts === 2);
  d.check('the second run succeeds', stack.sfn.get(orderId2!, 2)?.status === 'SUCCEEDED');
  d.check('the panel now has both servers', panel.state().servers.length === 2);
  d.check(
    'the customer hears that the server is ready',
    sc.since('customer', mark).some((r) => /Silver server is ready/.test(describeContent(r.content))),
  );
  d.timings.retry = d.ms() - mark;
  d.timings.failureAndRetry = d.ms() - act2;
}

/**
 * Act 3: a month on the local clock. The reminder 3 days before the paid-until date, the suspension 2 days
 * after it (recorded once the panel shows it), the customer renews, the admin confirms, the server runs again.
 */
async function actMonth(sc: Scene): Promise<void> {
  const { d, panel, stack } = sc;
  const act3 = d.ms();
  const id = sc.firstOrder;
  d.say('demo', '', `── act 3: a month passes for ${id} ──`);
  await stack.sweep();
  await stack.settle();
  const paidUntil = (await sc.order(id))?.service?.paidUntil;
  if (!d.check('the server has a paid-until date', paidUntil !== undefined)) throw new Stop();
  const daysTo = (offsetDays: number) => Date.parse(paidUntil!) + offsetDays * 86_400_000 - stack.clock.now().getTime();

  await passTime(sc, daysTo(-3) + 60_000, 'to 3 days before the paid-until date');
  d.check(
    'the customer gets a renewal reminder (a template: their 24-hour window has closed)',
    sc.since('customer', act3).some((r) => /renewal_reminder/.test(describeContent(r.content))),
  );
  await passTime(sc, daysTo(2) + 60_000, 'to 2 days after the paid-until date');
  const server = () => panel.state().servers.find((x) => x.external_id === id);
  d.check('the server is suspended on the panel', server()?.status === 'suspended');
  d.check('and recorded SUSPENDED after the read-back', (await sc.order(id))?.service?.state === 'SUSPENDED');
  d.check(
    'the customer is told why and how to renew',
    sc.since('customer', act3).some((r) => /service_suspended/.test(describeContent(r.content))),
  );

  let mark = d.ms();
  await sc.tap('customer', { id: `!renew ${id}`, title: 'Renew' });
  const renewal = /ORD-[A-Z0-9]{6}/.exec(
    describeContent(
      sc.since('customer', mark).find((r) => /Renewal/.test(describeContent(r.content)))?.content ?? {
        kind: 'text',
        body: '',
      },
    ),
  )?.[0];
  if (!d.check('the customer gets a renewal order with the payment instructions', renewal !== undefined))
    throw new Stop();
  mark = d.ms();
  await sc.send('admin', { text: `!order-confirm ${renewal}` });
  const after = (await sc.order(id))?.service;
  d.check('the renewal is applied: the server is ACTIVE again', after?.state === 'ACTIVE');
  d.check('and unsuspended on the panel', server()?.status === null);
  d.check(
    'the new period counts from the renewal (suspended days are not billed)',
    after !== undefined && Date.parse(after.paidUntil) > stack.clock.now().getTime() + 29 * 86_400_000,
  );
  d.check(
    'the customer hears the server runs again',
    sc.since('customer', mark).some((r) => /running again/.test(describeContent(r.content))),
  );
  d.timings.month = d.ms() - act3;
}

async function passTime({ d, stack }: Scene, ms: number, what: string): Promise<void> {
  d.say('demo', '', `the local clock moves ${(ms / 86_400_000).toFixed(1)} days forward, ${what}; the sweep runs`);
  await stack.clock.advance(ms);
  await stack.settle();
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
  console.log(
    'Spawnpoint demo: one order, one failure with rollback, one retry, then a month: reminder, suspension, renewal (passwords are masked)\n',
  );
  const result = await runDemo({ onLine: (l) => console.log(formatLine(l)) });
  console.log('\nChecks');
  for (const c of result.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  const t = result.timings;
  const s = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1000).toFixed(2)} s`);
  console.log(
    `\nTimings: start-up ${s(t.startup)}, order ${s(t.order)}, rollback ${s(t.rollback)}, retry ${s(t.retry)}, month ${s(t.month)}, total ${s(t.total)}`,
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
