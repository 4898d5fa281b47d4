// What customers read while they browse, order, follow and cancel (the conversation's replies to them,
// and the notice when an admin changes their order). No technical detail ever reaches a customer.

import { type Command, commandId } from './commands.js';
import type { Recipient } from './i18n/locale.js';
import { clip, day, msg, type ShopInfo, TEMPLATES, text } from './message-format.js';
import { customerStatusWords, hasFailedAttempt, type Order, type OrderStatus } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type ListRow, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources, type Package } from './packages.js';
import { type ResetOutcome, waitWords } from './password-reset-rules.js';

export function packageRowId(p: Package): string {
  return commandId.order(p.id);
}

export function packagesList(to: Recipient, catalogue: readonly Package[], shop: ShopInfo): OutboundMessage {
  const rows: ListRow[] = catalogue.slice(0, LIMITS.listRows).map((p) => ({
    id: packageRowId(p),
    title: fitText(p.price ? `${p.name} · ${p.price}` : p.name, LIMITS.rowTitle),
    description: fitText(describeResources(p.resources, to.locale.lang), LIMITS.rowDescription),
  }));
  const lines = catalogue.map(
    (p, i) =>
      `${i + 1}. *${p.name}*${p.price ? ` (${p.price})` : ''}\n   ${describeResources(p.resources, to.locale.lang)}\n   ${describeExtras(p.resources, to.locale.lang)}`,
  );
  const body = clip(
    `🎮 *${shop.shopName}: game servers*\n\n${lines.join('\n\n')}\n\nTap *See packages* to order, or type *!order <package>* (for example *!order ${catalogue[0]?.id ?? 'bronze'}*).`,
    LIMITS.listBody,
  );
  return msg(to, 'reply', {
    type: 'list',
    header: fitText(shop.shopName, LIMITS.headerText),
    body,
    footer: 'Type !help for all commands',
    button: 'See packages',
    sections: [{ title: 'Packages', rows }],
  });
}

export function customerHelp(to: Recipient, shop: ShopInfo): OutboundMessage {
  return msg(
    to,
    'reply',
    text(
      [
        `*${shop.shopName}: how to order*`,
        '',
        '*!packages*: see the packages and prices',
        '*!order <package>*: order one, for example *!order gold*',
        '*!my-orders*: your orders',
        '*!status <order id>*: where an order is, for example *!status ORD-7K2M9Q*',
        '*!cancel <order id>*: cancel an order that is not paid yet',
        'Paid? Send the receipt here (a photo or PDF of the transfer), with your order id',
        '*!my-servers*: your servers, paid until when',
        '*!renew <server id>*: pay another period of a server',
        ...(shop.payOnline ? ['*!payment-link <order id>*: a new page to pay an order online'] : []),
        '*!reset-password*: a new password for your panel account',
        '*!help*: this message',
        '',
        `Questions? ${shop.supportContact}`,
      ].join('\n'),
    ),
  );
}

export function menuReply(
  to: Recipient,
  command: Extract<Command, { kind: 'menu' }>,
  catalogue: readonly Package[],
  shop: ShopInfo,
): OutboundMessage[] {
  // A greeting gets the shop and its packages; anything else one short reply with the ways on, not the list.
  if (command.reason === 'greeting') {
    const intro = `👋 Welcome to *${shop.shopName}*! We sell game servers, ready in minutes.\nType *!help* for all commands.`;
    return [msg(to, 'reply', text(intro)), packagesList(to, catalogue, shop)];
  }
  const intro =
    command.reason === 'media'
      ? "I can only read text messages and taps on buttons, but I'm happy to help."
      : command.suggestion
        ? `I didn't understand that. Did you mean *${command.suggestion}*?`
        : "Sorry, I didn't understand that.";
  return [
    msg(to, 'reply', {
      type: 'buttons',
      body: clip(`${intro}\nPick one below, or type *!help* for all commands.`, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.packages(), title: 'See packages' },
        { id: commandId.myOrders(), title: 'My orders' },
        { id: commandId.myServers(), title: 'My servers' },
      ],
    }),
  ];
}

export function unknownPackage(to: Recipient, typed: string, catalogue: readonly Package[]): OutboundMessage {
  const names = catalogue.map((p) => `*${p.id}*`).join(', ');
  const what = typed ? `I don't know the package "${typed}".` : 'Which package would you like?';
  return msg(
    to,
    'reply',
    text(`${what} Choose one of ${names}, for example *!order ${catalogue[0]?.id ?? 'bronze'}*.`),
  );
}

export function orderPlaced(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const r = order.resources;
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: 'Order received',
      body: clip(
        [
          `✅ Your order *${order.id}* is placed.`,
          '',
          `*${order.packageName}*${order.price ? ` · ${order.price}` : ''}`,
          `${describeResources(r, to.locale.lang)}`,
          `${describeExtras(r, to.locale.lang)}`,
          '',
          `*How to pay*\n${shop.paymentInstructions}`,
          '',
          `Please mention *${order.id}* with your payment. We'll set up your server as soon as it is confirmed and send your login here.`,
        ].join('\n'),
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.status(order.id), title: 'Order status' },
        { id: commandId.cancel(order.id), title: 'Cancel order' },
      ],
    },
    { orderId: order.id },
  );
}

/** The guard against accidental repeat orders: the customer holds as many unpaid orders as allowed. */
export function tooManyUnpaidOrders(to: Recipient, unpaid: readonly Order[]): OutboundMessage {
  return msg(
    to,
    'reply',
    text(
      `You already have ${unpaid.length} unpaid orders (${unpaid.map((o) => `*${o.id}*`).join(', ')}). Please pay or cancel one (*!cancel <order id>*) before ordering again.`,
    ),
  );
}

export function myOrders(to: Recipient, orders: readonly Order[], hasMore: boolean): OutboundMessage {
  if (orders.length === 0) {
    return msg(to, 'reply', text("You have no orders yet. Type *!packages* to see what's available."));
  }
  const lines = orders.map(
    (o) =>
      `*${o.id}* · ${o.packageName} · ${customerStatusWords(o.status, hasFailedAttempt(o), to.locale.lang)} · ${day(o.createdAt)}`,
  );
  const more = hasMore ? '\n\nShowing your latest orders.' : '';
  return msg(
    to,
    'reply',
    text(`*Your orders*\n\n${lines.join('\n')}${more}\n\nType *!status <order id>* for details.`),
  );
}

export function orderStatusForCustomer(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const words = customerStatusWords(order.status, hasFailedAttempt(order), to.locale.lang);
  const next: Record<OrderStatus, string> = {
    PENDING: `We are waiting for your payment.\n\n*How to pay*\n${shop.paymentInstructions}`,
    CONFIRMED: hasFailedAttempt(order)
      ? 'Your payment is confirmed. Setting up your server took longer than expected; our team is on it and will message you here.'
      : 'Your payment is confirmed. Your server will be set up shortly.',
    PROVISIONING: 'Your server is being set up. Your login will arrive here in a few minutes.',
    COMPLETED: order.renews
      ? `Paid: your server *${order.renews}* is renewed. Type *!my-servers* to see until when.`
      : `Your server is ready. Log in at ${shop.panelUrl} with the details we sent you.`,
    CANCELLED: 'This order was cancelled.',
  };
  const body = `*${order.id}*: ${words}\n${order.packageName} · ${describeResources(order.resources, to.locale.lang)}\n\n${next[order.status]}`;
  if (order.status === 'PENDING') {
    return msg(
      to,
      'reply',
      {
        type: 'buttons',
        body: clip(body, LIMITS.buttonsBody),
        buttons: [{ id: commandId.cancel(order.id), title: 'Cancel order' }],
      },
      { orderId: order.id },
    );
  }
  return msg(to, 'reply', text(body), { orderId: order.id });
}

export type OrderLookupProblem =
  | { kind: 'missing-id'; command: string }
  | { kind: 'bad-id'; typed: string; command: string }
  | { kind: 'not-found'; id: string; suggestions: string[]; admin?: boolean };

export function orderLookupProblem(to: Recipient, problem: OrderLookupProblem): OutboundMessage {
  switch (problem.kind) {
    case 'missing-id':
      return msg(
        to,
        'reply',
        text(`Which order? Type *${problem.command} ORD-XXXXXX* with the id from your order message.`),
      );
    case 'bad-id':
      return msg(
        to,
        'reply',
        text(
          `"${problem.typed}" is not an order id. Order ids look like *ORD-7K2M9Q* (ORD- and 6 letters or digits). Type *${problem.command} ORD-XXXXXX*.`,
        ),
      );
    case 'not-found': {
      const hint =
        problem.suggestions.length > 0
          ? ` Did you mean ${problem.suggestions.map((s) => `*${s}*`).join(' or ')}?`
          : problem.admin
            ? ' Type *!orders* to see the open orders, or *!orders all*.'
            : ' Type *!my-orders* to see your orders.';
      return msg(to, 'reply', text(`I couldn't find order *${problem.id}*.${hint}`));
    }
  }
}

export function customerCancelled(to: Recipient, order: Order): OutboundMessage {
  return msg(to, 'reply', text(`Your order *${order.id}* (${order.packageName}) is cancelled.`), { orderId: order.id });
}

export function customerCannotCancel(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  // An order already cancelled is said once: "can't be cancelled … is already cancelled" repeats itself.
  const what =
    order.status === 'CANCELLED'
      ? `Order *${order.id}* is already cancelled.`
      : `Order *${order.id}* can't be cancelled here. ${order.status === 'COMPLETED' ? 'Your server is already set up.' : 'Your payment is already confirmed.'}`;
  return msg(to, 'reply', text(`${what} If you need help, contact ${shop.supportContact}.`), { orderId: order.id });
}

/** Tells a customer their order changed because an admin acted on it (cancel, confirm). */
export function customerOrderUpdate(to: Recipient, order: Order, shop: ShopInfo, settingUp = true): OutboundMessage {
  // "Setting up now" only when a provisioning run has started; otherwise only what is true: the payment.
  const body =
    order.status === 'CANCELLED'
      ? `Your order *${order.id}* (${order.packageName}) was cancelled by ${shop.shopName}. If this is unexpected, contact ${shop.supportContact}.`
      : settingUp
        ? `💳 Payment for *${order.id}* is confirmed. We're setting up your ${order.packageName} server now; your login will arrive here.`
        : `💳 Payment for *${order.id}* is confirmed. Your ${order.packageName} server will be set up shortly; your login will arrive here.`;
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

export function notAllowed(to: Recipient, catalogue: readonly Package[], shop: ShopInfo): OutboundMessage[] {
  // A non-admin gets exactly what an unknown command gets.
  return menuReply(to, { kind: 'menu', reason: 'unknown' }, catalogue, shop);
}

/** The confirm step of `!reset-password`: nothing changes until the customer taps yes. */
export function customerResetPasswordConfirm(to: Recipient): OutboundMessage {
  return msg(to, 'reply', {
    type: 'buttons',
    header: 'New panel password',
    body: "🔑 Do you want a new password for your panel account?\n\nWe'll send it here, in one message. Your current password stops working as soon as the new one is set.",
    buttons: [
      { id: commandId.resetPassword('confirm'), title: 'Yes, new password' },
      { id: commandId.resetPassword('keep'), title: 'Keep my password' },
    ],
  });
}

export function customerResetPasswordKept(to: Recipient): OutboundMessage {
  return msg(to, 'reply', text('👍 OK, your password stays as it is.'));
}

/**
 * The answer to a confirmed reset, when there is one: a reset that was sent needs none (the new password is
 * the answer). No technical detail.
 */
export function customerPasswordReset(
  to: Recipient,
  outcome: ResetOutcome,
  shop: ShopInfo,
  now: Date,
): OutboundMessage[] {
  const say = (body: string) => [msg(to, 'reply', text(body))];
  switch (outcome.kind) {
    case 'sent':
    case 'already-sent':
      return [];
    case 'maybe-sent':
      return say(
        `We sent your new password, but could not confirm that it arrived. If you don't see it in a few minutes, type *!reset-password* again (you can in 10 minutes) or contact ${shop.supportContact}.`,
      );
    case 'no-account':
      return say(
        `You don't have a panel account with us yet. It is made with your first server, and your login arrives here as soon as the server is ready. Type *!packages* to see the packages.`,
      );
    case 'protected-account':
      return say(`This account's password can't be changed over WhatsApp. Please contact ${shop.supportContact}.`);
    case 'busy':
      return say(
        'Your login is being sent to you right now. Check your messages in a minute; if nothing arrives, type *!reset-password* again.',
      );
    case 'too-soon':
      return say(
        `You asked for a new password a moment ago: please check the message above. You can ask for another one in ${waitWords(outcome.retryAt, now, to.locale.lang)}.`,
      );
    case 'daily-limit':
      return say(
        `You've asked for a new password several times today. You can ask again in ${waitWords(outcome.retryAt, now, to.locale.lang)}, or contact ${shop.supportContact}.`,
      );
    case 'undeliverable':
      return say(`We couldn't send your new password here. Please contact ${shop.supportContact}.`);
  }
}

/** An admin gave up on an order whose setup could not finish; what was made for it was removed. */
export function customerOrderAbandoned(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const body = `We're sorry: we couldn't finish setting up your ${order.packageName} server (order *${order.id}*), so ${shop.shopName} cancelled the order. Please contact ${shop.supportContact} about your payment; we'll sort it out with you.`;
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

/** The one nudge of an unpaid order (PAYMENT_REMINDER_HOURS after it was placed). */
export function customerPaymentNudge(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const until = order.payBy ? ` It is kept until ${order.payBy.slice(0, 16).replace('T', ' ')} UTC.` : '';
  // The first payment page may have expired by now (and a template carries no button): the command is said.
  const online = shop.payOnline
    ? `\n\nFor a fresh payment page, tap *Pay now* or type *!payment-link ${order.id}*.`
    : '';
  const body = `👋 Your order *${order.id}* (${order.packageName}${order.price ? `, ${order.price}` : ''}) is still waiting for payment.${until}\n\n*How to pay*\n${shop.paymentInstructions}${online}\n\nAlready paid? Send the receipt here. Changed your mind? Tap *Cancel order*.`;
  return msg(
    to,
    'order-update',
    {
      type: 'buttons',
      body: clip(body, LIMITS.buttonsBody),
      // With a gateway the first link may have expired by now: the button asks for a fresh one.
      buttons: [
        shop.payOnline
          ? { id: commandId.paymentLink(order.id), title: 'Pay now' }
          : { id: commandId.status(order.id), title: 'Order status' },
        { id: commandId.cancel(order.id), title: 'Cancel order' },
      ],
    },
    {
      orderId: order.id,
      template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
    },
  );
}

/** An unpaid order reached PENDING_EXPIRY_HOURS and was cancelled. */
export function customerOrderExpired(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const body = `⌛ Your order *${order.id}* (${order.packageName}) was cancelled because no payment arrived in time. Nothing is owed. Want it after all? Type *!packages* to order again. Questions: ${shop.supportContact}.`;
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

/** `!cancel ID` asks first; the yes button cancels. */
export function customerCancelConfirm(to: Recipient, order: Order): OutboundMessage {
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      body: `Cancel order *${order.id}* (${order.packageName}${order.price ? `, ${order.price}` : ''})? If you already paid, send the receipt instead.`,
      buttons: [
        { id: commandId.cancelConfirmed(order.id), title: 'Yes, cancel it' },
        { id: commandId.status(order.id), title: 'Keep my order' },
      ],
    },
    { orderId: order.id },
  );
}

/** A second identical unpaid order is asked about, not made. */
export function duplicateOrderQuestion(to: Recipient, existing: Order, shop: ShopInfo): OutboundMessage {
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      body: clip(
        `You already have an unpaid ${existing.packageName} order: *${existing.id}*${existing.price ? ` (${existing.price})` : ''}.\n\n*How to pay*\n${shop.paymentInstructions}\n\nDo you want a second ${existing.packageName} server?`,
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.status(existing.id), title: 'Show my order' },
        { id: `!order ${existing.packageId} again`, title: 'Yes, order another' },
      ],
    },
    { orderId: existing.id },
  );
}
