// What provisioning and the outbox send when a server is delivered, cannot be, or a message does not
// arrive: the customer's login (the one message with a password) and the admins' alerts with their
// template fallbacks.

import { commandId } from './commands.js';
import { say } from './i18n/catalogue.js';
import { DELIVERY_TEXTS } from './i18n/delivery-texts.js';
import type { Lang } from './i18n/lang.js';
import type { Recipient } from './i18n/locale.js';
import { clip, customerLabel, msg, reply, type ShopInfo, TEMPLATES, text } from './message-format.js';
import type { Order } from './order.js';
import { fitText, flattenForTemplate, LIMITS, type OutboundMessage } from './outbound.js';
import { describeExtras, describeResources } from './packages.js';

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
  const lang = to.locale.lang;
  const t = say(DELIVERY_TEXTS, lang);
  const r = order.resources;
  const serverUrl = `${shop.panelUrl.replace(/\/+$/, '')}/server/${server.identifier}`;
  const body = [
    t('readyTitle', { package: order.packageName }),
    '',
    t('panelLine', { url: shop.panelUrl }),
    t('usernameLine', { username: credentials.username }),
    // The password is appended as it is, never filled into a template.
    `${t('passwordLabel')} ${credentials.password}`,
    '',
    serverLines(server, lang),
    `${describeResources(r, lang)} · ${describeExtras(r, lang)}`,
    '',
    t('firstSteps'),
    t('stepLogIn', { url: shop.panelUrl }),
    t('stepOpen', { url: serverUrl }),
    t('stepStart'),
    t('stepShare'),
    '',
    t('security'),
    t('help', { contact: shop.supportContact }),
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

/** "*Server:* name", and the address on its own line when there is one. */
function serverLines(server: ServerFacts, lang: Lang): string {
  const t = say(DELIVERY_TEXTS, lang);
  const name = t('serverLine', { name: server.name });
  return server.address ? `${name}\n${t('addressLine', { address: server.address })}` : name;
}

/** For a returning customer: the server is on the account they already have; no password is sent. */
export function serverAddedMessage(
  to: Recipient,
  order: Order,
  server: ServerFacts,
  username: string,
  shop: ShopInfo,
): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(DELIVERY_TEXTS, lang);
  const r = order.resources;
  const body = [
    t('readyTitle', { package: order.packageName }),
    '',
    t('addedToAccount', { username, url: shop.panelUrl }),
    '',
    serverLines(server, lang),
    `${describeResources(r, lang)} · ${describeExtras(r, lang)}`,
    '',
    t('forgotPassword', { contact: shop.supportContact }),
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
  const body = say(DELIVERY_TEXTS, to.locale.lang)('setupDelayed', {
    package: order.packageName,
    id: order.id,
    contact: shop.supportContact,
  });
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
  const t = say(DELIVERY_TEXTS, to.locale.lang);
  const who = fitText(customerLabel(order), 120);
  const stepShown = { step: failedStepShown(failure.step) };
  // The panel's detail can be kilobytes (an install log); it gets the room that is left, so the step,
  // the code and the retry line always fit in the 1024-character body.
  const lines = (detail: string) =>
    [
      t('failedTitle', { id: order.id }),
      t('customerLine', { who }),
      t('packageLine', { package: order.packageName }),
      t('attemptLine', { attempt: order.attempts }),
      failure.step === 'WaitForInstall' ? t('failedStepWaitingLine', stepShown) : t('failedStepLine', stepShown),
      t('errorLine', { code: failure.code }),
      t('panelSaidLine', { detail }),
      '',
      t('failedCleanup'),
      t('failedRetry', { id: order.id }),
    ].join('\n');
  const room = Math.max(LIMITS.buttonsBody - lines('').length, 40);
  const body = clip(lines(fitText(failure.detail, room)), LIMITS.buttonsBody);
  return msg(
    to,
    'admin-provisioning-failed',
    {
      type: 'buttons',
      header: t('failedHeader'),
      body,
      buttons: [
        { id: commandId.retry(order.id), title: t('retryButton') },
        { id: commandId.provisionStatus(order.id), title: t('detailsButton') },
        { id: commandId.adminCancel(order.id), title: t('cancelOrderButton') },
      ],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            t('failedAlert', {
              id: order.id,
              package: order.packageName,
              who,
              step: failure.step,
              code: failure.code,
              detail: flattenForTemplate(failure.detail, 400),
            }),
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

/** Plain words for an error a stopped execution ends with, when an admin can act on it (in `lang`). */
export function stopExplained(error: string | undefined, lang: Lang): string | undefined {
  const t = say(DELIVERY_TEXTS, lang);
  if (error === 'CredentialsUndeliverableError') return t('stopUndeliverable');
  if (error === 'PasswordDeliveryBusyError') return t('stopBusy');
  return undefined;
}

/** An execution stopped at a step that has no Catch: the order is still PROVISIONING; a redrive resumes it. */
export function adminExecutionStopped(to: Recipient, order: Order, stop: StoppedExecution): OutboundMessage {
  const lang = to.locale.lang;
  const t = say(DELIVERY_TEXTS, lang);
  const who = customerLabel(order);
  const cleanup =
    stop.step === 'Rollback'
      ? t('cleanupRollback')
      : stop.step === 'DeliverCredentials'
        ? t('cleanupDelivery')
        : t('cleanupNothing');
  const plain = stopExplained(stop.error, lang);
  const body = fitText(
    [
      t('stoppedTitle', { id: order.id }),
      t('customerLine', { who }),
      t('packageLine', { package: order.packageName }),
      t('stoppedAtLine', { step: stop.step, status: stop.status, error: stop.error }),
      ...(plain ? [plain] : []),
      cleanup,
      '',
      t('stoppedResume', { id: order.id }),
      t('stoppedGiveUp', { id: order.id }),
    ].join('\n'),
    LIMITS.buttonsBody,
  );
  return msg(
    to,
    'admin-provisioning-failed',
    {
      type: 'buttons',
      header: t('stoppedHeader'),
      body,
      buttons: [
        { id: commandId.retry(order.id), title: t('resumeButton') },
        { id: commandId.provisionStatus(order.id), title: t('detailsButton') },
        { id: commandId.adminCancel(order.id), title: t('cancelRollbackButton') },
      ],
    },
    {
      orderId: order.id,
      template: {
        name: TEMPLATES.adminAlert,
        bodyParams: [
          flattenForTemplate(
            `${t('stoppedAlert', { id: order.id, package: order.packageName, who, step: stop.step, error: stop.error })}${plain ? ` ${plain}` : ''} ${t('stoppedAlertNext', { id: order.id })}`,
          ),
        ],
      },
    },
  );
}

export function adminProvisioned(to: Recipient, order: Order): OutboundMessage {
  const t = say(DELIVERY_TEXTS, to.locale.lang);
  const p = order.provisioning;
  // What reached the customer, as DeliverCredentials decided it (an existing account gets no password).
  const delivered = (p.passwordSent ?? p.userCreated === true) ? t('deliveredNew') : t('deliveredExisting');
  const user = { user: p.panelUsername ?? p.panelUserId ?? '?' };
  const serverId = p.serverIdentifier ?? p.serverId ?? '?';
  const body = t('provisioned', {
    id: order.id,
    package: order.packageName,
    customer: order.customerId,
    user: p.userCreated ? t('panelUserNew', user) : t('panelUserExisting', user),
    server: p.serverAddress
      ? t('serverAt', { server: serverId, address: p.serverAddress })
      : t('serverIs', { server: serverId }),
    delivered,
  });
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
  const t = say(DELIVERY_TEXTS, to.locale.lang);
  const about = undelivered.orderId ? t('aboutOrder', { id: undelivered.orderId }) : '';
  const hint =
    undelivered.kind === 'credentials' ? `\n${t('undeliverableLoginHint', { id: undelivered.orderId ?? 'ID' })}` : '';
  return {
    ...reply(
      to,
      `${t('undeliverable', { kind: undelivered.kind, to: undelivered.to, about, reason: reason.slice(0, 300) })}${hint}`,
    ),
    kind: 'admin-notice',
    template: {
      name: TEMPLATES.adminAlert,
      bodyParams: [
        t('undeliverableAlert', { to: undelivered.to, about, reason: reason.replace(/\s+/g, ' ').slice(0, 300) }),
      ],
    },
  };
}

/**
 * A new password for the customer's own panel account (`!reset-password`): with credentialsMessage, the only
 * message that carries a password. Built, sent and dropped in the same invocation, never queued.
 */
export function passwordResetMessage(to: Recipient, login: Credentials, shop: ShopInfo): OutboundMessage {
  const t = say(DELIVERY_TEXTS, to.locale.lang);
  const body = [
    t('resetTitle'),
    '',
    t('panelLine', { url: shop.panelUrl }),
    t('usernameLine', { username: login.username }),
    // The password is appended as it is, never filled into a template.
    `${t('passwordLabel')} ${login.password}`,
    '',
    t('resetOldGone'),
    t('resetNotYou', { contact: shop.supportContact }),
  ].join('\n');
  return msg(to, 'credentials', text(body), {
    template: {
      name: TEMPLATES.passwordReset,
      bodyParams: [flattenForTemplate(shop.panelUrl), flattenForTemplate(login.username), login.password],
    },
  });
}
