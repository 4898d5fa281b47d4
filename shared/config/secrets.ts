// Secrets travel by name. Locally they come from the environment; in AWS from Secrets Manager, one JSON
// secret per group of users (SECRET_GROUPS), read with a short cache so a rotation needs no deploy. A
// function is given the ARNs of its groups only (SECRET_ARN_<GROUP>, set by infra's bindSecrets), so the
// public webhook cannot read the panel's key, and a name of a group it was not given fails by saying so.

import type { SecretName, SecretsPort } from '../app/ports.js';
import { ErrorName } from '../domain/error-names.js';

/**
 * Which secret holds which name: one Secrets Manager secret per group of functions that need it.
 * The payment gateway's keys are groups of their own, never read by the WhatsApp webhook: the API keys by the
 * inbox worker (payment links, status reads), Stripe's endpoint secret by the gateways' webhook alone. Midtrans
 * signs its notifications with its one server key, so with Midtrans the webhook reads that group too.
 */
export const SECRET_GROUPS = {
  /** The webhook's: signature checks and Meta's verification challenge. */
  webhook: ['WHATSAPP_APP_SECRET', 'WHATSAPP_APP_SECRET_PREVIOUS', 'WHATSAPP_VERIFY_TOKEN'],
  /** The Pterodactyl client's (inbox pre-flight, provisioning tasks). */
  panel: ['PTERODACTYL_ADMIN_API_KEY'],
  /** The WhatsApp sender's (outbox worker, inbox worker, DeliverCredentials). */
  whatsapp: ['WHATSAPP_ACCESS_TOKEN'],
  /** The payment gateway's API keys (PAYMENT_PROVIDER stripe or midtrans; the secret exists only then). */
  payments: ['STRIPE_SECRET_KEY', 'MIDTRANS_SERVER_KEY'],
  /** Stripe's webhook endpoint secret: the proof of its events (PAYMENT_PROVIDER stripe only). */
  paymentsWebhook: ['STRIPE_WEBHOOK_SECRET'],
} as const satisfies Record<string, readonly SecretName[]>;
export type SecretGroup = keyof typeof SECRET_GROUPS;
export const SECRET_GROUP_NAMES = Object.keys(SECRET_GROUPS) as SecretGroup[];

export const SECRET_NAMES = Object.values(SECRET_GROUPS).flat() satisfies readonly SecretName[];
export type { SecretName, SecretsPort } from '../app/ports.js';

/** The environment variable with the ARN of a group's secret: SECRET_ARN_WEBHOOK, SECRET_ARN_PANEL, … */
export const secretArnEnv = (group: SecretGroup): string => `SECRET_ARN_${group.toUpperCase()}`;

/** The group whose secret holds a name. */
export function secretGroupOf(name: SecretName): SecretGroup {
  const group = SECRET_GROUP_NAMES.find((g) => (SECRET_GROUPS[g] as readonly SecretName[]).includes(name));
  if (!group) throw new Error(`Secret ${name} belongs to no group of SECRET_GROUPS`);
  return group;
}

export class SecretMissingError extends Error {
  constructor(
    readonly secretName: SecretName,
    message = `Secret ${secretName} has no value`,
  ) {
    super(message);
    this.name = ErrorName.SecretMissing;
  }
}

abstract class BaseSecrets implements SecretsPort {
  abstract optional(name: SecretName): Promise<string | undefined>;
  async required(name: SecretName): Promise<string> {
    const v = await this.optional(name);
    if (v === undefined || v === '') throw new SecretMissingError(name);
    return v;
  }
}

/** Local: the values are environment variables of the same names. */
export class EnvSecrets extends BaseSecrets {
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {
    super();
  }
  async optional(name: SecretName): Promise<string | undefined> {
    const v = this.env[name];
    return v === undefined || v === '' ? undefined : v;
  }
}

/** Reads a JSON secret through a fetcher (Powertools Parameters in AWS), caching for `maxAgeSeconds`. */
export class JsonSecretSecrets extends BaseSecrets {
  private cached?: { at: number; values: Record<string, unknown> };

  constructor(
    private readonly fetchJson: () => Promise<Record<string, unknown>>,
    private readonly maxAgeSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async optional(name: SecretName): Promise<string | undefined> {
    if (!this.cached || this.now() - this.cached.at > this.maxAgeSeconds * 1000) {
      this.cached = { at: this.now(), values: await this.fetchJson() };
    }
    const v = this.cached.values[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  }
}

/**
 * Each name read from its group's secret. A name whose group this function was not given throws
 * SecretMissingError saying so (a wiring mistake, not an unset value): it is never looked up elsewhere.
 */
export class GroupedSecrets extends BaseSecrets {
  constructor(private readonly groups: Partial<Record<SecretGroup, SecretsPort>>) {
    super();
  }

  async optional(name: SecretName): Promise<string | undefined> {
    const group = secretGroupOf(name);
    const source = this.groups[group];
    if (!source)
      throw new SecretMissingError(
        name,
        `Secret ${name} is not given to this function: it lives in the ${group} secret and ${secretArnEnv(group)} is not set`,
      );
    return source.optional(name);
  }
}

/** How one group's secret is read in AWS, given its ARN (secrets-manager.ts; the webhook's extension-secrets.ts). */
export type SecretSource = (arn: string) => SecretsPort;

/**
 * Where a function's secrets come from: in AWS (any SECRET_ARN_<GROUP> set) the secrets of its groups, each
 * read through `fromArn`; locally (none set) the environment.
 */
export function secretsFor(env: Readonly<Record<string, string | undefined>>, fromArn: SecretSource): SecretsPort {
  const arns = SECRET_GROUP_NAMES.flatMap((g) => {
    const arn = env[secretArnEnv(g)];
    return arn ? [[g, arn] as const] : [];
  });
  if (arns.length === 0) return new EnvSecrets(env);
  return new GroupedSecrets(Object.fromEntries(arns.map(([g, arn]) => [g, fromArn(arn)])));
}

export const SECRET_CACHE_SECONDS = 60;
