// A strict fake of the Pterodactyl Application API (v1.11) over real HTTP. It follows the panel's middleware
// order (route → 401 → bad JSON → 429 → 404 binding → 403 → 422), its input normalisation, its validation
// rules and its service-layer errors, so a request the real panel refuses is refused here too.
//
//   http.ts      request context, replies, error shapes, Laravel's input handling
//   pipeline.ts  the middleware order;  routing.ts  matching and route-model binding
//   envelopes.ts items, includes, lists, pagination, filters, sorts
//   users.ts, servers.ts, nodes.ts (with allocations and locations), nests.ts (with eggs): the API by area
//   model.ts     the rows, keys, fault switches and the rules several areas share
//   admin.ts     the fake's own test controls over HTTP, and the login check
//   pages.ts     the web pages a customer logs in to (login form, their servers), pages-html.ts their HTML

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveAdmin, serveLogin } from './admin.js';
import type { FakePanelFaults } from './faults.js';
import { HttpError, type Reply, readBody, render, requestContext, UNEXPECTED, writeReply } from './http.js';
import { type FakePanelOptions, type FakePanelState, type PanelData, PanelModel } from './model.js';
import { nestRoutes } from './nests.js';
import { nodeRoutes } from './nodes.js';
import { isPageRequest, servePage } from './pages.js';
import { runApi } from './pipeline.js';
import type { Route } from './routing.js';
import { serverRoutes } from './servers.js';
import { userRoutes } from './users.js';

export class FakePanelServer {
  private readonly model: PanelModel;
  private readonly routes: Route[];
  private readonly server: Server;
  private origin = '';

  constructor(
    private readonly options: FakePanelOptions,
    readonly apiKey: string,
    readonly readOnlyApiKey: string,
  ) {
    this.model = new PanelModel(options, apiKey, readOnlyApiKey);
    const m = this.model;
    // In the panel's order: the first route whose path and method match wins.
    this.routes = [...userRoutes(m), ...serverRoutes(m), ...nodeRoutes(m), ...nestRoutes(m)];
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`fake panel bug: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.origin = `http://${addr.address}:${addr.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- test controls ----

  get faults(): Readonly<FakePanelFaults> {
    return this.model.faults;
  }

  setFaults(partial: Partial<FakePanelFaults>): void {
    this.model.setFaults(partial);
  }

  /** Back to the start-up faults (`options.faults` over the defaults): no fault unless asked for there. */
  clearFaults(): void {
    this.model.clearFaults();
  }

  reset(): void {
    this.model.reset();
  }

  state(): FakePanelState {
    return this.model.state();
  }

  exportData(): PanelData {
    return this.model.exportData();
  }

  /** Whether this username (or e-mail) and password would log in to the panel. */
  login(user: string, password: string): boolean {
    return this.model.login(user, password);
  }

  /** Ends a pending install now, as Wings would report it. */
  completeInstall(serverId: number, outcome: 'success' | 'fail' = 'success'): void {
    this.model.completeInstall(serverId, outcome);
  }

  // ---- dispatch ----

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin || 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__fake/')) {
      serveAdmin(this.model, method, url.pathname, rawBody, res);
      if (method !== 'GET') this.options.onChange?.();
      return;
    }
    if (isPageRequest(url.pathname, method, req.headers)) {
      return servePage(
        this.model,
        { method, pathname: url.pathname, search: url.searchParams, headers: req.headers, rawBody },
        res,
      );
    }
    if (url.pathname === '/auth/login' && method === 'POST') return serveLogin(this.model, rawBody, res);

    const ctx = requestContext(req, url, method, rawBody, this.origin);
    let reply: Reply;
    try {
      reply = await runApi(this.model, this.routes, ctx, url);
    } catch (e) {
      reply =
        e instanceof HttpError
          ? render(ctx, e)
          : render(ctx, new HttpError(500, [{ code: 'Exception', detail: UNEXPECTED }]));
      if (!(e instanceof HttpError)) console.error('fake panel: unexpected error', e);
    }
    this.model.logRequest({
      at: this.model.now(),
      method,
      path: url.pathname + url.search,
      status: reply.lost ? 'lost' : reply.status,
      key: ctx.key?.config.label ?? (ctx.headers.authorization ? 'invalid' : 'none'),
    });
    // Before the answer: whoever acts on it (the shop recording a created server) acts on rows already kept.
    if (method !== 'GET') this.options.onChange?.();
    if (reply.lost === 'reset') {
      req.socket.destroy();
      return;
    }
    if (reply.lost === 'stall') return; // never answered; close() ends the socket
    writeReply(res, ctx, reply);
  }
}
