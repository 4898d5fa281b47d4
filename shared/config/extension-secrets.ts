// The webhook's secrets in AWS, read through the AWS Parameters and Secrets Lambda Extension (a layer infra
// attaches to the webhook) over localhost, instead of with the Secrets Manager SDK client: the webhook answers
// Meta right after a cold start, and that client with Powertools Parameters was a third of its import time.
// Cached here for half a minute and in the extension for half a minute: a rotation is seen within a minute.

import http from 'node:http';
import { JsonSecretSecrets, type SecretSource, type SecretsPort, secretsFor } from './secrets.js';

/** Seconds a value is reused here; the extension's own cache (infra) is as long. */
export const EXTENSION_SECRET_CACHE_SECONDS = 30;

/** A secret's JSON through the extension: GET /secretsmanager/get?secretId=…, authenticated by the session token. */
export function extensionSecret(env: Readonly<Record<string, string | undefined>>): SecretSource {
  const port = Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773);
  return (arn) =>
    new JsonSecretSecrets(async () => {
      const token = env.AWS_SESSION_TOKEN;
      if (!token) throw new Error('AWS_SESSION_TOKEN is not set: the secrets extension cannot be asked');
      const body = await get(port, `/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, token);
      const secretString = (JSON.parse(body) as { SecretString?: unknown }).SecretString;
      const value = typeof secretString === 'string' ? (JSON.parse(secretString) as unknown) : undefined;
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('secret is not a JSON object');
      return value as Record<string, unknown>;
    }, EXTENSION_SECRET_CACHE_SECONDS);
}

/** The webhook's secrets: through the extension in AWS, the environment locally. */
export function webhookSecretsFor(env: Readonly<Record<string, string | undefined>>): SecretsPort {
  return secretsFor(env, extensionSecret(env));
}

function get(port: number, path: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: 'localhost', port, path, headers: { 'X-Aws-Parameters-Secrets-Token': token }, timeout: 3_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // Only the status: the body may hold the secret, or echo something close to it.
          if (res.statusCode !== 200) reject(new Error(`The secrets extension answered HTTP ${res.statusCode}`));
          else resolve(text);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('The secrets extension did not answer within 3 s')));
    req.on('error', reject);
  });
}
