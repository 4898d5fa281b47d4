// What people read about a server's life: reminders, the last warning, suspension and its lifting,
// termination, renewals, and the lists (`!my-servers`, `!services`). Customer texts carry no technical
// detail; every message that may leave the 24-hour window has a template form (docs/whatsapp-templates.md).

import { adminPaymentButtons } from './admin-messages.js';
import { commandId, type ServicesFilter } from './commands.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeResources } from './packages.js';
import {
  DAY_MS,
  formatDays,
  type LifecycleAction,
  type LifecyclePolicy,
  renewalDue,
  type Service,
  serviceStateWords,
  terminateAt,
} from './service.js';

/** "2026-12-30 14:05 UTC": servers live by the hour in tests and by the day in shops; both read right. */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function timeLeft(untilIso: string, now: Date): string {
  const ms = new Date(untilIso).getTime() - now.getTime();
  if (ms <= 0) return 'today';
  return `in ${formatDays(Math.round((ms / DAY_MS) * 10) / 10 || ms / DAY_MS)}`;
}

const renewButton = (orderId: string) => ({ id: commandId.renew(orderId), title: 'Renew' });

export function customerRenewalReminder(to: Recipient, order: Order, service: Service, now: Date): OutboundMessage {
  const due = new Date(service.paidUntil).getTime() <= now.getTime();
  const head = due
    ? `⏰ Your ${order.packageName} server *${order.id}* is due for renewal today (${when(service.paidUntil)}).`
    : `⏰ Your ${order.packageName} server *${order.id}* is paid until ${when(service.paidUntil)} (${timeLeft(service.paidUntil, now)}).`;
  const body = `${head}\n\nRenew it for ${formatDays(service.periodDays)}${order.price ? ` (${order.price})` : ''} to keep it running: tap *Renew* or type *!renew ${order.id}*.`;
  return msg(
    to,
    'renewal-reminder',
    { type: 'buttons', body: clip(body, LIMITS.buttonsBody), buttons: [renewButton(order.id)] },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.renewalReminder,
        bodyParams: [order.id, order.packageName, when(service.paidUntil)],
        quickReplies: [commandId.renew(order.id)],
      },
    },
  );
}

export function customerTerminationWarning(
  to: Recipient,
  order: Order,
  service: Service,
  shop: ShopInfo,
  policy: LifecyclePolicy,
): OutboundMessage {
  const end = terminateAt(service, policy)?.toISOString() ?? service.paidUntil;
  const body = `⚠️ Last warning: your suspended ${order.packageName} server *${order.id}* will be *deleted* on ${when(end)}, with all its files, worlds and backups. This cannot be undone.\n\nTo keep it, renew now: tap *Renew* or type *!renew ${order.id}*. Questions: ${shop.supportContact}.`;
  return msg(
    to,
    'service-update',
    { type: 'buttons', body: clip(body, LIMITS.buttonsBody), buttons: [renewButton(order.id)] },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.terminationWarning,
        bodyParams: [order.id, when(end)],
        quickReplies: [commandId.renew(order.id)],
      },
    },
  );
}

export function adminTerminationWarned(
  to: Recipient,
  order: Order,
  service: Service,
  policy: LifecyclePolicy,
): OutboundMessage {
  const end = terminateAt(service, policy)?.toISOString() ?? service.paidUntil;
  return adminAlert(
    to,
    order,
    `⚠️ *${order.id}* (${customerLabel(order)}, ${order.packageName}): last warning sent. It will be deleted on ${when(end)} unless renewed.\n!extend ${order.id} DAYS gives free days.`,
  );
}

/** After the panel was read back: suspended, running again, or deleted. */
export function customerServiceChanged(
  to: Recipient,
  order: Order,
  service: Service,
  shop: ShopInfo,
  policy: LifecyclePolicy,
): OutboundMessage {
  const body = serviceChangedText(order, service, shop, policy);
  // Only a suspension for non-payment is lifted by renewing: only it gets the Renew button (and its template).
  const renewable = service.state === 'SUSPENDED' && service.suspendReason !== 'MANUAL';
  const content = renewable
    ? { type: 'buttons' as const, body: clip(body, LIMITS.buttonsBody), buttons: [renewButton(order.id)] }
    : text(body);
  const template = renewable
    ? {
        name: TEMPLATES.serviceSuspended,
        bodyParams: [order.id, order.packageName],
        quickReplies: [commandId.renew(order.id)],
      }
    : service.state === 'TERMINATED' && !byShop(service)
      ? { name: TEMPLATES.serviceTerminated, bodyParams: [order.id, order.packageName] }
      : { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] };
  return msg(to, 'service-update', content, { orderId: order.id, template });
}

/** The change was an admin's (`!suspend`, `!terminate`), not the sweep's for non-payment. */
function byShop(service: Service): boolean {
  const last = [...service.log].reverse().find((l) => l.what === 'SUSPENDED' || l.what === 'TERMINATED');
  return last !== undefined && last.by !== 'sweep';
}

function serviceChangedText(order: Order, service: Service, shop: ShopInfo, policy: LifecyclePolicy): string {
  const what = `Your ${order.packageName} server *${order.id}*`;
  if (service.state === 'ACTIVE') return `▶️ ${what} is running again. Paid until ${when(service.paidUntil)}.`;
  if (service.state === 'SUSPENDED') {
    if (service.suspendReason === 'MANUAL')
      return `⏸️ ${what} was suspended by ${shop.shopName}. Please contact ${shop.supportContact}.`;
    const end = terminateAt(service, policy);
    return `⏸️ ${what} is suspended: its renewal was due on ${when(service.paidUntil)}. Your files are kept${end ? ` until ${when(end.toISOString())}` : ''}.\n\nRenew to turn it back on: tap *Renew* or type *!renew ${order.id}*.`;
  }
  return byShop(service)
    ? `🗑️ ${what} was deleted by ${shop.shopName}. Your panel account is kept. Questions: ${shop.supportContact}.`
    : `🗑️ ${what} was deleted after its renewal stayed unpaid. Your panel account is kept: order a new server any time with *!packages*.`;
}

export function adminServiceChanged(
  to: Recipient,
  order: Order,
  service: Service,
  action: LifecycleAction,
): OutboundMessage {
  if (action === 'REBUILD') {
    const plan = service.plan;
    return adminAlert(
      to,
      order,
      `🔧 Plan changed: *${order.id}* is now ${plan?.packageName ?? '?'}${plan ? ` (${describeResources(plan.resources, to.locale.lang)})` : ''} · ${customerLabel(order)}. The panel confirms the new build.`,
    );
  }
  const what =
    action === 'SUSPEND'
      ? `⏸️ Suspended (${service.suspendReason === 'MANUAL' ? `by an admin${service.suspendNote ? `: ${service.suspendNote}` : ''}` : `unpaid since ${when(service.paidUntil)}`})`
      : action === 'UNSUSPEND'
        ? `▶️ Unsuspended, paid until ${when(service.paidUntil)}`
        : '🗑️ Terminated: the server was deleted on the panel (the panel user is kept)';
  return adminAlert(
    to,
    order,
    `${what}: *${order.id}* · ${order.packageName} · ${customerLabel(order)}. The panel confirms it.`,
  );
}

export function adminServiceActionFailed(
  to: Recipient,
  order: Order,
  action: LifecycleAction,
  failure: { error: string; detail: string },
): OutboundMessage {
  const verb = action === 'REBUILD' ? 'change the plan of' : action.toLowerCase();
  const body = `❌ Could not ${verb} *${order.id}* (${order.packageName}, ${customerLabel(order)}).\n${failure.error}: ${failure.detail}\n\nNothing was recorded as done. Retry now, or the sweep tries again in a few hours. Operators can also redrive the execution in the Step Functions console.`;
  return msg(
    to,
    'admin-notice',
    {
      type: 'buttons',
      body: clip(body, LIMITS.buttonsBody),
      buttons: [{ id: commandId.serviceRetry(order.id), title: 'Retry now' }],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(`Could not ${verb} ${order.id}: ${failure.error}`)],
      },
    },
  );
}

function adminAlert(to: Recipient, order: Order, body: string): OutboundMessage {
  return msg(to, 'admin-notice', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.adminAlert, bodyParams: [flattenForTemplate(body)] },
  });
}

export function customerRenewalPlaced(
  to: Recipient,
  renewal: Order,
  service: Service,
  shop: ShopInfo,
  existing: boolean,
): OutboundMessage {
  const body = [
    existing
      ? `🔁 Your renewal *${renewal.id}* for server *${renewal.renews}* is waiting for payment.`
      : `🔁 Renewal *${renewal.id}* for your ${renewal.packageName} server *${renewal.renews}*.`,
    '',
    `${formatDays(service.periodDays)}${renewal.price ? ` · ${renewal.price}` : ''} · now paid until ${when(service.paidUntil)}`,
    '',
    `*How to pay*\n${shop.paymentInstructions}`,
    '',
    `Please mention *${renewal.id}* with your payment.`,
  ].join('\n');
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: 'Renewal',
      body: clip(body, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.status(renewal.id), title: 'Renewal status' },
        { id: commandId.cancel(renewal.id), title: 'Cancel renewal' },
      ],
    },
    { orderId: renewal.id },
  );
}

export function adminNewRenewal(to: Recipient, renewal: Order, service: Service): OutboundMessage {
  const who = customerLabel(renewal);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: 'Renewal order',
      body: clip(
        `🔁 *${renewal.id}* renews *${renewal.renews}* (${serviceStateWords(service)}, paid until ${when(service.paidUntil)})\nCustomer: ${who}\nPackage: *${renewal.packageName}*${renewal.price ? ` · ${renewal.price}` : ''} · ${formatDays(service.periodDays)}\n\nConfirm once the payment has arrived:\n!order-confirm ${renewal.id}`,
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(renewal.id),
    },
    {
      orderId: renewal.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(`Renewal ${renewal.id} of ${renewal.renews} for ${who}`)],
      },
    },
  );
}

export function customerRenewRefused(
  to: Recipient,
  server: Order,
  why: 'terminated' | 'terminating' | 'not-a-server',
  shop: ShopInfo,
): OutboundMessage {
  const body =
    why === 'not-a-server'
      ? `*${server.id}* is not a running server yet, so there is nothing to renew. Type *!my-servers* to see your servers.`
      : `Sorry, *${server.id}* ${why === 'terminated' ? 'was deleted' : 'is being deleted'} after its renewal stayed unpaid, so it can't be renewed. You can order a new server any time; your panel account is kept. Questions: ${shop.supportContact}.`;
  return msg(to, 'reply', {
    type: 'buttons',
    body: clip(body, LIMITS.buttonsBody),
    buttons: [{ id: commandId.packages(), title: 'See packages' }],
  });
}

export function customerRenewalApplied(
  to: Recipient,
  renewal: Order,
  service: Service,
  unsuspending: boolean,
): OutboundMessage {
  const body = `💳 Payment for *${renewal.id}* is confirmed: your ${renewal.packageName} server *${renewal.renews}* is paid until ${when(service.paidUntil)}.${unsuspending ? " We're turning it back on now; you'll get a message when it runs." : ''}`;
  return msg(to, 'order-update', text(body), {
    orderId: renewal.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [renewal.id, flattenForTemplate(body)] },
  });
}

export function adminRenewalApplied(
  to: Recipient,
  renewal: Order,
  service: Service,
  outcome: { unsuspending: boolean; already: boolean },
): OutboundMessage {
  const head = outcome.already ? `*${renewal.id}* was already applied` : `✅ Renewal *${renewal.id}* confirmed`;
  return reply(
    to,
    `${head}: *${renewal.renews}* is paid until ${when(service.paidUntil)} (${serviceStateWords(service)}).${outcome.unsuspending ? ' Unsuspending it on the panel now.' : ''}`,
    renewal.id,
  );
}

export function adminRenewalRefused(
  to: Recipient,
  renewal: Order,
  why: 'terminated' | 'terminating' | 'not-a-server',
): OutboundMessage {
  const what =
    why === 'terminated'
      ? 'was terminated'
      : why === 'terminating'
        ? 'is being terminated right now'
        : 'is not a completed server';
  return reply(
    to,
    `❌ Can't apply *${renewal.id}*: its server *${renewal.renews ?? renewal.upgrades}* ${what}. Nothing was changed and the payment was not confirmed. Refund the customer if they paid, and cancel the order: !order-cancel ${renewal.id}`,
    renewal.id,
  );
}

export interface ServerView {
  order: Order;
  service: Service;
}

export function myServers(
  to: Recipient,
  servers: readonly ServerView[],
  policy: LifecyclePolicy,
  now: Date,
): OutboundMessage {
  if (servers.length === 0) {
    return msg(to, 'reply', text("You have no servers yet. Type *!packages* to see what's available."));
  }
  const lines = servers.map(({ order, service }) => {
    const address = order.provisioning.serverAddress ? ` · ${order.provisioning.serverAddress}` : '';
    const paid = service.state === 'TERMINATED' ? '' : `\n   paid until ${when(service.paidUntil)}`;
    return `*${order.id}* · ${order.packageName}${address} · ${serviceStateWords(service)}${paid}`;
  });
  const due = servers.filter((s) => renewalDue(s.service, policy, now)).slice(0, 3);
  const running = servers.find((s) => s.service.state === 'ACTIVE');
  const hint = running ? ['', `More power? *!upgrade ${running.order.id}* shows the bigger packages.`] : [];
  const body = clip(
    ['*Your servers*', '', ...lines, ...hint].join('\n'),
    due.length > 0 ? LIMITS.buttonsBody : LIMITS.textBody,
  );
  if (due.length === 0) return msg(to, 'reply', text(body));
  return msg(to, 'reply', {
    type: 'buttons',
    body,
    buttons: due.map((s) => ({ id: commandId.renew(s.order.id), title: `Renew ${s.order.id}`.slice(0, 20) })),
  });
}

export function adminServices(
  to: Recipient,
  filter: ServicesFilter,
  servers: readonly ServerView[],
  more: boolean,
): OutboundMessage {
  const title = {
    DUE: 'Servers due',
    SUSPENDED: 'Suspended servers',
    TERMINATED: 'Terminated servers',
    ALL: 'All servers',
  }[filter];
  if (servers.length === 0) return reply(to, `*${title}*: none.`);
  const lines = servers.map(({ order, service }) => {
    const flight = service.action ? ` · ${service.action.kind.toLowerCase()} running` : '';
    return `*${order.id}* · ${order.packageName} · +${order.customerId} · ${serviceStateWords(service)} · paid until ${when(service.paidUntil)}${flight}`;
  });
  return reply(
    to,
    clip([`*${title}* (${servers.length}${more ? '+' : ''})`, '', ...lines].join('\n'), LIMITS.textBody),
  );
}

/** `!provision-status ID` of a server: its life, newest last. */
export function serviceLifeLines(service: Service, policy: LifecyclePolicy): string[] {
  const end = terminateAt(service, policy);
  return [
    '*Server life*',
    `State: ${serviceStateWords(service)} · paid until ${when(service.paidUntil)} · period ${formatDays(service.periodDays)}`,
    service.suspendedAt
      ? `Suspended at ${when(service.suspendedAt)}${end ? ` · deleted at ${when(end.toISOString())} unless renewed` : ''}`
      : '',
    service.action
      ? `Running: ${service.action.kind.toLowerCase()} (${service.action.execution}) since ${when(service.action.at)}`
      : '',
    service.lastActionError
      ? `Last failure: ${service.lastActionError.action.toLowerCase()} · ${service.lastActionError.error}: ${service.lastActionError.detail}`
      : '',
    service.dueAt ? `Next look: ${when(service.dueAt)}` : '',
    ...service.log
      .slice(-10)
      .map((l) => `${when(l.at).slice(0, 16)} ${l.what} by ${l.by}${l.detail ? ` (${l.detail})` : ''}`),
  ].filter((l) => l !== '');
}

export function adminTerminateConfirm(to: Recipient, order: Order, service: Service): OutboundMessage {
  const p = order.provisioning;
  return msg(to, 'reply', {
    type: 'buttons',
    header: 'Delete this server?',
    body: clip(
      `🗑️ Terminate *${order.id}*? This deletes server ${p.serverIdentifier ?? ''}${p.serverAddress ? ` (${p.serverAddress})` : ''} on the panel with all its files, worlds and backups. It cannot be undone.\n\n${order.packageName} · ${describeResources(order.resources, to.locale.lang)}\nCustomer: ${customerLabel(order)} · ${serviceStateWords(service)}, paid until ${when(service.paidUntil)}\nThe panel user is kept.`,
      LIMITS.buttonsBody,
    ),
    buttons: [
      { id: commandId.terminate(order.id, 'confirm'), title: 'Yes, delete it' },
      { id: commandId.terminate(order.id, 'keep'), title: 'Keep it' },
    ],
  });
}

/** The answer to `!suspend`, `!unsuspend`, `!terminate` (confirmed) and `!service-retry`. */
export function adminActionStarted(
  to: Recipient,
  order: Order,
  action: LifecycleAction,
  outcome:
    | { kind: 'started' }
    | { kind: 'busy'; running: LifecycleAction }
    | { kind: 'not-needed'; why: string }
    | { kind: 'no-server' },
  unpaidSince?: string,
): OutboundMessage {
  const verb = action.toLowerCase();
  switch (outcome.kind) {
    case 'started':
      return reply(
        to,
        `⏳ ${verb[0]!.toUpperCase()}${verb.slice(1)}ing *${order.id}* on the panel. You'll get a message once the panel confirms it.${unpaidSince ? `\nNote: it is unpaid since ${when(unpaidSince)}, so the next sweep suspends it again. Give it days with !extend ${order.id} DAYS.` : ''}`,
        order.id,
      );
    case 'busy':
      return reply(
        to,
        `*${order.id}* is busy: a ${outcome.running.toLowerCase()} is running. Try again when it has finished.`,
        order.id,
      );
    case 'not-needed':
      return reply(to, `Nothing to do: *${order.id}* ${outcome.why}.`, order.id);
    case 'no-server':
      return reply(
        to,
        `*${order.id}* is not a completed server (${order.status}), so it has no server life to change.`,
        order.id,
      );
  }
}

export function adminTerminateKept(to: Recipient, order: Order): OutboundMessage {
  return reply(to, `👍 *${order.id}* is kept. Nothing was deleted.`, order.id);
}

export function adminExtended(
  to: Recipient,
  order: Order,
  service: Service,
  days: number,
  unsuspending: boolean,
): OutboundMessage {
  const how = days >= 0 ? `extended by ${formatDays(days)}` : `shortened by ${formatDays(-days)}`;
  return reply(
    to,
    `✅ *${order.id}* ${how}: paid until ${when(service.paidUntil)} (${serviceStateWords(service)}).${unsuspending ? ' Unsuspending it on the panel now.' : ''}`,
    order.id,
  );
}

export function adminExtendUsage(to: Recipient): OutboundMessage {
  return reply(
    to,
    'Usage: *!extend ID DAYS*, e.g. !extend ORD-7K2M9Q 3 (free days; negative to shorten, decimals allowed).',
  );
}
