// What provisioning and the outbox send when a server is delivered, cannot be, or a message does not
// arrive: the customer's login (the one message with a password) and the admins' alerts with their
// template fallbacks.

import { commandId } from './commands.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import type { Order } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources, formatCpu, formatMemory } from './packages.js';

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
  to: Recipient,
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
    `${formatMemory(r.memoryMiB)} RAM · ${formatCpu(r.cpuPercent)} · ${formatMemory(r.diskMiB)} disk · ${describeExtras(r, to.locale.lang)}`,
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
  to: Recipient,
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
    `${describeResources(r, to.locale.lang)} · ${describeExtras(r, to.locale.lang)}`,
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
export function customerProvisioningFailed(to: Recipient, order: Order, shop: ShopInfo): OutboundMessage {
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

/**
 * The failed step as the admin sees it in the execution. A failed install is recorded as `WaitForInstall`
 * (the stored value other code reads), but the state that ran and failed is the task `CheckInstall`.
 */
export function failedStepShown(step: string): string {
  return step === 'WaitForInstall' ? 'CheckInstall' : step;
}

export function adminProvisioningFailed(to: Recipient, order: Order, failure: FailureDetail): OutboundMessage {
  const who = fitText(customerLabel(order), 120);
  // The panel's detail can be kilobytes (an install log); it gets the room that is left, so the step,
  // the code and the retry line always fit in the 1024-character body.
  const lines = (detail: string) =>
    [
      `⚠️ *Provisioning failed: ${order.id}*`,
      `Customer: ${who}`,
      `Package: ${order.packageName}`,
      `Attempt: ${order.attempts}`,
      `Failed step: *${failedStepShown(failure.step)}*${failure.step === 'WaitForInstall' ? ' (waiting for the install)' : ''}`,
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

/** Plain words for an error a stopped execution ends with, when an admin can act on it. */
export function stopExplained(error: string | undefined): string | undefined {
  if (error === 'CredentialsUndeliverableError') {
    return "WhatsApp refused the customer's login message for good (a blocked or invalid number, or a refused template).";
  }
  if (error === 'PasswordDeliveryBusyError') return "Another try was still sending this customer's password.";
  return undefined;
}

/** An execution stopped at a step that has no Catch: the order is still PROVISIONING; a redrive resumes it. */
export function adminExecutionStopped(to: Recipient, order: Order, stop: StoppedExecution): OutboundMessage {
  const who = customerLabel(order);
  const cleanup =
    stop.step === 'Rollback'
      ? 'The rollback did not finish: what this attempt created may still be on the panel.'
      : stop.step === 'DeliverCredentials'
        ? 'The server is ready but the login was not delivered.'
        : 'Nothing after this step ran.';
  const plain = stopExplained(stop.error);
  const body = fitText(
    [
      `🛑 *Provisioning stopped: ${order.id}*`,
      `Customer: ${who}`,
      `Package: ${order.packageName}`,
      `Stopped at: *${stop.step}* (${stop.status}: ${stop.error})`,
      ...(plain ? [plain] : []),
      cleanup,
      '',
      `The order is still PROVISIONING. Fix the cause, then resume from that step: !provision-retry ${order.id}`,
      `Or give it up: !order-cancel ${order.id} removes its server from the panel and cancels it.`,
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
        { id: commandId.adminCancel(order.id), title: 'Cancel + roll back' },
      ],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            `Provisioning of ${order.id} (${order.packageName}, ${who}) stopped at ${stop.step}: ${stop.error}.${plain ? ` ${plain}` : ''} Resume with !provision-retry ${order.id}, or cancel it with rollback: !order-cancel ${order.id}`,
          ),
        ],
      },
    },
  );
}

export function adminProvisioned(to: Recipient, order: Order): OutboundMessage {
  const p = order.provisioning;
  // What reached the customer, as DeliverCredentials decided it (an existing account gets no password).
  const delivered =
    (p.passwordSent ?? p.userCreated === true)
      ? 'Login with a new password delivered.'
      : "Server added to the customer's existing account (no password sent).";
  const body = `✅ *${order.id}* is provisioned: ${order.packageName} for +${order.customerId}.\nPanel user ${p.panelUsername ?? p.panelUserId ?? '?'}${p.userCreated ? ' (new)' : ' (existing)'}, server ${p.serverIdentifier ?? p.serverId ?? '?'}${p.serverAddress ? ` at ${p.serverAddress}` : ''}. ${delivered}`;
  return msg(to, 'admin-provisioned', text(body), {
    orderId: order.id,
    template: { name: TEMPLATES.adminAlert, bodyParams: [flattenForTemplate(body)] },
  });
}

/**
 * Tells one admin that a customer message could not be delivered (`reason` as the Graph API gave it).
 * A lost login gets a hint on how to recover it.
 */
export function adminUndeliverable(
  to: Recipient,
  undelivered: Pick<OutboundMessage, 'to' | 'kind' | 'orderId'>,
  reason: string,
): OutboundMessage {
  const about = undelivered.orderId ? ` (order ${undelivered.orderId})` : '';
  const hint =
    undelivered.kind === 'credentials'
      ? `\nThe login did not reach the customer. Ask them to write to us, then resend with !provision-retry ${undelivered.orderId ?? 'ID'} if the order is not completed, or reset the password on the panel.`
      : '';
  return {
    ...reply(
      to,
      `📵 A *${undelivered.kind}* message to +${undelivered.to}${about} could not be delivered: ${reason.slice(0, 300)}${hint}`,
    ),
    kind: 'admin-notice',
    template: {
      name: TEMPLATES.adminAlert,
      bodyParams: [`Message to +${undelivered.to}${about} undeliverable: ${reason.replace(/\s+/g, ' ').slice(0, 300)}`],
    },
  };
}

/**
 * A new password for the customer's own panel account (`!reset-password`): with credentialsMessage, the only
 * message that carries a password. Built, sent and dropped in the same invocation, never queued.
 */
export function passwordResetMessage(to: Recipient, login: Credentials, shop: ShopInfo): OutboundMessage {
  const body = [
    '🔑 *Your new panel password*',
    '',
    `*Panel:* ${shop.panelUrl}`,
    `*Username:* ${login.username}`,
    `*Password:* ${login.password}`,
    '',
    'Your old password no longer works. 🔒 Change this one after you log in (Account → Password). We never ask for your password.',
    `Didn't ask for this? Contact ${shop.supportContact}.`,
  ].join('\n');
  return msg(to, 'credentials', text(body), {
    template: {
      name: TEMPLATES.passwordReset,
      bodyParams: [flattenForTemplate(shop.panelUrl), flattenForTemplate(login.username), login.password],
    },
  });
}
