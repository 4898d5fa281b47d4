// The local stack's HTTP front door (node:http, no framework): the webhook as a Lambda Function URL would
// call it, a health check, the chat page and its small JSON API. Started before the stack so /healthz can
// answer 503 while the rest starts; `attach` wires the stack in.
//
//   function-url.ts  Node request → Function URL event (payload 2.0) → response
//   view-model.ts    what the page shows: conversations, orders, runs, panel
//   lifecycle-view.ts  servers' state and paid-until dates, and the local simulation's clock
//   runs.ts          both state machines' runs as steps (retrying is not failed)
//   page-events.ts   pushing that state to the page (server-sent events)
//   routes.ts        /healthz, /webhook, the page's files and its /api/*

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SweepReport } from '../../shared/app/lifecycle/sweep.js';
import type { LocalStack } from '../stack.js';
import type { ClockView } from './lifecycle-view.js';
import { pageEvents } from './page-events.js';
import { requestListener } from './routes.js';
import {
  type Attached,
  attachStack,
  type ChatContent,
  type ChatMessage,
  type Conversations,
  type Phone,
  type ReadyInfo,
  recordMessage,
  type StateSnapshot,
  snapshotOf,
} from './view-model.js';

export { isTextContentType, toFunctionUrlEvent } from './function-url.js';
export { CLOCK_MAX_DAYS, clockDaysOf } from './lifecycle-view.js';
export { sameOrigin } from './routes.js';
export { stepsOf } from './runs.js';
export {
  type ChatContent,
  type ChatMessage,
  type ClockView,
  chatContentOf,
  type ExecutionView,
  FAULT_SETTINGS,
  FAULT_SWITCHES,
  type FaultSwitch,
  faultSwitches,
  type OrderView,
  type PanelView,
  type Phone,
  type ReadyInfo,
  type ServerView,
  type StateSnapshot,
  type StepView,
} from './view-model.js';

export interface LocalServerOptions {
  port?: number;
  host?: string;
  /** Display names used in the envelopes the page sends. */
  names?: Partial<Record<Phone, string>>;
  /** Notable things, one line each, without secrets or message bodies. */
  onInbound?: (phone: Phone, waId: string, content: ChatContent) => void;
  /** The page moved the local simulation's clock forward (POST /api/clock), and the sweep ran. */
  onClock?: (days: number, clock: ClockView, sweep: SweepReport) => void;
  /** What the phones showed before (a run kept on disk), oldest first. */
  history?: readonly ChatMessage[];
  /** Every message the page shows from now on, as it arrives (to keep it on disk). */
  onRecord?: (m: ChatMessage) => void;
}

export interface LocalServer {
  url: string;
  port: number;
  /** Wires the stack in; /healthz says ready from then on. */
  attach(stack: LocalStack, info?: ReadyInfo): void;
  /** Something changed (an execution event, ...): push a fresh state to the page soon. */
  notify(): void;
  snapshot(): Promise<StateSnapshot>;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  let attached: Attached | undefined;
  let baseUrl = '';
  const conversations: Conversations = new Map();
  for (const m of options.history ?? []) recordMessage(conversations, m);
  const snapshot = () => snapshotOf(attached, conversations);
  const events = pageEvents(snapshot);
  const record = (m: ChatMessage) => {
    recordMessage(conversations, m);
    options.onRecord?.(m);
    events.notify();
  };
  const server = createServer(
    requestListener({
      attached: () => attached,
      baseUrl: () => baseUrl,
      snapshot,
      events,
      record,
      onInbound: options.onInbound,
      onClock: options.onClock,
    }),
  );
  await listen(server, options.port ?? 3000, host);
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    attach(stack, info = {}) {
      attached = attachStack(stack, info, options.names, record);
      events.notify();
    },
    notify: events.notify,
    snapshot,
    async close() {
      events.close();
      attached?.unsubscribe();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
