// The webhook's secrets through the AWS Parameters and Secrets Lambda Extension: a stand-in of the extension's
// localhost endpoint answers as the extension does (GetSecretValue's JSON), and checks the session token.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecretsFor } from '../../../shared/config/extension-secrets.js';
import { EnvSecrets, SecretMissingError } from '../../../shared/config/secrets.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:spawnpoint-webhook-AbCdEf';
const seen: { path?: string; token?: string }[] = [];
const secretString = JSON.stringify({ WHATSAPP_APP_SECRET: 'app-1', WHATSAPP_VERIFY_TOKEN: 'verify-1' });
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const token = req.headers['x-aws-parameters-secrets-token'];
    seen.push({ ...(req.url ? { path: req.url } : {}), ...(typeof token === 'string' ? { token } : {}) });
    if (token !== 'session-token') {
      res.writeHead(401).end('unauthorized: secret-ish detail');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ARN, SecretString: secretString }));
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = (extra: Record<string, string> = {}) => ({
  SECRET_ARN_WEBHOOK: ARN,
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
  AWS_SESSION_TOKEN: 'session-token',
  ...extra,
});

describe('the webhook secrets through the Lambda extension', () => {
  it('reads its group from the extension with the session token, and caches it', async () => {
    const before = seen.length;
    const secrets = webhookSecretsFor(env());

    await expect(secrets.required('WHATSAPP_APP_SECRET')).resolves.toBe('app-1');
    await expect(secrets.required('WHATSAPP_VERIFY_TOKEN')).resolves.toBe('verify-1');

    expect(seen.slice(before)).toEqual([
      { path: `/secretsmanager/get?secretId=${encodeURIComponent(ARN)}`, token: 'session-token' },
    ]);
  });

  it('cannot read a group it was not given (the panel key lives in another secret)', async () => {
    const error = await webhookSecretsFor(env())
      .required('PTERODACTYL_ADMIN_API_KEY')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretMissingError);
  });

  it('fails with the status only when the extension refuses, never with what it answered', async () => {
    const error = await webhookSecretsFor(env({ AWS_SESSION_TOKEN: 'stale' }))
      .required('WHATSAPP_APP_SECRET')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('The secrets extension answered HTTP 401');
  });

  it('locally (no SECRET_ARN_*) reads the environment, with no extension', async () => {
    const secrets = webhookSecretsFor({ WHATSAPP_APP_SECRET: 'local' });
    expect(secrets).toBeInstanceOf(EnvSecrets);
    await expect(secrets.required('WHATSAPP_APP_SECRET')).resolves.toBe('local');
  });
});
