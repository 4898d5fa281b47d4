// Helpers for the fault-injection suite: a roomier fake-panel seed, seeded crash wrappers for the
// provisioning tasks, Graph fault injection, and readers for what the fake Graph API recorded.

import type { TaskHandlers } from '../../functions/provisioning/tasks.js';
import type { FakeGraph, SentMessage } from '../../local/fake-graph/fake-graph.js';
import { defaultSeed, type FakeData, prng } from '../../local/fake-panel/index.js';
import { TEMPLATES } from '../../shared/domain/messages.js';

/** Memory of the largest package (Diamond, MiB): sizing for the worst case, every order a Diamond. */
const LARGEST_MEMORY = 16_384;

/**
 * The default seed with nodes 8× larger and at least 400 ports each, and as many such nodes as `orders`
 * servers need even if all were the largest package (with a fifth to spare), so capacity is not what fails a
 * big run. Up to ~210 orders this is the default seed's two nodes; a 500-order run gets 19.
 */
export function roomySeed(orders: number): () => FakeData {
  return () => {
    const data = defaultSeed();
    const template = data.nodes[0]!;
    const nodeMemory = template.memory * 8;
    const nodeCount = Math.max(data.nodes.length, Math.ceil((orders * LARGEST_MEMORY * 1.2) / nodeMemory));
    const portsPerNode = Math.max(400, Math.ceil((orders * 1.5) / nodeCount));
    data.nodes = Array.from({ length: nodeCount }, (_, i) => {
      const id = i + 1;
      const existing = data.nodes[i];
      return {
        ...(existing ?? template),
        id,
        uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
        name: `node${id}`,
        fqdn: `node${id}.local`,
        memory: nodeMemory,
        disk: template.disk * 8,
      };
    });
    const allocations: FakeData['allocations'] = [];
    for (const node of data.nodes) {
      const ip = `127.0.${Math.floor(node.id / 256)}.${node.id % 256}`;
      for (let port = 25565; port < 25565 + portsPerNode; port++) {
        allocations.push({
          id: allocations.length + 1,
          node_id: node.id,
          ip,
          ip_alias: null,
          port,
          notes: null,
          server_id: null,
        });
      }
    }
    data.allocations = allocations;
    return data;
  };
}

export interface CrashSwitch {
  enabled: boolean;
  /** Crashes injected, by task name. */
  crashes: Record<string, number>;
  /**
   * Orders whose Rollback and DeliverCredentials meet an outage longer than every retry while `enabled`
   * (panel down, Graph down): those executions fail at that step, for an operator to redrive.
   */
  outage: Set<string>;
  outages: Record<string, number>;
  /** Runs before every task (whatever `enabled` says): a scenario may delay or fail one order's step. */
  before?: (task: string, orderId: string, attempt: number) => Promise<void>;
}

const OUTAGE_ERRORS: Record<string, string> = {
  Rollback: 'PanelUnavailableError',
  DeliverCredentials: 'WhatsAppRetryableError',
};

/**
 * Wraps every task so that, while `enabled`, a seeded fraction of calls run the real handler (panel call
 * and all) and then die as a Lambda would (`Lambda.Unknown`) before returning.
 */
export function crashAfterCall(seed: number, probability: number, sw: CrashSwitch) {
  const rnd = prng(seed);
  return (tasks: TaskHandlers): TaskHandlers => {
    const out: Record<string, (input: never) => Promise<unknown>> = {};
    for (const [name, fn] of Object.entries(tasks) as [string, (input: never) => Promise<unknown>][]) {
      out[name] = async (input: never) => {
        const { orderId = '', attempt = 0 } = input as { orderId?: string; attempt?: number };
        await sw.before?.(name, orderId, attempt);
        const outage = OUTAGE_ERRORS[name];
        if (sw.enabled && outage && sw.outage.has(orderId)) {
          sw.outages[name] = (sw.outages[name] ?? 0) + 1;
          const e = new Error(`injected: ${name} met an outage longer than its retries`);
          e.name = outage;
          throw e;
        }
        const result = await fn(input);
        if (sw.enabled && rnd() < probability) {
          sw.crashes[name] = (sw.crashes[name] ?? 0) + 1;
          const e = new Error(`injected: ${name} died after its work, before returning`);
          e.name = 'Lambda.Unknown';
          throw e;
        }
        return result;
      };
    }
    return out as unknown as TaskHandlers;
  };
}

export interface GraphFaultSwitch {
  enabled: boolean;
  injected: Record<string, number>;
}

/**
 * After an accepted send, with a seeded probability, make the next send fail with a retryable error or a
 * rate limit (so there is never more than one pending failure per success: the run always moves on).
 */
export function injectGraphFaults(graph: FakeGraph, seed: number, probability: number, sw: GraphFaultSwitch) {
  const rnd = prng(seed);
  const kinds = ['130429', '131056', '131000', 'http503', 'http502'] as const;
  return graph.onMessage(() => {
    if (!sw.enabled || rnd() >= probability) return;
    const kind = kinds[Math.floor(rnd() * kinds.length)]!;
    sw.injected[kind] = (sw.injected[kind] ?? 0) + 1;
    if (kind.startsWith('http')) graph.failNextHttp(Number(kind.slice(4)), { count: 1 });
    else graph.failNext(Number(kind), { count: 1 });
  });
}

export interface Delivered {
  /** `reset`: a new password for the customer's account (`!reset-password`), about no order. */
  kind: 'credentials' | 'reset' | 'server-added';
  form: 'text' | 'template';
  recipient: string;
  orderId: string;
  username: string;
  password?: string;
  wamid: string;
}

/** Credentials, password-reset and server-added messages the fake Graph API accepted, parsed (text or template). */
export function deliveries(messages: readonly SentMessage[]): Delivered[] {
  const out: Delivered[] = [];
  for (const m of messages) {
    const b = m.body as {
      text?: { body?: string };
      template?: { name?: string; components?: { parameters?: { text?: string }[] }[] };
    };
    if (m.type === 'text' && b.text?.body) {
      const body = b.text.body;
      const order = /ORD-[A-Z0-9]+/.exec(body)?.[0];
      const password = /\*Password:\* (\S+)/.exec(body)?.[1];
      if (password !== undefined) {
        const username = /\*Username:\* (\S+)/.exec(body)?.[1] ?? '';
        out.push({
          kind: order ? 'credentials' : 'reset',
          form: 'text',
          recipient: m.recipient,
          orderId: order ?? '',
          username,
          password,
          wamid: m.wamid,
        });
      } else if (body.includes('existing panel account') && order) {
        const username = /existing panel account \*([^*]+)\*/.exec(body)?.[1] ?? '';
        out.push({
          kind: 'server-added',
          form: 'text',
          recipient: m.recipient,
          orderId: order,
          username,
          wamid: m.wamid,
        });
      }
    } else if (m.type === 'template' && b.template) {
      const params = (b.template.components?.[0]?.parameters ?? []).map((p) => p.text ?? '');
      const order = /ORD-[A-Z0-9]+/.exec(params.join(' '))?.[0] ?? '';
      if (b.template.name === TEMPLATES.credentials) {
        out.push({
          kind: 'credentials',
          form: 'template',
          recipient: m.recipient,
          orderId: order,
          username: params[2] ?? '',
          password: params[3] ?? '',
          wamid: m.wamid,
        });
      } else if (b.template.name === TEMPLATES.passwordReset) {
        out.push({
          kind: 'reset',
          form: 'template',
          recipient: m.recipient,
          orderId: '',
          username: params[1] ?? '',
          password: params[2] ?? '',
          wamid: m.wamid,
        });
      } else if (b.template.name === TEMPLATES.serverAdded) {
        out.push({
          kind: 'server-added',
          form: 'template',
          recipient: m.recipient,
          orderId: order,
          username: params[1] ?? '',
          wamid: m.wamid,
        });
      }
    }
  }
  return out;
}

/** Number of (possibly overlapping) occurrences of `needle` in `hay`. */
export function occurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) n++;
  return n;
}

export function tally<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) {
    const k = key(t);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
