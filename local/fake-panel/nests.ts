// The Application API's nests and their eggs (read-only, as the panel's API is).

import { envelope, type Includes, item, paginate, plainList } from './envelopes.js';
import type { Ctx, Reply } from './http.js';
import type { PanelModel } from './model.js';
import { type Route, route } from './routing.js';
import { eggAttributes, eggVariableAttributes, type FakeEgg, type FakeNest, nestAttributes } from './state.js';

export function nestRoutes(m: PanelModel): Route[] {
  return [
    route('GET', '/nests', 'nests', (ctx) => listNests(m, ctx)),
    route('GET', '/nests/:nest', 'nests', (ctx, b) =>
      item(ctx, 'nest', nestAttributes(b.nest!), nestIncludes(m, b.nest!)),
    ),
    route('GET', '/nests/:nest/eggs', 'eggs', (ctx, b) => listEggs(m, ctx, b.nest!)),
    route('GET', '/nests/:nest/eggs/:egg', 'eggs', (ctx, b) =>
      item(ctx, 'egg', eggAttributes(b.egg!), eggIncludes(m, b.egg!)),
    ),
  ];
}

function nestIncludes(m: PanelModel, n: FakeNest): Includes {
  return {
    eggs: [
      'eggs',
      () =>
        plainList(
          m.data.eggs.filter((e) => e.nest_id === n.id).map((e) => ({ object: 'egg', attributes: eggAttributes(e) })),
        ),
    ],
  };
}

function listNests(m: PanelModel, ctx: Ctx): Reply {
  return paginate(ctx, m.data.nests, (n) => envelope(ctx, 'nest', nestAttributes(n), nestIncludes(m, n)));
}

function eggIncludes(m: PanelModel, e: FakeEgg): Includes {
  const nest = m.data.nests.find((n) => n.id === e.nest_id);
  return {
    variables: [
      'eggs',
      () => plainList(e.variables.map((v) => ({ object: 'egg_variable', attributes: eggVariableAttributes(v) }))),
    ],
    nest: ['nests', () => (nest ? { object: 'nest', attributes: nestAttributes(nest) } : null)],
  };
}

function listEggs(m: PanelModel, ctx: Ctx, nest: FakeNest): Reply {
  const eggs = m.data.eggs.filter((e) => e.nest_id === nest.id);
  // Not paginated: no meta.
  return {
    status: 200,
    body: { object: 'list', data: eggs.map((e) => envelope(ctx, 'egg', eggAttributes(e), eggIncludes(m, e))) },
  };
}
