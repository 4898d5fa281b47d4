// Money as integers in the currency's minor unit (cents, centavos; rupiah have none), never floats. Amounts
// are parsed from what a shop writes ("45", "45.90", "150000"), formatted with Intl for the shop's locale,
// and prorated with integer arithmetic (BigInt: a large IDR price times a period in milliseconds does not
// fit a double exactly).

import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import type { Lang } from './i18n/lang.js';
import type { Locale } from './i18n/locale.js';

/** Currencies whose minor unit is not the usual hundredth, as shops use them (IDR is priced in whole rupiah). */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  IDR: 0,
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  PYG: 0,
  UGX: 0,
  XAF: 0,
  XOF: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export interface Money {
  /** In the currency's minor unit: 4590 is R$ 45,90; 150000 is Rp 150.000. */
  minor: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return (
      (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('currency').includes(code) ?? true
    );
  } catch {
    return false;
  }
}

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/**
 * An amount as a shop writes it in its currency's major unit ("45", "45.90", "150000"), in minor units;
 * undefined when it is not a plain non-negative number with at most the currency's decimals.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** "R$ 45", "R$ 45,90", "Rp 150.000", "$45.90": whole amounts without zero decimals; never a non-breaking space. */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorDigits(money.currency);
  const whole = money.minor % 10 ** digits === 0;
  const text = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: whole ? 0 : digits,
  }).format(money.minor / 10 ** digits);
  // WhatsApp shows the narrow and non-breaking spaces Intl uses as they are; templates count them as text.
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** "R$ 45/month" for a 30-day period, "R$ 45 per 7 days" otherwise, in the reader's language. */
export function priceLabel(money: Money, locale: string, periodDays: number, lang: Lang): string {
  const t = say(COMMON_TEXTS, lang);
  const amount = formatMoney(money, locale);
  if (periodDays === 30) return t('perMonth', { amount });
  if (periodDays === 365) return t('perYear', { amount });
  return t('perDays', { amount, n: periodDays });
}

/**
 * What a package or an order costs, written for its reader: made from the amount when it is known, else the
 * label the shop's settings made (orders stored before amounts were kept).
 */
export function priceFor(
  item: { price?: string; priceMinor?: number; currency?: string; periodDays?: number },
  currency: string | undefined,
  locale: Locale,
): string | undefined {
  const code = item.currency ?? currency;
  if (item.priceMinor === undefined || !code) return item.price;
  return priceLabel({ minor: item.priceMinor, currency: code }, locale.tag, item.periodDays ?? 30, locale.lang);
}

/**
 * The share of `amount` for `partMs` out of `wholeMs`, rounded up to the minor unit (a shop never bills less
 * than the days used). 0 when nothing is left. Not capped at one whole: a server renewed ahead has more than
 * one period left, and each of them gets the bigger plan.
 */
export function prorate(amount: number, partMs: number, wholeMs: number): number {
  if (amount <= 0 || partMs <= 0 || wholeMs <= 0) return 0;
  const part = BigInt(Math.round(partMs));
  const whole = BigInt(Math.round(wholeMs));
  const n = BigInt(amount) * part;
  return Number((n + whole - 1n) / whole);
}
