// Infra tier: the stack's stage and settings, read from CDK context or the environment and validated once.

import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { pickFunctionSettings, readStackConfig } from '../../infra/config.js';
import { SECRET_NAMES } from '../../shared/config/secrets.js';
import { ConfigError } from '../../shared/domain/domain-errors.js';
import { testEnv } from '../support/settings.js';

const noContext = () => undefined;
const context = (values: Record<string, unknown>) => (k: string) => values[k];

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('readStackConfig', () => {
  it('defaults to the dev stage: deletable resources, two weeks of logs', () => {
    const c = readStackConfig(noContext, testEnv());
    expect(c).toMatchObject({
      stage: 'dev',
      namePrefix: 'spawnpoint-dev',
      logRetention: RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(c.alarmEmail).toBeUndefined();
  });

  it('takes the stage and alarm e-mail from context first, then the environment', () => {
    expect(readStackConfig(noContext, testEnv({ STAGE: 'prod' })).stage).toBe('prod');
    const c = readStackConfig(
      context({ stage: 'prod', alarmEmail: 'ops@example.com' }),
      testEnv({ STAGE: 'dev', ALARM_EMAIL: 'other@example.com' }),
    );
    expect(c).toMatchObject({
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      logRetention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(readStackConfig(noContext, testEnv({ ALARM_EMAIL: 'ops@example.com' })).alarmEmail).toBe('ops@example.com');
  });

  it('rejects a bad stage, bad settings and a bad e-mail in one error naming every problem', () => {
    const problems = problemsOf(() =>
      readStackConfig(
        context({ stage: 'staging', alarmEmail: 'not-an-address' }),
        testEnv({ PTERODACTYL_URL: 'ftp://panel', INSTALL_POLL_SECONDS: 'soon', ADMIN_WA_IDS: '' }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stage must be one of dev, prod, got "staging"/),
        expect.stringMatching(/^alarmEmail "not-an-address"/),
        expect.stringMatching(/^PTERODACTYL_URL must be an http\(s\) URL/),
        expect.stringMatching(/^INSTALL_POLL_SECONDS must be a whole number/),
        expect.stringMatching(/^ADMIN_WA_IDS is required/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names every missing setting when none is given (a fresh clone without .env)', () => {
    const problems = problemsOf(() => readStackConfig(noContext, {}));
    for (const name of ['PTERODACTYL_URL', 'SHOP_NAME', 'ADMIN_WA_IDS', 'WHATSAPP_PHONE_NUMBER_ID', 'BRONZE_EGG_ID'])
      expect(
        problems.some((p) => p.startsWith(name)),
        name,
      ).toBe(true);
  });

  it('reserves 10 concurrent webhooks by default, or WEBHOOK_RESERVED_CONCURRENCY (context first)', () => {
    expect(readStackConfig(noContext, testEnv()).webhookReservedConcurrency).toBe(10);
    expect(readStackConfig(noContext, testEnv({ WEBHOOK_RESERVED_CONCURRENCY: '25' })).webhookReservedConcurrency).toBe(
      25,
    );
    expect(
      readStackConfig(context({ webhookReservedConcurrency: '3' }), testEnv({ WEBHOOK_RESERVED_CONCURRENCY: '25' }))
        .webhookReservedConcurrency,
    ).toBe(3);
    expect(
      readStackConfig(noContext, testEnv({ WEBHOOK_RESERVED_CONCURRENCY: '25' })).functionSettings,
    ).not.toHaveProperty('WEBHOOK_RESERVED_CONCURRENCY');
  });

  it.each(['0', '-1', '2.5', 'ten', '1001'])('rejects WEBHOOK_RESERVED_CONCURRENCY=%s', (value) => {
    const problems = problemsOf(() => readStackConfig(noContext, testEnv({ WEBHOOK_RESERVED_CONCURRENCY: value })));
    expect(problems).toEqual([
      `WEBHOOK_RESERVED_CONCURRENCY must be a whole number from 1 to 1000 (0 would stop the webhook), got "${value}"`,
    ]);
  });

  it('passes the lifecycle policy on to the functions and validates it at synth, so the sweep, its schedule and the inbox worker agree', () => {
    const lifecycle = {
      RENEWAL_REMINDER_DAYS: '7, 1',
      SUSPEND_AFTER_DAYS: '1',
      TERMINATE_AFTER_DAYS: 'never',
      TERMINATION_WARNING_DAYS: '0',
      LIFECYCLE_SWEEP_SECONDS: '90',
      DEFAULT_PERIOD_DAYS: '30',
      GOLD_PERIOD_DAYS: '90',
    };
    const c = readStackConfig(noContext, testEnv(lifecycle));
    expect(c.functionSettings).toMatchObject(lifecycle);
    expect(c.settings.lifecycle).toEqual({
      policy: { reminderDays: [7, 1], suspendAfterDays: 1, terminateAfterDays: 'never', terminationWarningDays: 0 },
      payment: { reminderHours: 24, expiryHours: 72 },
      sweepSeconds: 90,
    });
    expect(c.settings.catalogue.find((p) => p.id === 'gold')?.periodDays).toBe(90);
    expect(problemsOf(() => readStackConfig(noContext, testEnv({ TERMINATE_AFTER_DAYS: '0' })))).toEqual([
      expect.stringMatching(/^TERMINATE_AFTER_DAYS=0 is refused/),
    ]);
  });

  it('never passes a secret on to the functions, even when the environment holds one', () => {
    const env = testEnv(Object.fromEntries(SECRET_NAMES.map((n) => [n, `value-of-${n}`])));
    const c = readStackConfig(noContext, { ...env, AWS_SECRET_ACCESS_KEY: 'x', HOME: '/root', STAGE: 'dev' });
    for (const n of SECRET_NAMES) expect(c.functionSettings[n], n).toBeUndefined();
    expect(Object.keys(c.functionSettings)).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(Object.keys(c.functionSettings)).not.toContain('HOME');
    expect(c.functionSettings.SHOP_NAME).toBe('Spawnpoint Test Shop');
    expect(pickFunctionSettings({ BRONZE_EGG_ID: '3', DEFAULT_ENV_X: '', GOLD_PRICE: 'R$ 1' })).toEqual({
      BRONZE_EGG_ID: '3',
      GOLD_PRICE: 'R$ 1',
    });
  });
});
