// What people read about plan changes: the packages a server can move to, the upgrade order and its price
// for the days left, "no room on the node", the change applied (and when it takes effect), a downgrade
// scheduled for the next renewal. Customer texts carry no technical detail.

import { adminPaymentButtons } from './admin-messages.js';
import { commandId } from './commands.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import type { Order } from './order.js';
import { flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources, type Package } from './packages.js';
import type { Plan, Service } from './service.js';
import { when } from './service-messages.js';

/** `!upgrade ID` or `!downgrade ID` without a package: the packages it can move to, as a list. */
export function planChoices(
  to: Recipient,
  server: Order,
  current: Plan,
  choices: readonly Package[],
  direction: 'upgrade' | 'downgrade',
): OutboundMessage {
  if (choices.length === 0) {
    return reply(
      to,
      direction === 'upgrade'
        ? `*${server.id}* is already on our biggest package (${current.packageName}).`
        : `*${server.id}* is already on our smallest package (${current.packageName}).`,
      server.id,
    );
  }
  const body =
    direction === 'upgrade'
      ? `⬆️ Upgrade *${server.id}* (now ${current.packageName}). You pay the difference for the days left in this period; your files stay.`
      : `⬇️ Downgrade *${server.id}* (now ${current.packageName}) from your next renewal, at the smaller price. Nothing changes before then.`;
  return msg(
    to,
    'reply',
    {
      type: 'list',
      body: clip(body, LIMITS.listBody),
      button: direction === 'upgrade' ? 'Upgrade to…' : 'Downgrade to…',
      sections: [
        {
          rows: choices.slice(0, LIMITS.listRows).map((p) => ({
            id: `!${direction} ${server.id} ${p.id}`,
            title: p.name.slice(0, LIMITS.rowTitle),
            description: `${describeResources(p.resources, to.locale.lang)}${p.price ? ` · ${p.price}` : ''}`.slice(
              0,
              LIMITS.rowDescription,
            ),
          })),
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
  const body = [
    existing
      ? `⬆️ Your upgrade *${upgrade.id}* of server *${upgrade.upgrades}* is waiting for payment.`
      : `⬆️ Upgrade *${upgrade.id}*: server *${upgrade.upgrades}* becomes *${upgrade.packageName}*.`,
    `${describeResources(upgrade.resources, to.locale.lang)}\n${describeExtras(upgrade.resources, to.locale.lang)}`,
    '',
    `*${upgrade.price ?? 'Free'}* for the rest of this period (until ${when(service.paidUntil)}); renewals after that are at the ${upgrade.packageName} price.`,
    '',
    `*How to pay*\n${shop.paymentInstructions}`,
    '',
    `Please mention *${upgrade.id}* with your payment.`,
  ].join('\n');
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: 'Upgrade',
      body: clip(body, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.status(upgrade.id), title: 'Upgrade status' },
        { id: commandId.cancel(upgrade.id), title: 'Cancel upgrade' },
      ],
    },
    { orderId: upgrade.id },
  );
}

export function adminNewUpgrade(to: Recipient, upgrade: Order, from: Plan): OutboundMessage {
  const who = customerLabel(upgrade);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: 'Upgrade order',
      body: clip(
        `⬆️ *${upgrade.id}*: *${upgrade.upgrades}* ${from.packageName} → *${upgrade.packageName}*\nCustomer: ${who}\nPrice for the days left: *${upgrade.price ?? 'free'}*\nThe node had room when it was ordered; it is checked again at confirmation.\n\nConfirm once the payment has arrived:\n!order-confirm ${upgrade.id}`,
        LIMITS.buttonsBody,
      ),
      buttons: adminPaymentButtons(upgrade.id),
    },
    {
      orderId: upgrade.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(`Upgrade ${upgrade.id} of ${upgrade.upgrades} to ${upgrade.packageName} for ${who}`),
        ],
      },
    },
  );
}

export type PlanRefusal = 'not-active' | 'not-bigger' | 'not-smaller' | 'busy' | 'other-open' | 'not-a-server';

export function planChangeRefused(to: Recipient, server: Order, why: PlanRefusal, shop: ShopInfo): OutboundMessage {
  const text_ = {
    'not-active': `*${server.id}* can't change its plan right now: it is not running and paid (suspended, due for renewal, or deleted). Renew it first with *!renew ${server.id}*.`,
    'not-bigger': `That package is not bigger than what *${server.id}* has. To move to a smaller one, use *!downgrade ${server.id}*.`,
    'not-smaller': `That package is not smaller than what *${server.id}* has. To move to a bigger one, use *!upgrade ${server.id}*.`,
    busy: `*${server.id}* is being changed right now. Try again in a few minutes.`,
    'other-open': `*${server.id}* already has an upgrade waiting. Pay it, or cancel it with *!cancel <its id>* (see *!my-orders*), then choose again.`,
    'not-a-server': `*${server.id}* is not a running server yet. Type *!my-servers* to see your servers.`,
  }[why];
  return reply(to, `${text_} Questions: ${shop.supportContact}.`, server.id);
}

/** The node has no room for the bigger package: nothing was created. */
export function upgradeNoRoom(to: Recipient, server: Order, target: Package, shop: ShopInfo): OutboundMessage {
  return reply(
    to,
    `Sorry, the machine your server *${server.id}* runs on has no room for ${target.name} right now, so nothing was ordered and nothing changed. Our team has been told; ${shop.supportContact} can help.`,
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
  const retry = upgradeId ? `\nWhen there is room: !provision-retry ${upgradeId}` : '';
  return msg(
    to,
    'admin-notice',
    text(
      `⚠️ No room to upgrade *${server.id}* (${customerLabel(server)}) to ${target.name}: ${reason}.${upgradeId ? ` The payment for *${upgradeId}* is confirmed; the upgrade waits.` : ' Nothing was created.'}${retry}`,
    ),
    {
      orderId: server.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [flattenForTemplate(`No room to upgrade ${server.id} to ${target.name}`)],
      },
    },
  );
}

/** An upgrade's payment is confirmed: the change is on its way to the panel (or waits for room). */
export function customerUpgradeConfirmed(
  to: Recipient,
  upgrade: Order,
  waiting: boolean,
  shop: ShopInfo,
): OutboundMessage {
  const body = waiting
    ? `💳 Payment for *${upgrade.id}* is confirmed. Upgrading *${upgrade.upgrades}* to ${upgrade.packageName} needs a little more room on its machine; our team is on it and you'll hear from us here. Questions: ${shop.supportContact}.`
    : `💳 Payment for *${upgrade.id}* is confirmed. We're upgrading *${upgrade.upgrades}* to ${upgrade.packageName} now; you'll get a message when it's done.`;
  return msg(to, 'order-update', text(body), {
    orderId: upgrade.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [upgrade.id, flattenForTemplate(body)] },
  });
}

/** The panel shows the new build. New limits reach a running container when it restarts. */
export function customerPlanChanged(to: Recipient, server: Order, plan: Plan): OutboundMessage {
  const body = `✅ Your server *${server.id}* is now *${plan.packageName}*: ${describeResources(plan.resources, to.locale.lang)}, ${describeExtras(plan.resources, to.locale.lang)}.\n\nThe new memory and CPU apply the next time the server starts: restart it from the panel when it suits you.`;
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
  if (!next) return reply(to, `👍 No downgrade is scheduled for *${server.id}*: it renews as it is.`, server.id);
  return reply(
    to,
    `⬇️ From your next renewal (after ${when(service.paidUntil)}), *${server.id}* becomes *${next.packageName}*${next.price ? ` at ${next.price}` : ''}: ${describeResources(next.resources, to.locale.lang)}. Until then nothing changes.\n\nMake sure your files fit in ${describeResources(next.resources, to.locale.lang).split(' · ')[2]}: files beyond the new disk limit stop the server from starting. To keep your package, type *!downgrade ${server.id} cancel*.`,
    server.id,
  );
}

export function adminPlanChangeApplying(
  to: Recipient,
  upgrade: Order,
  state: 'applying' | 'already' | 'waiting',
): OutboundMessage {
  const what = {
    applying: `✅ *${upgrade.id}* confirmed: changing *${upgrade.upgrades}* to ${upgrade.packageName} on the panel now.`,
    already: `*${upgrade.id}* is already being applied to *${upgrade.upgrades}*.`,
    waiting: `*${upgrade.id}* confirmed; it waits for room (see the notice above).`,
  }[state];
  return reply(to, what, upgrade.id);
}
