// The languages every customer and admin text exists in, and how people name them.

export const LANGS = ['en', 'id', 'pt-BR'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Each language in its own words, as the language list shows it (≤ 24 characters: a list row title). */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  en: 'English',
  id: 'Bahasa Indonesia',
  'pt-BR': 'Português (Brasil)',
};

/** What people type for each language, after lower-casing and dropping accents and separators. */
const NAMES: Readonly<Record<Lang, readonly string[]>> = {
  en: ['en', 'enus', 'engb', 'english', 'inggris', 'bahasainggris', 'ingles'],
  id: ['id', 'idid', 'in', 'indonesia', 'indonesian', 'bahasa', 'bahasaindonesia', 'indo', 'indonesio'],
  'pt-BR': ['pt', 'ptbr', 'br', 'portugues', 'portuguese', 'portuguesbrasil', 'brasil', 'brazil', 'portugis'],
};

/** A language from a setting or from what someone typed: "pt", "pt_BR", "Português", "bahasa", "en-US". */
export function parseLang(typed: string): Lang | undefined {
  const key = typed
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (key === '') return undefined;
  return LANGS.find((lang) => NAMES[lang].includes(key));
}
