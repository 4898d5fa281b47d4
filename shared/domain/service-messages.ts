// What people read about a server's life: reminders, the last warning, suspension and its lifting,
// termination, renewals, and the lists (`!my-servers`, `!services`). Customer texts carry no technical
// detail; every message that may leave the 24-hour window has a template form (docs/whatsapp-templates.md).
// The words are in i18n/service-texts.ts, in the reader's language; dates and amounts are written by Intl.

import { adminPaymentButtons } from './admin-messages.js';
import { commandId, type ServicesFilter } from './commands.js';
import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import type { Lang } from './i18n/lang.js';
import { formatDateTime, type Locale, type Recipient } from './i18n/locale.js';
import { SERVICE_TEXTS } from './i18n/service-texts.js';
import { commandName } from './i18n/words.js';
import { clip, customerLabel, howToPay, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import { priceFor } from './money.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeResources } from './packages.js';
import {
  DAY_MS,
  type LifecycleAction,
  type LifecyclePolicy,
  renewalDue,
  type Service,
  terminateAt,
} from './service.js';

/** A moment in the reader's words and the shop's time zone. */
function at(iso: string, locale: Locale): string {
  return formatDateTime(iso, locale);
}

/** A number of days, hours, minutes or seconds (one decimal at most), written for the reader. */
function count(n: number, locale: Locale): string {
  const rounded = Number.isInteger(n) ? n : Number(n.toFixed(1));
  return new Intl.NumberFormat(locale.tag, { maximumFractionDigits: 1, useGrouping: false }).format(rounded);
}

/** "30 days", "1 day", "0.5 days", "2 hours" for fractions under a day, in the reader's words. */
function period(days: number, locale: Locale): string {
  const t = say(SERVICE_TEXTS, locale.lang);
  const c = say(COMMON_TEXTS, locale.lang);
  const abs = Math.abs(days);
  if (abs > 0 && abs < 1) {
    const hours = abs * 24;
    if (hours >= 1) return c('hours', { n: count(hours, locale) });
    const minutes = hours * 60;
    return minutes >= 1
      ? c('minutes', { n: count(minutes, locale) })
      : t('seconds', { n: count(minutes * 60, locale) });
  }
  return t('days', { n: count(abs, locale) });
}

function timeLeft(untilIso: string, now: Date, locale: Locale): string {
  const t = say(SERVICE_TEXTS, locale.lang);
  const ms = new Date(untilIso).getTime() - now.getTime();
  if (ms <= 0) return t('today');
  return t('inTime', { time: period(Math.round((ms / DAY_MS) * 10) / 10 || ms / DAY_MS, locale) });
}

/** What a person reads for a server's state. */
function stateWords(service: Service, lang: Lang): string {
  const t = say(SERVICE_TEXTS, lang);
  switch (service.state) {
    case 'ACTIVE':
      return t('stateActive');
    case 'SUSPENDED':
      return service.suspendReason === 'MANUAL' ? t('stateSuspendedByShop') : t('stateSuspendedUnpaid');
    case 'TERMINATED':
      return t('stateTerminated');
  }
}

const ACTION_WORDS = {
  SUSPEND: 'actionSuspend',
  UNSUSPEND: 'actionUnsuspend',
  TERMINATE: 'actionTerminate',
  REBUILD: 'actionRebuild',
} as const satisfies Record<LifecycleAction, string>;

/** An action's name for an admin: "suspend", "rebuild". */
function actionWord(action: LifecycleAction, lang: Lang): string {
  return say(SERVICE_TEXTS, lang)(ACTION_WORDS[action]);
}

/** A price for its reader, written from the amount by Intl ("R$45/month", "R$ 45/mês"); the label when the amount is unknown. */
function priceOf(
  item: { price?: string; priceMinor?: number; currency?: string; periodDays?: number },
  locale: Locale,
  currency?: string,
): string | undefined {
  return priceFor(item, currency, locale);
}

const renewButton = (orderId: string, lang: Lang) => ({
  id: commandId.renew(orderId),
  title: say(SERVICE_TEXTS, lang)('renewButton'),
});

export function customerRenewalReminder(to: Recipient, order: Order, service: Service, now: Date): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const due = new Date(service.paidUntil).getTime() <= now.getTime();
  const date = at(service.paidUntil, to.locale);
  const head = due
    ? t('reminderDueToday', { package: order.packageName, id: order.id, date })
    : t('reminderPaidUntil', {
        package: order.packageName,
        id: order.id,
        date,
        left: timeLeft(service.paidUntil, now, to.locale),
      });
  const price = priceOf(order, to.locale);
  const renew = t('reminderRenew', {
    period: period(service.periodDays, to.locale),
    price: price ? ` (${price})` : '',
    renew: commandName('renew', to.locale.lang),
    id: order.id,
  });
  const body = `${head}\n\n${renew}`;
  return msg(
    to,
    'renewal-reminder',
    { type: 'buttons', body: clip(body, LIMITS.buttonsBody), buttons: [renewButton(order.id, to.locale.lang)] },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.renewalReminder,
        bodyParams: [order.id, order.packageName, date],
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
  const end = at(terminateAt(service, policy)?.toISOString() ?? service.paidUntil, to.locale);
  const body = say(SERVICE_TEXTS, to.locale.lang)('lastWarning', {
    package: order.packageName,
    id: order.id,
    date: end,
    renew: commandName('renew', to.locale.lang),
    support: shop.supportContact,
  });
  return msg(
    to,
    'service-update',
    { type: 'buttons', body: clip(body, LIMITS.buttonsBody), buttons: [renewButton(order.id, to.locale.lang)] },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.terminationWarning,
        bodyParams: [order.id, end],
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
    say(SERVICE_TEXTS, to.locale.lang)('adminLastWarning', {
      id: order.id,
      customer: customerLabel(order),
      package: order.packageName,
      date: at(end, to.locale),
    }),
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
  const body = serviceChangedText(order, service, shop, policy, to.locale);
  // Only a suspension for non-payment is lifted by renewing: only it gets the Renew button (and its template).
  const renewable = service.state === 'SUSPENDED' && service.suspendReason !== 'MANUAL';
  const content = renewable
    ? {
        type: 'buttons' as const,
        body: clip(body, LIMITS.buttonsBody),
        buttons: [renewButton(order.id, to.locale.lang)],
      }
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

function serviceChangedText(
  order: Order,
  service: Service,
  shop: ShopInfo,
  policy: LifecyclePolicy,
  locale: Locale,
): string {
  const t = say(SERVICE_TEXTS, locale.lang);
  const server = { package: order.packageName, id: order.id };
  if (service.state === 'ACTIVE') return t('changedRunning', { ...server, date: at(service.paidUntil, locale) });
  if (service.state === 'SUSPENDED') {
    if (service.suspendReason === 'MANUAL')
      return t('changedSuspendedByShop', { ...server, shop: shop.shopName, support: shop.supportContact });
    const end = terminateAt(service, policy);
    const kept = end ? t('filesKeptUntil', { date: at(end.toISOString(), locale) }) : t('filesKept');
    const renew = t('renewToTurnOn', { renew: commandName('renew', locale.lang), id: order.id });
    return `${t('changedSuspendedUnpaid', { ...server, date: at(service.paidUntil, locale) })} ${kept}\n\n${renew}`;
  }
  return byShop(service)
    ? t('changedDeletedByShop', { ...server, shop: shop.shopName, support: shop.supportContact })
    : t('changedDeletedUnpaid', { ...server, packages: commandName('packages', locale.lang) });
}

export function adminServiceChanged(
  to: Recipient,
  order: Order,
  service: Service,
  action: LifecycleAction,
): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  if (action === 'REBUILD') {
    const plan = service.plan;
    return adminAlert(
      to,
      order,
      t('adminPlanChanged', {
        id: order.id,
        package: plan?.packageName ?? '?',
        resources: plan ? ` (${describeResources(plan.resources, to.locale.lang)})` : '',
        customer: customerLabel(order),
      }),
    );
  }
  const what =
    action === 'SUSPEND'
      ? service.suspendReason === 'MANUAL'
        ? service.suspendNote
          ? t('adminSuspendedByAdminNote', { note: service.suspendNote })
          : t('adminSuspendedByAdmin')
        : t('adminSuspendedUnpaid', { date: at(service.paidUntil, to.locale) })
      : action === 'UNSUSPEND'
        ? t('adminUnsuspended', { date: at(service.paidUntil, to.locale) })
        : t('adminTerminated');
  return adminAlert(
    to,
    order,
    t('adminChanged', { what, id: order.id, package: order.packageName, customer: customerLabel(order) }),
  );
}

const COULD_NOT = {
  SUSPEND: 'couldNotSuspend',
  UNSUSPEND: 'couldNotUnsuspend',
  TERMINATE: 'couldNotTerminate',
  REBUILD: 'couldNotRebuild',
} as const satisfies Record<LifecycleAction, string>;

export function adminServiceActionFailed(
  to: Recipient,
  order: Order,
  action: LifecycleAction,
  failure: { error: string; detail: string },
): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const body = t('actionFailed', {
    what: t(COULD_NOT[action], { id: `*${order.id}*` }),
    package: order.packageName,
    customer: customerLabel(order),
    error: failure.error,
    detail: failure.detail,
  });
  return msg(
    to,
    'admin-notice',
    {
      type: 'buttons',
      body: clip(body, LIMITS.buttonsBody),
      buttons: [{ id: commandId.serviceRetry(order.id), title: t('retryNowButton') }],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            t('actionFailedAlert', { what: t(COULD_NOT[action], { id: order.id }), error: failure.error }),
          ),
        ],
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
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const price = priceOf(renewal, to.locale, shop.currency);
  const body = [
    existing
      ? t('renewalWaiting', { id: renewal.id, server: renewal.renews ?? '' })
      : t('renewalNew', { id: renewal.id, package: renewal.packageName, server: renewal.renews ?? '' }),
    '',
    t('renewalTerms', {
      period: period(service.periodDays, to.locale),
      price: price ? ` · ${price}` : '',
      date: at(service.paidUntil, to.locale),
    }),
    '',
    `${t('howToPay')}\n${howToPay(shop, to.locale.lang)}`,
    '',
    t('mentionId', { id: renewal.id }),
  ].join('\n');
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: t('renewalHeader'),
      body: clip(body, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.status(renewal.id), title: t('renewalStatusButton') },
        { id: commandId.cancel(renewal.id), title: t('cancelRenewalButton') },
      ],
    },
    { orderId: renewal.id },
  );
}

export function adminNewRenewal(to: Recipient, renewal: Order, service: Service): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const who = customerLabel(renewal);
  const price = priceOf(renewal, to.locale);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: t('adminRenewalHeader'),
      body: clip(
        t('adminNewRenewal', {
          id: renewal.id,
          server: renewal.renews ?? '',
          state: stateWords(service, to.locale.lang),
          date: at(service.paidUntil, to.locale),
          customer: who,
          package: renewal.packageName,
          price: price ? ` · ${price}` : '',
          period: period(service.periodDays, to.locale),
        }),
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(renewal.id, to.locale.lang),
    },
    {
      orderId: renewal.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            t('adminNewRenewalAlert', { id: renewal.id, server: renewal.renews ?? '', customer: who }),
          ),
        ],
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
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const body =
    why === 'not-a-server'
      ? t('renewNotAServer', { id: server.id, myServers: commandName('my-servers', to.locale.lang) })
      : t(why === 'terminated' ? 'renewDeleted' : 'renewBeingDeleted', { id: server.id, support: shop.supportContact });
  return msg(to, 'reply', {
    type: 'buttons',
    body: clip(body, LIMITS.buttonsBody),
    buttons: [{ id: commandId.packages(), title: t('seePackagesButton') }],
  });
}

export function customerRenewalApplied(
  to: Recipient,
  renewal: Order,
  service: Service,
  unsuspending: boolean,
): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const applied = t('renewalApplied', {
    id: renewal.id,
    package: renewal.packageName,
    server: renewal.renews ?? '',
    date: at(service.paidUntil, to.locale),
  });
  const body = unsuspending ? `${applied} ${t('turningBackOn')}` : applied;
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
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const head = outcome.already
    ? t('renewalAlreadyApplied', { id: renewal.id })
    : t('renewalConfirmed', { id: renewal.id });
  const applied = t('adminRenewalApplied', {
    head,
    server: renewal.renews ?? '',
    date: at(service.paidUntil, to.locale),
    state: stateWords(service, to.locale.lang),
  });
  return reply(to, outcome.unsuspending ? `${applied} ${t('unsuspendingNow')}` : applied, renewal.id);
}

export function adminRenewalRefused(
  to: Recipient,
  renewal: Order,
  why: 'terminated' | 'terminating' | 'not-a-server',
): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const what =
    why === 'terminated'
      ? t('refusedTerminated')
      : why === 'terminating'
        ? t('refusedTerminating')
        : t('refusedNotAServer');
  return reply(
    to,
    t('adminRenewalRefused', { id: renewal.id, server: `${renewal.renews ?? renewal.upgrades}`, what }),
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
  const lang = to.locale.lang;
  const t = say(SERVICE_TEXTS, lang);
  if (servers.length === 0) {
    return msg(to, 'reply', text(t('noServers', { packages: commandName('packages', lang) })));
  }
  const lines = servers.map(({ order, service }) => {
    const address = order.provisioning.serverAddress ? ` · ${order.provisioning.serverAddress}` : '';
    const paid =
      service.state === 'TERMINATED' ? '' : `\n   ${t('paidUntil', { date: at(service.paidUntil, to.locale) })}`;
    return `*${order.id}* · ${order.packageName}${address} · ${stateWords(service, lang)}${paid}`;
  });
  const due = servers.filter((s) => renewalDue(s.service, policy, now)).slice(0, 3);
  const running = servers.find((s) => s.service.state === 'ACTIVE');
  const hint = running ? ['', t('upgradeHint', { upgrade: commandName('upgrade', lang), id: running.order.id })] : [];
  const body = clip(
    [t('yourServers'), '', ...lines, ...hint].join('\n'),
    due.length > 0 ? LIMITS.buttonsBody : LIMITS.textBody,
  );
  if (due.length === 0) return msg(to, 'reply', text(body));
  return msg(to, 'reply', {
    type: 'buttons',
    body,
    buttons: due.map((s) => ({
      id: commandId.renew(s.order.id),
      title: t('renewServerButton', { id: s.order.id }).slice(0, LIMITS.buttonTitle),
    })),
  });
}

export function adminServices(
  to: Recipient,
  filter: ServicesFilter,
  servers: readonly ServerView[],
  more: boolean,
): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(SERVICE_TEXTS, lang);
  const title = t(
    (
      {
        DUE: 'servicesDue',
        SUSPENDED: 'servicesSuspended',
        TERMINATED: 'servicesTerminated',
        ALL: 'servicesAll',
      } as const
    )[filter],
  );
  if (servers.length === 0) return reply(to, t('servicesNone', { title }));
  const lines = servers.map(({ order, service }) => {
    const flight = service.action ? ` · ${t('actionRunning', { action: actionWord(service.action.kind, lang) })}` : '';
    return `*${order.id}* · ${order.packageName} · +${order.customerId} · ${stateWords(service, lang)} · ${t('paidUntil', { date: at(service.paidUntil, to.locale) })}${flight}`;
  });
  return reply(
    to,
    clip([`*${title}* (${servers.length}${more ? '+' : ''})`, '', ...lines].join('\n'), LIMITS.textBody),
  );
}

/** `!provision-status ID` of a server: its life, newest last (in the admin's locale). */
export function serviceLifeLines(service: Service, policy: LifecyclePolicy, locale: Locale): string[] {
  const t = say(SERVICE_TEXTS, locale.lang);
  const end = terminateAt(service, policy);
  return [
    t('lifeTitle'),
    t('lifeState', {
      state: stateWords(service, locale.lang),
      date: at(service.paidUntil, locale),
      period: period(service.periodDays, locale),
    }),
    service.suspendedAt
      ? [
          t('lifeSuspended', { date: at(service.suspendedAt, locale) }),
          ...(end ? [t('lifeDeletedAt', { date: at(end.toISOString(), locale) })] : []),
        ].join(' · ')
      : '',
    service.action
      ? t('lifeRunning', {
          action: actionWord(service.action.kind, locale.lang),
          execution: service.action.execution,
          date: at(service.action.at, locale),
        })
      : '',
    service.lastActionError
      ? t('lifeLastFailure', {
          action: actionWord(service.lastActionError.action, locale.lang),
          error: service.lastActionError.error,
          detail: service.lastActionError.detail,
        })
      : '',
    service.dueAt ? t('lifeNextLook', { date: at(service.dueAt, locale) }) : '',
    ...service.log.slice(-10).map((l) =>
      t('lifeLog', {
        date: at(l.at, locale),
        what: l.what,
        by: l.by,
        detail: l.detail ? ` (${l.detail})` : '',
      }),
    ),
  ].filter((l) => l !== '');
}

export function adminTerminateConfirm(to: Recipient, order: Order, service: Service): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const p = order.provisioning;
  return msg(to, 'reply', {
    type: 'buttons',
    header: t('terminateHeader'),
    body: clip(
      t('terminateAsk', {
        id: order.id,
        server: p.serverIdentifier ?? '',
        address: p.serverAddress ? ` (${p.serverAddress})` : '',
        package: order.packageName,
        resources: describeResources(order.resources, to.locale.lang),
        customer: customerLabel(order),
        state: stateWords(service, to.locale.lang),
        date: at(service.paidUntil, to.locale),
      }),
      LIMITS.buttonsBody,
    ),
    buttons: [
      { id: commandId.terminate(order.id, 'confirm'), title: t('yesDeleteButton') },
      { id: commandId.terminate(order.id, 'keep'), title: t('keepItButton') },
    ],
  });
}

const STARTED = {
  SUSPEND: 'startedSuspend',
  UNSUSPEND: 'startedUnsuspend',
  TERMINATE: 'startedTerminate',
  REBUILD: 'startedRebuild',
} as const satisfies Record<LifecycleAction, string>;

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
  const t = say(SERVICE_TEXTS, to.locale.lang);
  switch (outcome.kind) {
    case 'started': {
      const note = unpaidSince ? `\n${t('unpaidNote', { date: at(unpaidSince, to.locale), id: order.id })}` : '';
      return reply(to, `${t(STARTED[action], { id: order.id })} ${t('confirmLater')}${note}`, order.id);
    }
    case 'busy':
      return reply(to, t('busy', { id: order.id, action: actionWord(outcome.running, to.locale.lang) }), order.id);
    case 'not-needed':
      return reply(to, t('notNeeded', { id: order.id, why: outcome.why }), order.id);
    case 'no-server':
      return reply(to, t('noServer', { id: order.id, status: order.status }), order.id);
  }
}

export function adminTerminateKept(to: Recipient, order: Order): OutboundMessage {
  return reply(to, say(SERVICE_TEXTS, to.locale.lang)('terminateKept', { id: order.id }), order.id);
}

export function adminExtended(
  to: Recipient,
  order: Order,
  service: Service,
  days: number,
  unsuspending: boolean,
): OutboundMessage {
  const t = say(SERVICE_TEXTS, to.locale.lang);
  const how =
    days >= 0
      ? t('extendedBy', { period: period(days, to.locale) })
      : t('shortenedBy', { period: period(-days, to.locale) });
  const extended = t('extended', {
    id: order.id,
    how,
    date: at(service.paidUntil, to.locale),
    state: stateWords(service, to.locale.lang),
  });
  return reply(to, unsuspending ? `${extended} ${t('unsuspendingNow')}` : extended, order.id);
}

export function adminExtendUsage(to: Recipient): OutboundMessage {
  return reply(to, say(SERVICE_TEXTS, to.locale.lang)('extendUsage'));
}
