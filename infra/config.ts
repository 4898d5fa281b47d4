// Stage and settings for the CDK app, from context or the environment, validated at synth time with the
// same reader the functions use, so a bad setting fails `cdk synth` instead of the first order.

import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Env } from '../shared/config/env-reader.js';
import { SECRET_NAMES } from '../shared/config/secrets.js';
import { readSettings, type Settings } from '../shared/config/settings.js';
import { ConfigError } from '../shared/domain/domain-errors.js';
import { TIER_IDS } from '../shared/domain/packages.js';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StackConfig {
  stage: Stage;
  namePrefix: string;
  /** Non-secret settings passed to the functions as environment variables (see .env.example). */
  functionSettings: Record<string, string>;
  settings: Settings;
  alarmEmail?: string;
  /**
   * Concurrent executions reserved for the public webhook, which is also its cap: a flood of requests to
   * the Function URL is throttled there (429) instead of taking the account's concurrency from the workers.
   */
  webhookReservedConcurrency: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

const FIXED = [
  'SHOP_NAME',
  'SHOP_CURRENCY',
  'SHOP_LOCALE',
  // The customers' default language, the admins' language and the shop's time zone (every text and date).
  'SHOP_LANGUAGE',
  'ADMIN_LANGUAGE',
  'SHOP_TIME_ZONE',
  'PAYMENT_INSTRUCTIONS',
  'PAYMENT_INSTRUCTIONS_EN',
  'PAYMENT_INSTRUCTIONS_ID',
  'PAYMENT_INSTRUCTIONS_PT_BR',
  // The payment gateway (the inbox worker makes links and settles payments; the webhook gets its own).
  'PAYMENT_PROVIDER',
  'PAYMENT_RETURN_URL',
  'STRIPE_API_URL',
  'MIDTRANS_SNAP_URL',
  'MIDTRANS_API_URL',
  'SUPPORT_CONTACT',
  'ADMIN_WA_IDS',
  'PTERODACTYL_URL',
  'PTERODACTYL_PUBLIC_URL',
  'PTERODACTYL_EMAIL_DOMAIN',
  // The shared budget of panel calls: every function that calls the panel paces from it.
  'PANEL_RATE_LIMIT_PER_MINUTE',
  'AUTO_PROVISIONING_ENABLED',
  'INSTALL_POLL_SECONDS',
  'INSTALL_TIMEOUT_SECONDS',
  'WHATSAPP_GRAPH_URL',
  'WHATSAPP_API_VERSION',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_TEMPLATE_LANGUAGE',
  'WHATSAPP_TEMPLATE_LANGUAGE_ID',
  'WHATSAPP_TEMPLATE_LANGUAGE_PT_BR',
  // The server lifecycle (shared/config/settings.ts readLifecycle): the sweep, the lifecycle tasks and the
  // inbox worker (renewals, admins' commands) decide from the same policy; the sweep's schedule is read here.
  'RENEWAL_REMINDER_DAYS',
  'SUSPEND_AFTER_DAYS',
  'TERMINATE_AFTER_DAYS',
  'TERMINATION_WARNING_DAYS',
  'LIFECYCLE_SWEEP_SECONDS',
  // An unpaid order's nudge and expiry, stamped on it when the inbox worker (or a renewal) makes it.
  'PAYMENT_REMINDER_HOURS',
  'PENDING_EXPIRY_HOURS',
];
const PREFIXES = ['DEFAULT_', ...TIER_IDS.map((t) => `${t.toUpperCase()}_`)];

/** ~100 signed deliveries a second at ~100 ms each; docs/operations.md ("Concurrency") explains the number. */
export const DEFAULT_WEBHOOK_RESERVED_CONCURRENCY = 10;
const MAX_WEBHOOK_RESERVED_CONCURRENCY = 1000;
const SECRETS: ReadonlySet<string> = new Set(SECRET_NAMES);

/** The settings the functions read, picked from an environment; never a secret. */
export function pickFunctionSettings(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || v === '' || SECRETS.has(k)) continue;
    if (FIXED.includes(k) || PREFIXES.some((p) => k.startsWith(p))) out[k] = v;
  }
  return out;
}

export function readStackConfig(context: (key: string) => unknown, env: Env): StackConfig {
  const problems: string[] = [];
  const stage = String(context('stage') ?? env.STAGE ?? 'dev');
  if (!(STAGES as readonly string[]).includes(stage))
    problems.push(`stage must be one of ${STAGES.join(', ')}, got "${stage}"`);
  const functionSettings = pickFunctionSettings(env);
  let settings: Settings | undefined;
  try {
    settings = readSettings(functionSettings);
  } catch (e) {
    if (e instanceof ConfigError) problems.push(...e.problems);
    else throw e;
  }
  const alarmEmail = (context('alarmEmail') as string | undefined) ?? env.ALARM_EMAIL;
  if (alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
    problems.push(`alarmEmail "${alarmEmail}" is not an e-mail address`);
  const reservedText = String(
    context('webhookReservedConcurrency') ?? env.WEBHOOK_RESERVED_CONCURRENCY ?? DEFAULT_WEBHOOK_RESERVED_CONCURRENCY,
  );
  const webhookReservedConcurrency = Number(reservedText);
  if (
    !/^\d+$/.test(reservedText) ||
    webhookReservedConcurrency < 1 ||
    webhookReservedConcurrency > MAX_WEBHOOK_RESERVED_CONCURRENCY
  )
    problems.push(
      `WEBHOOK_RESERVED_CONCURRENCY must be a whole number from 1 to ${MAX_WEBHOOK_RESERVED_CONCURRENCY} (0 would stop the webhook), got "${reservedText}"`,
    );
  if (problems.length > 0 || !settings) throw new ConfigError(problems);
  const prod = stage === 'prod';
  return {
    stage: stage as Stage,
    namePrefix: `spawnpoint-${stage}`,
    functionSettings,
    settings,
    ...(alarmEmail ? { alarmEmail } : {}),
    webhookReservedConcurrency,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}
