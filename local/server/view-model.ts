// What the chat page shows: the two phones' conversations, the recent orders (each server's state and
// paid-until date: lifecycle-view.ts), both state machines' runs (runs.ts), the panel and the local clock,
// as the JSON that /api/state and /api/events send. Read from the stack; no secrets, no password hashes,
// no state inputs or outputs.

import { ORDER_STATUSES, type Order, type OrderKind } from '../../shared/domain/order.js';
import { LOCAL_CUSTOMER } from '../defaults.js';
import type { SentMessage } from '../fake-graph/fake-graph.js';
import { DEFAULT_FAULTS, type FakePanelFaults } from '../fake-panel/index.js';
import type { LocalStack } from '../stack.js';
import { type ClockView, clockViewOf, type ServerView, serverViewOf } from './lifecycle-view.js';
import { type ExecutionView, executionsOf } from './runs.js';

export type { ClockView, ServerView } from './lifecycle-view.js';
export type { ExecutionView, StepView } from './runs.js';

const MAX_MESSAGES_PER_PHONE = 300;

export type Phone = 'customer' | 'admin';
export type Phones = Record<Phone, { waId: string; name: string }>;

/** A photo or document a message shows; the page loads it from /api/media/{id} (the fake Graph API's copy). */
export interface ChatMedia {
  type: 'image' | 'document';
  id: string;
  filename?: string;
}

export type ChatContent =
  | { kind: 'text'; body: string }
  | {
      kind: 'buttons';
      header?: string;
      media?: ChatMedia;
      body: string;
      footer?: string;
      buttons: { id: string; title: string }[];
    }
  | {
      kind: 'list';
      header?: string;
      body: string;
      footer?: string;
      button: string;
      sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    }
  /** A button that opens a page (a payment page): the page opens in a new tab. */
  | { kind: 'cta'; header?: string; body: string; footer?: string; button: { title: string; url: string } }
  | { kind: 'template'; name: string; language: string; params: string[]; quickReplies: string[]; media?: ChatMedia }
  | { kind: 'reply'; id: string; title: string; replyKind: 'button_reply' | 'list_reply' }
  /** A photo or PDF a phone sent. */
  | { kind: 'media'; media: ChatMedia; caption?: string }
  | { kind: 'other'; type: string };

export interface ChatMessage {
  id: string;
  /** `in`: the phone sent it to the business; `out`: the business sent it to the phone. */
  direction: 'in' | 'out';
  waId: string;
  at: string;
  content: ChatContent;
}

export interface OrderView {
  id: string;
  /** NEW: a server (once completed); RENEWAL: another period of the server `renews` names. */
  kind: OrderKind;
  renews?: string;
  /** Days one payment buys. */
  periodDays?: number;
  customerId: string;
  customerName?: string;
  packageName: string;
  price?: string;
  status: Order['status'];
  attempts: number;
  createdAt: string;
  updatedAt: string;
  lastError?: Order['lastError'];
  provisioning: Order['provisioning'];
  history: Order['history'];
  /** A completed new order is a server: its state and paid-until date. */
  server?: ServerView;
}

export type FaultSwitch = 'down' | 'slow' | 'full' | 'rateLimited' | 'installFails';
export const FAULT_SWITCHES: readonly FaultSwitch[] = ['down', 'slow', 'full', 'rateLimited', 'installFails'];
/** What each switch sets on the fake panel. */
export const FAULT_SETTINGS: Readonly<Record<FaultSwitch, Partial<FakePanelFaults>>> = {
  down: { unavailable: true },
  slow: { slowMs: 2500 },
  full: { full: true },
  rateLimited: { rateLimitPerMinute: 6 },
  installFails: { installOutcome: 'fail' },
};

export interface PanelView {
  kind: 'fake' | 'real';
  url: string;
  faults?: Record<FaultSwitch, boolean>;
  users?: { id: number; username: string; email: string; name: string; rootAdmin: boolean; createdAt: string }[];
  servers?: {
    id: number;
    identifier: string;
    name: string;
    userId: number;
    status: string;
    memory: number;
    disk: number;
    cpu: number;
    address?: string;
    createdAt: string;
  }[];
}

export interface StateSnapshot {
  ready: boolean;
  phones: Phones;
  /** Messages per wa_id, oldest first. */
  conversations: Record<string, ChatMessage[]>;
  /** Newest first. */
  orders: OrderView[];
  /** Newest first: the provisioning runs and the lifecycle runs (suspend, unsuspend, terminate). */
  executions: ExecutionView[];
  panel?: PanelView;
  /** The local simulation's clock (what the functions read), and the lifecycle policy. */
  clock?: ClockView;
  /** Whether outbound messages are visible (only with the fake Graph API). */
  outboundVisible: boolean;
}

export interface ReadyInfo {
  startedInMs?: number;
}

/** The stack the page talks to, once it is up. */
export interface Attached {
  stack: LocalStack;
  phones: Phones;
  info: ReadyInfo;
  unsubscribe: () => void;
}

// ------------------------------------------------------------------ conversations

/** Messages per wa_id, oldest first, at most MAX_MESSAGES_PER_PHONE each. */
export type Conversations = Map<string, ChatMessage[]>;

export function recordMessage(conversations: Conversations, m: ChatMessage): void {
  const list = conversations.get(m.waId) ?? [];
  list.push(m);
  if (list.length > MAX_MESSAGES_PER_PHONE) list.splice(0, list.length - MAX_MESSAGES_PER_PHONE);
  conversations.set(m.waId, list);
}

/** Wires a started stack in: who the two phones are, and every message the fake Graph API sends. */
export function attachStack(
  stack: LocalStack,
  info: ReadyInfo,
  names: Partial<Record<Phone, string>> | undefined,
  record: (m: ChatMessage) => void,
): Attached {
  const admin = (stack.env.ADMIN_WA_IDS ?? '').split(',').map((s) => s.trim().replace(/^\+/, ''))[0] ?? '';
  const phones = {
    customer: { waId: LOCAL_CUSTOMER, name: names?.customer ?? 'Alex' },
    admin: { waId: admin, name: names?.admin ?? 'Sam (admin)' },
  };
  const unsubscribe =
    stack.graph?.onMessage((m: SentMessage) => {
      record({
        id: m.wamid,
        direction: 'out',
        waId: m.recipient,
        at: m.at.toISOString(),
        content: chatContentOf(m.body),
      });
    }) ?? (() => {});
  return { stack, phones, info, unsubscribe };
}

type GraphMedia = { type?: string; image?: { id?: string }; document?: { id?: string; filename?: string } };

type GraphInteractive = {
  type?: string;
  header?: { text?: string } & GraphMedia;
  body?: { text?: string };
  footer?: { text?: string };
  action?: {
    button?: string;
    buttons?: { reply?: { id?: string; title?: string } }[];
    sections?: { title?: string; rows?: { id?: string; title?: string; description?: string }[] }[];
    parameters?: { display_text?: string; url?: string };
  };
};

type GraphTemplate = {
  name?: string;
  language?: { code?: string };
  components?: { type?: string; parameters?: ({ text?: string; payload?: string } & GraphMedia)[] }[];
};

/** The photo or document of a header (interactive, or a template's header parameter), if it is one. */
function mediaOf(m: GraphMedia | undefined): { media: ChatMedia } | Record<string, never> {
  const type = m?.type;
  if (type !== 'image' && type !== 'document') return {};
  const object = type === 'image' ? m?.image : m?.document;
  if (!object?.id) return {};
  const filename = type === 'document' ? m?.document?.filename : undefined;
  return { media: { type, id: object.id, ...(filename ? { filename } : {}) } };
}

const opt = <K extends string>(key: K, v: string | undefined) => (v ? ({ [key]: v } as Record<K, string>) : {});

function interactiveContent(i: GraphInteractive): ChatContent | undefined {
  const common = { ...opt('header', i.header?.text), body: i.body?.text ?? '', ...opt('footer', i.footer?.text) };
  if (i.type === 'button') {
    const buttons = (i.action?.buttons ?? []).map((x) => ({ id: x.reply?.id ?? '', title: x.reply?.title ?? '' }));
    return { kind: 'buttons', ...common, ...mediaOf(i.header), buttons };
  }
  if (i.type === 'cta_url') {
    const p = i.action?.parameters;
    return { kind: 'cta', ...common, button: { title: p?.display_text ?? '', url: p?.url ?? '' } };
  }
  if (i.type === 'list') {
    return {
      kind: 'list',
      ...common,
      button: i.action?.button ?? 'Menu',
      sections: (i.action?.sections ?? []).map((s) => ({
        ...opt('title', s.title),
        rows: (s.rows ?? []).map((r) => ({
          id: r.id ?? '',
          title: r.title ?? '',
          ...opt('description', r.description),
        })),
      })),
    };
  }
  return undefined;
}

function templateContent(t: GraphTemplate): ChatContent {
  const components = t.components ?? [];
  return {
    kind: 'template',
    name: t.name ?? '',
    language: t.language?.code ?? '',
    params: components.filter((c) => c.type === 'body').flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? '')),
    quickReplies: components
      .filter((c) => c.type === 'button')
      .flatMap((c) => (c.parameters ?? []).map((p) => p.payload ?? '')),
    ...mediaOf(components.find((c) => c.type === 'header')?.parameters?.[0]),
  };
}

/** A Graph API send request as the phone would show it. */
export function chatContentOf(body: Record<string, unknown>): ChatContent {
  const b = body as {
    type?: string;
    text?: { body?: string };
    interactive?: GraphInteractive;
    template?: GraphTemplate;
  };
  if (b.type === 'text') return { kind: 'text', body: b.text?.body ?? '' };
  if (b.type === 'interactive' && b.interactive) {
    const content = interactiveContent(b.interactive);
    if (content) return content;
  }
  if (b.type === 'template' && b.template) return templateContent(b.template);
  return { kind: 'other', type: String(b.type) };
}

// ------------------------------------------------------------------ the snapshot

const NOT_READY: StateSnapshot = {
  ready: false,
  phones: {
    customer: { waId: LOCAL_CUSTOMER, name: 'Customer' },
    admin: { waId: '', name: 'Admin' },
  },
  conversations: {},
  orders: [],
  executions: [],
  outboundVisible: false,
};

export async function snapshotOf(attached: Attached | undefined, conversations: Conversations): Promise<StateSnapshot> {
  if (!attached) return structuredClone(NOT_READY);
  const { stack, phones } = attached;
  return {
    ready: true,
    phones,
    conversations: Object.fromEntries(conversations),
    orders: await recentOrders(stack),
    executions: executionsOf(stack),
    panel: panelView(stack),
    clock: clockViewOf(stack),
    outboundVisible: stack.graph !== undefined,
  };
}

export function faultSwitches(f: Readonly<FakePanelFaults>): Record<FaultSwitch, boolean> {
  return {
    down: f.unavailable === true,
    slow: f.slowMs > 0,
    full: f.full,
    rateLimited: f.rateLimitPerMinute < DEFAULT_FAULTS.rateLimitPerMinute,
    installFails: f.installOutcome === 'fail',
  };
}

/** How many orders the page gets, newest first (the card scrolls). */
const MAX_ORDERS = 20;

async function recentOrders(stack: LocalStack): Promise<OrderView[]> {
  const pages = await Promise.all(ORDER_STATUSES.map((s) => stack.app.inbox.orders.listByStatus(s, 25)));
  const policy = stack.app.settings.lifecycle.policy;
  const now = stack.clock.now();
  return pages
    .flatMap((p) => p.items)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, MAX_ORDERS)
    .map((o) => orderView(o, serverViewOf(o, policy, now)));
}

function orderView(o: Order, server: ServerView | undefined): OrderView {
  return {
    id: o.id,
    kind: o.kind ?? 'NEW',
    ...(o.renews ? { renews: o.renews } : {}),
    ...(o.upgrades ? { renews: o.upgrades } : {}),
    ...(o.periodDays !== undefined ? { periodDays: o.periodDays } : {}),
    customerId: o.customerId,
    ...(o.customerName ? { customerName: o.customerName } : {}),
    packageName: o.packageName,
    ...(o.price ? { price: o.price } : {}),
    status: o.status,
    attempts: o.attempts,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    ...(o.lastError ? { lastError: o.lastError } : {}),
    provisioning: o.provisioning,
    history: o.history,
    ...(server ? { server } : {}),
  };
}

function panelView(stack: LocalStack): PanelView {
  const panel = stack.panel;
  if (!panel) return { kind: 'real', url: stack.env.PTERODACTYL_URL ?? '' };
  const s = panel.state();
  const allocations = new Map(s.allocations.map((a) => [a.id, a]));
  return {
    kind: 'fake',
    url: panel.url,
    faults: faultSwitches(panel.faults),
    // Only what a person needs to see: never password hashes (the fake keeps no passwords at all).
    users: s.users.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email,
      name: `${u.first_name} ${u.last_name}`.trim(),
      rootAdmin: u.root_admin,
      createdAt: u.created_at,
    })),
    servers: s.servers.map((x) => {
      const alloc = allocations.get(x.allocation_id);
      return {
        id: x.id,
        identifier: x.uuid.slice(0, 8),
        name: x.name,
        userId: x.user_id,
        status: x.status ?? 'ready',
        memory: x.memory,
        disk: x.disk,
        cpu: x.cpu,
        ...(alloc ? { address: `${alloc.ip_alias ?? alloc.ip}:${alloc.port}` } : {}),
        createdAt: x.created_at,
      };
    }),
  };
}

/** What /healthz answers once the stack is up: where everything runs, never a secret. */
export function healthOf(a: Attached, baseUrl: string) {
  const { stack } = a;
  return {
    ready: true,
    ...(a.info.startedInMs !== undefined ? { startedInMs: a.info.startedInMs } : {}),
    page: `${baseUrl}/`,
    webhook: `${baseUrl}/webhook`,
    panel: { kind: stack.panel ? 'fake' : 'real', url: stack.env.PTERODACTYL_URL },
    graph: { kind: stack.graph ? 'fake' : 'real', url: stack.env.WHATSAPP_GRAPH_URL },
    dynamodb: stack.emulators.endpoints.dynamodb,
    sqs: stack.emulators.endpoints.sqs,
    queues: stack.emulators.queues,
    table: stack.emulators.tableName,
    phones: a.phones,
  };
}
