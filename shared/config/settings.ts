// Typed settings, read once at start-up. Names follow what shops already use for this kind of bot
// (PTERODACTYL_URL, BRONZE_EGG_ID, ADMIN_WA_IDS, ...). Secrets are not here: see secrets.ts.

import { ConfigError } from '../domain/domain-errors.js';
import { LANGS, type Lang, parseLang } from '../domain/i18n/lang.js';
import { isTimeZone, type LocaleSettings } from '../domain/i18n/locale.js';
import type { ShopInfo } from '../domain/messages.js';
import { isCurrency, parseAmount, priceLabel } from '../domain/money.js';
import {
  DEFAULT_TIER_RESOURCES,
  type Package,
  type Placement,
  type Resources,
  TIER_IDS,
  type TierId,
  tierName,
} from '../domain/packages.js';
import { isPaymentProvider, type PaymentProvider } from '../domain/payment.js';
import { DEFAULT_PAYMENT_POLICY, type PaymentPolicy } from '../domain/payment-deadlines.js';
import { DEFAULT_POLICY, type LifecyclePolicy } from '../domain/service.js';
import { type Env, EnvReader } from './env-reader.js';

export interface PanelSettings {
  /** Where the system calls the Application API. */
  url: string;
  /** The address customers are given (the same panel, maybe behind another hostname). */
  publicUrl: string;
  emailDomain: string;
  /**
   * PANEL_RATE_LIMIT_PER_MINUTE: Application API calls a minute for the whole system, shared by every
   * function (the panel allows 240 per key; the rest is headroom for its web UI and other tools).
   */
  rateLimitPerMinute: number;
}

export interface ProvisioningSettings {
  autoProvisioning: boolean;
  installPollSeconds: number;
  installTimeoutSeconds: number;
}

export interface WhatsAppSettings {
  graphUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  /** Each language's template code (English: WHATSAPP_TEMPLATE_LANGUAGE): a message's template form is sent in the language it is written in. */
  templateLanguages: Readonly<Record<Lang, string>>;
}

export interface LifecycleSettings {
  policy: LifecyclePolicy;
  /** An unpaid order's nudge and expiry (PAYMENT_REMINDER_HOURS, PENDING_EXPIRY_HOURS). */
  payment: PaymentPolicy;
  /** How often the sweep looks for due work (LIFECYCLE_SWEEP_SECONDS; AWS rounds it up to whole minutes). */
  sweepSeconds: number;
}

/** PAYMENT_PROVIDER and where its gateway answers; the gateway's keys are secrets (secrets.ts). */
export interface PaymentSettings {
  provider: PaymentProvider;
  stripeApiUrl: string;
  midtransSnapUrl: string;
  midtransApiUrl: string;
  /** Where the gateway's page sends the customer after paying (PAYMENT_RETURN_URL; default the panel). */
  returnUrl: string;
  /** PAYMENT_INSTRUCTIONS as the shop wrote them: the way to pay when the gateway cannot make a link. */
  manualInstructions: string;
}

export interface Settings {
  panel: PanelSettings;
  payments: PaymentSettings;
  lifecycle: LifecycleSettings;
  provisioning: ProvisioningSettings;
  whatsapp: WhatsAppSettings;
  shop: ShopInfo;
  adminIds: string[];
  catalogue: Package[];
}

const DOCKER_IMAGE = /^[\w./\-:@ ]*$/;
const PORT_ENTRY = /^(\d{1,5})$|^(\d{4,5})-(\d{4,5})$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function readSettings(env: Env): Settings {
  const r = new EnvReader(env);
  const panelUrl = r.url('PTERODACTYL_URL');
  const panel: PanelSettings = {
    url: panelUrl,
    // Optional: without it customers get PTERODACTYL_URL, whose own problem (if any) is already named.
    publicUrl: r.raw('PTERODACTYL_PUBLIC_URL') !== undefined ? r.url('PTERODACTYL_PUBLIC_URL') : panelUrl,
    emailDomain: readEmailDomain(r),
    rateLimitPerMinute: readPanelRateLimit(r),
  };
  // The longest wait between install checks: they start 2 s apart and grow with the install's age.
  const installPollSeconds = r.int('INSTALL_POLL_SECONDS', { fallback: 60, min: 1, max: 300 }) ?? 60;
  const installTimeoutSeconds = r.int('INSTALL_TIMEOUT_SECONDS', { fallback: 900, min: 10, max: 86_400 }) ?? 900;
  if (installTimeoutSeconds < installPollSeconds) {
    r.fail(
      `INSTALL_TIMEOUT_SECONDS (${installTimeoutSeconds}) must be at least INSTALL_POLL_SECONDS (${installPollSeconds})`,
    );
  }
  // No limit on looks per install: they are install-watch messages, not events in the execution's history.
  const money = readMoney(r);
  const payments = readPayments(r, panel.publicUrl, money.currency);
  const instructionsIn = readInstructionsIn(r);
  const settings: Settings = {
    panel,
    payments,
    provisioning: {
      autoProvisioning: r.bool('AUTO_PROVISIONING_ENABLED', true),
      installPollSeconds,
      installTimeoutSeconds,
    },
    whatsapp: readWhatsApp(r),
    lifecycle: readLifecycle(r),
    shop: {
      ...money,
      ...readLanguages(r),
      shopName: r.string('SHOP_NAME'),
      panelUrl: panel.publicUrl,
      // The shop's own words; with a gateway, messages put the Pay now sentence first (howToPay, per language).
      paymentInstructions: payments.manualInstructions,
      ...(instructionsIn ? { paymentInstructionsIn: instructionsIn } : {}),
      ...(payments.provider !== 'manual' ? { payOnline: true } : {}),
      supportContact: r.string('SUPPORT_CONTACT'),
    },
    adminIds: readAdminIds(r),
    catalogue: readCatalogue(r, money),
  };
  r.done();
  return settings;
}

/** SHOP_LANGUAGE (customers' default), ADMIN_LANGUAGE (default: the shop's) and SHOP_TIME_ZONE (IANA, default UTC). */
export function readLanguages(r: EnvReader): Pick<LocaleSettings, 'language' | 'adminLanguage' | 'timeZone'> {
  const lang = (name: string, fallback: Lang): Lang => {
    const raw = r.raw(name);
    if (raw === undefined || raw.trim() === '') return fallback;
    const found = parseLang(raw);
    if (!found) r.fail(`${name} must be one of ${LANGS.join(', ')}, got "${raw}"`);
    return found ?? fallback;
  };
  const language = lang('SHOP_LANGUAGE', 'en');
  const adminLanguage = lang('ADMIN_LANGUAGE', language);
  const timeZone = r.raw('SHOP_TIME_ZONE')?.trim() || 'UTC';
  if (!isTimeZone(timeZone)) {
    r.fail(
      `SHOP_TIME_ZONE must be an IANA time zone such as UTC, America/Sao_Paulo or Asia/Jakarta, got "${timeZone}"`,
    );
  }
  return { language, adminLanguage, timeZone };
}

/** The shared budget of panel calls; more than the panel allows would only trade pacing for 429s. */
function readPanelRateLimit(r: EnvReader): number {
  const raw = r.raw('PANEL_RATE_LIMIT_PER_MINUTE');
  if (raw !== undefined && !/^\d+$/.test(raw.trim())) {
    r.fail(
      `PANEL_RATE_LIMIT_PER_MINUTE must be a whole number of panel calls a minute (the panel allows 240 by default; 200 leaves room for its web UI), got "${raw}"`,
    );
    return 200;
  }
  const n = raw === undefined ? 200 : Number(raw.trim());
  if (n < 1 || n > 100_000) {
    r.fail(`PANEL_RATE_LIMIT_PER_MINUTE must be from 1 to 100000 calls a minute, got ${n}`);
    return 200;
  }
  return n;
}

export function readWhatsApp(r: EnvReader): WhatsAppSettings {
  const apiVersion = r.string('WHATSAPP_API_VERSION', 'v25.0');
  if (apiVersion && !/^v\d+\.\d+$/.test(apiVersion))
    r.fail(`WHATSAPP_API_VERSION must look like v25.0, got "${apiVersion}"`);
  const phoneNumberId = r.string('WHATSAPP_PHONE_NUMBER_ID');
  if (phoneNumberId && !/^\d+$/.test(phoneNumberId))
    r.fail('WHATSAPP_PHONE_NUMBER_ID must be digits (the id, not the phone number)');
  return {
    graphUrl: r.url('WHATSAPP_GRAPH_URL', 'https://graph.facebook.com'),
    apiVersion,
    phoneNumberId,
    templateLanguages: {
      en: r.string('WHATSAPP_TEMPLATE_LANGUAGE', 'en_US'),
      id: r.string('WHATSAPP_TEMPLATE_LANGUAGE_ID', 'id'),
      'pt-BR': r.string('WHATSAPP_TEMPLATE_LANGUAGE_PT_BR', 'pt_BR'),
    },
  };
}

/** The payment gateway (issue: automatic payments). Midtrans takes rupiah only. */
export function readPayments(r: EnvReader, panelUrl: string, currency: string): PaymentSettings {
  const raw = (r.raw('PAYMENT_PROVIDER') ?? 'manual').toLowerCase();
  const provider: PaymentProvider = isPaymentProvider(raw) ? raw : 'manual';
  if (!isPaymentProvider(raw)) r.fail(`PAYMENT_PROVIDER must be manual, stripe or midtrans, got "${raw}"`);
  if (provider === 'midtrans' && currency !== 'IDR')
    r.fail(`PAYMENT_PROVIDER=midtrans takes payments in rupiah only: set SHOP_CURRENCY=IDR (it is ${currency})`);
  return {
    provider,
    stripeApiUrl: r.url('STRIPE_API_URL', 'https://api.stripe.com'),
    // The host alone, or as Midtrans's docs write it (…/snap/v1): both work.
    midtransSnapUrl: r.url('MIDTRANS_SNAP_URL', 'https://app.midtrans.com').replace(/\/snap\/v1$/, ''),
    midtransApiUrl: r.url('MIDTRANS_API_URL', 'https://api.midtrans.com'),
    returnUrl: r.raw('PAYMENT_RETURN_URL') !== undefined ? r.url('PAYMENT_RETURN_URL') : panelUrl,
    manualInstructions: r.string('PAYMENT_INSTRUCTIONS').replace(/\\n/g, '\n'),
  };
}

/** PAYMENT_INSTRUCTIONS_EN, _ID, _PT_BR: the shop's payment instructions written in another language. */
function readInstructionsIn(r: EnvReader): Partial<Record<Lang, string>> | undefined {
  const names: Record<Lang, string> = {
    en: 'PAYMENT_INSTRUCTIONS_EN',
    id: 'PAYMENT_INSTRUCTIONS_ID',
    'pt-BR': 'PAYMENT_INSTRUCTIONS_PT_BR',
  };
  const found: Partial<Record<Lang, string>> = {};
  for (const lang of LANGS) {
    const raw = r.raw(names[lang])?.trim();
    if (raw) found[lang] = raw.replace(/\\n/g, '\n');
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/** The "How to pay" customers read: the Pay now button first when a gateway takes payments. */
/** The renewal, suspension and termination policy (issue: subscriptions). Every duration in days takes decimals. */
export function readLifecycle(r: EnvReader): LifecycleSettings {
  const reminderDays = readReminderDays(r);
  const suspendAfterDays = r.days('SUSPEND_AFTER_DAYS', { fallback: DEFAULT_POLICY.suspendAfterDays, max: 365 });
  const terminateAfterDays = readTerminateAfter(r);
  const terminationWarningDays = r.days('TERMINATION_WARNING_DAYS', {
    fallback: DEFAULT_POLICY.terminationWarningDays,
    max: 365,
  });
  if (terminateAfterDays !== 'never' && terminationWarningDays >= terminateAfterDays && terminationWarningDays > 0) {
    r.fail(
      `TERMINATION_WARNING_DAYS (${terminationWarningDays}) must be less than TERMINATE_AFTER_DAYS (${terminateAfterDays}): the last warning comes after the suspension`,
    );
  }
  const sweepSeconds = r.int('LIFECYCLE_SWEEP_SECONDS', { fallback: 300, min: 1, max: 86_400 }) ?? 300;
  return {
    policy: { reminderDays, suspendAfterDays, terminateAfterDays, terminationWarningDays },
    payment: readPayment(r),
    sweepSeconds,
  };
}

/** Hours take decimals too (the reader's "days" parser reads any positive decimal number). */
function readPayment(r: EnvReader): PaymentPolicy {
  const reminderHours = r.days('PAYMENT_REMINDER_HOURS', { fallback: DEFAULT_PAYMENT_POLICY.reminderHours, max: 8760 });
  const raw = r.raw('PENDING_EXPIRY_HOURS');
  if (raw !== undefined && raw.toLowerCase() === 'never') return { reminderHours, expiryHours: 'never' };
  const expiryHours = r.days('PENDING_EXPIRY_HOURS', {
    fallback: DEFAULT_PAYMENT_POLICY.expiryHours as number,
    positive: true,
    max: 8760,
  });
  return { reminderHours, expiryHours };
}

function readReminderDays(r: EnvReader): number[] {
  const v = r.raw('RENEWAL_REMINDER_DAYS');
  if (v === undefined) return [...DEFAULT_POLICY.reminderDays];
  if (/^(none|off|0)$/i.test(v)) return [];
  const parts = v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const days = parts.map(Number);
  if (parts.length === 0 || days.some((d, i) => !/^\d*\.?\d+$/.test(parts[i]!) || d <= 0 || d > 365)) {
    r.fail(`RENEWAL_REMINDER_DAYS must be days before the due date, e.g. 3,1 (decimals allowed), got "${v}"`);
    return [...DEFAULT_POLICY.reminderDays];
  }
  return [...new Set(days)].sort((a, b) => b - a);
}

function readTerminateAfter(r: EnvReader): number | 'never' {
  const v = r.raw('TERMINATE_AFTER_DAYS');
  if (v !== undefined && v.toLowerCase() === 'never') return 'never';
  if (v !== undefined && /^0*(\.0*)?$/.test(v)) {
    r.fail(
      'TERMINATE_AFTER_DAYS=0 is refused: termination deletes the server, so it needs a positive delay (or "never")',
    );
    return DEFAULT_POLICY.terminateAfterDays;
  }
  return r.days('TERMINATE_AFTER_DAYS', {
    fallback: DEFAULT_POLICY.terminateAfterDays as number,
    positive: true,
    max: 3650,
  });
}

/** The shop's currency (ISO 4217) and the locale amounts are formatted for. */
export function readMoney(r: EnvReader): { currency: string; locale: string } {
  const currency = (r.raw('SHOP_CURRENCY') ?? 'USD').toUpperCase();
  if (!isCurrency(currency))
    r.fail(`SHOP_CURRENCY must be an ISO 4217 code such as IDR, BRL or USD, got "${currency}"`);
  const locale = r.raw('SHOP_LOCALE') ?? 'en-US';
  try {
    new Intl.NumberFormat(locale);
  } catch {
    r.fail(`SHOP_LOCALE must be a locale such as en-US, pt-BR or id-ID, got "${locale}"`);
  }
  return { currency, locale };
}

/** `{TIER}_PRICE`: an amount in SHOP_CURRENCY for one period ("45", "45.90"); the old free text is refused. */
function readPrice(
  r: EnvReader,
  T: string,
  periodDays: number,
  { currency, locale }: { currency: string; locale: string },
): Pick<Package, 'price' | 'priceMinor'> {
  const text = r.optionalString(`${T}_PRICE`);
  if (text === undefined) return {};
  if (!isCurrency(currency)) return {}; // SHOP_CURRENCY's own problem is already named
  const minor = parseAmount(text, currency);
  if (minor === undefined) {
    r.fail(
      `${T}_PRICE must be an amount in SHOP_CURRENCY (${currency}) for one period, e.g. ${T}_PRICE=45 or 45.90, got "${text}" (prices are numbers now: the currency comes from SHOP_CURRENCY, the period from ${T}_PERIOD_DAYS)`,
    );
    return {};
  }
  // The stored label is only a fallback: messages write a price from its amount for each reader (priceFor).
  const lang = parseLang(r.raw('SHOP_LANGUAGE') ?? '') ?? 'en';
  return { price: priceLabel({ minor, currency }, locale, periodDays, lang), priceMinor: minor };
}

function readEmailDomain(r: EnvReader): string {
  const d = r.string('PTERODACTYL_EMAIL_DOMAIN').toLowerCase();
  if (d && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(d)) {
    r.fail(`PTERODACTYL_EMAIL_DOMAIN must be a domain name such as example.com, got "${d}"`);
  }
  return d;
}

/** Admin WhatsApp ids: digits with country code (a "+" or spaces are tolerated), or business-scoped user ids. */
export function readAdminIds(r: EnvReader): string[] {
  const v = r.raw('ADMIN_WA_IDS');
  if (v === undefined) {
    r.fail('ADMIN_WA_IDS is required (comma-separated WhatsApp ids with country code, e.g. 15550105678)');
    return [];
  }
  const ids: string[] = [];
  let bad = 0;
  for (const part of v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const digits = part.replace(/[\s+()-]/g, '');
    if (/^\d{6,15}$/.test(digits)) ids.push(digits);
    else if (/^[A-Z]{2}\.\d{6,30}$/.test(part)) ids.push(part);
    else {
      bad++;
      r.fail(`ADMIN_WA_IDS has "${part}", which is neither a WhatsApp number with country code nor a user id`);
    }
  }
  if (ids.length === 0 && bad === 0) r.fail('ADMIN_WA_IDS lists no admin');
  return ids;
}

function readResources(r: EnvReader, prefix: string, base: Resources): Resources {
  const n = (suffix: string, fallback: number, min = 0, max?: number) =>
    r.int(`${prefix}_${suffix}`, { fallback, min, ...(max !== undefined ? { max } : {}) }) ?? fallback;
  return {
    memoryMiB: n('MEMORY_MB', base.memoryMiB),
    cpuPercent: n('CPU_PERCENT', base.cpuPercent),
    diskMiB: n('DISK_MB', base.diskMiB),
    databases: n('DATABASES', base.databases),
    allocations: n('ALLOCATIONS', base.allocations),
    backups: n('BACKUPS', base.backups),
    swapMiB: n('SWAP_MB', base.swapMiB, -1),
    ioWeight: n('IO_WEIGHT', base.ioWeight, 10, 1000),
  };
}

function readPlacement(r: EnvReader, tier: string): Placement | undefined {
  const tierLocations = r.intList(`${tier}_LOCATION_IDS`);
  if (tierLocations) return { kind: 'locations', locationIds: tierLocations };
  const tierNode = r.int(`${tier}_NODE_ID`, { optional: true, min: 1 });
  if (tierNode !== undefined) return { kind: 'node', nodeId: tierNode };
  const locations = r.intList('DEFAULT_LOCATION_IDS');
  if (locations) return { kind: 'locations', locationIds: locations };
  const node = r.int('DEFAULT_NODE_ID', { optional: true, min: 1 });
  if (node !== undefined) return { kind: 'node', nodeId: node };
  return undefined;
}

function readPortRange(r: EnvReader, name: string): string[] {
  const v = r.raw(name);
  if (v === undefined) return [];
  const entries = v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const e of entries) {
    const m = PORT_ENTRY.exec(e);
    if (!m) {
      r.fail(`${name} has "${e}"; use ports like 25565 or ranges like 25565-25600`);
      continue;
    }
    const nums = (m[1] ? [m[1]] : [m[2]!, m[3]!]).map(Number);
    if (nums.some((p) => p < 1024 || p > 65535)) r.fail(`${name} has "${e}"; ports must be between 1024 and 65535`);
    if (nums.length === 2 && (nums[1]! < nums[0]! || nums[1]! - nums[0]! > 1000)) {
      r.fail(`${name} has "${e}"; a range must go up and span at most 1000 ports (the panel's limit)`);
    }
  }
  return entries;
}

/** `{TIER}_ENV_{VARIABLE}=value` (or `DEFAULT_ENV_{VARIABLE}` for every tier) sets an egg variable. */
function readEnvironment(r: EnvReader, tier: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prefix of ['DEFAULT_ENV_', `${tier}_ENV_`]) {
    for (const [key, value] of Object.entries(r.env)) {
      // Blank means unset, as everywhere else: .env.example leaves BRONZE_ENV_SERVER_JARFILE= empty,
      // and that must not wipe out DEFAULT_ENV_SERVER_JARFILE.
      if (!key.startsWith(prefix) || value === undefined || value.trim() === '') continue;
      const variable = key.slice(prefix.length);
      if (!ENV_NAME.test(variable)) {
        r.fail(`${key}: "${variable}" is not a valid egg variable name`);
        continue;
      }
      out[variable] = value;
    }
  }
  return out;
}

export function readCatalogue(r: EnvReader, money: { currency: string; locale: string } = readMoney(r)): Package[] {
  const catalogue: Package[] = [];
  for (const id of TIER_IDS) {
    const T = id.toUpperCase();
    if (!r.bool(`${T}_ENABLED`, true)) continue;
    const eggId =
      r.int(`${T}_EGG_ID`, { optional: true, min: 1 }) ?? r.int('DEFAULT_EGG_ID', { optional: true, min: 1 });
    const nestId =
      r.int(`${T}_NEST_ID`, { optional: true, min: 1 }) ?? r.int('DEFAULT_NEST_ID', { optional: true, min: 1 });
    if (eggId === undefined)
      r.fail(`${T}_EGG_ID (or DEFAULT_EGG_ID) is required: the egg ${tierName(id)} servers are built from`);
    if (nestId === undefined) r.fail(`${T}_NEST_ID (or DEFAULT_NEST_ID) is required: the nest of that egg`);
    const placement = readPlacement(r, T);
    if (!placement) {
      r.fail(
        `${T}_LOCATION_IDS or ${T}_NODE_ID (or DEFAULT_LOCATION_IDS / DEFAULT_NODE_ID) is required: where ${tierName(id)} servers go`,
      );
    }
    const dockerImage = r.optionalString(`${T}_DOCKER_IMAGE`) ?? r.optionalString('DEFAULT_DOCKER_IMAGE');
    if (dockerImage !== undefined && (!DOCKER_IMAGE.test(dockerImage) || dockerImage.length > 191)) {
      r.fail(`${T}_DOCKER_IMAGE "${dockerImage}" is not a valid image name`);
    }
    const startup = r.optionalString(`${T}_STARTUP`) ?? r.optionalString('DEFAULT_STARTUP');
    const periodDays = r.days(`${T}_PERIOD_DAYS`, {
      fallback: r.days('DEFAULT_PERIOD_DAYS', { fallback: 30, positive: true, max: 3660 }),
      positive: true,
      max: 3660,
    });
    const pkg: Package = {
      id: id as TierId,
      name: r.optionalString(`${T}_NAME`) ?? tierName(id),
      resources: readResources(r, T, DEFAULT_TIER_RESOURCES[id]),
      nestId: nestId ?? 0,
      eggId: eggId ?? 0,
      placement: placement ?? { kind: 'locations', locationIds: [] },
      portRange: readPortRange(r, r.raw(`${T}_PORT_RANGE`) !== undefined ? `${T}_PORT_RANGE` : 'DEFAULT_PORT_RANGE'),
      environment: readEnvironment(r, T),
      oomDisabled: r.bool(`${T}_OOM_DISABLED`, r.bool('DEFAULT_OOM_DISABLED', true)),
      periodDays,
    };
    if (dockerImage !== undefined) pkg.dockerImage = dockerImage;
    if (startup !== undefined) pkg.startup = startup;
    Object.assign(pkg, readPrice(r, T, periodDays, money));
    catalogue.push(pkg);
  }
  if (catalogue.length === 0) r.fail('every package is disabled ({TIER}_ENABLED=false for all five): nothing to sell');
  return catalogue;
}

export { readPart } from './env-reader.js';

export { ConfigError };
