// Who a message is for and how they read it: the language, the shop's time zone, and the Intl locale
// that dates and amounts are written with. Every date and amount goes through Intl, never by hand.

import type { Lang } from './lang.js';

export interface Locale {
  readonly lang: Lang;
  /** The shop's IANA time zone (SHOP_TIME_ZONE): dates and times are the shop's, said with their zone. */
  readonly timeZone: string;
  /** The BCP 47 tag Intl formats with (the language, or SHOP_LOCALE for the shop's own language). */
  readonly tag: string;
}

/** A message's recipient (a wa_id or business-scoped user id) and the locale it is written in. */
export interface Recipient {
  readonly id: string;
  readonly locale: Locale;
}

/** The shop's language facts: SHOP_LANGUAGE, ADMIN_LANGUAGE, SHOP_TIME_ZONE and SHOP_LOCALE. */
export interface LocaleSettings {
  language: Lang;
  adminLanguage: Lang;
  timeZone: string;
  /** SHOP_LOCALE: the region amounts are written for in the shop's own language (e.g. pt-BR, id-ID). */
  locale?: string;
}

export function localeOf(lang: Lang, shop: LocaleSettings): Locale {
  const tag = lang === shop.language && shop.locale?.toLowerCase().startsWith(lang.slice(0, 2)) ? shop.locale : lang;
  return { lang, timeZone: shop.timeZone, tag };
}

/** A customer (their kept language, else the shop's). */
export function customerRecipient(id: string, lang: Lang | undefined, shop: LocaleSettings): Recipient {
  return { id, locale: localeOf(lang ?? shop.language, shop) };
}

/** An admin: admin texts are in ADMIN_LANGUAGE. */
export function adminRecipient(id: string, shop: LocaleSettings): Recipient {
  return { id, locale: localeOf(shop.adminLanguage, shop) };
}

/** True when `zone` is an IANA time zone this runtime knows ("UTC", "America/Sao_Paulo", "Asia/Jakarta"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, options: Intl.DateTimeFormatOptions, name: string): Intl.DateTimeFormat {
  const key = `${locale.tag}|${locale.timeZone}|${name}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale.tag, { ...options, timeZone: locale.timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

/** WhatsApp shows Intl's narrow and non-breaking spaces as they are; plain spaces read the same. */
function plain(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** A day in the shop's time zone: "Dec 30, 2026", "30 Des 2026", "30 de dez. de 2026". */
export function formatDate(at: string | Date, locale: Locale): string {
  return plain(formatter(locale, { dateStyle: 'medium' }, 'date').format(new Date(at)));
}

/** A moment in the shop's time zone, with the zone: "Dec 30, 2026, 2:05 PM UTC". */
export function formatDateTime(at: string | Date, locale: Locale): string {
  const f = formatter(
    locale,
    { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
    'datetime',
  );
  return plain(f.format(new Date(at)));
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The CLDR plural category of `n` in the language ("one", "other", ...). */
export function pluralOf(n: number, lang: Lang): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}
