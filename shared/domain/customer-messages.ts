// What customers read while they browse, order, follow and cancel (the conversation's replies to them,
// and the notice when an admin changes their order). No technical detail ever reaches a customer.

import { type Command, commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import { CUSTOMER_TEXTS } from './i18n/customer-texts.js';
import type { Lang } from './i18n/lang.js';
import { formatDate, formatDateTime, type Recipient } from './i18n/locale.js';
import { type CustomerCommandName, commandName } from './i18n/words.js';
import { clip, howToPay, msg, type ShopInfo, TEMPLATES, text } from './message-format.js';
import { priceFor } from './money.js';
import { customerStatusWords, hasFailedAttempt, type Order, type OrderStatus } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type ListRow, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources, type Package } from './packages.js';
import { type ResetOutcome, waitWords } from './password-reset-rules.js';

/** The customer's own texts, and the command names their language types. */
function texts(lang: Lang) {
  return { t: say(CUSTOMER_TEXTS, lang), c: (name: CustomerCommandName) => commandName(name, lang) };
}

export function packageRowId(p: Package): string {
  return commandId.order(p.id);
}

export function packagesList(to: Recipient, catalogue: readonly Package[], shop: ShopInfo): OutboundMessage {
  const lang = to.locale.lang;
  const { t, c } = texts(lang);
  const price = (p: Package) => priceFor(p, shop.currency, to.locale);
  const rows: ListRow[] = catalogue.slice(0, LIMITS.listRows).map((p) => ({
    id: packageRowId(p),
    title: fitText(price(p) ? `${p.name} · ${price(p)}` : p.name, LIMITS.rowTitle),
    description: fitText(describeResources(p.resources, lang), LIMITS.rowDescription),
  }));
  const lines = catalogue.map(
    (p, i) =>
      `${i + 1}. *${p.name}*${price(p) ? ` (${price(p)})` : ''}\n   ${describeResources(p.resources, lang)}\n   ${describeExtras(p.resources, lang)}`,
  );
  const how = t('packagesHow', {
    button: t('packagesListButton'),
    order: c('order'),
    example: catalogue[0]?.id ?? 'bronze',
  });
  const body = clip(
    `${t('packagesTitle', { shop: shop.shopName })}\n\n${lines.join('\n\n')}\n\n${how}`,
    LIMITS.listBody,
  );
  return msg(to, 'reply', {
    type: 'list',
    header: fitText(shop.shopName, LIMITS.headerText),
    body,
    footer: t('packagesFooter', { help: c('help') }),
    button: t('packagesListButton'),
    sections: [{ title: t('packagesSection'), rows }],
  });
}

export function customerHelp(to: Recipient, shop: ShopInfo): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  return msg(
    to,
    'reply',
    text(
      [
        t('helpTitle', { shop: shop.shopName }),
        '',
        t('helpPackages', { cmd: c('packages') }),
        t('helpOrder', { cmd: c('order') }),
        t('helpMyOrders', { cmd: c('my-orders') }),
        t('helpStatus', { cmd: c('status') }),
        t('helpCancel', { cmd: c('cancel') }),
        t('helpReceipt'),
        t('helpMyServers', { cmd: c('my-servers') }),
        t('helpRenew', { cmd: c('renew') }),
        ...(shop.payOnline ? [t('helpPaymentLink', { cmd: c('payment-link') })] : []),
        t('helpResetPassword', { cmd: c('reset-password') }),
        t('helpLanguage', { cmd: c('language') }),
        t('helpHelp', { cmd: c('help') }),
        '',
        t('helpQuestions', { contact: shop.supportContact }),
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
  const { t, c } = texts(to.locale.lang);
  if (command.reason === 'greeting') {
    const intro = t('greeting', { shop: shop.shopName, help: c('help') });
    return [msg(to, 'reply', text(intro)), packagesList(to, catalogue, shop)];
  }
  const intro =
    command.reason === 'media'
      ? t('menuMedia')
      : command.suggestion
        ? t('menuSuggestion', { suggestion: command.suggestion })
        : t('menuUnknown');
  return [
    msg(to, 'reply', {
      type: 'buttons',
      body: clip(`${intro}\n${t('menuPick', { help: c('help') })}`, LIMITS.buttonsBody),
      buttons: [
        { id: commandId.packages(), title: t('seePackagesButton') },
        { id: commandId.myOrders(), title: t('myOrdersButton') },
        { id: commandId.myServers(), title: t('myServersButton') },
      ],
    }),
  ];
}

export function unknownPackage(to: Recipient, typed: string, catalogue: readonly Package[]): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  const names = catalogue.map((p) => `*${p.id}*`).join(', ');
  const what = typed ? t('unknownPackage', { typed }) : t('whichPackage');
  const choose = t('choosePackage', { names, order: c('order'), example: catalogue[0]?.id ?? 'bronze' });
  return msg(to, 'reply', text(`${what} ${choose}`));
}

export function orderPlaced(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const r = order.resources;
  const lang = to.locale.lang;
  const { t } = texts(lang);
  const price = priceFor(order, shop.currency, to.locale);
  return msg(
    to,
    'order-placed',
    {
      type: 'buttons',
      header: t('placedHeader'),
      body: clip(
        [
          t('placed', { id: order.id }),
          '',
          `*${order.packageName}*${price ? ` · ${price}` : ''}`,
          `${describeResources(r, lang)}`,
          `${describeExtras(r, lang)}`,
          '',
          t('howToPay', { instructions: howToPay(shop, to.locale.lang) }),
          '',
          t('placedMention', { id: order.id }),
        ].join('\n'),
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.status(order.id), title: t('statusButton') },
        { id: commandId.cancel(order.id), title: t('cancelButton') },
      ],
    },
    { orderId: order.id },
  );
}

/** The guard against accidental repeat orders: the customer holds as many unpaid orders as allowed. */
export function tooManyUnpaidOrders(to: Recipient, unpaid: readonly Order[]): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  const ids = unpaid.map((o) => `*${o.id}*`).join(', ');
  return msg(to, 'reply', text(t('tooManyUnpaid', { n: unpaid.length, ids, cancel: c('cancel') })));
}

export function myOrders(to: Recipient, orders: readonly Order[], hasMore: boolean): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  if (orders.length === 0) {
    return msg(to, 'reply', text(t('noOrders', { packages: c('packages') })));
  }
  const lines = orders.map(
    (o) =>
      `*${o.id}* · ${o.packageName} · ${customerStatusWords(o.status, hasFailedAttempt(o), to.locale.lang)} · ${formatDate(o.createdAt, to.locale)}`,
  );
  const more = hasMore ? `\n\n${t('ordersMore')}` : '';
  return msg(
    to,
    'reply',
    text(`${t('ordersTitle')}\n\n${lines.join('\n')}${more}\n\n${t('ordersDetails', { status: c('status') })}`),
  );
}

export function orderStatusForCustomer(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  const words = customerStatusWords(order.status, hasFailedAttempt(order), to.locale.lang);
  const next: Record<OrderStatus, string> = {
    PENDING: `${t('nextPending')}\n\n${t('howToPay', { instructions: howToPay(shop, to.locale.lang) })}`,
    CONFIRMED: hasFailedAttempt(order) ? t('nextConfirmedDelayed') : t('nextConfirmed'),
    PROVISIONING: t('nextProvisioning'),
    COMPLETED: order.renews
      ? t('nextRenewed', { server: order.renews, myServers: c('my-servers') })
      : t('nextReady', { panel: shop.panelUrl }),
    CANCELLED: t('nextCancelled'),
  };
  const body = `*${order.id}*: ${words}\n${order.packageName} · ${describeResources(order.resources, to.locale.lang)}\n\n${next[order.status]}`;
  if (order.status === 'PENDING') {
    return msg(
      to,
      'reply',
      {
        type: 'buttons',
        body: clip(body, LIMITS.buttonsBody),
        buttons: [{ id: commandId.cancel(order.id), title: t('cancelButton') }],
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
  const { t, c } = texts(to.locale.lang);
  switch (problem.kind) {
    case 'missing-id':
      return msg(to, 'reply', text(t('missingId', { command: problem.command })));
    case 'bad-id':
      return msg(to, 'reply', text(t('badId', { typed: problem.typed, command: problem.command })));
    case 'not-found': {
      const hint =
        problem.suggestions.length > 0
          ? t('didYouMean', { ids: problem.suggestions.map((s) => `*${s}*`).join(` ${t('or')} `) })
          : problem.admin
            ? t('notFoundAdmin')
            : t('notFoundCustomer', { myOrders: c('my-orders') });
      return msg(to, 'reply', text(`${t('notFound', { id: problem.id })} ${hint}`));
    }
  }
}

export function customerCancelled(to: Recipient, order: Order): OutboundMessage {
  const { t } = texts(to.locale.lang);
  return msg(to, 'reply', text(t('cancelled', { id: order.id, package: order.packageName })), { orderId: order.id });
}

export function customerCannotCancel(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  // An order already cancelled is said once: "can't be cancelled … is already cancelled" repeats itself.
  const { t } = texts(to.locale.lang);
  const what =
    order.status === 'CANCELLED'
      ? t('alreadyCancelled', { id: order.id })
      : order.status === 'COMPLETED'
        ? t('cannotCancelReady', { id: order.id })
        : t('cannotCancelPaid', { id: order.id });
  return msg(to, 'reply', text(`${what} ${t('needHelp', { contact: shop.supportContact })}`), { orderId: order.id });
}

/** Tells a customer their order changed because an admin acted on it (cancel, confirm). */
export function customerOrderUpdate(to: Recipient, order: Order, shop: ShopInfo, settingUp = true): OutboundMessage {
  // "Setting up now" only when a provisioning run has started; otherwise only what is true: the payment.
  const { t } = texts(to.locale.lang);
  const about = { id: order.id, package: order.packageName };
  const body =
    order.status === 'CANCELLED'
      ? t('updateCancelled', { ...about, shop: shop.shopName, contact: shop.supportContact })
      : settingUp
        ? t('updateSettingUp', about)
        : t('updatePaid', about);
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
  const { t } = texts(to.locale.lang);
  return msg(to, 'reply', {
    type: 'buttons',
    header: t('resetHeader'),
    body: t('resetConfirm'),
    buttons: [
      { id: commandId.resetPassword('confirm'), title: t('resetYesButton') },
      { id: commandId.resetPassword('keep'), title: t('resetKeepButton') },
    ],
  });
}

export function customerResetPasswordKept(to: Recipient): OutboundMessage {
  return msg(to, 'reply', text(texts(to.locale.lang).t('resetKept')));
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
  const { t, c } = texts(to.locale.lang);
  const answer = (body: string) => [msg(to, 'reply', text(body))];
  const contact = shop.supportContact;
  switch (outcome.kind) {
    case 'sent':
    case 'already-sent':
      return [];
    case 'maybe-sent':
      return answer(t('resetMaybeSent', { reset: c('reset-password'), contact }));
    case 'no-account':
      return answer(t('resetNoAccount', { packages: c('packages') }));
    case 'protected-account':
      return answer(t('resetProtected', { contact }));
    case 'busy':
      return answer(t('resetBusy', { reset: c('reset-password') }));
    case 'too-soon':
      return answer(t('resetTooSoon', { wait: waitWords(outcome.retryAt, now, to.locale.lang) }));
    case 'daily-limit':
      return answer(t('resetDailyLimit', { wait: waitWords(outcome.retryAt, now, to.locale.lang), contact }));
    case 'undeliverable':
      return answer(t('resetUndeliverable', { contact }));
  }
}

/** An admin gave up on an order whose setup could not finish; what was made for it was removed. */
export function customerOrderAbandoned(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const body = texts(to.locale.lang).t('abandoned', {
    package: order.packageName,
    id: order.id,
    shop: shop.shopName,
    contact: shop.supportContact,
  });
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

/** The one nudge of an unpaid order (PAYMENT_REMINDER_HOURS after it was placed). */
export function customerPaymentNudge(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
  const { t, c } = texts(to.locale.lang);
  const until = order.payBy ? ` ${t('nudgeUntil', { until: formatDateTime(order.payBy, to.locale) })}` : '';
  // The first payment page may have expired by now (and a template carries no button): the command is said.
  const online = shop.payOnline
    ? `\n\n${t('nudgeOnline', { button: t('payNowButton'), paymentLink: c('payment-link'), id: order.id })}`
    : '';
  const price = priceFor(order, shop.currency, to.locale);
  const what = price ? t('packageAndPrice', { package: order.packageName, price }) : order.packageName;
  const body = `${t('nudge', { id: order.id, what })}${until}\n\n${t('howToPay', { instructions: howToPay(shop, to.locale.lang) })}${online}\n\n${t('nudgeEnd', { button: t('cancelButton') })}`;
  return msg(
    to,
    'order-update',
    {
      type: 'buttons',
      body: clip(body, LIMITS.buttonsBody),
      // With a gateway the first link may have expired by now: the button asks for a fresh one.
      buttons: [
        shop.payOnline
          ? { id: commandId.paymentLink(order.id), title: t('payNowButton') }
          : { id: commandId.status(order.id), title: t('statusButton') },
        { id: commandId.cancel(order.id), title: t('cancelButton') },
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
  const { t, c } = texts(to.locale.lang);
  const body = t('expired', {
    id: order.id,
    package: order.packageName,
    packages: c('packages'),
    contact: shop.supportContact,
  });
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

/** `!cancel ID` asks first; the yes button cancels. */
export function customerCancelConfirm(to: Recipient, order: Order): OutboundMessage {
  const { t } = texts(to.locale.lang);
  const price = priceFor(order, undefined, to.locale);
  const what = price ? t('packageAndPrice', { package: order.packageName, price }) : order.packageName;
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      body: t('cancelConfirm', { id: order.id, what }),
      buttons: [
        { id: commandId.cancelConfirmed(order.id), title: t('cancelYesButton') },
        { id: commandId.status(order.id), title: t('keepOrderButton') },
      ],
    },
    { orderId: order.id },
  );
}

/** A second identical unpaid order is asked about, not made. */
export function duplicateOrderQuestion(to: Recipient, existing: Order, shop: ShopInfo): OutboundMessage {
  const { t } = texts(to.locale.lang);
  const price = priceFor(existing, shop.currency, to.locale);
  const about = { package: existing.packageName, id: existing.id };
  const have = price ? t('duplicatePriced', { ...about, price }) : t('duplicate', about);
  return msg(
    to,
    'reply',
    {
      type: 'buttons',
      body: clip(
        `${have}\n\n${t('howToPay', { instructions: howToPay(shop, to.locale.lang) })}\n\n${t('duplicateAsk', { package: existing.packageName })}`,
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.status(existing.id), title: t('showOrderButton') },
        { id: `!order ${existing.packageId} again`, title: t('orderAnotherButton') },
      ],
    },
    { orderId: existing.id },
  );
}
