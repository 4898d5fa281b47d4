// What admins read: the new-order alert, the answers to their commands, and the views of the queue,
// an order and provisioning as a whole.

import { CUSTOMER_COMMANDS, commandId, type OrdersFilter } from './commands.js';
import { failedStepShown, stopExplained } from './delivery-messages.js';
import { ADMIN_TEXTS } from './i18n/admin-texts.js';
import { say } from './i18n/catalogue.js';
import type { Lang } from './i18n/lang.js';
import { formatDate, formatDateTime, type Locale, type Recipient } from './i18n/locale.js';
import { CUSTOMER_COMMAND_NAMES, type CustomerCommandName, commandName } from './i18n/words.js';
import { clip, customerLabel, msg, reply, TEMPLATES, text } from './message-format.js';
import { formatMoney } from './money.js';
import { hasFailedAttempt, type Order, type OrderStatus } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type OutboundMessage, type ReplyButton } from './outbound.js';
import { describeResources } from './packages.js';
import { type ResetOutcome, waitWords } from './password-reset-rules.js';
import { GATEWAY_LABEL, type PaymentRecord } from './payment.js';

const texts = (lang: Lang) => say(ADMIN_TEXTS, lang);

/** A customer command as the admin's language writes it (every language's name works for everyone). */
function customerCommand(command: string, lang: Lang): string {
  const name = command.slice(1);
  return name in CUSTOMER_COMMAND_NAMES ? commandName(name as CustomerCommandName, lang) : command;
}

export function adminHelp(to: Recipient): OutboundMessage {
  const lang = to.locale.lang;
  const t = texts(lang);
  return msg(
    to,
    'reply',
    text(
      [
        t('helpTitle'),
        '',
        t('helpOrders'),
        t('helpConfirm'),
        t('helpPaymentLink'),
        t('helpCancel'),
        t('helpReject'),
        t('helpRetry'),
        t('helpResetPassword'),
        t('helpStatus'),
        t('helpTest'),
        t('helpServices'),
        t('helpSuspend'),
        t('helpExtend'),
        t('helpTerminate'),
        t('helpServiceRetry'),
        '',
        t('helpCustomerCommands', { commands: CUSTOMER_COMMANDS.map((c) => customerCommand(c, lang)).join(', ') }),
        t('helpIds'),
      ].join('\n'),
    ),
  );
}

/** An admin's typo gets admin help (the closest admin command first), not the customer's menu. */
export function adminMenuReply(to: Recipient, suggestion?: string): OutboundMessage {
  const lang = to.locale.lang;
  const t = texts(lang);
  const intro = suggestion ? t('menuDidYouMean', { suggestion }) : t('menuUnknown');
  return msg(to, 'reply', {
    type: 'buttons',
    body: t('menuBody', { intro, help: commandName('help', lang) }),
    buttons: [
      { id: commandId.orders('open'), title: t('openOrdersButton') },
      { id: '!services', title: t('serversDueButton') },
      { id: '!help', title: t('adminHelpButton') },
    ],
  });
}

/** The buttons under every payable order an admin is told about (new, renewal, upgrade), in `lang`. */
export function adminPaymentButtons(orderId: string, lang: Lang): ReplyButton[] {
  const t = texts(lang);
  return [
    { id: commandId.confirm(orderId), title: t('confirmPaymentButton') },
    { id: commandId.adminCancel(orderId), title: t('cancelOrderButton') },
  ];
}

export function adminNewOrder(to: Recipient, order: Order): OutboundMessage {
  const lang = to.locale.lang;
  const t = texts(lang);
  const who = customerLabel(order);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: t('newOrderHeader'),
      body: clip(
        t('newOrderBody', {
          id: order.id,
          who,
          package: order.packageName,
          price: order.price ? ` · ${order.price}` : '',
          resources: describeResources(order.resources, lang),
        }),
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(order.id, lang),
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(t('newOrderTemplate', { id: order.id, package: order.packageName, who }))],
      },
    },
  );
}

/** A customer cancelled their unpaid order; sent to every admin. */
export function adminCustomerCancelled(to: Recipient, order: Order): OutboundMessage {
  const t = texts(to.locale.lang);
  return {
    ...reply(
      to,
      t('customerCancelled', { id: order.id, package: order.packageName, customer: order.customerId }),
      order.id,
    ),
    kind: 'admin-notice',
  };
}

/** How an order was paid, for the admins' views: "paid $45 through Stripe by card at … (pi_3Nx…)". */
function paidWords(payment: PaymentRecord, locale: Locale): string {
  const t = texts(locale.lang);
  const at = formatDateTime(payment.at, locale);
  if (payment.method === 'manual') return t('paidManual', { by: payment.by, at });
  const amount =
    payment.amountMinor !== undefined && payment.currency
      ? ` ${formatMoney({ minor: payment.amountMinor, currency: payment.currency }, locale.tag)}`
      : '';
  return t('paidGateway', {
    amount,
    gateway: GATEWAY_LABEL[payment.method],
    type: payment.paymentType ? t('paidType', { type: payment.paymentType }) : '',
    at,
    ref: payment.transactionId ?? payment.reference ?? '?',
  });
}

// ---------------------------------------------------------------- answers to the admins' commands

/** A plain-text reply to an admin. */
export function adminText(to: Recipient, body: string, orderId?: string): OutboundMessage {
  return reply(to, body, orderId);
}

export function adminConfirmed(to: Recipient, order: Order, provisioning: boolean): OutboundMessage {
  const t = texts(to.locale.lang);
  // A gateway's confirmation says so, with what was paid and the payment's id.
  const how =
    order.payment && order.payment.method !== 'manual' ? paidWords(order.payment, to.locale) : t('confirmedWord');
  const body = provisioning
    ? t('confirmedProvisioning', { id: order.id, how, attempt: order.attempts })
    : t('confirmedManual', { id: order.id, how });
  return msg(to, 'reply', text(body), { orderId: order.id });
}

export function adminPreflightFailed(to: Recipient, order: Order, reasons: readonly string[]): OutboundMessage {
  const t = texts(to.locale.lang);
  const body = clip(
    t('preflightFailed', { id: order.id, reasons: reasons.map((r) => `• ${r}`).join('\n') }),
    LIMITS.buttonsBody,
  );
  return msg(
    to,
    'reply',
    { type: 'buttons', body, buttons: [{ id: commandId.retry(order.id), title: t('retryButton') }] },
    { orderId: order.id },
  );
}

/** The actions the conversation names when a command does not fit the order's status. */
const ACTION_KEYS = {
  confirm: 'actionConfirm',
  apply: 'actionApply',
  retry: 'actionRetry',
  cancel: 'actionCancel',
  'reject the receipt of': 'actionRejectReceipt',
} as const;

export function adminCannot(to: Recipient, order: Order, action: string): OutboundMessage {
  const t = texts(to.locale.lang);
  const id = order.id;
  // Where the order is, said once and in words (not "it is COMPLETED. It is completed.").
  const state: Record<OrderStatus, string> = {
    PENDING: t('statePending', { id }),
    CONFIRMED: hasFailedAttempt(order) ? t('stateConfirmedFailed', { id }) : t('stateConfirmed', { id }),
    PROVISIONING: t('stateProvisioning', { id, attempt: order.attempts }),
    COMPLETED: t('stateCompleted'),
    CANCELLED: t('stateCancelled'),
  };
  const key = ACTION_KEYS[action as keyof typeof ACTION_KEYS];
  const words = key ? t(key) : action;
  return msg(to, 'reply', text(t('cannot', { action: words, id, state: state[order.status] })), { orderId: id });
}

export function adminCancelled(to: Recipient, order: Order, reason?: string): OutboundMessage {
  const t = texts(to.locale.lang);
  return reply(to, t('cancelled', { id: order.id, reason: reason ? `: ${reason}` : '' }), order.id);
}

export function adminRetryStarted(to: Recipient, order: Order): OutboundMessage {
  return reply(to, texts(to.locale.lang)('retryStarted', { id: order.id, attempt: order.attempts }), order.id);
}

/** A stopped execution was redriven: it resumes at the step that failed. */
export function adminResumed(to: Recipient, order: Order, failedStep?: string): OutboundMessage {
  const t = texts(to.locale.lang);
  const body = failedStep
    ? t('resumed', { id: order.id, attempt: order.attempts, step: failedStep })
    : t('resumedFailedStep', { id: order.id, attempt: order.attempts });
  return reply(to, body, order.id);
}

export function adminNotResumable(to: Recipient, order: Order): OutboundMessage {
  return reply(to, texts(to.locale.lang)('notResumable', { id: order.id }), order.id);
}

/** A retry of an order whose execution is still running. */
export function adminProvisioningNow(to: Recipient, order: Order, currentStep?: string): OutboundMessage {
  const t = texts(to.locale.lang);
  const body = currentStep
    ? t('provisioningNowAt', { id: order.id, attempt: order.attempts, step: currentStep })
    : t('provisioningNow', { id: order.id, attempt: order.attempts });
  return reply(to, body, order.id);
}

export function adminAutoProvisioningOff(to: Recipient, order: Order): OutboundMessage {
  return reply(to, texts(to.locale.lang)('autoProvisioningOff', { id: order.id }), order.id);
}

/** The panel was too busy to answer the pre-flight (429); provisioning started anyway. */
export function adminPreflightSkipped(to: Recipient, order: Order, skipped: string): OutboundMessage {
  return reply(to, texts(to.locale.lang)('preflightSkipped', { id: order.id, skipped }), order.id);
}

/**
 * The reasons a pre-flight gives when the panel itself gave none, listed by `adminPreflightFailed`; in the
 * admins' language when the caller passes it.
 */
export const preflightProblem = {
  packageGone: (order: Order, lang: Lang) =>
    texts(lang)('problemPackageGone', {
      package: order.packageName,
      setting: `${order.packageId.toUpperCase()}_ENABLED`,
    }),
  noReason: (lang: Lang) => texts(lang)('problemNoReason'),
  unreachable: (detail: string, lang: Lang) => texts(lang)('problemUnreachable', { detail }),
};

// ---------------------------------------------------------------- views

const ORDERS_TITLE = {
  OPEN: 'titleOpen',
  ALL: 'titleAll',
  FAILED: 'titleFailed',
  PENDING: 'titlePending',
  CONFIRMED: 'titleConfirmed',
  PROVISIONING: 'titleProvisioning',
  COMPLETED: 'titleCompleted',
  CANCELLED: 'titleCancelled',
} as const satisfies Record<OrdersFilter, string>;

export function adminOrders(
  to: Recipient,
  filter: OrdersFilter,
  orders: readonly Order[],
  hasMore: boolean,
  badFilter?: string,
): OutboundMessage {
  const t = texts(to.locale.lang);
  const title = t(ORDERS_TITLE[filter]);
  const warn = badFilter ? `${t('badFilter', { typed: badFilter })}\n\n` : '';
  if (orders.length === 0) return msg(to, 'reply', text(`${warn}${t('ordersNone', { title })}`));
  const lines = orders.map((o) => {
    const err = o.lastError ? ` · ⚠️ ${failedStepShown(o.lastError.step)}` : '';
    return `*${o.id}* · ${o.status} · ${o.packageName} · +${o.customerId} · ${formatDate(o.createdAt, to.locale)}${err}`;
  });
  const more = hasMore ? `\n\n${t('ordersMore')}` : '';
  return msg(to, 'reply', text(`${warn}${t('ordersList', { title, lines: lines.join('\n'), more })}`));
}

/**
 * Where a stopped execution stands, as the current step of `adminOrderDetail`, with why when it is known;
 * in the admins' language when the caller passes it.
 */
export function stoppedAt(
  order: Order,
  status: string,
  failedStep: string | undefined,
  why: { error?: string; cause?: string } | undefined,
  lang: Lang,
): string {
  const t = texts(lang);
  const where = t('stoppedWhere', { status, step: failedStep ?? '?' });
  if (!why?.error && !why?.cause) return t('stoppedUseRetry', { where, id: order.id });
  const cause = why.cause ? `: ${fitText(why.cause.replace(/\s+/g, ' '), 300)}` : '';
  const plain = stopExplained(why.error, lang);
  return [
    `${where}: ${why.error ?? t('errorWord')}${cause}`,
    ...(plain ? [plain] : []),
    t('stoppedWays', { id: order.id }),
  ].join('\n');
}

export function adminOrderDetail(
  to: Recipient,
  order: Order,
  currentStep?: string,
  life?: readonly string[],
): OutboundMessage {
  const t = texts(to.locale.lang);
  const when = (iso: string) => formatDateTime(iso, to.locale);
  const p = order.provisioning;
  // A failed attempt ends with its rollback: what it made is gone from the panel, though its ids stay recorded.
  const rolledBack = hasFailedAttempt(order);
  const history = order.history.slice(-8).map((h) =>
    t('historyLine', {
      at: when(h.at),
      from: h.from ?? '∅',
      to: h.to,
      by: h.by,
      reason: h.reason ? ` (${h.reason})` : '',
    }),
  );
  const server = {
    serverId: p.serverId ?? '',
    identifier: p.serverIdentifier ?? '',
    address: p.serverAddress ?? '',
  };
  const panelUser = { username: p.panelUsername ?? '', userId: p.panelUserId ?? '' };
  const lines = [
    t('detailHead', { id: order.id, status: order.status, attempt: order.attempts }),
    t('detailCustomer', { name: order.customerName ?? '', customer: order.customerId }),
    t('detailPackage', {
      package: order.packageName,
      resources: describeResources(order.resources, to.locale.lang),
    }),
    currentStep ? t('detailCurrentStep', { step: currentStep }) : p.step ? t('detailLastStep', { step: p.step }) : '',
    p.panelUserId !== undefined
      ? p.userCreated
        ? t('detailPanelUserCreated', panelUser)
        : t('detailPanelUserReused', panelUser)
      : '',
    p.serverId !== undefined ? (rolledBack ? t('detailServerRemoved', server) : t('detailServer', server)) : '',
    p.credentialsSentAt ? t('detailCredentialsSent', { at: when(p.credentialsSentAt) }) : '',
    order.lastError
      ? t('detailLastError', {
          step: failedStepShown(order.lastError.step),
          code: order.lastError.code,
          message: order.lastError.message,
        })
      : '',
    order.renews ? t('detailRenews', { id: order.renews }) : '',
    order.payment ? t('detailPayment', { how: paidWords(order.payment, to.locale) }) : '',
    order.status === 'PENDING' && order.payLink
      ? t('detailPayLink', {
          provider: order.payLink.provider,
          reference: order.payLink.reference,
          until: when(order.payLink.expiresAt),
        })
      : '',
    '',
    t('historyTitle'),
    ...history,
  ].filter((l) => l !== '');
  const body = life ? [...lines, '', ...life].join('\n') : lines.join('\n');
  return msg(to, 'reply', text(clip(body, LIMITS.textBody)), { orderId: order.id });
}

/** The panel's answer to a health check, or why there was none. */
export interface PanelCheck {
  ok: boolean;
  url: string;
  latencyMs: number;
  /** Per resource, what the API key may do. */
  permissions: Readonly<Record<string, string>>;
  error?: string;
}

export interface ProvisioningOverview {
  autoProvisioning: boolean;
  panel: PanelCheck;
  packageNames: readonly string[];
  adminCount: number;
  counts: Readonly<Record<OrderStatus, number>>;
  /** The latest failed attempts waiting for a retry, newest first. */
  failures: readonly Order[];
}

/** `!provision-status` without an id: settings, panel health, counts and the latest failures. */
export function adminProvisioningOverview(to: Recipient, o: ProvisioningOverview): OutboundMessage {
  const t = texts(to.locale.lang);
  const { panel } = o;
  const state = panel.ok ? t('overviewPanelOk', { ms: panel.latencyMs }) : `❌ ${panel.error ?? t('unreachable')}`;
  const lines = [
    t('overviewTitle'),
    '',
    t('overviewAuto', { state: o.autoProvisioning ? t('on') : t('off') }),
    t('overviewPanel', { state, url: panel.url ? ` · ${panel.url}` : '' }),
    t('overviewPackages', { names: o.packageNames.join(', ') }),
    t('overviewAdmins', { count: o.adminCount }),
    '',
    t('overviewOrders'),
    ...Object.entries(o.counts).map(([k, v]) => `${k}: ${v}`),
    '',
    o.failures.length === 0 ? t('overviewNoFailures') : t('overviewFailures'),
    ...o.failures.map(
      (f) =>
        `*${f.id}* · ${failedStepShown(f.lastError?.step ?? '?')}: ${f.lastError?.code} · !provision-retry ${f.id}`,
    ),
  ];
  return reply(to, lines.join('\n'));
}

/** `!provision-test`: can the panel be reached, and what may the API key do. */
export function adminPanelTest(to: Recipient, h: PanelCheck): OutboundMessage {
  const t = texts(to.locale.lang);
  const perms = Object.entries(h.permissions)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const body = h.ok
    ? t('panelOk', { url: h.url, ms: h.latencyMs, perms: perms || t('unknown') })
    : t('panelFailed', { url: h.url, error: h.error ?? t('unreachable') });
  return reply(to, body);
}

/** The confirm step of an admin's `!reset-password ID`. */
export function adminResetPasswordConfirm(to: Recipient, order: Order): OutboundMessage {
  const t = texts(to.locale.lang);
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      header: t('resetHeader'),
      body: clip(t('resetConfirm', { who: customerLabel(order), id: order.id }), LIMITS.buttonsBody),
      buttons: [
        { id: commandId.adminResetPassword(order.id, 'confirm'), title: t('sendPasswordButton') },
        { id: commandId.adminResetPassword(order.id, 'keep'), title: t('keepItButton') },
      ],
    },
    { orderId: order.id },
  );
}

/** How an admin's reset for a customer ended. Never the password. */
export function adminPasswordReset(to: Recipient, order: Order, outcome: ResetOutcome, now: Date): OutboundMessage {
  const who = customerLabel(order);
  return reply(to, resetWords(who, order, outcome, now, to.locale.lang), order.id);
}

function resetWords(who: string, order: Order, outcome: ResetOutcome, now: Date, lang: Lang): string {
  const t = texts(lang);
  switch (outcome.kind) {
    case 'sent':
      return t(outcome.form === 'template' ? 'resetSentTemplate' : 'resetSent', { username: outcome.username, who });
    case 'maybe-sent':
      return t('resetMaybeSent', { who });
    case 'already-sent':
      return t('resetAlreadySent', { who });
    case 'no-account':
      return t('resetNoAccount', { who });
    case 'protected-account':
      return t('resetProtected', { who });
    case 'busy':
      return t('resetBusy', { who });
    case 'too-soon':
      return t('resetTooSoon', { who, wait: waitWords(outcome.retryAt, now, lang) });
    case 'daily-limit':
      return t('resetDailyLimit', { who, wait: waitWords(outcome.retryAt, now, lang) });
    case 'undeliverable':
      return t('resetUndeliverable', {
        who,
        username: outcome.username,
        reason: fitText(outcome.reason, 300),
        id: order.id,
      });
  }
}

const SERVER_REMOVED = {
  deleted: 'serverDeleted',
  'force-deleted': 'serverForceDeleted',
  absent: 'serverAbsent',
} as const;

const USER_REMOVED = {
  deleted: 'userDeleted',
  absent: 'userAbsent',
  'kept-owns-servers': 'userKeptOwnsServers',
  'kept-not-ours': 'userKeptNotOurs',
} as const;

/** A PROVISIONING order whose execution stopped was rolled back and cancelled. */
export function adminAbandoned(
  to: Recipient,
  order: Order,
  removed: RemovedFromPanel,
  reason?: string,
): OutboundMessage {
  const t = texts(to.locale.lang);
  const serverKey = SERVER_REMOVED[removed.server as keyof typeof SERVER_REMOVED];
  const userKey = USER_REMOVED[removed.user as keyof typeof USER_REMOVED];
  const lines = [
    t('abandonedTitle', { id: order.id, reason: reason ? `: ${reason}` : '' }),
    t('abandonedPanel', {
      server: serverKey ? t(serverKey) : t('serverOther', { what: removed.server }),
      user: userKey ? t(userKey) : t('userOther', { what: removed.user }),
    }),
    t('abandonedTold'),
  ];
  return reply(to, lines.join('\n'), order.id);
}

export interface RemovedFromPanel {
  server: string;
  user: string;
}

/** `!order-cancel` on a PROVISIONING order whose execution has not stopped (or cannot be found). */
export function adminCannotAbandon(to: Recipient, order: Order, execution?: string): OutboundMessage {
  const t = texts(to.locale.lang);
  const now = execution ? t('cannotAbandonRunning', { execution }) : t('cannotAbandonNoExecution');
  return reply(to, t('cannotAbandon', { id: order.id, now }), order.id);
}

export function adminResetPasswordKept(to: Recipient, order: Order): OutboundMessage {
  return reply(to, texts(to.locale.lang)('resetKept', { who: customerLabel(order) }), order.id);
}

/** A server on the panel whose order is not running or completed (or not known at all). */
export interface OrphanServer {
  serverId: number;
  externalId: string;
  name: string;
  /** The order's status (`COMPLETED, a second server` for one it does not own), or `unknown` when no order has that id. */
  orderStatus: OrderStatus | `${OrderStatus}, a second server` | 'unknown';
}

const SECOND_SERVER = ', a second server';

/** An orphan's order status in the reader's words (the status code itself stays). */
function orphanStatus(status: OrphanServer['orderStatus'], lang: Lang): string {
  const t = texts(lang);
  if (status === 'unknown') return t('orphanUnknown');
  if (status.endsWith(SECOND_SERVER))
    return t('orphanSecondServer', { status: status.slice(0, -SECOND_SERVER.length) });
  return status;
}

/** The reconciliation found servers that no live order accounts for: a person decides what to do. */
export function adminOrphanServers(to: Recipient, orphans: readonly OrphanServer[]): OutboundMessage {
  const lang = to.locale.lang;
  const t = texts(lang);
  const shown = orphans.slice(0, 10);
  const lines = [
    t('orphansTitle', { n: orphans.length }),
    '',
    ...shown.map((o) =>
      t('orphanLine', {
        serverId: o.serverId,
        name: o.name,
        order: o.externalId,
        status: orphanStatus(o.orderStatus, lang),
      }),
    ),
    ...(orphans.length > shown.length ? [t('orphansMore', { count: orphans.length - shown.length })] : []),
    '',
    t('orphansAdvice'),
  ];
  const summary = shown
    .map((o) =>
      t('orphanSummary', { order: o.externalId, serverId: o.serverId, status: orphanStatus(o.orderStatus, lang) }),
    )
    .join(', ');
  return {
    ...reply(to, lines.join('\n')),
    kind: 'admin-notice',
    template: {
      name: TEMPLATES.adminAlert,
      bodyParams: [flattenForTemplate(t('orphansTemplate', { n: orphans.length, summary }))],
    },
  };
}
