// The catalogues: every language has every English entry, with the same placeholders and the same shape
// (a plural pair where English has one), fits the Cloud API limits its key's suffix names, and is written
// in its own language rather than left in English. Every *-texts.ts book in shared/domain/i18n is found
// by itself, so a new area is checked without being listed here.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Books, type English, type Entry, holesOf, say } from '../../../shared/domain/i18n/catalogue.js';
import { LANGS, LANGUAGE_NAMES, parseLang } from '../../../shared/domain/i18n/lang.js';
import {
  customerRecipient,
  formatDate,
  formatDateTime,
  isTimeZone,
  localeOf,
} from '../../../shared/domain/i18n/locale.js';
import { CUSTOMER_COMMAND_NAMES, languageOfWords } from '../../../shared/domain/i18n/words.js';
import { howToPay } from '../../../shared/domain/message-format.js';
import { orderPlaced } from '../../../shared/domain/messages.js';
import { LIMITS } from '../../../shared/domain/outbound.js';
import { orderIn, SHOP, to } from './fixtures.js';

const DIR = join(import.meta.dirname, '../../../shared/domain/i18n');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('-texts.ts'));
const BOOKS: Array<[string, Books<English>]> = await Promise.all(
  FILES.map(async (file): Promise<[string, Books<English>]> => {
    const module = (await import(join(DIR, file))) as Record<string, unknown>;
    const books = Object.entries(module).find(([name]) => name.endsWith('_TEXTS'))?.[1];
    if (!books) throw new Error(`${file} exports no *_TEXTS`);
    return [file.replace('-texts.ts', ''), books as Books<English>];
  }),
);

/** Limits by the key's suffix: the catalogue names what each text becomes. */
const SUFFIX_LIMITS: ReadonlyArray<[RegExp, number, string]> = [
  [/ListButton$/, LIMITS.listButton, 'list button'],
  [/Button$/, LIMITS.buttonTitle, 'button title'],
  [/Row$/, LIMITS.rowTitle, 'list row title'],
  [/Header$/, LIMITS.headerText, 'header'],
  [/Footer$/, LIMITS.footerText, 'footer'],
];

function texts(entry: Entry): string[] {
  return typeof entry === 'string' ? [entry] : [entry.one, entry.other];
}

/** The words of a text, without placeholders, commands, bold marks and emoji: what a translator writes. */
function prose(text: string): string {
  return text
    .replace(/\{\w+\}/g, '')
    .replace(/![\w-]+/g, '')
    .replace(/[^\p{L}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

it('finds the catalogues', () => {
  expect(BOOKS.map(([area]) => area)).toEqual(expect.arrayContaining(['common', 'language']));
});

describe.each(BOOKS)('the %s catalogue', (_area, books) => {
  const english = books.en as Readonly<Record<string, Entry>>;
  const keys = Object.keys(english);

  describe.each(LANGS)('in %s', (lang) => {
    const book = books[lang] as Readonly<Record<string, Entry>>;

    it('has exactly the English keys', () => {
      expect(Object.keys(book).sort()).toEqual([...keys].sort());
    });

    it.each(keys)('%s carries the placeholders of its English form, in the same shape', (key) => {
      const entry = book[key] as Entry;
      const source = english[key] as Entry;
      expect(typeof entry).toBe(typeof source);
      expect(holesOf(entry)).toEqual(holesOf(source));
      for (const text of texts(entry)) {
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text).not.toMatch(/\{\s*\}|\{\{|\}\}/);
      }
    });

    it.each(keys.filter((k) => SUFFIX_LIMITS.some(([re]) => re.test(k))))('%s fits its Cloud API limit', (key) => {
      const [, max] = SUFFIX_LIMITS.find(([re]) => re.test(key))!;
      for (const text of texts(book[key] as Entry)) expect(text.length, text).toBeLessThanOrEqual(max);
    });
  });

  it.each(LANGS.filter((l) => l !== 'en'))('is written in %s, not left in English', (lang) => {
    const book = books[lang] as Readonly<Record<string, Entry>>;
    // Short labels may be the same word in both ("Status", "Upgrade", "Backup"); sentences may not.
    const copied = keys.filter((k) => {
      const words = prose(texts(english[k] as Entry).join(' '));
      return words.split(' ').length >= 4 && words === prose(texts(book[k] as Entry).join(' '));
    });
    expect(copied).toEqual([]);
  });
});

describe('plurals and placeholders', () => {
  it('picks the plural form by the language and fills every placeholder', () => {
    const common = BOOKS.find(([area]) => area === 'common')![1] as Books<{
      databases: { one: string; other: string };
    }>;
    expect(say(common, 'en')('databases', { n: 1 })).toBe('1 database');
    expect(say(common, 'en')('databases', { n: 3 })).toBe('3 databases');
    expect(say(common, 'pt-BR')('databases', { n: 3 })).toBe('3 bancos de dados');
    expect(say(common, 'id')('databases', { n: 3 })).toBe('3 database');
  });
});

describe('languages', () => {
  it('are read from what people type and set', () => {
    expect(parseLang('pt_BR')).toBe('pt-BR');
    expect(parseLang('Português')).toBe('pt-BR');
    expect(parseLang('bahasa indonesia')).toBe('id');
    expect(parseLang('en-US')).toBe('en');
    expect(parseLang('klingon')).toBeUndefined();
  });

  it('name themselves within a list row title', () => {
    for (const name of Object.values(LANGUAGE_NAMES)) expect(name.length).toBeLessThanOrEqual(LIMITS.rowTitle);
  });

  it("are told from a customer's words, and not from words the languages share", () => {
    expect(languageOfWords('halo, mau pesan server minecraft paket gold')).toBe('id');
    expect(languageOfWords('Olá, quero o plano ouro')).toBe('pt-BR');
    expect(languageOfWords('hi, I want the gold package please')).toBe('en');
    expect(languageOfWords('status ORD-7K2M9Q')).toBeUndefined();
    expect(languageOfWords('gold')).toBeUndefined();
  });

  it('give every customer command a name of its own in each language', () => {
    for (const lang of LANGS) {
      const names = Object.values(CUSTOMER_COMMAND_NAMES).map((n) => n[lang]);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('dates', () => {
  const shop = { language: 'en', adminLanguage: 'en', timeZone: 'America/Sao_Paulo', locale: 'pt-BR' } as const;

  it('are written by Intl in the shop time zone, for each language', () => {
    const at = '2026-12-01T01:30:00.000Z'; // still 30 November in São Paulo
    expect(formatDate(at, localeOf('en', shop))).toBe('Nov 30, 2026');
    expect(formatDate(at, localeOf('pt-BR', shop))).toBe('30 de nov. de 2026');
    expect(formatDate(at, localeOf('id', shop))).toBe('30 Nov 2026');
    expect(formatDateTime(at, localeOf('en', shop))).toMatch(/^Nov 30, 2026, 10:30 PM GMT-3$/);
    expect(formatDateTime(at, localeOf('pt-BR', shop))).toContain('22:30');
  });

  it('know the IANA zones and refuse others', () => {
    expect(isTimeZone('Asia/Jakarta')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('use SHOP_LOCALE for the shop language only', () => {
    expect(customerRecipient('1', undefined, { ...shop, language: 'pt-BR' }).locale.tag).toBe('pt-BR');
    expect(localeOf('en', { ...shop, locale: 'en-GB' }).tag).toBe('en-GB');
    expect(localeOf('id', shop).tag).toBe('id');
  });
});

describe("the shop's own payment instructions", () => {
  const shop = { ...SHOP, paymentInstructionsIn: { 'pt-BR': 'Chave Pix: pay@example.com' } };

  it("reach each reader in the shop's words for their language, else as PAYMENT_INSTRUCTIONS", () => {
    const order = orderIn('PENDING');
    expect(orderPlaced(to('1', 'pt-BR'), order, shop).content.body).toContain('Chave Pix: pay@example.com');
    expect(orderPlaced(to('1', 'en'), order, shop).content.body).toContain(SHOP.paymentInstructions);
    expect(orderPlaced(to('1', 'id'), order, shop).content.body).toContain(SHOP.paymentInstructions);
  });

  it('come after the Pay now sentence of the reader when a gateway takes payments', () => {
    const online = { ...shop, payOnline: true };
    expect(howToPay(online, 'pt-BR')).toBe(
      'Pague online pelo botão *Pagar agora* que enviamos, ou manualmente: Chave Pix: pay@example.com',
    );
  });
});
