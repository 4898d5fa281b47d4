// What people read about plan changes: the packages a server can move to, the upgrade order and its price
// for the days left, "no room on the node", the change applied (and when it takes effect), a downgrade
// scheduled for the next renewal. Customer texts carry no technical detail.

import { adminPaymentButtons } from './admin-messages.js';
import { commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import { formatDateTime, type Locale, type Recipient } from './i18n/locale.js';
import { PLAN_TEXTS } from './i18n/plan-texts.js';
import { commandName } from './i18n/words.js';
import { clip, customerLabel, howToPay, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import { formatMoney, priceFor } from './money.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources, type Package } from './packages.js';
import type { Plan, Service } from './service.js';

/** A price for its reader, written from the amount by Intl ("R$45/month", "R$ 45/mês"); the label when the amount is unknown. */
function priceOf(
  item: { price?: string; priceMinor?: number; currency?: string; periodDays?: number },
  locale: Locale,
  currency?: string,
): string | undefined {
  return priceFor(item, currency, locale);
}

/** What an upgrade costs for the days left (an amount, not a period's price): free when nothing is due. */
function upgradePrice(upgrade: Order, locale: Locale, free: string): string {
  if (upgrade.priceMinor === 0) return free;
  if (upgrade.priceMinor !== undefined && upgrade.currency)
    return formatMoney({ minor: upgrade.priceMinor, currency: upgrade.currency }, locale.tag);
  return upgrade.price ?? free;
}

/** `!upgrade ID` or `!downgrade ID` without a package: the packages it can move to, as a list. */
export function planChoices(
  to: Recipient,
  server: Order,
  current: Plan,
  choices: readonly Package[],
  direction: 'upgrade' | 'downgrade',
): OutboundMessage {
  const t = say(PLAN_TEXTS, to.locale.lang);
  const now = { id: server.id, package: current.packageName };
  if (choices.length === 0) {
    return reply(to, t(direction === 'upgrade' ? 'biggestAlready' : 'smallestAlready', now), server.id);
  }
  const body = t(direction === 'upgrade' ? 'upgradeChoices' : 'downgradeChoices', now);
  return msg(
    to,
    'reply',
    {
      type: 'list',
      body: clip(body, LIMITS.listBody),
      button: t(direction === 'upgrade' ? 'upgradeListButton' : 'downgradeListButton'),
      sections: [
        {
          rows: choices.slice(0, LIMITS.listRows).map((p) => {
            const price = priceOf({ ...p, currency: server.currency }, to.locale);
            return {
              id: `!${direction} ${server.id} ${p.id}`,
              title: p.name.slice(0, LIMITS.rowTitle),
              description: `${describeResources(p.resources, to.locale.lang)}${price ? ` · ${price}` : ''}`.slice(
                0,
                LIMITS.rowDescription,
              ),
            };
          }),
        },
      ],
    },
    { orderId: server.id },
  );
}

export function upgradePlaced(
  to: Recipient,
  upgrade: Order,
  service: Service,
  shop: ShopInfo,
  existing: boolean,
): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PLAN_TEXTS, lang);
  const body = [
    existing
      ? t('upgradeWaiting', { id: upgrade.id, server: upgrade.upgrades ?? '' })
      : t('upgradeNew', { id: upgrade.id, server: upgrade.upgrades ?? '', package: upgrade.packageName }),
    `${describeResources(upgrade.resources, lang)}\n${describeExtras(upgrade.resources, lang)}`,
    '',
    t('upgradePrice', {
      price: upgradePrice(upgrade, to.locale, t('free')),
      date: formatDateTime(service.paidUntil, to.locale),
      package: upgrade.packageName,
    }),
    '',
    `${t('howToPay')}\n${howToPay(shop, to.locale.lang)}`,
    '',
    t('mentionId', { id: upgrade.id }),
  ].join('\n');
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: t('upgradeHeader'),
      body: clip(body, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.status(upgrade.id), title: t('upgradeStatusButton') },
        { id: commandId.cancel(upgrade.id), title: t('cancelUpgradeButton') },
      ],
    },
    { orderId: upgrade.id },
  );
}

export function adminNewUpgrade(to: Recipient, upgrade: Order, from: Plan): OutboundMessage {
  const t = say(PLAN_TEXTS, to.locale.lang);
  const who = customerLabel(upgrade);
  const server = upgrade.upgrades ?? '';
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: t('adminUpgradeHeader'),
      body: clip(
        t('adminNewUpgrade', {
          id: upgrade.id,
          server,
          from: from.packageName,
          package: upgrade.packageName,
          customer: who,
          price: upgradePrice(upgrade, to.locale, t('adminFree')),
        }),
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(upgrade.id, to.locale.lang),
    },
    {
      orderId: upgrade.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            t('adminNewUpgradeAlert', { id: upgrade.id, server, package: upgrade.packageName, customer: who }),
          ),
        ],
      },
    },
  );
}

export type PlanRefusal = 'not-active' | 'not-bigger' | 'not-smaller' | 'busy' | 'other-open' | 'not-a-server';

export function planChangeRefused(to: Recipient, server: Order, why: PlanRefusal, shop: ShopInfo): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PLAN_TEXTS, lang);
  const id = server.id;
  const text_ = {
    'not-active': () => t('refusedNotActive', { id, renew: commandName('renew', lang) }),
    'not-bigger': () => t('refusedNotBigger', { id, downgrade: commandName('downgrade', lang) }),
    'not-smaller': () => t('refusedNotSmaller', { id, upgrade: commandName('upgrade', lang) }),
    busy: () => t('refusedBusy', { id }),
    'other-open': () =>
      t('refusedOtherOpen', { id, cancel: commandName('cancel', lang), myOrders: commandName('my-orders', lang) }),
    'not-a-server': () => t('refusedNotAServer', { id, myServers: commandName('my-servers', lang) }),
  }[why]();
  return reply(to, `${text_} ${t('questions', { support: shop.supportContact })}`, server.id);
}

/** The node has no room for the bigger package: nothing was created. */
export function upgradeNoRoom(to: Recipient, server: Order, target: Package, shop: ShopInfo): OutboundMessage {
  return reply(
    to,
    say(PLAN_TEXTS, to.locale.lang)('upgradeNoRoom', {
      id: server.id,
      package: target.name,
      support: shop.supportContact,
    }),
    server.id,
  );
}

export function adminUpgradeNoRoom(
  to: Recipient,
  server: Order,
  target: Package,
  reason: string,
  upgradeId?: string,
): OutboundMessage {
  const t = say(PLAN_TEXTS, to.locale.lang);
  const head = t('adminNoRoom', { id: server.id, customer: customerLabel(server), package: target.name, reason });
  const then = upgradeId ? t('noRoomPaidWaits', { upgrade: upgradeId }) : t('noRoomNothingCreated');
  const retry = upgradeId ? `\n${t('noRoomRetry', { upgrade: upgradeId })}` : '';
  return msg(to, 'admin-notice', text(`${head} ${then}${retry}`), {
    orderId: server.id,
    template: {
      name: TEMPLATES.adminAlert,
      bodyParams: [flattenForTemplate(t('adminNoRoomAlert', { id: server.id, package: target.name }))],
    },
  });
}

/** An upgrade's payment is confirmed: the change is on its way to the panel (or waits for room). */
export function customerUpgradeConfirmed(
  to: Recipient,
  upgrade: Order,
  waiting: boolean,
  shop: ShopInfo,
): OutboundMessage {
  const t = say(PLAN_TEXTS, to.locale.lang);
  const change = { id: upgrade.id, server: upgrade.upgrades ?? '', package: upgrade.packageName };
  const body = waiting
    ? t('upgradeConfirmedWaiting', { ...change, support: shop.supportContact })
    : t('upgradeConfirmed', change);
  return msg(to, 'order-update', text(body), {
    orderId: upgrade.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [upgrade.id, flattenForTemplate(body)] },
  });
}

/** The panel shows the new build. New limits reach a running container when it restarts. */
export function customerPlanChanged(to: Recipient, server: Order, plan: Plan): OutboundMessage {
  const lang = to.locale.lang;
  const body = say(PLAN_TEXTS, lang)('planChanged', {
    id: server.id,
    package: plan.packageName,
    resources: describeResources(plan.resources, lang),
    extras: describeExtras(plan.resources, lang),
  });
  return msg(to, 'service-update', text(body), {
    orderId: server.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [server.id, flattenForTemplate(body)] },
  });
}

export function downgradeScheduled(
  to: Recipient,
  server: Order,
  service: Service,
  next: Plan | undefined,
): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(PLAN_TEXTS, lang);
  if (!next) return reply(to, t('noDowngrade', { id: server.id }), server.id);
  const price = priceOf({ ...next, currency: server.currency, periodDays: server.periodDays }, to.locale);
  const resources = describeResources(next.resources, lang);
  return reply(
    to,
    t('downgradeScheduled', {
      date: formatDateTime(service.paidUntil, to.locale),
      id: server.id,
      plan: price
        ? t('downgradeToPriced', { package: next.packageName, price })
        : t('downgradeTo', { package: next.packageName }),
      resources,
      disk: resources.split(' · ')[2] ?? '',
      downgrade: commandName('downgrade', lang),
    }),
    server.id,
  );
}

export function adminPlanChangeApplying(
  to: Recipient,
  upgrade: Order,
  state: 'applying' | 'already' | 'waiting',
): OutboundMessage {
  const t = say(PLAN_TEXTS, to.locale.lang);
  const change = { id: upgrade.id, server: upgrade.upgrades ?? '' };
  const what = {
    applying: () => t('adminApplying', { ...change, package: upgrade.packageName }),
    already: () => t('adminAlreadyApplying', change),
    waiting: () => t('adminWaitingRoom', { id: upgrade.id }),
  }[state]();
  return reply(to, what, upgrade.id);
}
