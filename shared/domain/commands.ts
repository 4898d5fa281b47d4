// One grammar for everything customers and admins type or tap. Never throws: junk becomes a
// `menu` command with the closest real command as a suggestion.

import { LANGS, type Lang, parseLang } from './i18n/lang.js';
import {
  COMMAND_SYNONYMS,
  CUSTOMER_COMMAND_NAMES,
  type CustomerCommandName,
  GREETINGS as GREETINGS_BY_LANG,
  NO_WORDS,
  normaliseWord,
  ORDER_INTENT as ORDER_INTENT_BY_LANG,
  YES_WORDS,
} from './i18n/words.js';
import { isOrderStatus, type OrderStatus } from './order.js';
import { editDistance, parseOrderId } from './order-id.js';
import { cutAt } from './outbound.js';
import { type TierId, tierOfWord } from './packages.js';
import { isPaymentWord, orderIdsIn, textReceipt } from './receipt-rules.js';

export type OrderRef =
  | { ok: true; id: string }
  | { ok: false; typed: string; reason: 'missing' | 'empty' | 'length' | 'characters' };

/** `failed` is not a status: it filters CONFIRMED orders whose last attempt failed. */
export type OrdersFilter = OrderStatus | 'FAILED' | 'OPEN' | 'ALL';

export type Command =
  | { kind: 'packages' }
  | { kind: 'order'; packageRef: string }
  | { kind: 'my-orders' }
  | { kind: 'status'; orderRef: OrderRef }
  /** A customer cancels an unpaid order: asked first (a button), `confirmed` once they tap yes. */
  | { kind: 'cancel'; orderRef: OrderRef; confirmed?: true }
  | { kind: 'help' }
  | { kind: 'menu'; reason: 'greeting' | 'unknown' | 'empty' | 'media'; typed?: string; suggestion?: string }
  | { kind: 'admin-orders'; filter: OrdersFilter; badFilter?: string }
  | { kind: 'order-confirm'; orderRef: OrderRef }
  | { kind: 'order-cancel'; orderRef: OrderRef; reason?: string }
  | { kind: 'provision-retry'; orderRef: OrderRef }
  | { kind: 'provision-status'; orderRef?: OrderRef }
  | { kind: 'provision-test' }
  /** A customer's new panel password: ask (a confirm button), confirm (set and send it), or keep the old one. */
  | { kind: 'reset-password'; step: ResetStep }
  /** An admin sends the customer of an order a new password (they never see it). */
  | { kind: 'admin-reset-password'; orderRef: OrderRef; step: ResetStep }
  /** A renewal order for a server (another period); its id is the server's order id. */
  | { kind: 'renew'; orderRef: OrderRef }
  /** A fresh payment page for an unpaid order (PAYMENT_PROVIDER set): its customer, or an admin for them. */
  | { kind: 'payment-link'; orderRef: OrderRef }
  | { kind: 'my-servers' }
  | { kind: 'admin-services'; filter: ServicesFilter; badFilter?: string }
  | { kind: 'suspend'; orderRef: OrderRef; reason?: string }
  | { kind: 'unsuspend'; orderRef: OrderRef }
  /** Free days (negative shortens); `days` is absent when what was typed is not a number. */
  | { kind: 'extend'; orderRef: OrderRef; days?: number }
  | { kind: 'terminate'; orderRef: OrderRef; step: ResetStep }
  /** Runs a server's failed suspend/unsuspend/terminate again now. */
  | { kind: 'service-retry'; orderRef: OrderRef }
  /** A bigger package for a server now (`!upgrade ID PACKAGE`); without a package, the choices. */
  | { kind: 'upgrade'; orderRef: OrderRef; packageRef?: string }
  /** A smaller package from the next renewal (`!downgrade ID PACKAGE`, `cancel` keeps the plan). */
  | { kind: 'downgrade'; orderRef: OrderRef; packageRef?: string }
  /** A payment receipt: a photo or document (`media`), or a text naming an order or a payment; `named`: the ids it names. */
  | { kind: 'receipt'; via: 'media' | 'text'; named: string[] }
  /** The customer's answer to "which order is this receipt for?": the order, and the receipt's message id. */
  | { kind: 'receipt-pick'; orderRef: OrderRef; draft: string }
  /** An admin rejects an order's payment receipt; without a reason the admin is asked for one. */
  | { kind: 'order-reject'; orderRef: OrderRef; reason?: string }
  /** `!language` lists the three; `!language pt` keeps one; `typed` is what was not understood. */
  | { kind: 'language'; lang?: Lang; typed?: string };

export type ServicesFilter = 'DUE' | 'SUSPENDED' | 'TERMINATED' | 'ALL';

export type ResetStep = 'ask' | 'confirm' | 'keep';

export type CommandKind = Command['kind'];

export const ADMIN_COMMAND_KINDS: ReadonlySet<CommandKind> = new Set([
  'admin-orders',
  'order-confirm',
  'order-cancel',
  'order-reject',
  'provision-retry',
  'provision-status',
  'provision-test',
  'admin-reset-password',
  'admin-services',
  'suspend',
  'unsuspend',
  'extend',
  'terminate',
  'service-retry',
]);

export function isAdminCommand(command: Command): boolean {
  return ADMIN_COMMAND_KINDS.has(command.kind);
}

/** The canonical spelling of every command, as shown in help and suggestions. */
export const CUSTOMER_COMMANDS = [
  '!packages',
  '!order',
  '!my-orders',
  '!my-servers',
  '!renew',
  '!payment-link',
  '!upgrade',
  '!downgrade',
  '!status',
  '!cancel',
  '!reset-password',
  '!language',
  '!help',
] as const;
export const ADMIN_COMMANDS = [
  '!orders',
  '!order-confirm',
  '!order-cancel',
  '!order-reject',
  '!provision-retry',
  '!provision-status',
  '!provision-test',
  '!services',
  '!suspend',
  '!unsuspend',
  '!extend',
  '!terminate',
  '!service-retry',
  '!help',
] as const;

/** Words (after normalisation: lower case, no separators) and the command each one means. */
const WORDS: ReadonlyArray<[string, CommandKind | 'orders-word']> = [
  ['packages', 'packages'],
  ['package', 'packages'],
  ['menu', 'packages'],
  ['catalog', 'packages'],
  ['catalogue', 'packages'],
  ['plans', 'packages'],
  ['prices', 'packages'],
  ['price', 'packages'],
  ['order', 'order'],
  ['buy', 'order'],
  ['myorders', 'my-orders'],
  ['myorder', 'my-orders'],
  ['status', 'status'],
  ['cancel', 'cancel'],
  ['help', 'help'],
  ['orders', 'orders-word'],
  ['orderconfirm', 'order-confirm'],
  ['confirm', 'order-confirm'],
  ['ordercancel', 'order-cancel'],
  ['orderreject', 'order-reject'],
  ['reject', 'order-reject'],
  ['receipt', 'receipt'],
  ['provisionretry', 'provision-retry'],
  ['retry', 'provision-retry'],
  ['provisionstatus', 'provision-status'],
  ['provisiontest', 'provision-test'],
  ['resetpassword', 'reset-password'],
  ['passwordreset', 'reset-password'],
  ['newpassword', 'reset-password'],
  ['forgotpassword', 'reset-password'],
  ['lostpassword', 'reset-password'],
  ['renew', 'renew'],
  ['renewal', 'renew'],
  ['paymentlink', 'payment-link'],
  ['paylink', 'payment-link'],
  ['pay', 'payment-link'],
  ['myservers', 'my-servers'],
  ['myserver', 'my-servers'],
  ['servers', 'my-servers'],
  ['services', 'admin-services'],
  ['suspend', 'suspend'],
  ['unsuspend', 'unsuspend'],
  ['extend', 'extend'],
  ['terminate', 'terminate'],
  ['serviceretry', 'service-retry'],
  ['upgrade', 'upgrade'],
  ['downgrade', 'downgrade'],
  ['language', 'language'],
  // Every language's own names and synonyms of the customer commands: "!pesan gold", "!pedido ouro".
  ...LANGS.flatMap((lang) => [
    ...Object.entries(CUSTOMER_COMMAND_NAMES).map(([kind, names]): [string, CommandKind] => [
      normaliseWord(names[lang]),
      kind as CustomerCommandName,
    ]),
    ...Object.entries(COMMAND_SYNONYMS[lang]).map(([word, kind]): [string, CommandKind] => [word, kind]),
  ]),
];

const GREETINGS = new Set(LANGS.flatMap((lang) => GREETINGS_BY_LANG[lang].map(normaliseWord)));

const MAX_INPUT = 4096;

export interface CommandInput {
  /** What the person typed (text message, or a media caption). */
  text?: string;
  /** The id of a tapped reply button, list row or template quick-reply button. */
  buttonId?: string;
  /** The message is a photo or a document: a payment receipt, whatever its caption (`text`) says. */
  receipt?: boolean;
}

export interface ParseOptions {
  /** Suggestions name admin commands only to admins. */
  admin: boolean;
}

export function parseCommand(input: CommandInput, options: ParseOptions = { admin: false }): Command {
  if (input.buttonId === undefined && input.receipt) return { kind: 'receipt', via: 'media', named: idsIn(input.text) };
  const raw = input.buttonId ?? input.text;
  if (raw === undefined) return { kind: 'menu', reason: 'media' };
  const text = normalise(raw);
  if (text.length === 0) return { kind: 'menu', reason: 'empty' };

  const hadPrefix = /^[!/.#]/.test(text);
  const body = text.replace(/^[!/.#]+\s*/, '');
  const tokens = body.split(' ').filter((t) => t.length > 0);
  if (tokens.length === 0) return { kind: 'menu', reason: 'empty' };

  const match = matchCommandWord(tokens);
  // Not a command, but "paid ORD-9JTXX2, pix E0987...": a receipt (before greetings: "Olá, paguei ...").
  if (!match || (!hadPrefix && tokens.length - match.used > 2)) {
    const receipt = receiptIn(body, tokens, hadPrefix, options.admin);
    if (receipt) return receipt;
  }
  if (!match) {
    // "I want the gold one", "quero o gold", "gold": a package named in plain words is an order of it.
    const named = packageNamedIn(tokens);
    if (named) return { kind: 'order', packageRef: named };
    const word = (tokens[0] ?? '').toLowerCase();
    if (GREETINGS.has(normaliseWord(word)) || GREETINGS.has(normaliseWord(tokens.join('')))) {
      return { kind: 'menu', reason: 'greeting' };
    }
    const typed = truncate(body, 40);
    const suggestion = hadPrefix || tokens.length <= 2 ? suggest(word, options.admin) : undefined;
    return suggestion
      ? { kind: 'menu', reason: 'unknown', typed, suggestion }
      : { kind: 'menu', reason: 'unknown', typed };
  }
  // Without a "!" only short messages count as commands: "status ORD-7K2M9Q", not a sentence that starts with "order".
  if (!hadPrefix && tokens.length - match.used > 2) {
    return { kind: 'menu', reason: 'unknown', typed: truncate(body, 40) };
  }
  return build(match.kind, tokens.slice(match.used), options.admin);
}

function normalise(raw: string): string {
  return raw
    .slice(0, MAX_INPUT)
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function matchCommandWord(tokens: string[]): { kind: CommandKind | 'orders-word'; used: number } | undefined {
  // Longest match first: "order confirm X" and "order-confirm X" and "orderconfirm X" are one command.
  for (const used of [2, 1]) {
    if (tokens.length < used) continue;
    const joined = tokens
      .slice(0, used)
      .join('')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[-_]/g, '');
    const found = WORDS.find(([w]) => w === joined);
    if (found) return { kind: found[1], used };
  }
  return undefined;
}

function orderRef(args: string[]): OrderRef {
  const typed = args.join(' ');
  if (typed.length === 0) return { ok: false, typed: '', reason: 'missing' };
  // An id is one token, or "ORD 7K2M9Q" as two; anything after is ignored (a reason, a thank-you).
  // Punctuation around it is not part of it: "ORD-7K2M9Q?", "(ORD-7K2M9Q)", and "*ORD-7K2M9Q*" as
  // copied from one of our own bold messages.
  const first = stripPunctuation(args[0] ?? '');
  const second = stripPunctuation(args[1] ?? '');
  const candidates = /^ord$/i.test(first) && second ? [`${first}${second}`, first] : [first];
  for (const c of candidates) {
    const parsed = parseOrderId(c);
    if (parsed.ok) return { ok: true, id: parsed.id };
  }
  // Report the most complete reading: "ORD 7K2M9" is an id of the wrong length, not an empty one.
  const best = candidates[0] ?? '';
  const parsed = parseOrderId(best);
  return { ok: false, typed: truncate(best || (args[0] ?? ''), 24), reason: parsed.ok ? 'characters' : parsed.reason };
}

function stripPunctuation(token: string): string {
  return token.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

function build(kind: CommandKind | 'orders-word', args: string[], admin: boolean): Command {
  switch (kind) {
    case 'packages':
    case 'my-orders':
    case 'my-servers':
    case 'help':
    case 'provision-test':
      return { kind } as Command;
    case 'renew':
    case 'payment-link':
    case 'unsuspend':
    case 'service-retry':
      return { kind, orderRef: orderRef(args) };
    case 'suspend': {
      const ref = orderRef(args);
      const reason = afterId(args, ref);
      return reason ? { kind, orderRef: ref, reason: truncate(reason, 200) } : { kind, orderRef: ref };
    }
    case 'extend':
      return extend(args);
    case 'upgrade':
    case 'downgrade': {
      const ref = orderRef(args);
      const packageRef = afterId(args, ref).trim();
      return packageRef ? { kind, orderRef: ref, packageRef: truncate(packageRef, 40) } : { kind, orderRef: ref };
    }
    case 'terminate':
      return terminate(args);
    case 'admin-services':
      return servicesFilter(args[0]);
    case 'order':
      return { kind: 'order', packageRef: truncate(args.join(' '), 40) };
    case 'status':
    case 'order-confirm':
    case 'provision-retry':
      return { kind, orderRef: orderRef(args) };
    case 'cancel': {
      const yes = args.length > 1 && isYes(args.at(-1));
      return yes
        ? { kind, orderRef: orderRef(args.slice(0, -1)), confirmed: true }
        : { kind, orderRef: orderRef(args) };
    }
    case 'order-cancel': {
      const ref = orderRef(args);
      const reason = afterId(args, ref);
      return reason ? { kind, orderRef: ref, reason: truncate(reason, 200) } : { kind, orderRef: ref };
    }
    case 'provision-status':
      return args.length === 0 ? { kind } : { kind, orderRef: orderRef(args) };
    case 'order-reject': {
      const ref = orderRef(args);
      const reason = afterId(args, ref);
      return reason ? { kind, orderRef: ref, reason: truncate(reason, 200) } : { kind, orderRef: ref };
    }
    case 'receipt':
      return receiptPick(args);
    case 'language':
      return language(args);
    case 'orders-word':
      return ordersFilter(args);
    case 'reset-password':
      return resetPassword(args, admin);
    default:
      return { kind: 'menu', reason: 'unknown' };
  }
}

/** Words that say "I want to buy", in every language: with a package's name in the same short message, it is an order. */
const ORDER_INTENT = new Set(LANGS.flatMap((lang) => ORDER_INTENT_BY_LANG[lang]));

/** The package a short message names, when it names exactly one and either asks for it or is only its name. */
function packageNamedIn(tokens: string[]): string | undefined {
  if (tokens.length > 8) return undefined;
  const words = tokens.map((t) => stripPunctuation(t).toLowerCase());
  const tiers = [...new Set(words.map(tierOfWord).filter((w): w is TierId => w !== undefined))];
  if (tiers.length !== 1) return undefined;
  const intent = words.some((w) => ORDER_INTENT.has(w));
  return intent || words.length === 1 ? tiers[0] : undefined;
}

/** What follows the order id ("ORD-7K2M9Q" or "ORD 7K2M9Q"): a reason, a number of days. */
function afterId(args: string[], ref: OrderRef): string {
  return args.slice(ref.ok && /^ord$/i.test(stripPunctuation(args[0] ?? '')) ? 2 : 1).join(' ');
}

/**
 * A text receipt, unless it is a mistyped command: "!stauts ORD-7K2M9Q" and "stauts ORD-7K2M9Q" get their
 * suggestion; "!paid ORD-7K2M9Q", "paguei ORD-7K2M9Q" and sentences naming an order are receipts.
 */
function receiptIn(body: string, tokens: string[], hadPrefix: boolean, admin: boolean): Command | undefined {
  const found = textReceipt(body);
  if (!found) return undefined;
  const first = tokens[0] ?? '';
  if (!isPaymentWord(first) && (hadPrefix || (tokens.length <= 2 && suggest(first, admin)))) return undefined;
  return { kind: 'receipt', via: 'text', named: found.named };
}

/** The ids a caption or text names (at most three). */
function idsIn(text: string | undefined): string[] {
  return text ? orderIdsIn(normalise(text)) : [];
}

/** `!receipt ID DRAFT` is a tap on "which order?"; typed without the draft, it is a text receipt for ID. */
function receiptPick(args: string[]): Command {
  const ref = orderRef(args);
  const draft = afterId(args, ref).split(' ')[0] ?? '';
  if (ref.ok && draft) return { kind: 'receipt-pick', orderRef: ref, draft: draft.slice(0, 200) };
  return { kind: 'receipt', via: 'text', named: ref.ok ? [ref.id] : [] };
}

/** `!language` alone lists the languages; `!language pt`, `!bahasa indonesia`, `!idioma português` keep one. */
function language(args: string[]): Command {
  const typed = args.join(' ').trim();
  if (typed === '') return { kind: 'language' };
  const lang = parseLang(typed);
  return lang ? { kind: 'language', lang } : { kind: 'language', typed: truncate(typed, 24) };
}

/** `!extend ID DAYS`: days may be negative and decimal ("-1", "0.5", "2,5" as typed in Brazil). */
function extend(args: string[]): Command {
  const ref = orderRef(args);
  const typed = afterId(args, ref).split(' ')[0]?.replace(',', '.') ?? '';
  const days = /^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(typed) ? Number(typed) : undefined;
  return days !== undefined && Number.isFinite(days) && Math.abs(days) <= 3660
    ? { kind: 'extend', orderRef: ref, days }
    : { kind: 'extend', orderRef: ref };
}

/** `!terminate ID` asks; `!terminate ID confirm` (the button) does it; `!terminate ID keep` drops it. */
function terminate(args: string[]): Command {
  const step = stepOf(args.at(-1));
  return { kind: 'terminate', orderRef: orderRef(step === 'ask' ? args : args.slice(0, -1)), step };
}

function isYes(word: string | undefined): boolean {
  return YES_WORDS.includes(stripPunctuation(word ?? '').toLowerCase());
}

/** The last word of a confirm-or-keep command, in any language: "confirm", "ya", "sim"; "keep", "tidak", "não". */
function stepOf(last: string | undefined): ResetStep {
  if (isYes(last)) return 'confirm';
  return NO_WORDS.includes(stripPunctuation(last ?? '').toLowerCase()) ? 'keep' : 'ask';
}

const SERVICES_FILTERS: readonly ServicesFilter[] = ['DUE', 'SUSPENDED', 'TERMINATED', 'ALL'];

function servicesFilter(typed: string | undefined): Command {
  if (typed === undefined) return { kind: 'admin-services', filter: 'DUE' };
  const word = typed.toUpperCase().replace(/[^A-Z]/g, '');
  const found = SERVICES_FILTERS.find((f) => f === word || (word.length >= 3 && f.startsWith(word)));
  const near = found ?? (word.length >= 4 ? closest(word, SERVICES_FILTERS, 2) : undefined);
  if (near) return { kind: 'admin-services', filter: near as ServicesFilter };
  return { kind: 'admin-services', filter: 'DUE', badFilter: truncate(typed, 24) };
}

/**
 * `!reset-password [confirm|keep]` for the sender's own account; an admin adds an order id to reset the
 * password of that order's customer. Anything else a customer types after it is ignored (their own account
 * is the only one they can reset).
 */
function resetPassword(args: string[], admin: boolean): Command {
  const step = stepOf(args.at(-1));
  const rest = step === 'ask' ? args : args.slice(0, -1);
  if (admin && rest.length > 0) return { kind: 'admin-reset-password', orderRef: orderRef(rest), step };
  return { kind: 'reset-password', step };
}

const ORDERS_FILTERS: readonly OrdersFilter[] = [
  'PENDING',
  'CONFIRMED',
  'PROVISIONING',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'OPEN',
  'ALL',
];

function ordersFilter(args: string[]): Command {
  const typed = args[0];
  // `!orders` alone is the open queue; `!orders all` is every order, whatever its status.
  if (typed === undefined) return { kind: 'admin-orders', filter: 'OPEN' };
  const word = typed.toUpperCase().replace(/[^A-Z]/g, '');
  if (word === 'ALL') return { kind: 'admin-orders', filter: 'ALL' };
  if (word === 'OPEN') return { kind: 'admin-orders', filter: 'OPEN' };
  if (word === 'FAILED') return { kind: 'admin-orders', filter: 'FAILED' };
  if (isOrderStatus(word)) return { kind: 'admin-orders', filter: word };
  // Tolerate short forms and typos ("fail", "complete", "confirmd", "canceled"), but not junk: a
  // distance that any three letters reach ("xyz" is 3 edits from "ALL") is no match, and a filter
  // that was not understood is reported rather than silently widened to all orders.
  const prefixed = word.length >= 3 ? ORDERS_FILTERS.filter((f) => f.startsWith(word)) : [];
  if (prefixed.length === 1) return { kind: 'admin-orders', filter: prefixed[0]! };
  const best = word.length >= 4 ? closest(word, ORDERS_FILTERS, word.length >= 7 ? 2 : 1) : undefined;
  if (best) return { kind: 'admin-orders', filter: best as OrdersFilter };
  return { kind: 'admin-orders', filter: 'OPEN', badFilter: truncate(typed, 24) };
}

function suggest(word: string, admin: boolean): string | undefined {
  const clean = word.toLowerCase().replace(/^[!/.#]+/, '');
  if (clean.length === 0) return undefined;
  const localised = LANGS.flatMap((lang) => Object.values(CUSTOMER_COMMAND_NAMES).map((names) => names[lang]));
  const names = [...new Set([...localised, ...(admin ? ADMIN_COMMANDS.map((c) => c.slice(1)) : [])])];
  const best = closest(clean, names, Math.max(2, Math.floor(clean.length / 3)));
  return best ? `!${best}` : undefined;
}

function closest(word: string, options: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const option of options) {
    const d = editDistance(word.toLowerCase(), option.toLowerCase());
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${cutAt(s, max - 1)}…`;
}

/** Button and list ids are the command text itself, so a tap and a typed command take the same path. */
export const commandId = {
  packages: () => '!packages',
  order: (packageId: string) => `!order ${packageId}`,
  myOrders: () => '!my-orders',
  status: (orderId: string) => `!status ${orderId}`,
  cancel: (orderId: string) => `!cancel ${orderId}`,
  cancelConfirmed: (orderId: string) => `!cancel ${orderId} confirm`,
  help: () => '!help',
  confirm: (orderId: string) => `!order-confirm ${orderId}`,
  adminCancel: (orderId: string) => `!order-cancel ${orderId}`,
  reject: (orderId: string, reason?: string) =>
    reason ? `!order-reject ${orderId} ${reason}` : `!order-reject ${orderId}`,
  receiptFor: (orderId: string, draft: string) => `!receipt ${orderId} ${draft}`,
  retry: (orderId: string) => `!provision-retry ${orderId}`,
  provisionStatus: (orderId: string) => `!provision-status ${orderId}`,
  orders: (filter: string) => `!orders ${filter.toLowerCase()}`,
  resetPassword: (step?: 'confirm' | 'keep') => (step ? `!reset-password ${step}` : '!reset-password'),
  adminResetPassword: (orderId: string, step?: 'confirm' | 'keep') =>
    step ? `!reset-password ${orderId} ${step}` : `!reset-password ${orderId}`,
  renew: (orderId: string) => `!renew ${orderId}`,
  paymentLink: (orderId: string) => `!payment-link ${orderId}`,
  upgrade: (orderId: string, packageId?: string) =>
    packageId ? `!upgrade ${orderId} ${packageId}` : `!upgrade ${orderId}`,
  myServers: () => '!my-servers',
  serviceRetry: (orderId: string) => `!service-retry ${orderId}`,
  language: (lang?: Lang) => (lang ? `!language ${lang}` : '!language'),
  terminate: (orderId: string, step?: 'confirm' | 'keep') =>
    step ? `!terminate ${orderId} ${step}` : `!terminate ${orderId}`,
};
