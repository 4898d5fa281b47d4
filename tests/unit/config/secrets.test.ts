import { describe, expect, it } from 'vitest';
import {
  EnvSecrets,
  GroupedSecrets,
  JsonSecretSecrets,
  SECRET_GROUP_NAMES,
  SECRET_GROUPS,
  SECRET_NAMES,
  SecretMissingError,
  secretArnEnv,
  secretGroupOf,
  secretsFor,
} from '../../../shared/config/secrets.js';

/** A Secrets Manager stand-in whose value can be rotated under the reader. */
function rotatingSecret(initial: Record<string, unknown>) {
  const state = { value: initial };
  return {
    state,
    fetch: async () => {
      return { ...state.value };
    },
  };
}

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t, advance: (seconds: number) => (c.t += seconds * 1000) };
  return c;
}

describe('EnvSecrets', () => {
  it('reads a value by its name', async () => {
    // Arrange
    const secrets = new EnvSecrets({ WHATSAPP_APP_SECRET: 'app-secret', PTERODACTYL_ADMIN_API_KEY: 'ptla_x' });
    // Act / Assert
    await expect(secrets.required('WHATSAPP_APP_SECRET')).resolves.toBe('app-secret');
    await expect(secrets.optional('PTERODACTYL_ADMIN_API_KEY')).resolves.toBe('ptla_x');
  });

  it('treats unset and empty as absent', async () => {
    // Arrange
    const secrets = new EnvSecrets({ WHATSAPP_APP_SECRET_PREVIOUS: '' });
    // Act / Assert
    await expect(secrets.optional('WHATSAPP_APP_SECRET_PREVIOUS')).resolves.toBeUndefined();
    await expect(secrets.optional('WHATSAPP_VERIFY_TOKEN')).resolves.toBeUndefined();
  });

  it.each(SECRET_NAMES)('required(%s) throws SecretMissingError naming it when unset', async (name) => {
    // Arrange
    const secrets = new EnvSecrets({});
    // Act
    const error = await secrets.required(name).catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(SecretMissingError);
    expect(error).toMatchObject({
      name: 'SecretMissingError',
      secretName: name,
      message: `Secret ${name} has no value`,
    });
  });
});

describe('JsonSecretSecrets', () => {
  it('reads keys of the JSON secret', async () => {
    // Arrange
    const secret = rotatingSecret({ WHATSAPP_ACCESS_TOKEN: 'EAAG', WHATSAPP_VERIFY_TOKEN: 'verify' });
    const secrets = new JsonSecretSecrets(secret.fetch, 60, clock().now);
    // Act / Assert
    await expect(secrets.required('WHATSAPP_ACCESS_TOKEN')).resolves.toBe('EAAG');
    await expect(secrets.required('WHATSAPP_VERIFY_TOKEN')).resolves.toBe('verify');
  });

  it('serves from its cache within max-age and reads a rotated value after it', async () => {
    // Arrange
    const secret = rotatingSecret({ WHATSAPP_APP_SECRET: 'old' });
    const time = clock();
    const secrets = new JsonSecretSecrets(secret.fetch, 60, time.now);
    await secrets.required('WHATSAPP_APP_SECRET');
    secret.state.value = { WHATSAPP_APP_SECRET: 'new' };
    // Act
    time.advance(60);
    const atMaxAge = await secrets.required('WHATSAPP_APP_SECRET');
    time.advance(1);
    const afterMaxAge = await secrets.required('WHATSAPP_APP_SECRET');
    // Assert
    expect(atMaxAge).toBe('old');
    expect(afterMaxAge).toBe('new');
  });

  it('honours a custom max-age', async () => {
    // Arrange
    const secret = rotatingSecret({ WHATSAPP_APP_SECRET: 'old' });
    const time = clock();
    const secrets = new JsonSecretSecrets(secret.fetch, 5, time.now);
    await secrets.optional('WHATSAPP_APP_SECRET');
    secret.state.value = { WHATSAPP_APP_SECRET: 'new' };
    // Act
    time.advance(4);
    const before = await secrets.optional('WHATSAPP_APP_SECRET');
    time.advance(2);
    const after = await secrets.optional('WHATSAPP_APP_SECRET');
    // Assert
    expect([before, after]).toEqual(['old', 'new']);
  });

  it('a max-age of 0 reads the secret every time the clock moves', async () => {
    // Arrange
    const secret = rotatingSecret({ WHATSAPP_APP_SECRET: 'a' });
    const time = clock();
    const secrets = new JsonSecretSecrets(secret.fetch, 0, time.now);
    await secrets.optional('WHATSAPP_APP_SECRET');
    secret.state.value = { WHATSAPP_APP_SECRET: 'b' };
    // Act
    time.advance(0.001);
    // Assert
    await expect(secrets.optional('WHATSAPP_APP_SECRET')).resolves.toBe('b');
  });

  it.each([
    ['absent', {}],
    ['empty', { WHATSAPP_APP_SECRET: '' }],
    ['not a string', { WHATSAPP_APP_SECRET: 42 }],
    ['null', { WHATSAPP_APP_SECRET: null }],
  ])('treats a key that is %s as missing', async (_, value) => {
    // Arrange
    const secrets = new JsonSecretSecrets(rotatingSecret(value).fetch, 60, clock().now);
    // Act
    const optional = await secrets.optional('WHATSAPP_APP_SECRET');
    const error = await secrets.required('WHATSAPP_APP_SECRET').catch((e: unknown) => e);
    // Assert
    expect(optional).toBeUndefined();
    expect(error).toBeInstanceOf(SecretMissingError);
    expect(error).toMatchObject({ secretName: 'WHATSAPP_APP_SECRET' });
  });

  it('passes a failed read on and tries again on the next call', async () => {
    // Arrange
    let fail = true;
    const secrets = new JsonSecretSecrets(
      async () => {
        if (fail) throw new Error('AccessDeniedException');
        return { WHATSAPP_VERIFY_TOKEN: 'verify' };
      },
      60,
      clock().now,
    );
    // Act
    const first = await secrets.optional('WHATSAPP_VERIFY_TOKEN').catch((e: unknown) => e);
    fail = false;
    const second = await secrets.optional('WHATSAPP_VERIFY_TOKEN');
    // Assert
    expect(first).toBeInstanceOf(Error);
    expect(second).toBe('verify');
  });
});

describe('secrets by need', () => {
  it('puts every secret name in exactly one group', () => {
    // Arrange / Act
    const grouped = Object.values(SECRET_GROUPS).flat();
    // Assert
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(
      [
        'PTERODACTYL_ADMIN_API_KEY',
        'WHATSAPP_ACCESS_TOKEN',
        'WHATSAPP_APP_SECRET',
        'WHATSAPP_APP_SECRET_PREVIOUS',
        'WHATSAPP_VERIFY_TOKEN',
        'STRIPE_SECRET_KEY',
        'STRIPE_WEBHOOK_SECRET',
        'MIDTRANS_SERVER_KEY',
      ].sort(),
    );
    expect(SECRET_NAMES.map(secretGroupOf)).toEqual(
      SECRET_NAMES.map((n) => SECRET_GROUP_NAMES.find((g) => (SECRET_GROUPS[g] as readonly string[]).includes(n))),
    );
  });

  it('reads each name from the secret of its group', async () => {
    // Arrange
    const secrets = new GroupedSecrets({
      webhook: new JsonSecretSecrets(
        rotatingSecret({ WHATSAPP_APP_SECRET: 'app', PTERODACTYL_ADMIN_API_KEY: 'no' }).fetch,
      ),
      panel: new JsonSecretSecrets(
        rotatingSecret({ PTERODACTYL_ADMIN_API_KEY: 'ptla_x', WHATSAPP_APP_SECRET: 'no' }).fetch,
      ),
    });
    // Act / Assert
    await expect(secrets.required('WHATSAPP_APP_SECRET')).resolves.toBe('app');
    await expect(secrets.required('PTERODACTYL_ADMIN_API_KEY')).resolves.toBe('ptla_x');
    await expect(secrets.optional('WHATSAPP_APP_SECRET_PREVIOUS')).resolves.toBeUndefined();
  });

  it.each([
    ['the webhook', 'webhook', 'PTERODACTYL_ADMIN_API_KEY', 'panel'],
    ['the webhook', 'webhook', 'WHATSAPP_ACCESS_TOKEN', 'whatsapp'],
    ['a panel task', 'panel', 'WHATSAPP_ACCESS_TOKEN', 'whatsapp'],
    ['the outbox worker', 'whatsapp', 'WHATSAPP_APP_SECRET', 'webhook'],
  ] as const)(
    'in AWS, %s cannot read %s of another group: it fails saying which secret is not given',
    async (_, given, name, group) => {
      // Arrange: only this group's ARN, as infra's bindSecrets sets it (nothing is fetched before the check)
      const secrets = secretsFor(
        {
          [secretArnEnv(given)]: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:x`,
          [name]: 'from-env',
        },
        () => new EnvSecrets({}),
      );
      // Act
      const optional = await secrets.optional(name).catch((e: unknown) => e);
      const required = await secrets.required(name).catch((e: unknown) => e);
      // Assert
      for (const error of [optional, required]) {
        expect(error).toBeInstanceOf(SecretMissingError);
        expect(error).toMatchObject({ secretName: name });
        expect((error as Error).message).toContain(`${secretArnEnv(group)} is not set`);
      }
    },
  );

  it('locally (no SECRET_ARN_* at all) reads every name from the environment', async () => {
    // Arrange
    const secrets = secretsFor({ PTERODACTYL_ADMIN_API_KEY: 'ptla_local', WHATSAPP_APP_SECRET: 'app-local' }, () => {
      throw new Error('no ARN is set: nothing is read from AWS');
    });
    // Act / Assert
    expect(secrets).toBeInstanceOf(EnvSecrets);
    await expect(secrets.required('PTERODACTYL_ADMIN_API_KEY')).resolves.toBe('ptla_local');
    await expect(secrets.required('WHATSAPP_APP_SECRET')).resolves.toBe('app-local');
  });

  it('names the environment variables SECRET_ARN_<GROUP>', () => {
    expect(SECRET_GROUP_NAMES.map(secretArnEnv)).toEqual([
      'SECRET_ARN_WEBHOOK',
      'SECRET_ARN_PANEL',
      'SECRET_ARN_WHATSAPP',
      'SECRET_ARN_PAYMENTS',
      'SECRET_ARN_PAYMENTSWEBHOOK',
    ]);
  });
});
