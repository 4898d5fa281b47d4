// Every text the system sends, in one place. WhatsApp formatting (*bold*, _italic_, ```mono```),
// within the Cloud API limits; customer failure texts carry no technical detail.

import { ADMIN_COMMANDS, type Command, CUSTOMER_COMMANDS, commandId, type OrdersFilter } from './commands.js';
import { customerStatusWords, hasFailedAttempt, type Order, type OrderStatus } from './order.js';
import {
  cutAt,
  fitText,
  flattenForTemplate,
  LIMITS,
  type ListRow,
  type OutboundContent,
  type OutboundMessage,
} from './outbound.js';
import { describeExtras, describeResources, formatCpu, formatMemory, type Package } from './packages.js';

export interface ShopInfo {
  shopName: string;
  /** The panel address customers log in to. */
  panelUrl: string;
  /** How to pay, shown after ordering. */
  paymentInstructions: string;
  /** Who to contact, shown in help and failure texts. */
  supportContact: string;
}

/** Names of the message templates a shop registers with Meta (bodies in docs/whatsapp-templates.md). */
export const TEMPLATES = {
  credentials: 'spawnpoint_server_ready_v1',
  serverAdded: 'spawnpoint_server_added_v1',
  provisioningFailed: 'spawnpoint_setup_delayed_v1',
  adminAlert: 'spawnpoint_admin_alert_v1',
  orderUpdate: 'spawnpoint_order_update_v1',
} as const;

const text = (body: string): OutboundContent => ({ type: 'text', body: clip(body, LIMITS.textBody) });

function clip(body: string, max: number): string {
  return body.length <= max ? body : `${cutAt(body, max - 2)}\n…`;
}

function msg(to: string, kind: OutboundMessage['kind'], content: OutboundContent, extra?: Partial<OutboundMessage>) {
  return { to, kind, content, ...extra } satisfies OutboundMessage;
}

// ---------------------------------------------------------------- customer side

export function packageRowId(p: Package): string {
  return commandId.order(p.id);
}

export function packagesList(to: string, catalogue: readonly Package[], shop: ShopInfo): OutboundMessage {
  const rows: ListRow[] = catalogue.slice(0, LIMITS.listRows).map((p) => ({
    id: packageRowId(p),
    title: fitText(p.price ? `${p.name} · ${p.price}` : p.name, LIMITS.rowTitle),
    description: fitText(describeResources(p.resources), LIMITS.rowDescription),
  }));
  const lines = catalogue.map(
    (p, i) =>
      `${i + 1}. *${p.name}*${p.price ? ` (${p.price})` : ''}\n   ${describeResources(p.resources)}\n   ${describeExtras(p.resources)}`,
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

export function customerHelp(to: string, shop: ShopInfo): OutboundMessage {
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
        '*!help*: this message',
        '',
        `Questions? ${shop.supportContact}`,
      ].join('\n'),
    ),
  );
}

export function adminHelp(to: string): OutboundMessage {
  return msg(
    to,
    'reply',
    text(
      [
        '*Admin commands*',
        '',
        '*!orders [status]*: the queue; status is pending, confirmed, failed, provisioning, completed, cancelled or all',
        '*!order-confirm ID*: payment received; provisions when auto-provisioning is on',
        '*!order-cancel ID [reason]*: cancel a pending or confirmed order',
        '*!provision-retry ID*: retry a failed provisioning, or resend credentials',
        '*!provision-status [ID]*: health and counts, or one order in detail',
        '*!provision-test*: check the panel connection and API key',
        '',
        `Customer commands work too: ${CUSTOMER_COMMANDS.join(', ')}.`,
        `Ids are not case sensitive: ord-7k2m9q works.`,
      ].join('\n'),
    ),
  );
}

export function menuReply(
  to: string,
  command: Extract<Command, { kind: 'menu' }>,
  catalogue: readonly Package[],
  shop: ShopInfo,
): OutboundMessage[] {
  const intro =
    command.reason === 'greeting'
      ? `👋 Welcome to *${shop.shopName}*! We sell game servers, ready in minutes.`
      : command.reason === 'media'
        ? "I can only read text messages and taps on buttons, but I'm happy to help."
        : command.suggestion
          ? `I didn't understand that. Did you mean *${command.suggestion}*?`
          : "I didn't understand that. Here is what I can do.";
  return [msg(to, 'reply', text(`${intro}\nType *!help* for all commands.`)), packagesList(to, catalogue, shop)];
}

export function unknownPackage(to: string, typed: string, catalogue: readonly Package[]): OutboundMessage {
  const names = catalogue.map((p) => `*${p.id}*`).join(', ');
  const what = typed ? `I don't know the package "${typed}".` : 'Which package would you like?';
  return msg(
    to,
    'reply',
    text(`${what} Choose one of ${names}, for example *!order ${catalogue[0]?.id ?? 'bronze'}*.`),
  );
}

export function orderPlaced(to: string, order: Order, shop: ShopInfo): OutboundMessage {
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
          `${describeResources(r)}`,
          `${describeExtras(r)}`,
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

export function adminNewOrder(to: string, order: Order): OutboundMessage {
  const who = customerLabel(order);
  return msg(
    to,
    'admin-new-order',
    {
      type: 'buttons',
      header: 'New order',
      body: clip(
        `🛒 *${order.id}*\nCustomer: ${who}\nPackage: *${order.packageName}*${order.price ? ` · ${order.price}` : ''}\n${describeResources(order.resources)}\n\nConfirm once the payment has arrived:\n!order-confirm ${order.id}`,
        LIMITS.buttonsBody,
      ),
      buttons: [
        { id: commandId.confirm(order.id), title: 'Confirm payment' },
        { id: commandId.adminCancel(order.id), title: 'Cancel order' },
      ],
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

export function myOrders(to: string, orders: readonly Order[], hasMore: boolean): OutboundMessage {
  if (orders.length === 0) {
    return msg(to, 'reply', text("You have no orders yet. Type *!packages* to see what's available."));
  }
  const lines = orders.map(
    (o) => `*${o.id}* · ${o.packageName} · ${customerStatusWords(o.status, hasFailedAttempt(o))} · ${day(o.createdAt)}`,
  );
  const more = hasMore ? '\n\nShowing your latest orders.' : '';
  return msg(
    to,
    'reply',
    text(`*Your orders*\n\n${lines.join('\n')}${more}\n\nType *!status <order id>* for details.`),
  );
}

export function orderStatusForCustomer(to: string, order: Order, shop: ShopInfo): OutboundMessage {
  const words = customerStatusWords(order.status, hasFailedAttempt(order));
  const next: Record<OrderStatus, string> = {
    PENDING: `We are waiting for your payment.\n\n*How to pay*\n${shop.paymentInstructions}`,
    CONFIRMED: hasFailedAttempt(order)
      ? 'Your payment is confirmed. Setting up your server took longer than expected; our team is on it and will message you here.'
      : 'Your payment is confirmed. Your server will be set up shortly.',
    PROVISIONING: 'Your server is being set up. Your login will arrive here in a few minutes.',
    COMPLETED: `Your server is ready. Log in at ${shop.panelUrl} with the details we sent you.`,
    CANCELLED: 'This order was cancelled.',
  };
  const body = `*${order.id}*: ${words}\n${order.packageName} · ${describeResources(order.resources)}\n\n${next[order.status]}`;
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
  | { kind: 'not-found'; id: string; suggestions: string[] };

export function orderLookupProblem(to: string, problem: OrderLookupProblem): OutboundMessage {
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
          : ' Type *!my-orders* to see your orders.';
      return msg(to, 'reply', text(`I couldn't find order *${problem.id}*.${hint}`));
    }
  }
}

export function customerCancelled(to: string, order: Order): OutboundMessage {
  return msg(to, 'reply', text(`Your order *${order.id}* (${order.packageName}) is cancelled.`), { orderId: order.id });
}

export function customerCannotCancel(to: string, order: Order, shop: ShopInfo): OutboundMessage {
  const why =
    order.status === 'CANCELLED'
      ? 'It is already cancelled.'
      : order.status === 'COMPLETED'
        ? 'Your server is already set up.'
        : 'Your payment is already confirmed.';
  return msg(
    to,
    'reply',
    text(`Order *${order.id}* can't be cancelled here. ${why} If you need help, contact ${shop.supportContact}.`),
    { orderId: order.id },
  );
}

/** Tells a customer their order changed because an admin acted on it (cancel, confirm). */
export function customerOrderUpdate(to: string, order: Order, shop: ShopInfo): OutboundMessage {
  const body =
    order.status === 'CANCELLED'
      ? `Your order *${order.id}* (${order.packageName}) was cancelled by ${shop.shopName}. If this is unexpected, contact ${shop.supportContact}.`
      : `💳 Payment for *${order.id}* is confirmed. We're setting up your ${order.packageName} server now; your login will arrive here.`;
  return msg(to, 'order-update', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.orderUpdate, bodyParams: [order.id, flattenForTemplate(body)] },
  });
}

// ---------------------------------------------------------------- delivery

export interface Credentials {
  username: string;
  password: string;
}

export interface ServerFacts {
  name: string;
  identifier: string;
  address?: string;
}

/** The one message that carries a password. Built, sent and dropped in the same invocation. */
export function credentialsMessage(
  to: string,
  order: Order,
  server: ServerFacts,
  credentials: Credentials,
  shop: ShopInfo,
): OutboundMessage {
  const r = order.resources;
  const serverUrl = `${shop.panelUrl.replace(/\/+$/, '')}/server/${server.identifier}`;
  const body = [
    `🎉 *Your ${order.packageName} server is ready!*`,
    '',
    `*Panel:* ${shop.panelUrl}`,
    `*Username:* ${credentials.username}`,
    `*Password:* ${credentials.password}`,
    '',
    `*Server:* ${server.name}${server.address ? `\n*Address:* ${server.address}` : ''}`,
    `${formatMemory(r.memoryMiB)} RAM · ${formatCpu(r.cpuPercent)} · ${formatMemory(r.diskMiB)} disk · ${describeExtras(r)}`,
    '',
    '*First steps*',
    `1. Log in at ${shop.panelUrl}`,
    `2. Open your server: ${serverUrl}`,
    '3. Press *Start* and watch the console',
    '4. Share the address with your friends',
    '',
    '🔒 *Security:* change this password after your first login (Account → Password). We never ask for your password.',
    `Help: ${shop.supportContact}`,
  ].join('\n');
  return msg(to, 'credentials', text(body), {
    orderId: order.id,
    template: {
      name: TEMPLATES.credentials,
      bodyParams: [
        flattenForTemplate(order.packageName),
        flattenForTemplate(shop.panelUrl),
        flattenForTemplate(credentials.username),
        credentials.password,
        flattenForTemplate(server.address ? `${server.name} (${server.address})` : server.name),
      ],
    },
  });
}

/** For a returning customer: the server is on the account they already have; no password is sent. */
export function serverAddedMessage(
  to: string,
  order: Order,
  server: ServerFacts,
  username: string,
  shop: ShopInfo,
): OutboundMessage {
  const r = order.resources;
  const body = [
    `🎉 *Your ${order.packageName} server is ready!*`,
    '',
    `It was added to your existing panel account *${username}* at ${shop.panelUrl}. Log in with the password you already use.`,
    '',
    `*Server:* ${server.name}${server.address ? `\n*Address:* ${server.address}` : ''}`,
    `${describeResources(r)} · ${describeExtras(r)}`,
    '',
    `Forgot your password? Use "Forgot password" on the panel, or contact ${shop.supportContact}.`,
  ].join('\n');
  return msg(to, 'server-added', text(body), {
    orderId: order.id,
    template: {
      name: TEMPLATES.serverAdded,
      bodyParams: [
        flattenForTemplate(order.packageName),
        flattenForTemplate(username),
        flattenForTemplate(shop.panelUrl),
        flattenForTemplate(server.address ? `${server.name} (${server.address})` : server.name),
      ],
    },
  });
}

/** Polite, no technical detail, says what happens next. */
export function customerProvisioningFailed(to: string, order: Order, shop: ShopInfo): OutboundMessage {
  const body = `We're sorry: setting up your ${order.packageName} server (order *${order.id}*) is taking longer than expected. Your payment is safe and our team has been told; we'll message you here as soon as it's ready. Questions? ${shop.supportContact}`;
  return msg(to, 'provisioning-failed', text(body), {
    orderId: order.id,
    template: {
      name: TEMPLATES.provisioningFailed,
      bodyParams: [flattenForTemplate(order.packageName), order.id, flattenForTemplate(shop.supportContact)],
    },
  });
}

export interface FailureDetail {
  step: string;
  code: string;
  detail: string;
}

export function adminProvisioningFailed(to: string, order: Order, failure: FailureDetail): OutboundMessage {
  const who = fitText(customerLabel(order), 120);
  // The panel's detail can be kilobytes (an install log); it gets the room that is left, so the step,
  // the code and the retry line always fit in the 1024-character body.
  const lines = (detail: string) =>
    [
      `⚠️ *Provisioning failed: ${order.id}*`,
      `Customer: ${who}`,
      `Package: ${order.packageName}`,
      `Attempt: ${order.attempts}`,
      `Failed step: *${failure.step}*`,
      `Error: ${failure.code}`,
      `Panel said: ${detail}`,
      '',
      'Everything created for this attempt was removed; the order is back to CONFIRMED.',
      `Fix the cause, then: !provision-retry ${order.id}`,
    ].join('\n');
  const room = Math.max(LIMITS.buttonsBody - lines('').length, 40);
  const body = clip(lines(fitText(failure.detail, room)), LIMITS.buttonsBody);
  return msg(
    to,
    'admin-provisioning-failed',
    {
      type: 'buttons',
      header: 'Provisioning failed',
      body,
      buttons: [
        { id: commandId.retry(order.id), title: 'Retry' },
        { id: commandId.provisionStatus(order.id), title: 'Details' },
        { id: commandId.adminCancel(order.id), title: 'Cancel order' },
      ],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            `Provisioning failed for ${order.id} (${order.packageName}, ${who}) at ${failure.step}: ${failure.code}: ${flattenForTemplate(failure.detail, 400)}. Retry with !provision-retry ${order.id}`,
          ),
        ],
      },
    },
  );
}

export interface StoppedExecution {
  step: string;
  status: string;
  error: string;
}

/** An execution stopped at a step that has no Catch: the order is still PROVISIONING; a redrive resumes it. */
export function adminExecutionStopped(to: string, order: Order, stop: StoppedExecution): OutboundMessage {
  const who = customerLabel(order);
  const cleanup =
    stop.step === 'Rollback'
      ? 'The rollback did not finish: what this attempt created may still be on the panel.'
      : stop.step === 'DeliverCredentials'
        ? 'The server is ready but the login was not delivered.'
        : 'Nothing after this step ran.';
  const body = fitText(
    [
      `🛑 *Provisioning stopped: ${order.id}*`,
      `Customer: ${who}`,
      `Package: ${order.packageName}`,
      `Stopped at: *${stop.step}* (${stop.status}: ${stop.error})`,
      cleanup,
      '',
      `The order is still PROVISIONING. Fix the cause, then resume from that step: !provision-retry ${order.id}`,
    ].join('\n'),
    LIMITS.buttonsBody,
  );
  return msg(
    to,
    'admin-provisioning-failed',
    {
      type: 'buttons',
      header: 'Provisioning stopped',
      body,
      buttons: [
        { id: commandId.retry(order.id), title: 'Resume' },
        { id: commandId.provisionStatus(order.id), title: 'Details' },
      ],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            `Provisioning of ${order.id} (${order.packageName}, ${who}) stopped at ${stop.step}: ${stop.error}. Resume with !provision-retry ${order.id}`,
          ),
        ],
      },
    },
  );
}

export function adminProvisioned(to: string, order: Order): OutboundMessage {
  const p = order.provisioning;
  const body = `✅ *${order.id}* is provisioned: ${order.packageName} for +${order.customerId}.\nPanel user ${p.panelUsername ?? p.panelUserId ?? '?'}${p.userCreated ? ' (new)' : ' (existing)'}, server ${p.serverIdentifier ?? p.serverId ?? '?'}${p.serverAddress ? ` at ${p.serverAddress}` : ''}. Credentials delivered.`;
  return msg(to, 'admin-provisioned', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.adminAlert, bodyParams: [flattenForTemplate(body)] },
  });
}

// ---------------------------------------------------------------- admin side

export function adminOrders(
  to: string,
  filter: OrdersFilter,
  orders: readonly Order[],
  hasMore: boolean,
  badFilter?: string,
): OutboundMessage {
  const title = filter === 'ALL' ? 'Open orders' : `${filter.charAt(0)}${filter.slice(1).toLowerCase()} orders`;
  const warn = badFilter ? `"${badFilter}" is not a status; showing all open orders.\n\n` : '';
  if (orders.length === 0) return msg(to, 'reply', text(`${warn}*${title}*: none.`));
  const lines = orders.map((o) => {
    const err = o.lastError ? ` · ⚠️ ${o.lastError.step}` : '';
    return `*${o.id}* · ${o.status} · ${o.packageName} · +${o.customerId} · ${day(o.createdAt)}${err}`;
  });
  const more = hasMore ? '\n\nOldest first; more orders are waiting.' : '';
  return msg(to, 'reply', text(`${warn}*${title}* (oldest first)\n\n${lines.join('\n')}${more}`));
}

export function adminText(to: string, body: string, orderId?: string): OutboundMessage {
  return msg(to, 'reply', text(body), orderId ? { orderId } : undefined);
}

export function adminConfirmed(to: string, order: Order, provisioning: boolean): OutboundMessage {
  const body = provisioning
    ? `💳 *${order.id}* confirmed. Provisioning started (attempt ${order.attempts}); you'll get a message when it's done.`
    : `💳 *${order.id}* confirmed. Auto-provisioning is off: create the server by hand, or turn it on and use !provision-retry ${order.id}.`;
  return msg(to, 'reply', text(body), { orderId: order.id });
}

export function adminPreflightFailed(to: string, order: Order, reasons: readonly string[]): OutboundMessage {
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

export function adminCannot(to: string, order: Order, action: string): OutboundMessage {
  const hint: Record<OrderStatus, string> = {
    PENDING: `It is waiting for payment: !order-confirm ${order.id}`,
    CONFIRMED: hasFailedAttempt(order)
      ? `Its last attempt failed: !provision-retry ${order.id}`
      : `It is confirmed and not yet provisioned: !provision-retry ${order.id}`,
    PROVISIONING: `It is being provisioned now (attempt ${order.attempts}): !provision-status ${order.id}`,
    COMPLETED: 'It is completed.',
    CANCELLED: 'It is cancelled.',
  };
  return msg(to, 'reply', text(`Can't ${action} *${order.id}*: it is ${order.status}. ${hint[order.status]}`), {
    orderId: order.id,
  });
}

export function adminOrderDetail(to: string, order: Order, currentStep?: string): OutboundMessage {
  const p = order.provisioning;
  const history = order.history
    .slice(-8)
    .map(
      (h) =>
        `${h.at.slice(0, 16).replace('T', ' ')} ${h.from ?? '∅'}→${h.to} by ${h.by}${h.reason ? ` (${h.reason})` : ''}`,
    );
  const lines = [
    `*${order.id}* · ${order.status} · attempt ${order.attempts}`,
    `Customer: ${order.customerName ?? ''} +${order.customerId}`,
    `Package: ${order.packageName} · ${describeResources(order.resources)}`,
    currentStep ? `Current step: *${currentStep}*` : p.step ? `Last step: ${p.step}` : '',
    p.panelUserId !== undefined
      ? `Panel user: ${p.panelUsername ?? ''} #${p.panelUserId}${p.userCreated ? ' (created)' : ' (reused)'}`
      : '',
    p.serverId !== undefined ? `Server: #${p.serverId} ${p.serverIdentifier ?? ''} ${p.serverAddress ?? ''}` : '',
    p.credentialsSentAt ? `Credentials sent: ${p.credentialsSentAt}` : '',
    order.lastError ? `Last error (${order.lastError.step}): ${order.lastError.code}: ${order.lastError.message}` : '',
    '',
    '*History*',
    ...history,
  ].filter((l) => l !== '');
  return msg(to, 'reply', text(lines.join('\n')), { orderId: order.id });
}

export function notAllowed(to: string, catalogue: readonly Package[], shop: ShopInfo): OutboundMessage[] {
  // A non-admin gets exactly what an unknown command gets.
  return menuReply(to, { kind: 'menu', reason: 'unknown' }, catalogue, shop);
}

export const ADMIN_COMMAND_LIST = ADMIN_COMMANDS;

/** "João Cliente (+15550101234)", or "+15550101234" when the profile name is unknown. */
function customerLabel(order: Order): string {
  return order.customerName ? `${order.customerName} (+${order.customerId})` : `+${order.customerId}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
