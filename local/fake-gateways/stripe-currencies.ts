// The currencies the fake Stripe knows: the presentment list Stripe quotes in its "Invalid currency" error,
// the zero-decimal ones, and the minimum charge per currency from docs.stripe.com/currencies (the table
// integrators copy, e.g. MemberPress's minimum_charge_amounts.php). Currencies without a known minimum are
// not checked (IDR among them: Stripe lists no minimum for it).

/** As listed in Stripe's own error message (issue threads quote it; eek/lvl/ltl/vef/mro/std retired). */
export const CURRENCIES: readonly string[] = (
  'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf ' +
  'clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ' +
  'ils inr isk jmd jpy kes kgs khr kmf krw kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk ' +
  'mxn myr mzn nad ngn nio nok npr nzd pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp ' +
  'sle sos srd szl thb tjs top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
).split(' ');

/** Amounts in these are whole units (500 jpy is ¥500), everything else in hundredths. */
export const ZERO_DECIMAL = new Set('bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '));

/** Minimum charge in minor units: the currencies the fake checks. */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

const SYMBOLS: Readonly<Record<string, string>> = {
  usd: '$',
  aud: '$',
  cad: '$',
  hkd: '$',
  mxn: '$',
  nzd: '$',
  sgd: '$',
  eur: '€',
  gbp: '£',
  brl: 'R$',
  jpy: '¥',
  inr: '₹',
};

/** An amount as Stripe's messages show it: "$0.50", "¥50", "175.00 Ft"-like for the rest ("2.00"). */
export function formatMinor(currency: string, minor: number): string {
  const major = ZERO_DECIMAL.has(currency) ? String(minor) : (minor / 100).toFixed(2);
  return `${SYMBOLS[currency] ?? ''}${major}`;
}
