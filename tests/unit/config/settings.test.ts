import { describe, expect, it } from 'vitest';
import type { Env } from '../../../shared/config/env-reader.js';
import { EnvReader } from '../../../shared/config/env-reader.js';
import { ConfigError, readLifecycle, readPart, readSettings, readWhatsApp } from '../../../shared/config/settings.js';
import { DEFAULT_TIER_RESOURCES } from '../../../shared/domain/packages.js';
import { DEFAULT_POLICY } from '../../../shared/domain/service.js';

/** A complete, valid environment, as a shop would write it from .env.example. */
const VALID: Env = {
  SHOP_NAME: 'Spawnpoint Games',
  PAYMENT_INSTRUCTIONS: 'Pix key: pay@example.com\\nSend the receipt here with your order id.',
  SUPPORT_CONTACT: 'support@example.com',
  ADMIN_WA_IDS: '+55 11 98765-4321, 15550105678',
  PTERODACTYL_URL: 'https://panel.example.com/',
  PTERODACTYL_PUBLIC_URL: '',
  PTERODACTYL_EMAIL_DOMAIN: 'Players.Example.com',
  AUTO_PROVISIONING_ENABLED: 'true',
  INSTALL_POLL_SECONDS: '15',
  INSTALL_TIMEOUT_SECONDS: '900',
  DEFAULT_EGG_ID: '5',
  DEFAULT_NEST_ID: '1',
  DEFAULT_LOCATION_IDS: '1, 2',
  DEFAULT_NODE_ID: '',
  DEFAULT_PORT_RANGE: '25565-25600',
  DEFAULT_DOCKER_IMAGE: 'ghcr.io/pterodactyl/yolks:java_21',
  DEFAULT_STARTUP: '',
  DEFAULT_OOM_DISABLED: 'true',
  DEFAULT_ENV_SERVER_JARFILE: 'server.jar',
  DEFAULT_ENV_MINECRAFT_VERSION: 'latest',
  BRONZE_EGG_ID: '',
  BRONZE_ENV_SERVER_JARFILE: '',
  SHOP_CURRENCY: 'BRL',
  SHOP_LOCALE: 'pt-BR',
  BRONZE_PRICE: '15',
  SILVER_PRICE: '25',
  GOLD_PRICE: '45',
  GOLD_EGG_ID: '15',
  GOLD_NEST_ID: '3',
  GOLD_DOCKER_IMAGE: 'ghcr.io/pterodactyl/yolks:java_17',
  GOLD_STARTUP: 'java -Xms128M -jar {{SERVER_JARFILE}}',
  GOLD_PORT_RANGE: '30000, 30010-30020',
  GOLD_NODE_ID: '7',
  GOLD_MEMORY_MB: '6144',
  GOLD_OOM_DISABLED: 'false',
  GOLD_ENV_SERVER_JARFILE: 'paper.jar',
  GOLD_ENV_BUILD_NUMBER: '42',
  GOLD_NAME: 'Gold Plus',
  PLATINUM_PRICE: '80',
  PLATINUM_LOCATION_IDS: '4',
  PLATINUM_NODE_ID: '9',
  DIAMOND_ENABLED: 'false',
  DIAMOND_PRICE: '150',
  WHATSAPP_GRAPH_URL: 'https://graph.facebook.com',
  WHATSAPP_API_VERSION: 'v25.0',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_TEMPLATE_LANGUAGE: 'pt_BR',
};

function problemsOf(env: Env): readonly string[] {
  try {
    readSettings(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).name).toBe('ConfigError');
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('readSettings with a complete, valid environment', () => {
  const settings = readSettings(VALID);
  const byId = (id: string) => settings.catalogue.find((p) => p.id === id);

  it('reads the panel, provisioning, WhatsApp and shop settings', () => {
    expect(settings.panel).toEqual({
      url: 'https://panel.example.com',
      publicUrl: 'https://panel.example.com',
      emailDomain: 'players.example.com',
      rateLimitPerMinute: 200,
    });
    expect(settings.provisioning).toEqual({
      autoProvisioning: true,
      installPollSeconds: 15,
      installTimeoutSeconds: 900,
    });
    expect(settings.whatsapp).toEqual({
      graphUrl: 'https://graph.facebook.com',
      apiVersion: 'v25.0',
      phoneNumberId: '106540352242922',
      templateLanguages: { en: 'pt_BR', id: 'id', 'pt-BR': 'pt_BR' },
    });
    expect(settings.shop).toEqual({
      currency: 'BRL',
      locale: 'pt-BR',
      language: 'en',
      adminLanguage: 'en',
      timeZone: 'UTC',
      shopName: 'Spawnpoint Games',
      panelUrl: 'https://panel.example.com',
      paymentInstructions: 'Pix key: pay@example.com\nSend the receipt here with your order id.',
      supportContact: 'support@example.com',
    });
  });

  it('reads admin ids with "+", spaces and dashes as digits', () => {
    expect(settings.adminIds).toEqual(['5511987654321', '15550105678']);
  });

  it('hides a tier with {TIER}_ENABLED=false', () => {
    expect(settings.catalogue.map((p) => p.id)).toEqual(['bronze', 'silver', 'gold', 'platinum']);
  });

  it('reads prices as amounts in SHOP_CURRENCY and refuses the old free text, naming the new form', () => {
    const idr = readSettings({ ...VALID, SHOP_CURRENCY: 'IDR', SHOP_LOCALE: 'id-ID', BRONZE_PRICE: '150000' });
    expect(idr.catalogue.find((p) => p.id === 'bronze')).toMatchObject({
      priceMinor: 150000,
      price: 'Rp 150.000/month',
    });
    const cents = readSettings({ ...VALID, BRONZE_PRICE: '45.9' });
    expect(cents.catalogue.find((p) => p.id === 'bronze')).toMatchObject({ priceMinor: 4590, price: 'R$ 45,90/month' });
    expect(() => readSettings({ ...VALID, BRONZE_PRICE: 'R$ 15/month' })).toThrow(
      /BRONZE_PRICE must be an amount in SHOP_CURRENCY \(BRL\)/,
    );
    expect(() => readSettings({ ...VALID, SHOP_CURRENCY: 'IDR', BRONZE_PRICE: '1.50' })).toThrow(/BRONZE_PRICE/);
    expect(() => readSettings({ ...VALID, SHOP_CURRENCY: 'REAIS' })).toThrow(/SHOP_CURRENCY must be an ISO 4217 code/);
  });

  it('builds a tier from the defaults when it has no overrides', () => {
    expect(byId('silver')).toEqual({
      id: 'silver',
      name: 'Silver',
      resources: DEFAULT_TIER_RESOURCES.silver,
      nestId: 1,
      eggId: 5,
      dockerImage: 'ghcr.io/pterodactyl/yolks:java_21',
      placement: { kind: 'locations', locationIds: [1, 2] },
      portRange: ['25565-25600'],
      environment: { SERVER_JARFILE: 'server.jar', MINECRAFT_VERSION: 'latest' },
      price: 'R$ 25/month',
      priceMinor: 2500,
      oomDisabled: true,
      periodDays: 30,
    });
  });

  it('lets every {TIER}_ setting beat its DEFAULT_', () => {
    expect(byId('gold')).toEqual({
      id: 'gold',
      name: 'Gold Plus',
      resources: { ...DEFAULT_TIER_RESOURCES.gold, memoryMiB: 6144 },
      nestId: 3,
      eggId: 15,
      dockerImage: 'ghcr.io/pterodactyl/yolks:java_17',
      startup: 'java -Xms128M -jar {{SERVER_JARFILE}}',
      placement: { kind: 'node', nodeId: 7 },
      portRange: ['30000', '30010-30020'],
      environment: { SERVER_JARFILE: 'paper.jar', MINECRAFT_VERSION: 'latest', BUILD_NUMBER: '42' },
      price: 'R$ 45/month',
      priceMinor: 4500,
      oomDisabled: false,
      periodDays: 30,
    });
  });

  it('treats an empty {TIER}_ variable as unset, as .env.example leaves them', () => {
    // BRONZE_EGG_ID= and BRONZE_ENV_SERVER_JARFILE= are empty: the defaults apply.
    expect(byId('bronze')?.eggId).toBe(5);
    expect(byId('bronze')?.environment).toEqual({ SERVER_JARFILE: 'server.jar', MINECRAFT_VERSION: 'latest' });
  });

  it('places by tier locations, then tier node, then default locations, then default node', () => {
    // platinum has both: its locations win over its node
    expect(byId('platinum')?.placement).toEqual({ kind: 'locations', locationIds: [4] });
    // gold has a node and the defaults have locations: the tier's node wins
    expect(byId('gold')?.placement).toEqual({ kind: 'node', nodeId: 7 });
    expect(byId('silver')?.placement).toEqual({ kind: 'locations', locationIds: [1, 2] });
    const nodeOnly = readSettings({ ...VALID, DEFAULT_LOCATION_IDS: '', DEFAULT_NODE_ID: '3' });
    expect(nodeOnly.catalogue.find((p) => p.id === 'silver')?.placement).toEqual({ kind: 'node', nodeId: 3 });
    const both = readSettings({ ...VALID, DEFAULT_NODE_ID: '3' });
    expect(both.catalogue.find((p) => p.id === 'silver')?.placement).toEqual({
      kind: 'locations',
      locationIds: [1, 2],
    });
  });

  it('keeps a separate public panel URL when one is given', () => {
    const s = readSettings({ ...VALID, PTERODACTYL_PUBLIC_URL: 'https://games.example.com/' });
    expect(s.panel.url).toBe('https://panel.example.com');
    expect(s.panel.publicUrl).toBe('https://games.example.com');
    expect(s.shop.panelUrl).toBe('https://games.example.com');
  });

  it('uses documented defaults for optional settings', () => {
    // Arrange
    const minimal: Record<string, string> = { ...(VALID as Record<string, string>) };
    for (const k of [
      'AUTO_PROVISIONING_ENABLED',
      'INSTALL_POLL_SECONDS',
      'INSTALL_TIMEOUT_SECONDS',
      'WHATSAPP_GRAPH_URL',
      'WHATSAPP_API_VERSION',
      'WHATSAPP_TEMPLATE_LANGUAGE',
    ]) {
      delete minimal[k];
    }
    // Act
    const s = readSettings(minimal);
    // Assert
    expect(s.provisioning).toEqual({ autoProvisioning: true, installPollSeconds: 60, installTimeoutSeconds: 900 });
    expect(s.whatsapp).toMatchObject({
      graphUrl: 'https://graph.facebook.com',
      apiVersion: 'v25.0',
      templateLanguages: { en: 'en_US', id: 'id', 'pt-BR': 'pt_BR' },
    });
  });

  it('reads booleans in the usual spellings', () => {
    for (const [v, expected] of [
      ['false', false],
      ['0', false],
      ['no', false],
      ['OFF', false],
      ['yes', true],
      ['1', true],
    ] as const) {
      expect(readSettings({ ...VALID, AUTO_PROVISIONING_ENABLED: v }).provisioning.autoProvisioning).toBe(expected);
    }
  });
});

describe('readSettings with an empty environment', () => {
  it('fails once, naming every missing variable', () => {
    // Act
    const problems = problemsOf({});
    // Assert
    const text = problems.join('\n');
    for (const name of [
      'PTERODACTYL_URL',
      'PTERODACTYL_EMAIL_DOMAIN',
      'SHOP_NAME',
      'PAYMENT_INSTRUCTIONS',
      'SUPPORT_CONTACT',
      'ADMIN_WA_IDS',
      'WHATSAPP_PHONE_NUMBER_ID',
    ]) {
      expect(text).toContain(name);
    }
    for (const tier of ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM', 'DIAMOND']) {
      expect(text).toContain(`${tier}_EGG_ID (or DEFAULT_EGG_ID) is required`);
      expect(text).toContain(`${tier}_NEST_ID (or DEFAULT_NEST_ID) is required`);
      expect(text).toContain(`${tier}_LOCATION_IDS or ${tier}_NODE_ID`);
    }
  });

  it('does not call optional variables missing', () => {
    const text = problemsOf({}).join('\n');
    expect(text).not.toContain('PTERODACTYL_PUBLIC_URL');
    expect(text).not.toContain('WHATSAPP_GRAPH_URL');
    expect(text).not.toContain('INSTALL_POLL_SECONDS');
  });

  it('lists each problem once', () => {
    const problems = problemsOf({});
    expect(new Set(problems).size).toBe(problems.length);
  });

  it('says how many problems there are in the message', () => {
    expect(() => readSettings({})).toThrow(/^Invalid configuration \(\d+ problems\):\n- /);
  });
});

describe('languages and the time zone', () => {
  it('reads SHOP_LANGUAGE, ADMIN_LANGUAGE (the shop language by default) and SHOP_TIME_ZONE', () => {
    const shop = readSettings({ ...VALID, SHOP_LANGUAGE: 'pt_BR', SHOP_TIME_ZONE: 'America/Sao_Paulo' }).shop;
    expect([shop.language, shop.adminLanguage, shop.timeZone]).toEqual(['pt-BR', 'pt-BR', 'America/Sao_Paulo']);
    const admins = readSettings({ ...VALID, SHOP_LANGUAGE: 'id', ADMIN_LANGUAGE: 'en' }).shop;
    expect([admins.language, admins.adminLanguage, admins.timeZone]).toEqual(['id', 'en', 'UTC']);
  });

  it('keeps the payment instructions a shop wrote in other languages', () => {
    const shop = readSettings({
      ...VALID,
      PAYMENT_INSTRUCTIONS_PT_BR: 'Chave Pix: pay@example.com\\nMande o comprovante.',
    }).shop;
    expect(shop.paymentInstructionsIn).toEqual({ 'pt-BR': 'Chave Pix: pay@example.com\nMande o comprovante.' });
    expect(readSettings(VALID).shop.paymentInstructionsIn).toBeUndefined();
  });

  it.each<[string, Env, RegExp]>([
    ['an unknown language', { SHOP_LANGUAGE: 'klingon' }, /SHOP_LANGUAGE must be one of en, id, pt-BR, got "klingon"/],
    ['an unknown admin language', { ADMIN_LANGUAGE: 'fr' }, /ADMIN_LANGUAGE must be one of en, id, pt-BR, got "fr"/],
    ['an unknown time zone', { SHOP_TIME_ZONE: 'Mars/Olympus' }, /SHOP_TIME_ZONE must be an IANA time zone/],
  ])('names %s', (_what, env, message) => {
    expect(() => readSettings({ ...VALID, ...env })).toThrow(message);
  });
});

describe('readSettings names each bad value', () => {
  it.each<[string, Env, RegExp]>([
    ['a non-numeric egg id', { GOLD_EGG_ID: 'abc' }, /GOLD_EGG_ID must be a whole number, got "abc"/],
    ['a zero nest id', { DEFAULT_NEST_ID: '0' }, /DEFAULT_NEST_ID must be at least 1, got 0/],
    ['a port range "abc"', { GOLD_PORT_RANGE: 'abc' }, /GOLD_PORT_RANGE has "abc"; use ports like 25565/],
    [
      'a range over 1000 ports',
      { DEFAULT_PORT_RANGE: '25565-26566' },
      /DEFAULT_PORT_RANGE has "25565-26566"; a range must go up and span at most 1000 ports/,
    ],
    [
      'a range that goes down',
      { GOLD_PORT_RANGE: '30020-30010' },
      /GOLD_PORT_RANGE has "30020-30010"; a range must go up/,
    ],
    ['a port below 1024', { GOLD_PORT_RANGE: '80' }, /GOLD_PORT_RANGE has "80"; ports must be between 1024 and 65535/],
    [
      'a port above 65535',
      { GOLD_PORT_RANGE: '70000' },
      /GOLD_PORT_RANGE has "70000"; ports must be between 1024 and 65535/,
    ],
    [
      'a bad URL',
      { PTERODACTYL_URL: 'panel.example.com' },
      /PTERODACTYL_URL must be an http\(s\) URL, got "panel.example.com"/,
    ],
    [
      'a non-http URL',
      { WHATSAPP_GRAPH_URL: 'ftp://graph.facebook.com' },
      /WHATSAPP_GRAPH_URL must be an http\(s\) URL/,
    ],
    ['a bad API version', { WHATSAPP_API_VERSION: '25' }, /WHATSAPP_API_VERSION must look like v25.0, got "25"/],
    [
      'a phone number instead of its id',
      { WHATSAPP_PHONE_NUMBER_ID: '+55 11 98765-4321' },
      /WHATSAPP_PHONE_NUMBER_ID must be digits/,
    ],
    [
      'a timeout shorter than the poll',
      { INSTALL_POLL_SECONDS: '60', INSTALL_TIMEOUT_SECONDS: '30' },
      /INSTALL_TIMEOUT_SECONDS \(30\) must be at least INSTALL_POLL_SECONDS \(60\)/,
    ],
    ['a poll over 300 s', { INSTALL_POLL_SECONDS: '301' }, /INSTALL_POLL_SECONDS must be at most 300, got 301/],
    [
      'a panel budget in words',
      { PANEL_RATE_LIMIT_PER_MINUTE: '240/min' },
      /PANEL_RATE_LIMIT_PER_MINUTE must be a whole number of panel calls a minute .*got "240\/min"/,
    ],
    ['a panel budget of nothing', { PANEL_RATE_LIMIT_PER_MINUTE: '0' }, /PANEL_RATE_LIMIT_PER_MINUTE must be from 1/],
    [
      'a bad admin id',
      { ADMIN_WA_IDS: '15550105678, bob' },
      /ADMIN_WA_IDS has "bob", which is neither a WhatsApp number/,
    ],
    ['an admin list of commas', { ADMIN_WA_IDS: ', ,' }, /ADMIN_WA_IDS lists no admin/],
    [
      'a bad docker image',
      { GOLD_DOCKER_IMAGE: 'ghcr.io/yolks:java$(rm -rf)' },
      /GOLD_DOCKER_IMAGE "ghcr.io\/yolks:java\$\(rm -rf\)" is not a valid image name/,
    ],
    [
      'a docker image over 191 characters',
      { DEFAULT_DOCKER_IMAGE: `ghcr.io/${'x'.repeat(190)}` },
      /DOCKER_IMAGE ".*" is not a valid image name/,
    ],
    [
      'a bad email domain',
      { PTERODACTYL_EMAIL_DOMAIN: '@example.com' },
      /PTERODACTYL_EMAIL_DOMAIN must be a domain name such as example.com, got "@example.com"/,
    ],
    [
      'an email domain without a dot',
      { PTERODACTYL_EMAIL_DOMAIN: 'localhost' },
      /PTERODACTYL_EMAIL_DOMAIN must be a domain name/,
    ],
    [
      'bad location ids',
      { DEFAULT_LOCATION_IDS: '1, two' },
      /DEFAULT_LOCATION_IDS must be a comma-separated list of ids/,
    ],
    ['a bad boolean', { GOLD_ENABLED: 'maybe' }, /GOLD_ENABLED must be true or false, got "maybe"/],
    ['an IO weight out of range', { GOLD_IO_WEIGHT: '5' }, /GOLD_IO_WEIGHT must be at least 10, got 5/],
    ['a negative memory', { GOLD_MEMORY_MB: '-1' }, /GOLD_MEMORY_MB must be at least 0, got -1/],
    [
      'a bad egg variable name',
      { 'GOLD_ENV_server-jar': 'x' },
      /GOLD_ENV_server-jar: "server-jar" is not a valid egg variable name/,
    ],
    [
      'every tier disabled',
      {
        BRONZE_ENABLED: 'false',
        SILVER_ENABLED: 'false',
        GOLD_ENABLED: 'false',
        PLATINUM_ENABLED: 'false',
        DIAMOND_ENABLED: 'false',
      },
      /every package is disabled/,
    ],
  ])('%s', (_, change, message) => {
    // Act
    const problems = problemsOf({ ...VALID, ...change });
    // Assert
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  it('collects several bad values into one error', () => {
    // Act
    const problems = problemsOf({
      ...VALID,
      GOLD_EGG_ID: 'abc',
      GOLD_PORT_RANGE: '80',
      WHATSAPP_API_VERSION: 'latest',
      ADMIN_WA_IDS: 'bob',
    });
    // Assert
    expect(problems).toHaveLength(4);
  });

  it('names a bad default once, not once per tier', () => {
    // Act
    const problems = problemsOf({ ...VALID, DEFAULT_EGG_ID: 'abc', DEFAULT_PORT_RANGE: 'abc' });
    // Assert
    expect(problems.filter((p) => p.startsWith('DEFAULT_EGG_ID must be a whole number'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('DEFAULT_PORT_RANGE has "abc"'))).toHaveLength(1);
  });

  it('does not call the public URL missing when only the panel URL is bad', () => {
    const problems = problemsOf({ ...VALID, PTERODACTYL_URL: 'nope' });
    expect(problems).toEqual(['PTERODACTYL_URL must be an http(s) URL, got "nope"']);
  });
});

/** The lifecycle settings of VALID plus `change`, or the problems they have. */
const lifecycleOf = (change: Env) => readPart({ ...VALID, ...change }, readLifecycle);
const lifecycleProblems = (change: Env): readonly string[] => {
  try {
    lifecycleOf(change);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('lifecycle settings (renewals, suspension, termination)', () => {
  it('uses the documented defaults: remind 3 and 1 days before, suspend 2 days after, delete 7 days after that', () => {
    expect(lifecycleOf({})).toEqual({
      policy: { reminderDays: [3, 1], suspendAfterDays: 2, terminateAfterDays: 7, terminationWarningDays: 2 },
      payment: { reminderHours: 24, expiryHours: 72 },
      sweepSeconds: 300,
    });
    expect(lifecycleOf({}).policy).toEqual(DEFAULT_POLICY);
    expect(readSettings(VALID).lifecycle).toEqual(lifecycleOf({}));
  });

  it('reads PAYMENT_REMINDER_HOURS and PENDING_EXPIRY_HOURS (decimals, 0 for no nudge, never), naming a bad one', () => {
    expect(lifecycleOf({ PAYMENT_REMINDER_HOURS: '0.5', PENDING_EXPIRY_HOURS: '2' }).payment).toEqual({
      reminderHours: 0.5,
      expiryHours: 2,
    });
    expect(lifecycleOf({ PAYMENT_REMINDER_HOURS: '0', PENDING_EXPIRY_HOURS: 'never' }).payment).toEqual({
      reminderHours: 0,
      expiryHours: 'never',
    });
    expect(() => readSettings({ ...VALID, PENDING_EXPIRY_HOURS: '0' })).toThrow(
      /PENDING_EXPIRY_HOURS must be more than 0 hours/,
    );
    expect(() => readSettings({ ...VALID, PAYMENT_REMINDER_HOURS: 'soon' })).toThrow(
      /PAYMENT_REMINDER_HOURS must be a number of hours/,
    );
  });

  it('reads RENEWAL_REMINDER_DAYS as days before the due date, largest first, each once', () => {
    const reminders = (v: string) => lifecycleOf({ RENEWAL_REMINDER_DAYS: v }).policy.reminderDays;
    expect(reminders('7, 3,1')).toEqual([7, 3, 1]);
    expect(reminders('1,7,3,7')).toEqual([7, 3, 1]);
    expect(reminders('0.5, .25')).toEqual([0.5, 0.25]);
    expect(reminders(' , 2 ,')).toEqual([2]);
  });

  it.each(['none', 'NONE', 'off', '0'])('turns reminders off with RENEWAL_REMINDER_DAYS=%s', (v) => {
    expect(lifecycleOf({ RENEWAL_REMINDER_DAYS: v }).policy.reminderDays).toEqual([]);
  });

  it('reads SUSPEND_AFTER_DAYS, TERMINATE_AFTER_DAYS and TERMINATION_WARNING_DAYS in days, decimals allowed', () => {
    expect(
      lifecycleOf({ SUSPEND_AFTER_DAYS: '0.5', TERMINATE_AFTER_DAYS: '14', TERMINATION_WARNING_DAYS: '3.5' }).policy,
    ).toMatchObject({ suspendAfterDays: 0.5, terminateAfterDays: 14, terminationWarningDays: 3.5 });
    // Suspend on the due date itself; no last warning at all.
    expect(lifecycleOf({ SUSPEND_AFTER_DAYS: '0', TERMINATION_WARNING_DAYS: '0' }).policy).toMatchObject({
      suspendAfterDays: 0,
      terminationWarningDays: 0,
    });
  });

  it.each(['never', 'Never', 'NEVER'])('keeps suspended servers forever with TERMINATE_AFTER_DAYS=%s', (v) => {
    // No termination, so no warning before it to check against.
    expect(lifecycleOf({ TERMINATE_AFTER_DAYS: v, TERMINATION_WARNING_DAYS: '30' }).policy).toMatchObject({
      terminateAfterDays: 'never',
      terminationWarningDays: 30,
    });
  });

  it.each(['0', '0.0', '00'])('refuses TERMINATE_AFTER_DAYS=%s: deleting at once is never what a shop means', (v) => {
    expect(lifecycleProblems({ TERMINATE_AFTER_DAYS: v })).toEqual([
      'TERMINATE_AFTER_DAYS=0 is refused: termination deletes the server, so it needs a positive delay (or "never")',
    ]);
  });

  it('wants the last warning before the termination', () => {
    expect(lifecycleProblems({ TERMINATE_AFTER_DAYS: '3', TERMINATION_WARNING_DAYS: '3' })).toEqual([
      expect.stringMatching(/^TERMINATION_WARNING_DAYS \(3\) must be less than TERMINATE_AFTER_DAYS \(3\)/),
    ]);
    expect(lifecycleProblems({ TERMINATE_AFTER_DAYS: '1', TERMINATION_WARNING_DAYS: '2' })).toEqual([
      expect.stringMatching(/^TERMINATION_WARNING_DAYS \(2\) must be less than TERMINATE_AFTER_DAYS \(1\)/),
    ]);
    // The default warning (2 days) is checked against a shorter termination too.
    expect(lifecycleProblems({ TERMINATE_AFTER_DAYS: '1' })).toHaveLength(1);
    expect(
      lifecycleOf({ TERMINATE_AFTER_DAYS: '3', TERMINATION_WARNING_DAYS: '2.9' }).policy.terminationWarningDays,
    ).toBe(2.9);
  });

  it('sweeps every LIFECYCLE_SWEEP_SECONDS, 300 by default, in whole seconds from 1 to a day', () => {
    expect(lifecycleOf({ LIFECYCLE_SWEEP_SECONDS: '90' }).sweepSeconds).toBe(90);
    expect(lifecycleProblems({ LIFECYCLE_SWEEP_SECONDS: '0' })).toEqual([
      'LIFECYCLE_SWEEP_SECONDS must be at least 1, got 0',
    ]);
    expect(lifecycleProblems({ LIFECYCLE_SWEEP_SECONDS: '1.5' })).toEqual([
      'LIFECYCLE_SWEEP_SECONDS must be a whole number, got "1.5"',
    ]);
    expect(lifecycleProblems({ LIFECYCLE_SWEEP_SECONDS: '86401' })).toEqual([
      'LIFECYCLE_SWEEP_SECONDS must be at most 86400, got 86401',
    ]);
  });

  it.each<[string, Env, RegExp]>([
    [
      'reminders in words',
      { RENEWAL_REMINDER_DAYS: 'three' },
      /^RENEWAL_REMINDER_DAYS must be days before the due date.*got "three"/,
    ],
    [
      'a negative reminder',
      { RENEWAL_REMINDER_DAYS: '3,-1' },
      /^RENEWAL_REMINDER_DAYS must be days before the due date.*got "3,-1"/,
    ],
    [
      'a reminder over a year',
      { RENEWAL_REMINDER_DAYS: '400' },
      /^RENEWAL_REMINDER_DAYS must be days before the due date/,
    ],
    [
      'a suspension in words',
      { SUSPEND_AFTER_DAYS: 'soon' },
      /^SUSPEND_AFTER_DAYS must be a number of days \(decimals allowed, e\.g\. 30 or 0\.5\), got "soon"$/,
    ],
    ['a negative suspension', { SUSPEND_AFTER_DAYS: '-1' }, /^SUSPEND_AFTER_DAYS must be a number of days.*got "-1"$/],
    [
      'a termination in words',
      { TERMINATE_AFTER_DAYS: 'later' },
      /^TERMINATE_AFTER_DAYS must be a number of days.*got "later"$/,
    ],
    [
      'a termination over ten years',
      { TERMINATE_AFTER_DAYS: '3651' },
      /^TERMINATE_AFTER_DAYS must be at most 3650 days, got 3651$/,
    ],
    [
      'a warning in words',
      { TERMINATION_WARNING_DAYS: 'x' },
      /^TERMINATION_WARNING_DAYS must be a number of days.*got "x"$/,
    ],
  ])('refuses %s, naming the variable', (_, change, message) => {
    const problems = lifecycleProblems(change);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('the period a payment buys ({TIER}_PERIOD_DAYS)', () => {
  const periods = (change: Env) =>
    Object.fromEntries(readSettings({ ...VALID, ...change }).catalogue.map((p) => [p.id, p.periodDays]));

  it('is 30 days unless DEFAULT_PERIOD_DAYS says otherwise, and a tier may have its own', () => {
    expect(periods({})).toEqual({ bronze: 30, silver: 30, gold: 30, platinum: 30 });
    expect(periods({ DEFAULT_PERIOD_DAYS: '31', GOLD_PERIOD_DAYS: '90' })).toEqual({
      bronze: 31,
      silver: 31,
      gold: 90,
      platinum: 31,
    });
    expect(periods({ SILVER_PERIOD_DAYS: '7' })).toMatchObject({ bronze: 30, silver: 7 });
  });

  it('takes decimals, so a test shop can live a month in a couple of minutes', () => {
    expect(periods({ DEFAULT_PERIOD_DAYS: '0.001', GOLD_PERIOD_DAYS: '0.5' })).toMatchObject({
      bronze: 0.001,
      gold: 0.5,
    });
  });

  it.each<[string, Env, string]>([
    [
      'junk',
      { GOLD_PERIOD_DAYS: 'monthly' },
      'GOLD_PERIOD_DAYS must be a number of days (decimals allowed, e.g. 30 or 0.5), got "monthly"',
    ],
    ['zero', { GOLD_PERIOD_DAYS: '0' }, 'GOLD_PERIOD_DAYS must be more than 0 days, got 0'],
    [
      'a negative default',
      { DEFAULT_PERIOD_DAYS: '-30' },
      'DEFAULT_PERIOD_DAYS must be a number of days (decimals allowed, e.g. 30 or 0.5), got "-30"',
    ],
    ['a zero default', { DEFAULT_PERIOD_DAYS: '0' }, 'DEFAULT_PERIOD_DAYS must be more than 0 days, got 0'],
    ['over ten years', { PLATINUM_PERIOD_DAYS: '4000' }, 'PLATINUM_PERIOD_DAYS must be at most 3660 days, got 4000'],
  ])('refuses %s, naming the variable once', (_, change, problem) => {
    expect(problemsOf({ ...VALID, ...change })).toEqual([problem]);
  });
});

describe('EnvReader and readPart', () => {
  it('reads only the part a function needs, with the same one-error behaviour', () => {
    expect(readPart({ WHATSAPP_PHONE_NUMBER_ID: '123' }, readWhatsApp)).toEqual({
      graphUrl: 'https://graph.facebook.com',
      apiVersion: 'v25.0',
      phoneNumberId: '123',
      templateLanguages: { en: 'en_US', id: 'id', 'pt-BR': 'pt_BR' },
    });
    expect(() => readPart({ WHATSAPP_API_VERSION: 'x' }, readWhatsApp)).toThrow(ConfigError);
  });

  it('trims values and treats blank as unset', () => {
    // Arrange
    const r = new EnvReader({ A: '  x  ', B: '   ', N: ' 42 ' });
    // Act / Assert
    expect(r.string('A')).toBe('x');
    expect(r.optionalString('B')).toBeUndefined();
    expect(r.int('N')).toBe(42);
    expect(r.int('MISSING', { optional: true })).toBeUndefined();
    expect(r.int('MISSING', { fallback: 7 })).toBe(7);
    expect(r.problems).toEqual([]);
    expect(() => r.done()).not.toThrow();
  });

  it('collects problems until done() throws them all', () => {
    // Arrange
    const r = new EnvReader({ N: '1.5', U: 'x' });
    // Act
    r.int('N');
    r.url('U');
    r.string('S');
    // Assert
    expect(() => r.done()).toThrow(ConfigError);
    expect(r.problems).toEqual([
      'N must be a whole number, got "1.5"',
      'U must be an http(s) URL, got "x"',
      'S is required',
    ]);
  });
});
