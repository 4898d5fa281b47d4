// The Application API's nodes (with the deployable-nodes search), their allocations, and locations.

import {
  envelope,
  filter,
  type Includes,
  item,
  like,
  nodeAttributes,
  paginate,
  plainList,
  serverEnvelopeBare,
  sort,
} from './envelopes.js';
import { type Ctx, fail, NO_NODE, PORT_RANGE_TOO_BIG, type Reply, validationError } from './http.js';
import type { PanelModel } from './model.js';
import { type Route, route } from './routing.js';
import { type RuleSet, validate } from './rules.js';
import { allocationAttributes, type FakeAllocation, type FakeNode, locationAttributes } from './state.js';

// Rules verbatim from the panel (reference/pterodactyl-rules.json).
const DEPLOYABLE_RULES: RuleSet = [
  ['memory', ['required', 'integer', 'min:0']],
  ['disk', ['required', 'integer', 'min:0']],
  ['location_ids', ['array']],
  ['location_ids.*', ['integer']],
  ['page', ['integer']],
];

const ALLOCATION_RULES: RuleSet = [
  ['ip', ['required', 'string']],
  ['alias', ['sometimes', 'nullable', 'string', 'max:191']],
  ['ports', ['required', 'array']],
  ['ports.*', ['string']],
];

export function nodeRoutes(m: PanelModel): Route[] {
  return [
    route('GET', '/nodes', 'nodes', (ctx) => listNodes(m, ctx)),
    route('GET', '/nodes/deployable', 'nodes', (ctx) => deployable(m, ctx)),
    route('GET', '/nodes/:node', 'nodes', (ctx, b) =>
      item(ctx, 'node', nodeAttributes(m, b.node!), nodeIncludes(m, b.node!)),
    ),
    route('GET', '/nodes/:node/allocations', 'allocations', (ctx, b) => listAllocations(m, ctx, b.node!)),
    route('POST', '/nodes/:node/allocations', 'allocations', (ctx, b) => createAllocations(m, ctx, b.node!)),
    route('DELETE', '/nodes/:node/allocations/:allocation', 'allocations', (_ctx, b) =>
      deleteAllocation(m, b.allocation!),
    ),

    route('GET', '/locations', 'locations', (ctx) => listLocations(m, ctx)),
    route('GET', '/locations/:location', 'locations', (ctx, b) =>
      item(ctx, 'location', locationAttributes(b.location!)),
    ),
  ];
}

// ---- nodes ----

function nodeIncludes(m: PanelModel, n: FakeNode): Includes {
  const location = m.data.locations.find((l) => l.id === n.location_id);
  return {
    allocations: [
      'allocations',
      () =>
        plainList(
          m.data.allocations
            .filter((a) => a.node_id === n.id)
            .map((a) => ({ object: 'allocation', attributes: allocationAttributes(a) })),
        ),
    ],
    location: ['locations', () => (location ? { object: 'location', attributes: locationAttributes(location) } : null)],
    servers: [
      'servers',
      () => plainList(m.data.servers.filter((s) => s.node_id === n.id).map((s) => serverEnvelopeBare(m, s))),
    ],
  };
}

function listNodes(m: PanelModel, ctx: Ctx): Reply {
  const rows = sort(
    ctx,
    filter(ctx, m.data.nodes, {
      uuid: (n, t) => like(n.uuid, t),
      name: (n, t) => like(n.name, t),
      fqdn: (n, t) => like(n.fqdn, t),
      daemon_token_id: () => false,
    }),
    ['id', 'uuid', 'memory', 'disk'],
  );
  return paginate(ctx, rows, (n) => envelope(ctx, 'node', nodeAttributes(m, n), nodeIncludes(m, n)));
}

function deployable(m: PanelModel, ctx: Ctx): Reply {
  const errors = validate(ctx.query, DEPLOYABLE_RULES);
  if (errors.length) throw validationError(errors);
  const locations = Object.values((ctx.query.location_ids as Record<string, unknown> | undefined) ?? {}).map(Number);
  const nodes = m.viableNodes(Number(ctx.query.memory), Number(ctx.query.disk), locations);
  if (nodes.length === 0) fail(400, 'NoViableNodeException', NO_NODE, true);
  const toItem = (n: FakeNode) => {
    const used = m.usedOn(n.id);
    return envelope(
      ctx,
      'node',
      { ...nodeAttributes(m, n), sum_memory: used.memory, sum_disk: used.disk },
      nodeIncludes(m, n),
    );
  };
  if (ctx.query.page !== undefined && ctx.query.page !== null) return paginate(ctx, nodes, toItem);
  return { status: 200, body: { object: 'list', data: nodes.map(toItem) } };
}

// ---- allocations ----

function listAllocations(m: PanelModel, ctx: Ctx, node: FakeNode): Reply {
  const rows = filter(
    ctx,
    m.data.allocations.filter((a) => a.node_id === node.id),
    {
      ip: (a, t) => a.ip === t,
      port: (a, t) => String(a.port) === t,
      ip_alias: (a, t) => like(a.ip_alias, t),
      server_id: (a, t) => (/^\d+$/.test(t) && t !== '0' ? a.server_id === Number(t) : a.server_id === null),
    },
  );
  return paginate(ctx, rows, (a) => envelope(ctx, 'allocation', allocationAttributes(a)));
}

/** The ports of a create request: single ports and ranges of at most 1000, else the panel's 400s. */
function portsOf(entries: string[]): number[] {
  const ports: number[] = [];
  for (const entry of entries) {
    const range = /^(\d{4,5})-(\d{4,5})$/.exec(entry);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (Math.abs(hi - lo) > 1000) fail(400, 'DisplayException', PORT_RANGE_TOO_BIG, true);
      for (let p = Math.min(lo, hi); p <= Math.max(lo, hi); p++) ports.push(p);
    } else if (/^\d+$/.test(entry)) {
      ports.push(Number(entry));
    } else {
      fail(
        400,
        'InvalidPortMappingException',
        `The mapping provided for ${entry} was invalid and could not be processed.`,
        true,
      );
    }
  }
  return ports;
}

function createAllocations(m: PanelModel, ctx: Ctx, node: FakeNode): Reply {
  const errors = validate(ctx.body, ALLOCATION_RULES);
  if (errors.length) throw validationError(errors);
  const ip = String(ctx.body.ip);
  const alias = typeof ctx.body.alias === 'string' ? ctx.body.alias : null;
  const ports = portsOf(Object.values(ctx.body.ports as Record<string, string>));
  for (const port of ports) {
    if (port < 1024 || port > 65535) {
      fail(
        400,
        'PortOutOfRangeException',
        'Ports in an allocation must be greater than 1024 and less than or equal to 65535.',
        true,
      );
    }
    const exists = m.data.allocations.some((a) => a.node_id === node.id && a.ip === ip && a.port === port);
    if (!exists) {
      m.data.allocations.push({
        id: ++m.seq.allocations,
        node_id: node.id,
        ip,
        ip_alias: alias,
        port,
        notes: null,
        server_id: null,
      });
    }
  }
  return { status: 204 };
}

function deleteAllocation(m: PanelModel, a: FakeAllocation): Reply {
  if (a.server_id !== null) {
    fail(
      400,
      'ServerUsingAllocationException',
      'A server is currently assigned to this allocation, it cannot be deleted.',
      true,
    );
  }
  m.data.allocations = m.data.allocations.filter((x) => x !== a);
  return { status: 204 };
}

// ---- locations ----

function listLocations(m: PanelModel, ctx: Ctx): Reply {
  const rows = sort(
    ctx,
    filter(ctx, m.data.locations, { short: (l, t) => like(l.short, t), long: (l, t) => like(l.long, t) }),
    ['id'],
  );
  return paginate(ctx, rows, (l) => envelope(ctx, 'location', locationAttributes(l)));
}
