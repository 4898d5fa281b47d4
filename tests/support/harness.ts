// Integration-test helpers over the local stack: start it with a capturing log, read what the fake Graph
// API received as plain text, place and confirm orders the way people do.

import type { TaskHandlers, TaskName } from '../../functions/provisioning/tasks.js';
import type { SentMessage } from '../../local/fake-graph/fake-graph.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack.js';
import type { Order } from '../../shared/domain/order.js';

export const CUSTOMER = '15550101234';
export const RETURNING = '15550107777';
export const ADMIN = '15550105678';
export const ADMIN_2 = '15550106789';

let nextCustomer = 0;
/** A customer no other test has used (each may hold at most 3 unpaid orders). */
export function newCustomer(): string {
  nextCustomer += 1;
  return `1555020${String(nextCustomer).padStart(4, '0')}`;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export interface TestStack extends LocalStack {
  logs: LogLine[];
}

export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const logs: LogLine[] = [];
  const push = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) =>
    logs.push({ level, message, fields: fields ?? {} });
  const stack = await startLocalStack({
    pace: 'test',
    ...options,
    env: { ADMIN_WA_IDS: `${ADMIN},${ADMIN_2}`, ...options.env },
    log: { info: push('info'), warn: push('warn'), error: push('error') },
  });
  return Object.assign(stack, { logs });
}

interface GraphBody {
  type: string;
  text?: { body: string };
  interactive?: {
    type: string;
    header?: { text?: string };
    body?: { text?: string };
    footer?: { text?: string };
    action: {
      parameters?: { display_text: string; url: string };
      button?: string;
      buttons?: { reply: { id: string; title: string } }[];
      sections?: { rows: { id: string; title: string }[] }[];
    };
  };
  template?: { name: string; components?: { parameters?: { text?: string; payload?: string }[] }[] };
}

/** What a person would read: body text, header, buttons and list rows, or a template's parameters. */
export function textOf(m: SentMessage): string {
  const b = m.body as unknown as GraphBody;
  if (b.type === 'text' && b.text) return b.text.body;
  const i = b.interactive;
  if (b.type === 'interactive' && i) {
    const parts = [i.header?.text, i.body?.text, i.footer?.text];
    if (i.type === 'button') parts.push(...(i.action.buttons ?? []).map((x) => `[${x.reply.title}](${x.reply.id})`));
    if (i.type === 'cta_url' && i.action.parameters)
      parts.push(`[${i.action.parameters.display_text}](${i.action.parameters.url})`);
    if (i.type === 'list') {
      parts.push(
        `[${i.action.button}]`,
        ...(i.action.sections ?? []).flatMap((s) => s.rows.map((r) => `- ${r.title}(${r.id})`)),
      );
    }
    return parts.filter(Boolean).join('\n');
  }
  if (b.type === 'template' && b.template) {
    const params = (b.template.components ?? []).flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? p.payload));
    return `template:${b.template.name} ${params.join(' | ')}`;
  }
  return JSON.stringify(b);
}

export function messagesTo(stack: LocalStack, recipient: string): string[] {
  return stack
    .graph!.messages()
    .filter((m) => m.recipient === recipient)
    .map(textOf);
}

export function lastTo(stack: LocalStack, recipient: string): string {
  return messagesTo(stack, recipient).at(-1) ?? '';
}

/** Button ids (reply buttons) of every message to a recipient, newest last. */
export function buttonsTo(stack: LocalStack, recipient: string): string[] {
  return stack
    .graph!.messages()
    .filter((m) => m.recipient === recipient && (m.body as unknown as GraphBody).type === 'interactive')
    .flatMap((m) => ((m.body as unknown as GraphBody).interactive?.action.buttons ?? []).map((x) => x.reply.id));
}

export async function placeOrder(
  stack: LocalStack,
  customer: string,
  pkg = 'gold',
  name = 'João Cliente',
): Promise<string> {
  await stack.say(customer, `!order ${pkg}`, name);
  await stack.settle();
  const orders = await stack.app.inbox.orders.listByCustomer(customer, 1);
  const id = orders.items[0]?.id;
  if (!id) throw new Error(`No order for ${customer}`);
  return id;
}

export async function confirm(stack: LocalStack, orderId: string, admin = ADMIN): Promise<Order> {
  await stack.say(admin, `!order-confirm ${orderId}`, 'Ana Admin');
  await stack.settle();
  return (await stack.app.inbox.orders.get(orderId))!;
}

export async function order(stack: LocalStack, id: string): Promise<Order> {
  const o = await stack.app.inbox.orders.get(id);
  if (!o) throw new Error(`No order ${id}`);
  return o;
}

/** The password in a credentials message (text or template form), if it is one. */
export function passwordIn(text: string): string | undefined {
  return (
    /\*Password:\* (\S+)/.exec(text)?.[1] ??
    /^template:spawnpoint_server_ready_v1 [^|]+\|[^|]+\|[^|]+\| (\S+) \|/.exec(text)?.[1]
  );
}

export function usernameIn(text: string): string | undefined {
  return (
    /\*Username:\* (\S+)/.exec(text)?.[1] ??
    /^template:spawnpoint_server_ready_v1 [^|]+\|[^|]+\| (\S+) \|/.exec(text)?.[1]
  );
}

/** The password in a password-reset message (text or template form), if it is one. */
export function resetPasswordIn(text: string): string | undefined {
  if (!/Your new panel password|^template:spawnpoint_password_reset_v1 /.test(text)) return undefined;
  return (
    /\*Password:\* (\S+)/.exec(text)?.[1] ??
    /^template:spawnpoint_password_reset_v1 [^|]+\|[^|]+\| (\S+)$/.exec(text)?.[1]
  );
}

/** The username in a password-reset message (text or template form). */
export function resetUsernameIn(text: string): string | undefined {
  if (!/Your new panel password|^template:spawnpoint_password_reset_v1 /.test(text)) return undefined;
  return (
    /\*Username:\* (\S+)/.exec(text)?.[1] ?? /^template:spawnpoint_password_reset_v1 [^|]+\| (\S+) \|/.exec(text)?.[1]
  );
}

/** Runs before a provisioning task's real handler, with its input; may throw to fail the task. */
export type TaskHook = (input: { orderId: string; attempt: number }) => Promise<void> | void;

/** A `wrapTasks` that runs the hook the test currently sets for each task (read at call time). */
export function tasksWithHooks(current: () => Partial<Record<TaskName, TaskHook>>) {
  return (tasks: TaskHandlers): TaskHandlers => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(tasks) as [TaskName, (input: never) => Promise<unknown>][]) {
      wrapped[name] = async (input: never) => {
        await current()[name]?.(input);
        return fn(input);
      };
    }
    return wrapped as TaskHandlers;
  };
}
