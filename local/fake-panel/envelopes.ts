// The Application API's response shapes, as Fractal and spatie/laravel-query-builder make them: items with
// `?include=` relationships (a null_resource where the key may not read them), plain and paginated lists,
// filters and sorts; and the two transformers that need more than one row (servers, nodes).

import type { Ctx, Reply } from './http.js';
import { fail } from './http.js';
import { type AclResource, type PanelModel, READ } from './model.js';
import { isInteger } from './rules.js';
import { type FakeNode, type FakeServer, serverAttributes } from './state.js';

/** Relationships an item may include: the ACL resource needed to read one, and how to load it. */
export type Includes = Record<string, [AclResource, () => unknown]>;

function can(ctx: Ctx, resource: AclResource): boolean {
  return ((ctx.key?.config.acl[resource] ?? 0) & READ) !== 0;
}

function includesOf(ctx: Ctx): Set<string> {
  const raw = ctx.query.include;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
  return new Set(list.map((x) => x.trim()).filter((x) => x !== ''));
}

export function item(ctx: Ctx, object: string, attributes: Record<string, unknown>, includes: Includes = {}): Reply {
  return { status: 200, body: envelope(ctx, object, attributes, includes) };
}

export function envelope(
  ctx: Ctx,
  object: string,
  attributes: Record<string, unknown>,
  includes: Includes = {},
): Record<string, unknown> {
  const wanted = includesOf(ctx);
  const relationships: Record<string, unknown> = {};
  for (const [name, [resource, load]] of Object.entries(includes)) {
    if (!wanted.has(name)) continue;
    relationships[name] = can(ctx, resource) ? load() : { object: 'null_resource', attributes: null };
  }
  return {
    object,
    attributes: Object.keys(relationships).length ? { ...attributes, relationships } : attributes,
  };
}

export function plainList(items: Array<{ object: string; attributes: unknown }>): Record<string, unknown> {
  return { object: 'list', data: items };
}

export function paginate<T>(ctx: Ctx, rows: T[], toItem: (row: T) => Record<string, unknown>): Reply {
  const perRaw = ctx.query.per_page;
  const per = isInteger(perRaw) && Number(perRaw) >= 1 ? Number(perRaw) : 50;
  const pageRaw = ctx.query.page;
  const page = isInteger(pageRaw) && Number(pageRaw) >= 1 ? Number(pageRaw) : 1;
  const total = rows.length;
  const totalPages = Math.max(1, Math.ceil(total / per));
  const slice = rows.slice((page - 1) * per, page * per);
  const base = `${ctx.origin}/api/application${ctx.path}`;
  const links: Record<string, string> = {};
  if (page > 1) links.previous = `${base}?page=${page - 1}`;
  if (page < totalPages) links.next = `${base}?page=${page + 1}`;
  return {
    status: 200,
    body: {
      object: 'list',
      data: slice.map(toItem),
      meta: {
        pagination: { total, count: slice.length, per_page: per, current_page: page, total_pages: totalPages, links },
      },
    },
  };
}

/** spatie/laravel-query-builder: partial, case-insensitive filters; an unknown one is a 400. */
export function filter<T>(ctx: Ctx, rows: T[], allowed: Record<string, (row: T, term: string) => boolean>): T[] {
  const filters = ctx.query.filter;
  if (filters === undefined || filters === null || typeof filters !== 'object') return rows;
  const names = Object.keys(filters);
  const unknown = names.filter((n) => !(n in allowed));
  if (unknown.length) {
    fail(
      400,
      'InvalidFilterQuery',
      `Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`${Object.keys(allowed).join(', ')}\`.`,
    );
  }
  let out = rows;
  for (const name of names) {
    const v = (filters as Record<string, unknown>)[name];
    if (v === null || v === undefined) continue;
    const terms = (Array.isArray(v) ? v.map(String) : String(v).split(',')).filter((t) => t !== '');
    if (terms.length === 0) continue;
    const test = allowed[name] as (row: T, term: string) => boolean;
    out = out.filter((row) => terms.some((t) => test(row, t)));
  }
  return out;
}

export function sort<T extends { id: number }>(ctx: Ctx, rows: T[], allowed: string[]): T[] {
  const raw = ctx.query.sort;
  if (typeof raw !== 'string') return rows;
  const fields = raw.split(',').filter((x) => x !== '');
  const bad = fields.filter((f) => !allowed.includes(f.replace(/^-/, '')));
  if (bad.length) {
    fail(
      400,
      'InvalidSortQuery',
      `Requested sort(s) \`${bad.join(', ')}\` is not allowed. Allowed sort(s) are \`${allowed.join(', ')}\`.`,
    );
  }
  const out = [...rows];
  for (const f of [...fields].reverse()) {
    const desc = f.startsWith('-');
    const key = f.replace(/^-/, '') as keyof T;
    out.sort((a, b) => {
      const x = a[key] as unknown as string | number;
      const y = b[key] as unknown as string | number;
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    });
  }
  return out;
}

/** SQL `LOWER(col) LIKE '%term%'`: `%` and `_` are wildcards. */
export function like(column: string | null, term: string): boolean {
  if (column === null) return false;
  const pattern = term
    .toLowerCase()
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(pattern, 's').test(column.toLowerCase());
}

// ---- transformers that read more than one row ----

export function serverEnvelopeBare(
  m: PanelModel,
  s: FakeServer,
): { object: string; attributes: Record<string, unknown> } {
  return { object: 'server', attributes: serverAttributes(s, m.environmentOf(s) as Record<string, string>) };
}

export function nodeAttributes(m: PanelModel, n: FakeNode): Record<string, unknown> {
  return { ...n, allocated_resources: m.usedOn(n.id) };
}
