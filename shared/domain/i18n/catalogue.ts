// Typed catalogues. English is the source: each area's English book is an `as const` object of templates
// ("Your order *{id}* is placed.") and plural pairs ({ one, other }); every other language's book of the
// area `satisfies Book<typeof english>`, so a missing or extra key fails the type check. `say(book)` reads
// the English template's placeholders from its type, so a call without one of them fails the type check
// too; tests/unit/domain/i18n.test.ts holds every language's placeholders equal to the English ones.

import type { Lang } from './lang.js';
import { pluralOf } from './locale.js';

/** A text that depends on a count: Intl.PluralRules picks `one` or `other` from `{n}`. */
export interface Plural {
  readonly one: string;
  readonly other: string;
}

export type Entry = string | Plural;
export type English = Readonly<Record<string, Entry>>;

/** The same keys as the English book; each value a template, or a plural pair where English has one. */
export type Book<E extends English> = { readonly [K in keyof E]: E[K] extends Plural ? Plural : string };

/** The placeholders of a template: "{id} on {day}" → "id" | "day". */
export type Holes<S> = S extends `${string}{${infer P}}${infer R}` ? P | Holes<R> : never;
type EntryHoles<E> = E extends Plural ? Holes<E['one']> | Holes<E['other']> | 'n' : Holes<E>;
export type Params<E> = [EntryHoles<E>] extends [never] ? [] : [Readonly<Record<EntryHoles<E>, string | number>>];

/** Reads one area's templates in one language, filling the placeholders. */
export type Say<E extends English> = <K extends keyof E & string>(key: K, ...params: Params<E[K]>) => string;

/** Every language's book of one area. */
export type Books<E extends English> = Readonly<Record<Lang, Book<E>>>;

const HOLE = /\{(\w+)\}/g;

export function fill(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(HOLE, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The placeholders a template names, sorted (for the catalogue tests). */
export function holesOf(entry: Entry): string[] {
  const texts = typeof entry === 'string' ? [entry] : [entry.one, entry.other];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(HOLE)].map((m) => m[1] as string)))].sort();
}

export function say<E extends English>(books: Books<E>, lang: Lang): Say<E> {
  const book = books[lang] as Readonly<Record<string, Entry>>;
  return ((key: string, params?: Readonly<Record<string, string | number>>) => {
    const entry = book[key] as Entry;
    if (typeof entry === 'string') return fill(entry, params);
    const n = Number(params?.n ?? 0);
    return fill(pluralOf(n, lang) === 'one' ? entry.one : entry.other, params);
  }) as Say<E>;
}
