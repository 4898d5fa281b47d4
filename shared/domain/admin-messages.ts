// What admins read: the new-order alert, the answers to their commands, and the views of the queue,
// an order and provisioning as a whole.

import { CUSTOMER_COMMANDS, commandId, type OrdersFilter } from './commands.js';
import { failedStepShown, stopExplained } from './delivery-messages.js';
import type { Lang } from './i18n/lang.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, day, msg, reply, TEMPLATES, text } from './message-format.js';
import { hasFailedAttempt, type Order, type OrderStatus } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type OutboundMessage, type ReplyButton } from './outbound.js';
import { describeResources } from './packages.js';
import { type ResetOutcome, waitWords } from './password-reset-rules.js';
import { paidHow } from './payment.js';

export function adminHelp(to: Recipient): OutboundMessage {
  return msg(
    to,
    'reply',
    text(
      [
        '*Admin commands*',
        '',
        '*!orders [status]*: the open queue; status is pending, confirmed, failed, provisioning, completed, cancelled or all',
        '*!order-confirm ID*: payment received; provisions when auto-provisioning is on',
        "*!payment-link ID*: send the order's customer a fresh payment page (with a payment gateway)",
        '*!order-cancel ID [reason]*: cancel a pending or confirmed order, or a stopped provisioning (its server is removed)',
        '*!order-reject ID [reason]*: reject a payment receipt; the customer gets your reason and the order stays open',
        '*!provision-retry ID*: retry a failed provisioning, or resend credentials',
        "*!reset-password ID*: send the order's customer a new panel password (you never see it)",
        '*!provision-status [ID]*: health and counts, or one order in detail',
        '*!provision-test*: check the panel connection and API key',
        '*!services [due|suspended|terminated|all]*: the servers and their paid-until dates',
        '*!suspend ID [reason]* / *!unsuspend ID*: by hand (a renewal does not lift a manual suspension)',
        '*!extend ID DAYS*: free days (negative shortens)',
        '*!terminate ID*: delete a server (asks first; the panel user is kept)',
        '*!service-retry ID*: run a failed suspend, unsuspend or terminate again',
        '',
        `Customer commands work too: ${CUSTOMER_COMMANDS.join(', ')}.`,
        `Ids are not case sensitive: ord-7k2m9q works.`,
      ].join('\n'),
    ),
  );
}

/** An admin's typo gets admin help (the closest admin command first), not the customer's menu. */
export function adminMenuReply(to: Recipient, suggestion?: string): OutboundMessage {
  const intro = suggestion ? `I didn't understand that. Did you mean *${suggestion}*?` : "I didn't understand that.";
  return msg(to, 'reply', {
    type: 'buttons',
    body: `${intro}\nAdmin commands: *!orders*, *!order-confirm ID*, *!provision-retry ID*, *!provision-status [ID]*, *!services*. Type *!help* for all.`,
    buttons: [
      { id: commandId.orders('open'), title: 'Open orders' },
      { id: '!services', title: 'Servers due' },
      { id: '!help', title: 'Admin help' },
    ],
  });
}

/** The buttons under every payable order an admin is told about (new, renewal, upgrade). */
export function adminPaymentButtons(orderId: string): ReplyButton[] {
  return [
    { id: commandId.confirm(orderId), title: 'Confirm payment' },
    { id: commandId.adminCancel(orderId), title: 'Cancel order' },
  ];
}

export function adminNewOrder(to: Recipient, order: Order): OutboundMessage {
  const who = customerLabel(order);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: 'New order',
      body: clip(
        `🛒 *${order.id}*\nCustomer: ${who}\nPackage: *${order.packageName}*${order.price ? ` · ${order.price}` : ''}\n${describeResources(order.resources, to.locale.lang)}\n\nConfirm once the payment has arrived:\n!order-confirm ${order.id}`,
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(order.id),
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(`New order ${order.id}: ${order.packageName} for ${who}`)],
      },
    },
  );
}

/** A customer cancelled their unpaid order; sent to every admin. */
export function adminCustomerCancelled(to: Recipient, order: Order): OutboundMessage {
  return {
    ...reply(
      to,
      `ℹ️ *${order.id}* (${order.packageName}) was cancelled by the customer +${order.customerId}.`,
      order.id,
    ),
    kind: 'admin-notice',
  };
}

// ---------------------------------------------------------------- answers to the admins' commands

/** A plain-text reply to an admin. */
export function adminText(to: Recipient, body: string, orderId?: string): OutboundMessage {
  return reply(to, body, orderId);
}

export function adminConfirmed(to: Recipient, order: Order, provisioning: boolean): OutboundMessage {
  // A gateway's confirmation says so, with what was paid and the payment's id.
  const how = order.payment && order.payment.method !== 'manual' ? paidHow(order.payment, 'en-US') : 'confirmed';
  const body = provisioning
    ? `💳 *${order.id}* ${how}. Provisioning started (attempt ${order.attempts}); you'll get a message when it's done.`
    : `💳 *${order.id}* ${how}. Auto-provisioning is off: create the server by hand, or turn it on and use !provision-retry ${order.id}.`;
  return msg(to, 'reply', text(body), { orderId: order.id });
}

export function adminPreflightFailed(to: Recipient, order: Order, reasons: readonly string[]): OutboundMessage {
  const body = clip(
    `🛑 *${order.id}* is confirmed, but provisioning did not start: the pre-flight check failed.\n\n${reasons.map((r) => `• ${r}`).join('\n')}\n\nFix this, then: !provision-retry ${order.id}`,
    LIMITS.buttonsBody,
  );
  return msg(
    to,
    'reply',
    { type: 'buttons', body, buttons: [{ id: commandId.retry(order.id), title: 'Retry' }] },
    { orderId: order.id },
  );
}

export function adminCannot(to: Recipient, order: Order, action: string): OutboundMessage {
  // Where the order is, said once and in words (not "it is COMPLETED. It is completed.").
  const state: Record<OrderStatus, string> = {
    PENDING: `it is waiting for payment: !order-confirm ${order.id}`,
    CONFIRMED: hasFailedAttempt(order)
      ? `it is confirmed and its last attempt failed: !provision-retry ${order.id}`
      : `it is confirmed and not yet provisioned: !provision-retry ${order.id}`,
    PROVISIONING: `it is being provisioned now (attempt ${order.attempts}): !provision-status ${order.id}`,
    COMPLETED: 'it is already completed.',
    CANCELLED: 'it is already cancelled.',
  };
  return msg(to, 'reply', text(`Can't ${action} *${order.id}*: ${state[order.status]}`), { orderId: order.id });
}

export function adminCancelled(to: Recipient, order: Order, reason?: string): OutboundMessage {
  return reply(to, `🗑️ *${order.id}* cancelled${reason ? `: ${reason}` : ''}. The customer was told.`, order.id);
}

export function adminRetryStarted(to: Recipient, order: Order): OutboundMessage {
  return reply(to, `🔁 *${order.id}*: provisioning attempt ${order.attempts} started.`, order.id);
}

/** A stopped execution was redriven: it resumes at the step that failed. */
export function adminResumed(to: Recipient, order: Order, failedStep?: string): OutboundMessage {
  return reply(
    to,
    `🔁 *${order.id}*: attempt ${order.attempts} resumed from *${failedStep ?? 'the failed step'}* (nothing already done is repeated).`,
    order.id,
  );
}

export function adminNotResumable(to: Recipient, order: Order): OutboundMessage {
  return reply(
    to,
    `*${order.id}*: the execution cannot be resumed here; redrive it from the Step Functions console.`,
    order.id,
  );
}

/** A retry of an order whose execution is still running. */
export function adminProvisioningNow(to: Recipient, order: Order, currentStep?: string): OutboundMessage {
  const step = currentStep ? ` at *${currentStep}*` : '';
  return reply(to, `⏳ *${order.id}* is being provisioned right now (attempt ${order.attempts})${step}.`, order.id);
}

export function adminAutoProvisioningOff(to: Recipient, order: Order): OutboundMessage {
  return reply(
    to,
    `Auto-provisioning is off (AUTO_PROVISIONING_ENABLED=false); *${order.id}* was not started.`,
    order.id,
  );
}

/** The panel was too busy to answer the pre-flight (429); provisioning started anyway. */
export function adminPreflightSkipped(to: Recipient, order: Order, skipped: string): OutboundMessage {
  return reply(
    to,
    `ℹ️ The pre-flight check of *${order.id}* was skipped: ${skipped}. Provisioning retries with back-off.`,
    order.id,
  );
}

/** The reasons a pre-flight gives when the panel itself gave none, listed by `adminPreflightFailed`. */
export const preflightProblem = {
  packageGone: (order: Order) =>
    `Package ${order.packageName} is not configured any more (${order.packageId.toUpperCase()}_ENABLED?)`,
  noReason: () => 'The panel refused the package (no reason given)',
  unreachable: (detail: string) => `The panel could not be checked: ${detail}`,
};

// ---------------------------------------------------------------- views

export function adminOrders(
  to: Recipient,
  filter: OrdersFilter,
  orders: readonly Order[],
  hasMore: boolean,
  badFilter?: string,
): OutboundMessage {
  const title = `${filter.charAt(0)}${filter.slice(1).toLowerCase()} orders`;
  const warn = badFilter ? `"${badFilter}" is not a status; showing all open orders.\n\n` : '';
  if (orders.length === 0) return msg(to, 'reply', text(`${warn}*${title}*: none.`));
  const lines = orders.map((o) => {
    const err = o.lastError ? ` · ⚠️ ${failedStepShown(o.lastError.step)}` : '';
    return `*${o.id}* · ${o.status} · ${o.packageName} · +${o.customerId} · ${day(o.createdAt)}${err}`;
  });
  const more = hasMore ? '\n\nOldest first; more orders are waiting.' : '';
  return msg(to, 'reply', text(`${warn}*${title}* (oldest first)\n\n${lines.join('\n')}${more}`));
}

/** Where a stopped execution stands, as the current step of `adminOrderDetail`, with why when it is known. */
export function stoppedAt(
  order: Order,
  status: string,
  failedStep?: string,
  why?: { error?: string; cause?: string },
): string {
  const where = `${status} at ${failedStep ?? '?'}`;
  if (!why?.error && !why?.cause) return `${where} (use !provision-retry ${order.id})`;
  const cause = why.cause ? `: ${fitText(why.cause.replace(/\s+/g, ' '), 300)}` : '';
  const plain = stopExplained(why.error);
  return [
    `${where}: ${why.error ?? 'error'}${cause}`,
    ...(plain ? [plain] : []),
    `Resume it: !provision-retry ${order.id}, or cancel it with rollback: !order-cancel ${order.id}`,
  ].join('\n');
}

export function adminOrderDetail(
  to: Recipient,
  order: Order,
  currentStep?: string,
  life?: readonly string[],
): OutboundMessage {
  const p = order.provisioning;
  // A failed attempt ends with its rollback: what it made is gone from the panel, though its ids stay recorded.
  const rolledBack = hasFailedAttempt(order);
  const history = order.history
    .slice(-8)
    .map(
      (h) =>
        `${h.at.slice(0, 16).replace('T', ' ')} ${h.from ?? '∅'}→${h.to} by ${h.by}${h.reason ? ` (${h.reason})` : ''}`,
    );
  const lines = [
    `*${order.id}* · ${order.status} · attempt ${order.attempts}`,
    `Customer: ${order.customerName ?? ''} +${order.customerId}`,
    `Package: ${order.packageName} · ${describeResources(order.resources, to.locale.lang)}`,
    currentStep ? `Current step: *${currentStep}*` : p.step ? `Last step: ${p.step}` : '',
    p.panelUserId !== undefined
      ? `Panel user: ${p.panelUsername ?? ''} #${p.panelUserId}${p.userCreated ? ' (created)' : ' (reused)'}`
      : '',
    p.serverId !== undefined
      ? `Server: #${p.serverId} ${p.serverIdentifier ?? ''} ${p.serverAddress ?? ''}${rolledBack ? ' (removed by the rollback)' : ''}`
      : '',
    p.credentialsSentAt ? `Credentials sent: ${p.credentialsSentAt}` : '',
    order.lastError
      ? `Last error (${failedStepShown(order.lastError.step)}): ${order.lastError.code}: ${order.lastError.message}`
      : '',
    order.renews ? `Renews: ${order.renews}` : '',
    order.payment ? `Payment: ${paidHow(order.payment, 'en-US')}` : '',
    order.status === 'PENDING' && order.payLink
      ? `Payment link: ${order.payLink.provider} ${order.payLink.reference} until ${order.payLink.expiresAt.slice(0, 16).replace('T', ' ')}`
      : '',
    '',
    '*History*',
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
  const { panel } = o;
  const lines = [
    '*Provisioning status*',
    '',
    `Auto-provisioning: *${o.autoProvisioning ? 'on' : 'off'}*`,
    `Panel: ${panel.ok ? `✅ reachable (${panel.latencyMs} ms)` : `❌ ${panel.error ?? 'unreachable'}`}${panel.url ? ` · ${panel.url}` : ''}`,
    `Packages: ${o.packageNames.join(', ')}`,
    `Admins: ${o.adminCount}`,
    '',
    '*Orders*',
    ...Object.entries(o.counts).map(([k, v]) => `${k}: ${v}`),
    '',
    o.failures.length === 0 ? 'No failed provisioning waiting.' : '*Last failures*',
    ...o.failures.map(
      (f) =>
        `*${f.id}* · ${failedStepShown(f.lastError?.step ?? '?')}: ${f.lastError?.code} · !provision-retry ${f.id}`,
    ),
  ];
  return reply(to, lines.join('\n'));
}

/** `!provision-test`: can the panel be reached, and what may the API key do. */
export function adminPanelTest(to: Recipient, h: PanelCheck): OutboundMessage {
  const perms = Object.entries(h.permissions)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const body = h.ok
    ? `✅ *Panel OK*\n${h.url}\nLatency: ${h.latencyMs} ms\n\n*API key can*\n${perms || 'unknown'}`
    : `❌ *Panel check failed*\n${h.url}\n${h.error ?? 'unreachable'}\n\nCheck PTERODACTYL_URL and PTERODACTYL_ADMIN_API_KEY.`;
  return reply(to, body);
}

/** The confirm step of an admin's `!reset-password ID`. */
export function adminResetPasswordConfirm(to: Recipient, order: Order): OutboundMessage {
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      header: 'New panel password',
      body: clip(
        `🔑 Send ${customerLabel(order)} (order *${order.id}*) a new password for their panel account?\n\nIt goes to the customer only, in one message; you won't see it. Their current password stops working.`,
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.adminResetPassword(order.id, 'confirm'), title: 'Send new password' },
        { id: commandId.adminResetPassword(order.id, 'keep'), title: 'Keep it' },
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
  switch (outcome.kind) {
    case 'sent': {
      const late = outcome.form === 'template' ? ' (as the approved template: their 24-hour window was closed)' : '';
      return `🔑 A new password for panel account *${outcome.username}* was sent to ${who}${late}. You don't see it; their old password no longer works.`;
    }
    case 'maybe-sent':
      return `🔑 A new password for ${who} was sent, but WhatsApp's answer was lost: it may not have arrived. If they don't have it, reset again in 10 minutes.`;
    case 'already-sent':
      return `🔑 This reset for ${who} was already sent.`;
    case 'no-account':
      return `${who} has no panel account yet (it is made with their first server): nothing was reset.`;
    case 'protected-account':
      return `${who}'s panel account is a panel administrator's: it is not reset over WhatsApp. Change it on the panel.`;
    case 'busy':
      return `${who}'s login is being sent right now (a delivery or another reset). Try again in a minute.`;
    case 'too-soon':
      return `${who}'s password was reset a moment ago. Another reset is possible in ${waitWords(outcome.retryAt, now, lang)}.`;
    case 'daily-limit':
      return `${who}'s password was reset 5 times in the last 24 hours. Another reset is possible in ${waitWords(outcome.retryAt, now, lang)}.`;
    case 'undeliverable':
      return `⚠️ A new password was set for ${who}'s panel account *${outcome.username}*, but WhatsApp refused the message: ${fitText(outcome.reason, 300)}. Their old password no longer works; reach them another way, or cancel the order if its login can never be delivered: !order-cancel ${order.id}`;
  }
}

/** A PROVISIONING order whose execution stopped was rolled back and cancelled. */
export function adminAbandoned(
  to: Recipient,
  order: Order,
  removed: RemovedFromPanel,
  reason?: string,
): OutboundMessage {
  const server: Record<string, string> = {
    deleted: 'its server was deleted',
    'force-deleted': 'its server was force-deleted',
    absent: 'it had no server',
  };
  const user: Record<string, string> = {
    deleted: 'the panel user made for it was deleted',
    absent: 'no panel user was left to remove',
    'kept-owns-servers': "the customer's panel user was kept (it owns other servers)",
    'kept-not-ours': "the customer's panel user was kept (in use, or not made by this order)",
  };
  const lines = [
    `🗑️ *${order.id}* cancelled after its provisioning stopped${reason ? `: ${reason}` : ''}.`,
    `Panel: ${server[removed.server] ?? `server ${removed.server}`}; ${user[removed.user] ?? `user ${removed.user}`}.`,
    'The customer was told, and asked to contact you about the payment.',
  ];
  return reply(to, lines.join('\n'), order.id);
}

export interface RemovedFromPanel {
  server: string;
  user: string;
}

/** `!order-cancel` on a PROVISIONING order whose execution has not stopped (or cannot be found). */
export function adminCannotAbandon(to: Recipient, order: Order, execution?: string): OutboundMessage {
  const now = execution
    ? `its provisioning is ${execution}`
    : 'no provisioning execution was found for it (!provision-retry starts it)';
  return reply(
    to,
    `Can't cancel *${order.id}* now: ${now}. A PROVISIONING order can be cancelled once its execution has stopped (FAILED, TIMED_OUT or ABORTED); the cancel then removes what it made from the panel. See !provision-status ${order.id}`,
    order.id,
  );
}

export function adminResetPasswordKept(to: Recipient, order: Order): OutboundMessage {
  return reply(to, `👍 Nothing was changed: ${customerLabel(order)} keeps their password.`, order.id);
}

/** A server on the panel whose order is not running or completed (or not known at all). */
export interface OrphanServer {
  serverId: number;
  externalId: string;
  name: string;
  /** The order's status (`COMPLETED, a second server` for one it does not own), or `unknown` when no order has that id. */
  orderStatus: OrderStatus | `${OrderStatus}, a second server` | 'unknown';
}

/** The reconciliation found servers that no live order accounts for: a person decides what to do. */
export function adminOrphanServers(to: Recipient, orphans: readonly OrphanServer[]): OutboundMessage {
  const shown = orphans.slice(0, 10);
  const lines = [
    `🧹 *${orphans.length} server${orphans.length === 1 ? '' : 's'} on the panel without a live order*`,
    '',
    ...shown.map((o) => `• Server ${o.serverId} (${o.name}) · order *${o.externalId}* is ${o.orderStatus}`),
    ...(orphans.length > shown.length ? [`…and ${orphans.length - shown.length} more.`] : []),
    '',
    'Nothing was deleted. Check each one on the panel, then delete it there or retry its order.',
  ];
  const summary = shown.map((o) => `${o.externalId} (server ${o.serverId}, ${o.orderStatus})`).join(', ');
  return {
    ...reply(to, lines.join('\n')),
    kind: 'admin-notice',
    template: {
      name: TEMPLATES.adminAlert,
      bodyParams: [flattenForTemplate(`${orphans.length} panel servers without a live order: ${summary}`)],
    },
  };
}
