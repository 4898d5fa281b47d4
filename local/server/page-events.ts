// Pushes the page's state over server-sent events: on every notable change (debounced), and a slow poll for
// what changes without telling (runs advancing, the panel finishing an install).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StateSnapshot } from './view-model.js';

export interface PageEvents {
  /** Something changed: push a fresh state soon, if anyone is listening. */
  notify(): void;
  /** Answers /api/events: the current state now, then every change. */
  open(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

export function pageEvents(snapshot: () => Promise<StateSnapshot>): PageEvents {
  const clients = new Set<ServerResponse>();
  let pushTimer: NodeJS.Timeout | undefined;
  let lastPushed = '';

  const push = async () => {
    pushTimer = undefined;
    if (clients.size === 0) return;
    let json: string;
    try {
      json = JSON.stringify(await snapshot());
    } catch {
      return; // the emulators are stopping
    }
    if (json === lastPushed) return;
    lastPushed = json;
    for (const res of clients) res.write(`event: state\ndata: ${json}\n\n`);
  };
  const notify = () => {
    if (pushTimer || clients.size === 0) return;
    pushTimer = setTimeout(() => void push(), 40);
  };
  const poll = setInterval(() => {
    notify();
    for (const res of clients) res.write(': keep-alive\n\n');
  }, 1000);
  poll.unref();

  return {
    notify,
    async open(req, res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: state\ndata: ${JSON.stringify(await snapshot())}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    close() {
      clearInterval(poll);
      if (pushTimer) clearTimeout(pushTimer);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
