// Secrets travel by name. Locally they come from the environment; in AWS from one Secrets Manager
// secret (a JSON object with these keys), read with a short cache so a rotation needs no deploy.

import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretName, SecretsPort } from '../app/ports.js';
import { ErrorName } from '../domain/error-names.js';

export const SECRET_NAMES = [
  'PTERODACTYL_ADMIN_API_KEY',
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_APP_SECRET_PREVIOUS',
  'WHATSAPP_VERIFY_TOKEN',
] as const satisfies readonly SecretName[];
export type { SecretName, SecretsPort } from '../app/ports.js';

export class SecretMissingError extends Error {
  constructor(readonly secretName: SecretName) {
    super(`Secret ${secretName} has no value`);
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
 * Where a function's secrets come from: the Secrets Manager secret named by SECRET_ARN (AWS), read through
 * Powertools Parameters and its 60-second cache (the only cache, so a rotation is seen within a minute),
 * or else the environment (local).
 */
export function secretsFor(env: Readonly<Record<string, string | undefined>>): SecretsPort {
  const arn = env.SECRET_ARN;
  if (!arn) return new EnvSecrets(env);
  return new JsonSecretSecrets(async () => {
    const value = await getSecret(arn, { transform: 'json', maxAge: SECRET_CACHE_SECONDS });
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('secret is not a JSON object');
    return value as Record<string, unknown>;
  }, 0);
}

export const SECRET_CACHE_SECONDS = 60;
