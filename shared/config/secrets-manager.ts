// The functions' secrets in AWS: each group's JSON secret read with the Secrets Manager SDK client through
// Powertools Parameters and its 60-second cache (the only cache, so a rotation is seen within a minute). The
// webhook does not use this module: its cold start reads through the Lambda extension (extension-secrets.ts).

import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { JsonSecretSecrets, SECRET_CACHE_SECONDS, type SecretSource, type SecretsPort, secretsFor } from './secrets.js';

export const secretsManagerSecret: SecretSource = (arn) =>
  new JsonSecretSecrets(async () => {
    const value = await getSecret(arn, { transform: 'json', maxAge: SECRET_CACHE_SECONDS });
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('secret is not a JSON object');
    return value as Record<string, unknown>;
  }, 0);

/** A function's secrets: Secrets Manager in AWS, the environment locally. */
export function awsSecretsFor(env: Readonly<Record<string, string | undefined>>): SecretsPort {
  return secretsFor(env, secretsManagerSecret);
}
