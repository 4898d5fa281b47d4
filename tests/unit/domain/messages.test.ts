import { describe, expect, it } from 'vitest';
import { commandId } from '../../../shared/domain/commands.js';
import { LANGS, type Lang } from '../../../shared/domain/i18n/lang.js';
import {
  adminAbandoned,
  adminAutoProvisioningOff,
  adminCancelled,
  adminCannot,
  adminCannotAbandon,
  adminConfirmed,
  adminCustomerCancelled,
  adminExecutionStopped,
  adminHelp,
  adminNewOrder,
  adminNotResumable,
  adminOrderDetail,
  adminOrders,
  adminPanelTest,
  adminPasswordReset,
  adminPreflightFailed,
  adminPreflightSkipped,
  adminProvisioned,
  adminProvisioningFailed,
  adminProvisioningNow,
  adminProvisioningOverview,
  adminResetPasswordConfirm,
  adminResetPasswordKept,
  adminResumed,
  adminRetryStarted,
  adminText,
  adminUndeliverable,
  credentialsMessage,
  customerCancelled,
  customerCannotCancel,
  customerHelp,
  customerOrderAbandoned,
  customerOrderUpdate,
  customerPasswordReset,
  customerProvisioningFailed,
  customerResetPasswordConfirm,
  customerResetPasswordKept,
  type FailureDetail,
  menuReply,
  myOrders,
  notAllowed,
  orderLookupProblem,
  orderPlaced,
  orderStatusForCustomer,
  type PanelCheck,
  packagesList,
  passwordResetMessage,
  preflightProblem,
  type ShopInfo,
  serverAddedMessage,
  stoppedAt,
  TEMPLATES,
  tooManyUnpaidOrders,
  unknownPackage,
} from '../../../shared/domain/messages.js';
import { type HistoryEntry, ORDER_STATUSES, type Order } from '../../../shared/domain/order.js';
import { assertTemplateParams, assertWithinLimits, type OutboundMessage } from '../../../shared/domain/outbound.js';
import { type Package, TIER_IDS, type TierId } from '../../../shared/domain/packages.js';
import type { ResetOutcome } from '../../../shared/domain/password-reset-rules.js';
import { CATALOGUE, orderIn, pkg, SHOP, to } from './fixtures.js';

const ADMIN = '15550105678';
const CUSTOMER = '5511987654321';

const FAILURE: FailureDetail = {
  step: 'EnsureServer',
  code: 'PanelRejectedError',
  detail: 'HTTP 422: No viable node with enough memory in location 1.',
};

// ---------------------------------------------------------------- the data sets

interface World {
  shop: ShopInfo;
  catalogue: Package[];
  order: Order;
  orders: Order[];
  failure: FailureDetail;
  reasons: string[];
  serverName: string;
  address: string;
  username: string;
}

const REALISTIC: World = {
  shop: SHOP,
  catalogue: CATALOGUE,
  order: orderIn('PENDING'),
  orders: ORDER_STATUSES.map((status, i) => orderIn(status, { id: `ORD-7K2M9${i}` })),
  failure: FAILURE,
  reasons: ['Egg 5 needs SERVER_JARFILE and it has no value', 'No node in location 1 can take 4 GB'],
  serverName: 'Gold server for Ana',
  address: 'node1.example.com:25565',
  username: 'ana_5511987654321',
};

const LONG_NAME = '🎮 Ana 🔥 Maria 💎 da Silva Sauro 🐉 '.repeat(8).trim();

function extremeHistory(): HistoryEntry[] {
  return Array.from({ length: 50 }, (_, i) => ({
    at: '2026-03-01T12:00:00.000Z',
    from: 'PROVISIONING',
    to: 'CONFIRMED',
    event: 'FAIL',
    by: 'sfn',
    attempt: i,
    reason: `EnsureServer: ${'PanelRejectedError'.repeat(20)}`,
  }));
}

const EXTREME: World = {
  shop: {
    shopName: `🎮${'🔥'.repeat(40)} ${'Super Mega Ultra Game Servers Brasil '.repeat(12)}🎮`,
    panelUrl: `https://${'panel.'.repeat(40)}example.com`,
    paymentInstructions:
      `${'Pix key: pay@example.com\nBank transfer to account 12345-6, branch 0001.\n'.repeat(70)}`.slice(0, 5000),
    supportContact: `${'support@example.com or +55 11 98765-4321 (Mon–Fri 9–18)     '.repeat(30)}`,
    language: 'en',
    adminLanguage: 'en',
    timeZone: 'UTC',
  },
  // Twelve packages (two more than a list can show) with long names and prices. Real catalogues hold
  // at most the five tiers; the ids are widened here only to prove the list stays within 10 rows.
  catalogue: Array.from({ length: 12 }, (_, i) =>
    pkg(TIER_IDS[i % 5]!, {
      id: `${TIER_IDS[i % 5]!}${i}` as TierId,
      name: i % 2 === 0 ? `${'🐉'.repeat(i + 10)} Edition ${i}` : `Extreme Edition Plus ${i}`,
      price: `R$ 1.234.567,89 per month, billed yearly, taxes included ${'💰'.repeat(i)}`,
    }),
  ),
  order: orderIn('PENDING', {
    customerName: LONG_NAME,
    packageName: 'DIAMOND Extreme Edition Plus with extra everything',
    price: 'R$ 1.234.567,89 per month, billed yearly, taxes included',
    attempts: 42,
    lastError: {
      step: 'WaitForInstall',
      code: 'InstallFailedError',
      message: 'x\n'.repeat(5000),
      at: '2026-03-01T12:00:00.000Z',
    },
    history: extremeHistory(),
    provisioning: {
      step: 'Rollback',
      panelUserId: 123456789,
      panelUsername: 'u'.repeat(191),
      userCreated: true,
      serverId: 987654321,
      serverIdentifier: 'abcdef12',
      serverAddress: `${'node.'.repeat(50)}example.com:25565`,
      credentialsSentAt: '2026-03-01T12:00:00.000Z',
    },
  }),
  orders: Array.from({ length: 200 }, (_, i) =>
    orderIn(ORDER_STATUSES[i % 5]!, {
      id: `ORD-${String(i).padStart(6, '0')}`,
      customerName: LONG_NAME,
      packageName: 'P'.repeat(100),
    }),
  ),
  failure: {
    step: 'WaitForInstall',
    code: 'InstallFailedError',
    detail:
      `Panel said: ${'Error: install script exited 1\n\tat Object.<anonymous> (/srv/install.sh:12)\n'.repeat(150)}`.slice(
        0,
        10 * 1024,
      ),
  },
  reasons: Array.from(
    { length: 60 },
    (_, i) => `Egg variable VAR_${i} is required and has no value; set DEFAULT_ENV_VAR_${i}`,
  ),
  serverName: `${'Gold server for Ana '.repeat(20)}\nsecond line`,
  address: `${'node.'.repeat(50)}example.com:25565`,
  username: 'u'.repeat(191),
};

/** Every builder in messages.ts, called in every way it is called. */
function everyMessage(w: World, lang: Lang = 'en'): Array<[string, OutboundMessage]> {
  const o = w.order;
  const failed = {
    ...o,
    status: 'CONFIRMED' as const,
    attempts: 2,
    lastError: { step: 'EnsureServer', code: 'X', message: 'y', at: o.createdAt },
  };
  const out: Array<[string, OutboundMessage]> = [
    ['packagesList', packagesList(to(CUSTOMER, lang), w.catalogue, w.shop)],
    ['customerHelp', customerHelp(to(CUSTOMER, lang), w.shop)],
    ['adminHelp', adminHelp(to(ADMIN, lang))],
    ...menuReply(to(CUSTOMER, lang), { kind: 'menu', reason: 'greeting' }, w.catalogue, w.shop).map(
      (m): [string, OutboundMessage] => ['menuReply greeting', m],
    ),
    ...menuReply(to(CUSTOMER, lang), { kind: 'menu', reason: 'media' }, w.catalogue, w.shop).map(
      (m): [string, OutboundMessage] => ['menuReply media', m],
    ),
    ...menuReply(
      to(CUSTOMER, lang),
      { kind: 'menu', reason: 'unknown', typed: 'x'.repeat(40), suggestion: '!status' },
      w.catalogue,
      w.shop,
    ).map((m): [string, OutboundMessage] => ['menuReply unknown', m]),
    ...menuReply(to(CUSTOMER, lang), { kind: 'menu', reason: 'empty' }, w.catalogue, w.shop).map(
      (m): [string, OutboundMessage] => ['menuReply empty', m],
    ),
    ...notAllowed(to(CUSTOMER, lang), w.catalogue, w.shop).map((m): [string, OutboundMessage] => ['notAllowed', m]),
    ['unknownPackage', unknownPackage(to(CUSTOMER, lang), 'x'.repeat(40), w.catalogue)],
    ['unknownPackage empty', unknownPackage(to(CUSTOMER, lang), '', w.catalogue)],
    ['orderPlaced', orderPlaced(to(CUSTOMER, lang), o, w.shop)],
    ['adminNewOrder', adminNewOrder(to(ADMIN, lang), o)],
    ['myOrders none', myOrders(to(CUSTOMER, lang), [], false)],
    ['myOrders', myOrders(to(CUSTOMER, lang), w.orders, true)],
    ['orderLookupProblem missing', orderLookupProblem(to(CUSTOMER, lang), { kind: 'missing-id', command: '!status' })],
    [
      'orderLookupProblem bad',
      orderLookupProblem(to(CUSTOMER, lang), { kind: 'bad-id', typed: 'x'.repeat(24), command: '!status' }),
    ],
    [
      'orderLookupProblem not found',
      orderLookupProblem(to(CUSTOMER, lang), {
        kind: 'not-found',
        id: o.id,
        suggestions: ['ORD-7K2M9R', 'ORD-7K2M8Q'],
      }),
    ],
    [
      'orderLookupProblem not found, no hint',
      orderLookupProblem(to(CUSTOMER, lang), { kind: 'not-found', id: o.id, suggestions: [] }),
    ],
    ['customerCancelled', customerCancelled(to(CUSTOMER, lang), o)],
    ['customerOrderUpdate cancelled', customerOrderUpdate(to(CUSTOMER, lang), { ...o, status: 'CANCELLED' }, w.shop)],
    ['customerOrderUpdate confirmed', customerOrderUpdate(to(CUSTOMER, lang), { ...o, status: 'CONFIRMED' }, w.shop)],
    [
      'credentialsMessage',
      credentialsMessage(
        to(CUSTOMER, lang),
        o,
        { name: w.serverName, identifier: 'abcdef12', address: w.address },
        { username: w.username, password: 'Zq8#kP2m!xV7wR4t' },
        w.shop,
      ),
    ],
    [
      'credentialsMessage no address',
      credentialsMessage(
        to(CUSTOMER, lang),
        o,
        { name: w.serverName, identifier: 'abcdef12' },
        { username: w.username, password: 'Zq8#kP2m!xV7wR4t' },
        w.shop,
      ),
    ],
    [
      'serverAddedMessage',
      serverAddedMessage(
        to(CUSTOMER, lang),
        o,
        { name: w.serverName, identifier: 'abcdef12', address: w.address },
        w.username,
        w.shop,
      ),
    ],
    ['customerProvisioningFailed', customerProvisioningFailed(to(CUSTOMER, lang), o, w.shop)],
    ['adminProvisioningFailed', adminProvisioningFailed(to(ADMIN, lang), o, w.failure)],
    [
      'adminExecutionStopped',
      adminExecutionStopped(to(ADMIN, lang), o, { step: 'Rollback', status: 'FAILED', error: w.failure.detail }),
    ],
    ['adminProvisioned', adminProvisioned(to(ADMIN, lang), o)],
    ['adminProvisioned bare', adminProvisioned(to(ADMIN, lang), { ...o, provisioning: {} })],
    ['adminOrders none', adminOrders(to(ADMIN, lang), 'FAILED', [], false)],
    ['adminOrders', adminOrders(to(ADMIN, lang), 'OPEN', w.orders, true, 'x'.repeat(24))],
    ['adminText', adminText(to(ADMIN, lang), 'Panel OK: 3 nodes, 12 servers', o.id)],
    ['adminConfirmed provisioning', adminConfirmed(to(ADMIN, lang), o, true)],
    ['adminConfirmed manual', adminConfirmed(to(ADMIN, lang), o, false)],
    ['adminPreflightFailed', adminPreflightFailed(to(ADMIN, lang), o, w.reasons)],
    ['adminOrderDetail', adminOrderDetail(to(ADMIN, lang), o, 'WaitForInstall')],
    ['adminOrderDetail no step', adminOrderDetail(to(ADMIN, lang), { ...o, provisioning: {} })],
    [
      'adminOrderDetail stopped',
      adminOrderDetail(to(ADMIN, lang), o, stoppedAt(o, 'FAILED', w.failure.step, undefined, lang)),
    ],
    ['tooManyUnpaidOrders', tooManyUnpaidOrders(to(CUSTOMER, lang), w.orders.slice(0, 3))],
    ['adminCustomerCancelled', adminCustomerCancelled(to(ADMIN, lang), o)],
    ['adminCancelled', adminCancelled(to(ADMIN, lang), o, 'x'.repeat(200))],
    ['adminCancelled no reason', adminCancelled(to(ADMIN, lang), o)],
    ['adminRetryStarted', adminRetryStarted(to(ADMIN, lang), o)],
    ['adminResumed', adminResumed(to(ADMIN, lang), o, w.failure.step)],
    ['adminResumed no step', adminResumed(to(ADMIN, lang), o)],
    ['adminNotResumable', adminNotResumable(to(ADMIN, lang), o)],
    ['adminProvisioningNow', adminProvisioningNow(to(ADMIN, lang), o, w.failure.step)],
    ['adminAutoProvisioningOff', adminAutoProvisioningOff(to(ADMIN, lang), o)],
    ['adminPreflightSkipped', adminPreflightSkipped(to(ADMIN, lang), o, w.failure.detail)],
    [
      'adminPreflightFailed with our own reasons',
      adminPreflightFailed(to(ADMIN, lang), o, [
        preflightProblem.packageGone(o, lang),
        preflightProblem.noReason(lang),
        preflightProblem.unreachable(w.failure.detail, lang),
      ]),
    ],
    ['adminPanelTest ok', adminPanelTest(to(ADMIN, lang), panelCheck(w, true))],
    ['adminPanelTest failed', adminPanelTest(to(ADMIN, lang), panelCheck(w, false))],
    ['adminProvisioningOverview', adminProvisioningOverview(to(ADMIN, lang), overviewOf(w, true))],
    ['adminProvisioningOverview panel down', adminProvisioningOverview(to(ADMIN, lang), overviewOf(w, false))],
    [
      'adminUndeliverable',
      adminUndeliverable(to(ADMIN, lang), { to: CUSTOMER, kind: 'order-update' }, w.failure.detail),
    ],
    [
      'adminUndeliverable credentials',
      adminUndeliverable(to(ADMIN, lang), { to: CUSTOMER, kind: 'credentials', orderId: o.id }, w.failure.detail),
    ],
  ];
  for (const status of ORDER_STATUSES) {
    out.push([
      `orderStatusForCustomer ${status}`,
      orderStatusForCustomer(to(CUSTOMER, lang), { ...o, status }, w.shop),
    ]);
    out.push([`customerCannotCancel ${status}`, customerCannotCancel(to(CUSTOMER, lang), { ...o, status }, w.shop)]);
    out.push([`adminCannot ${status}`, adminCannot(to(ADMIN, lang), { ...o, status }, 'confirm')]);
  }
  out.push(['orderStatusForCustomer failed before', orderStatusForCustomer(to(CUSTOMER, lang), failed, w.shop)]);
  out.push(
    [
      'adminOrderDetail stopped with why',
      adminOrderDetail(
        to(ADMIN, lang),
        o,
        stoppedAt(
          o,
          'FAILED',
          'DeliverCredentials',
          { error: 'CredentialsUndeliverableError', cause: w.failure.detail },
          lang,
        ),
      ),
    ],
    [
      'adminExecutionStopped undeliverable',
      adminExecutionStopped(to(ADMIN, lang), o, {
        step: 'DeliverCredentials',
        status: 'FAILED',
        error: 'CredentialsUndeliverableError',
      }),
    ],
    [
      'passwordResetMessage',
      passwordResetMessage(to(CUSTOMER, lang), { username: w.username, password: 'Zq8#kP2m!xV7wR4t' }, w.shop),
    ],
    ['customerResetPasswordConfirm', customerResetPasswordConfirm(to(CUSTOMER, lang))],
    ['customerResetPasswordKept', customerResetPasswordKept(to(CUSTOMER, lang))],
    ['adminResetPasswordConfirm', adminResetPasswordConfirm(to(ADMIN, lang), o)],
    ['adminResetPasswordKept', adminResetPasswordKept(to(ADMIN, lang), o)],
    ['customerOrderAbandoned', customerOrderAbandoned(to(CUSTOMER, lang), o, w.shop)],
    [
      'adminAbandoned',
      adminAbandoned(to(ADMIN, lang), o, { server: 'force-deleted', user: 'kept-owns-servers' }, 'x'.repeat(200)),
    ],
    ['adminAbandoned unknown report', adminAbandoned(to(ADMIN, lang), o, { server: 'skipped', user: 'skipped' })],
    ['adminCannotAbandon running', adminCannotAbandon(to(ADMIN, lang), o, 'RUNNING at WaitForInstall')],
    ['adminCannotAbandon no execution', adminCannotAbandon(to(ADMIN, lang), o)],
  );
  for (const outcome of resetOutcomes(w)) {
    out.push([`adminPasswordReset ${outcome.kind}`, adminPasswordReset(to(ADMIN, lang), o, outcome, NOW)]);
    for (const m of customerPasswordReset(to(CUSTOMER, lang), outcome, w.shop, NOW))
      out.push([`customerPasswordReset ${outcome.kind}`, m]);
  }
  out.push(['adminCannot failed before', adminCannot(to(ADMIN, lang), failed, 'cancel')]);
  return out;
}

const NOW = new Date('2026-03-01T12:00:00.000Z');

function resetOutcomes(w: World): ResetOutcome[] {
  const later = new Date(NOW.getTime() + 7 * 60_000).toISOString();
  return [
    { kind: 'sent', username: w.username, form: 'free-form' },
    { kind: 'sent', username: w.username, form: 'template' },
    { kind: 'maybe-sent', username: w.username },
    { kind: 'already-sent' },
    { kind: 'no-account' },
    { kind: 'protected-account' },
    { kind: 'busy' },
    { kind: 'too-soon', retryAt: later },
    { kind: 'daily-limit', retryAt: later },
    { kind: 'undeliverable', username: w.username, reason: w.failure.detail },
  ];
}

function panelCheck(w: World, ok: boolean): PanelCheck {
  const permissions = Object.fromEntries(w.reasons.map((r, i) => [`resource_${i}`, r]));
  return ok
    ? { ok, url: w.shop.panelUrl, latencyMs: 120, permissions }
    : { ok, url: w.shop.panelUrl, latencyMs: 0, permissions: {}, error: w.failure.detail };
}

function overviewOf(w: World, panelOk: boolean) {
  return {
    autoProvisioning: panelOk,
    panel: panelCheck(w, panelOk),
    packageNames: w.catalogue.map((p) => p.name),
    adminCount: 2,
    counts: { PENDING: 3, CONFIRMED: 2, PROVISIONING: 1, COMPLETED: 40, CANCELLED: 5 },
    failures: panelOk ? w.orders.slice(0, 5) : [],
  };
}

function textsOf(content: OutboundMessage['content']): string[] {
  switch (content.type) {
    case 'text':
      return [content.body];
    case 'buttons':
      return [content.body, content.header ?? '', content.footer ?? '', ...content.buttons.map((b) => b.title)];
    case 'cta':
      return [content.body, content.header ?? '', content.footer ?? '', content.button.title];
    case 'list':
      return [
        content.body,
        content.header ?? '',
        content.footer ?? '',
        content.button,
        ...content.sections.flatMap((s) => [s.title ?? '', ...s.rows.flatMap((r) => [r.title, r.description ?? ''])]),
      ];
  }
}

function bodyOf(m: OutboundMessage): string {
  return m.content.body;
}

// ---------------------------------------------------------------- limits

describe.each(
  (['realistic', 'extreme'] as const).flatMap((name) =>
    LANGS.map((lang): [string, Lang, World] => [name, lang, name === 'realistic' ? REALISTIC : EXTREME]),
  ),
)('every message with %s data, in %s', (_, lang, world) => {
  const messages = everyMessage(world, lang);

  it.each(messages)('%s is within the Cloud API limits', (_name, m) => {
    expect(() => assertWithinLimits(m.content)).not.toThrow();
  });

  it.each(messages.filter(([, m]) => m.template !== undefined))('%s has valid template parameters', (_name, m) => {
    expect(() => assertTemplateParams(m.template!.bodyParams)).not.toThrow();
    expect(Object.values(TEMPLATES)).toContain(m.template!.name);
  });

  it.each(messages)('%s uses WhatsApp bold (*x*), never Markdown (**x**), and no broken emoji', (_name, m) => {
    for (const t of textsOf(m.content)) {
      expect(t).not.toContain('**');
      expect(t).not.toMatch(/[\uD800-\uDFFF]/u);
    }
  });

  it.each(messages)('%s goes to its recipient', (_name, m) => {
    expect([CUSTOMER, ADMIN]).toContain(m.to);
  });
});

// ---------------------------------------------------------------- content that matters

describe('customer failure text', () => {
  it.each([
    ['realistic', REALISTIC],
    ['extreme', EXTREME],
  ])('carries no technical detail (%s)', (_, w) => {
    // Arrange
    const order = {
      ...w.order,
      lastError: { step: 'EnsureServer', code: 'PanelRejectedError', message: 'HTTP 422', at: w.order.createdAt },
    };
    // Act
    const m = customerProvisioningFailed(to(CUSTOMER), order, w.shop);
    // Assert
    const everything = [bodyOf(m), ...(m.template?.bodyParams ?? [])].join('\n');
    expect(everything).not.toMatch(/Panel|Error|error|422|HTTP|stack|exception|EnsureServer|Rollback|\bat\s+\S+\s+\(/);
    expect(bodyOf(m)).toContain(order.id);
    expect(m.kind).toBe('provisioning-failed');
    expect(m.template?.name).toBe(TEMPLATES.provisioningFailed);
  });
});

describe('admin failure text', () => {
  it('names the step, code and detail, and offers a retry button', () => {
    // Arrange
    const order = orderIn('CONFIRMED', { attempts: 2 });
    // Act
    const m = adminProvisioningFailed(to(ADMIN), order, FAILURE);
    // Assert
    expect(m.content.type).toBe('buttons');
    if (m.content.type !== 'buttons') return;
    expect(m.content.body).toContain('EnsureServer');
    expect(m.content.body).toContain('PanelRejectedError');
    expect(m.content.body).toContain(FAILURE.detail);
    expect(m.content.body).toContain(`!provision-retry ${order.id}`);
    expect(m.content.buttons[0]).toEqual({ id: `!provision-retry ${order.id}`, title: 'Retry' });
    expect(m.content.buttons.map((b) => b.id)).toContain(commandId.retry(order.id));
    const param = m.template?.bodyParams.join(' ') ?? '';
    expect(param).toContain('EnsureServer');
    expect(param).toContain('PanelRejectedError');
    expect(param).toContain(`!provision-retry ${order.id}`);
  });

  it('keeps the way to retry when the detail is 10 KB', () => {
    // Arrange
    const order = orderIn('CONFIRMED', { attempts: 1 });
    // Act
    const m = adminProvisioningFailed(to(ADMIN), order, EXTREME.failure);
    // Assert
    expect(() => assertWithinLimits(m.content)).not.toThrow();
    expect(m.content.body).toContain('CheckInstall');
    expect(m.content.body).toContain('InstallFailedError');
    expect(m.content.body).toContain('install script exited 1');
    expect(m.content.body).toContain(`!provision-retry ${order.id}`);
    expect(m.template?.bodyParams.join(' ')).toContain(`!provision-retry ${order.id}`);
  });
});

describe('what the customer needs is in the message', () => {
  it('credentials carry panel, username, password and the server address', () => {
    // Arrange
    const order = orderIn('PROVISIONING');
    // Act
    const m = credentialsMessage(
      to(CUSTOMER),
      order,
      { name: 'Gold', identifier: 'abcdef12', address: '1.2.3.4:25565' },
      { username: 'ana', password: 'Zq8#kP2m!xV7wR4t' },
      SHOP,
    );
    // Assert
    expect(bodyOf(m)).toContain('*Username:* ana');
    expect(bodyOf(m)).toContain('*Password:* Zq8#kP2m!xV7wR4t');
    expect(bodyOf(m)).toContain('https://panel.example.com/server/abcdef12');
    expect(bodyOf(m)).toContain('1.2.3.4:25565');
    expect(m.template?.bodyParams).toContain('Zq8#kP2m!xV7wR4t');
  });

  it('a returning customer gets no password', () => {
    const m = serverAddedMessage(
      to(CUSTOMER),
      orderIn('PROVISIONING'),
      { name: 'Gold', identifier: 'abcdef12' },
      'ana',
      SHOP,
    );
    expect(bodyOf(m)).not.toMatch(/Password:/);
    expect(bodyOf(m)).toContain('*ana*');
  });

  it('the order confirmation shows the payment instructions with their new lines and two buttons', () => {
    // Act
    const m = orderPlaced(to(CUSTOMER), orderIn('PENDING'), SHOP);
    // Assert
    expect(bodyOf(m)).toContain('Pix key: pay@example.com\nSend the receipt');
    expect(m.content.type === 'buttons' && m.content.buttons.map((b) => b.id)).toEqual([
      '!status ORD-7K2M9Q',
      '!cancel ORD-7K2M9Q',
    ]);
  });

  it('the package list has one row per package, each ordering it', () => {
    // Act
    const m = packagesList(to(CUSTOMER), CATALOGUE, SHOP);
    // Assert
    expect(m.content.type).toBe('list');
    if (m.content.type !== 'list') return;
    expect(m.content.sections.flatMap((s) => s.rows.map((r) => r.id))).toEqual(TIER_IDS.map((id) => `!order ${id}`));
    expect(m.content.body).toContain('*Gold* (R$ 15/month)');
    expect(m.content.body).toContain('4 GB RAM · 4 vCPU · 20 GB disk');
  });

  it('shows the customer words for a status, never the enum', () => {
    const m = orderStatusForCustomer(to(CUSTOMER), orderIn('PROVISIONING'), SHOP);
    expect(bodyOf(m)).toContain('setting up your server');
    expect(bodyOf(m)).not.toContain('PROVISIONING');
  });
});

describe('texts an admin reads about one order', () => {
  it('an undeliverable login says how to recover it, in the text and the template', () => {
    // Act
    const m = adminUndeliverable(
      to(ADMIN),
      { to: CUSTOMER, kind: 'credentials', orderId: 'ORD-7K2M9Q' },
      'WhatsAppPermanentError 131026:\n  Message undeliverable',
    );
    // Assert
    expect(m.to).toBe(ADMIN);
    expect(m.kind).toBe('admin-notice');
    expect(bodyOf(m)).toBe(
      `📵 A *credentials* message to +${CUSTOMER} (order ORD-7K2M9Q) could not be delivered: WhatsAppPermanentError 131026:\n  Message undeliverable\nThe login did not reach the customer. Ask them to write to us, then resend with !provision-retry ORD-7K2M9Q if the order is not completed, or reset the password on the panel.`,
    );
    expect(m.template).toEqual({
      name: TEMPLATES.adminAlert,
      bodyParams: [
        `Message to +${CUSTOMER} (order ORD-7K2M9Q) undeliverable: WhatsAppPermanentError 131026: Message undeliverable`,
      ],
    });
  });

  it('an undeliverable message without an order has no order and no login hint, and a reason cut to 300', () => {
    // Act
    const m = adminUndeliverable(to(ADMIN), { to: CUSTOMER, kind: 'reply' }, 'r'.repeat(1000));
    // Assert
    expect(bodyOf(m)).toBe(`📵 A *reply* message to +${CUSTOMER} could not be delivered: ${'r'.repeat(300)}`);
    expect(m.orderId).toBeUndefined();
    expect(m.template?.bodyParams).toEqual([`Message to +${CUSTOMER} undeliverable: ${'r'.repeat(300)}`]);
  });

  it('a customer at the unpaid-order limit is told which orders to pay or cancel', () => {
    const unpaid = [orderIn('PENDING', { id: 'ORD-AAAAAA' }), orderIn('PENDING', { id: 'ORD-BBBBBB' })];
    expect(bodyOf(tooManyUnpaidOrders(to(CUSTOMER), unpaid))).toBe(
      'You already have 2 unpaid orders (*ORD-AAAAAA*, *ORD-BBBBBB*). Please pay or cancel one (*!cancel <order id>*) before ordering again.',
    );
  });

  it('a customer cancel reaches the admins as a notice about the order', () => {
    const m = adminCustomerCancelled(to(ADMIN), orderIn('CANCELLED', { packageName: 'Gold' }));
    expect(m.kind).toBe('admin-notice');
    expect(m.orderId).toBe('ORD-7K2M9Q');
    expect(bodyOf(m)).toBe('ℹ️ *ORD-7K2M9Q* (Gold) was cancelled by the customer +5511987654321.');
  });

  it('the provisioning overview lists settings, counts and the failures to retry', () => {
    // Arrange
    const failed = orderIn('CONFIRMED', {
      attempts: 1,
      lastError: { step: 'EnsureServer', code: 'PanelRejectedError', message: 'no node', at: '2026-03-01T12:00:00Z' },
    });
    // Act
    const m = adminProvisioningOverview(to(ADMIN), {
      autoProvisioning: true,
      panel: { ok: true, url: 'https://panel.example.com', latencyMs: 42, permissions: {} },
      packageNames: ['Bronze', 'Gold'],
      adminCount: 2,
      counts: { PENDING: 1, CONFIRMED: 1, PROVISIONING: 0, COMPLETED: 3, CANCELLED: 0 },
      failures: [failed],
    });
    // Assert
    expect(bodyOf(m)).toBe(
      [
        '*Provisioning status*',
        '',
        'Auto-provisioning: *on*',
        'Panel: ✅ reachable (42 ms) · https://panel.example.com',
        'Packages: Bronze, Gold',
        'Admins: 2',
        '',
        '*Orders*',
        'PENDING: 1',
        'CONFIRMED: 1',
        'PROVISIONING: 0',
        'COMPLETED: 3',
        'CANCELLED: 0',
        '',
        '*Last failures*',
        '*ORD-7K2M9Q* · EnsureServer: PanelRejectedError · !provision-retry ORD-7K2M9Q',
      ].join('\n'),
    );
  });

  it('the panel test names what the API key can do, or which settings to check', () => {
    const ok = adminPanelTest(to(ADMIN), {
      ok: true,
      url: 'https://panel.example.com',
      latencyMs: 42,
      permissions: { users: 'write', servers: 'read' },
    });
    expect(bodyOf(ok)).toBe(
      '✅ *Panel OK*\nhttps://panel.example.com\nLatency: 42 ms\n\n*API key can*\nusers: write\nservers: read',
    );
    const down = adminPanelTest(to(ADMIN), { ok: false, url: '', latencyMs: 0, permissions: {}, error: 'Error: boom' });
    expect(bodyOf(down)).toBe(
      '❌ *Panel check failed*\n\nError: boom\n\nCheck PTERODACTYL_URL and PTERODACTYL_ADMIN_API_KEY.',
    );
  });
});

describe('password reset texts', () => {
  it('the reset message carries the password in both forms; nothing else does', () => {
    // Act
    const m = passwordResetMessage(to(CUSTOMER), { username: 'ana_1', password: 'Zq8#kP2m!xV7wR4t' }, SHOP);
    // Assert
    expect(bodyOf(m)).toContain('*Password:* Zq8#kP2m!xV7wR4t');
    expect(m.template).toEqual({
      name: TEMPLATES.passwordReset,
      bodyParams: [SHOP.panelUrl, 'ana_1', 'Zq8#kP2m!xV7wR4t'],
    });
    expect(m.kind).toBe('credentials');
  });

  it('a customer reads no technical detail when a reset could not be sent', () => {
    const [m] = customerPasswordReset(
      to(CUSTOMER),
      { kind: 'undeliverable', username: 'ana_1', reason: 'WhatsAppPermanentError 131026: undeliverable' },
      SHOP,
      NOW,
    );
    expect(bodyOf(m!)).not.toMatch(/Error|131026/);
  });

  it('a reset that was sent needs no second message to the customer', () => {
    expect(customerPasswordReset(to(CUSTOMER), { kind: 'sent', username: 'a', form: 'free-form' }, SHOP, NOW)).toEqual(
      [],
    );
  });
});

describe('a stopped execution, explained', () => {
  it('!provision-status shows the error, its cause and both ways out', () => {
    const o = orderIn('PROVISIONING');
    const line = stoppedAt(
      o,
      'FAILED',
      'DeliverCredentials',
      {
        error: 'CredentialsUndeliverableError',
        cause: 'The credentials message was refused (131026): Message undeliverable',
      },
      'en',
    );
    expect(line).toContain(
      'FAILED at DeliverCredentials: CredentialsUndeliverableError: The credentials message was refused (131026)',
    );
    expect(line).toContain("WhatsApp refused the customer's login message");
    expect(line).toContain(`!provision-retry ${o.id}`);
    expect(line).toContain(`!order-cancel ${o.id}`);
  });
});

describe('replies that fit the person (issue 19)', () => {
  it("an admin's unknown order id points at the admin's lists, a customer's at !my-orders", () => {
    const admin = bodyOf(
      orderLookupProblem(to(ADMIN), { kind: 'not-found', id: 'ORD-ZZZZZZ', suggestions: [], admin: true }),
    );
    const customer = bodyOf(orderLookupProblem(to(CUSTOMER), { kind: 'not-found', id: 'ORD-ZZZZZZ', suggestions: [] }));
    expect(admin).toContain('*!orders*');
    expect(admin).not.toContain('!my-orders');
    expect(customer).toContain('*!my-orders*');
  });

  it('says where an order is once, in words', () => {
    const completed = bodyOf(adminCannot(to(ADMIN), orderIn('COMPLETED'), 'confirm'));
    const cancelled = bodyOf(customerCannotCancel(to(CUSTOMER), orderIn('CANCELLED'), SHOP));
    expect(completed).toBe("Can't confirm *ORD-7K2M9Q*: it is already completed.");
    expect(cancelled).toMatch(/^Order \*ORD-7K2M9Q\* is already cancelled\. If you need help/);
    for (const body of [completed, cancelled]) expect(body.match(/completed|cancelled/gi)).toHaveLength(1);
    for (const status of ORDER_STATUSES)
      expect(bodyOf(adminCannot(to(ADMIN), orderIn(status), 'cancel'))).not.toContain(status);
  });

  it('the success notice says whether a password was sent', () => {
    const p = { panelUserId: 7, panelUsername: 'ana', serverId: 9, serverIdentifier: 'abcdef12' };
    const existing = bodyOf(
      adminProvisioned(
        to(ADMIN),
        orderIn('COMPLETED', { provisioning: { ...p, userCreated: false, passwordSent: false } }),
      ),
    );
    const created = bodyOf(
      adminProvisioned(
        to(ADMIN),
        orderIn('COMPLETED', { provisioning: { ...p, userCreated: true, passwordSent: true } }),
      ),
    );
    expect(existing).toContain("Server added to the customer's existing account");
    expect(existing).not.toContain('Credentials delivered');
    expect(existing).not.toContain('password delivered');
    expect(created).toContain('Login with a new password delivered.');
  });

  it('a failed install names the state the execution shows', () => {
    const m = adminProvisioningFailed(to(ADMIN), orderIn('CONFIRMED', { attempts: 1 }), {
      step: 'WaitForInstall',
      code: 'ServerInstallFailedError',
      detail: 'install script exited 1',
    });
    expect(bodyOf(m)).toContain('Failed step: *CheckInstall* (waiting for the install)');
    expect(bodyOf(m)).not.toContain('WaitForInstall');
    expect(bodyOf(adminProvisioningFailed(to(ADMIN), orderIn('CONFIRMED'), FAILURE))).toContain(
      'Failed step: *EnsureServer*',
    );
  });

  it("an order's details after a rollback do not present its server as existing", () => {
    const provisioning = { step: 'Rollback' as const, serverId: 9, serverIdentifier: 'abcdef12' };
    const lastError = {
      step: 'WaitForInstall',
      code: 'ServerInstallFailedError',
      message: 'x',
      at: '2026-03-01T12:00:00.000Z',
    };
    const rolledBack = bodyOf(
      adminOrderDetail(to(ADMIN), orderIn('CONFIRMED', { attempts: 1, lastError, provisioning })),
    );
    const running = bodyOf(adminOrderDetail(to(ADMIN), orderIn('PROVISIONING', { attempts: 1, provisioning })));
    expect(rolledBack).toContain('Server: #9 abcdef12  (removed by the rollback)');
    expect(rolledBack).toContain('Last error (CheckInstall): ServerInstallFailedError');
    expect(running).not.toContain('removed');
  });

  it('!orders all is titled as every order', () => {
    expect(bodyOf(adminOrders(to(ADMIN), 'ALL', [orderIn('COMPLETED')], false))).toContain(
      '*All orders* (oldest first)',
    );
    expect(bodyOf(adminOrders(to(ADMIN), 'OPEN', [orderIn('PENDING')], false))).toContain(
      '*Open orders* (oldest first)',
    );
  });
});
