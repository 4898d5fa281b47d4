// A new password for a customer's own panel account (the panel user with external id `wa-<their id>`), asked
// for by the customer or by an admin for them. The same rules as DeliverCredentials: the password is
// generated, set and sent in this invocation, never stored, logged, returned or queued; an earlier password
// write of the account is waited out; the account's password claim (on the customer record) is held
// meanwhile, so a concurrent DeliverCredentials or a second reset cannot also set and send one. Rate limited
// per customer with one conditional write; keyed by the request, so a redelivered request is one reset.
// A reset that reached WhatsApp marks the account's password delivered: the way out for a customer who lost
// or never got one.

import { ErrorName, errorNameOf } from '../domain/error-names.js';
import * as M from '../domain/messages.js';
import { decidePasswordReset, type ResetOutcome, type ResetRecord } from '../domain/password-reset-rules.js';
import type { PanelUser } from '../panel/types.js';
import { scrubbed, waitOutEarlierPasswordWrite } from './password-delivery.js';
import type { Clock, ConversationPanel, CustomerRepository, Log, MessageSender, SentMessageLog } from './ports.js';
import { formForRecipient, isUndeliverable, type Sent, sendFailureText, sendInForm } from './send.js';

export interface PasswordResetDeps {
  customers: CustomerRepository;
  panel: Pick<ConversationPanel, 'findUser' | 'setPassword'>;
  sender: MessageSender;
  sent: Pick<SentMessageLog, 'record'>;
  clock: Clock;
  log: Log;
  shop: M.ShopInfo;
  generatePassword: () => string;
  /** How long a password write the client gave up on may still land on the panel (as DeliverCredentials). */
  passwordWriteGuardMs?: number;
  /** How long a reset holds the account's password claim: longer than one reset can run. */
  deliveryLeaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ResetRequest {
  customerId: string;
  /** The request's message id: a redelivery of it is the same reset. */
  key: string;
}

export async function resetPassword(deps: PasswordResetDeps, request: ResetRequest): Promise<ResetOutcome> {
  // A second reset that finished between our read and our write moves the version on: read again.
  for (let round = 0; round < 3; round++) {
    const outcome = await tryReset(deps, request);
    if (outcome !== 'raced') return outcome;
  }
  return { kind: 'busy' };
}

async function tryReset(deps: PasswordResetDeps, { customerId, key }: ResetRequest): Promise<ResetOutcome | 'raced'> {
  const customer = await deps.customers.get(customerId);
  const resets = customer?.passwordResets ?? { entries: [], version: 0 };
  const decision = decidePasswordReset(resets.entries, key, deps.clock.now());
  if (!decision.ok) {
    return decision.reason === 'already-sent'
      ? { kind: 'already-sent' }
      : { kind: decision.reason, retryAt: decision.retryAt };
  }

  const user = await deps.panel.findUser(customerId);
  if (!user) return { kind: 'no-account' };
  if (user.rootAdmin) return { kind: 'protected-account' };

  const holder = `reset-${key}`;
  const lease = deps.deliveryLeaseMs ?? 95_000;
  if (!(await deps.customers.claimPasswordReset(customerId, user.id, holder, wallClock(), lease))) {
    return { kind: 'busy' };
  }
  if (!(await deps.customers.savePasswordResets(customerId, decision.records, resets.version))) {
    await deps.customers.releasePasswordClaim(customerId, user.id, holder);
    return 'raced';
  }
  return setAndSend(deps, customerId, user, holder, { key, version: resets.version + 1, records: decision.records });
}

async function setAndSend(
  deps: PasswordResetDeps,
  customerId: string,
  user: PanelUser,
  holder: string,
  slot: { key: string; version: number; records: ResetRecord[] },
): Promise<ResetOutcome> {
  // The account's last write, a reset's or DeliverCredentials' (both record it on the customer).
  const customer = await deps.customers.get(customerId);
  const facts = customer?.panelUsers[user.id];
  await waitOutEarlierPasswordWrite(deps, facts?.passwordWriteAt);
  await deps.customers.recordPasswordWrite(customerId, user.id, wallClock());
  const password = deps.generatePassword();
  // A failed write keeps the claim until its lease ends: the write may still land, and no other try may
  // write a password (and send it) before that. The request is retried by the queue.
  await deps.panel.setPassword(user.id, password);

  const message = M.passwordResetMessage(
    M.customerTo({ customerId, lang: customer?.language }, deps.shop),
    { username: user.username, password },
    deps.shop,
  );
  let sent: Sent;
  try {
    sent = await sendInForm(deps, message, await formForRecipient(deps, message));
  } catch (raw) {
    const e = scrubbed(raw, password);
    if (errorNameOf(e) === ErrorName.WhatsAppAmbiguous) {
      // It may have arrived: never send a second password blindly. The customer can ask again.
      await finish(deps, customerId, user.id, slot);
      deps.log.warn('Password reset sent; the answer was lost', { userId: user.id });
      return { kind: 'maybe-sent', username: user.username };
    }
    await deps.customers.releasePasswordClaim(customerId, user.id, holder);
    if (!isUndeliverable(e)) throw e;
    deps.log.warn('Password reset could not be delivered', { userId: user.id, error: sendFailureText(e) });
    return { kind: 'undeliverable', username: user.username, reason: sendFailureText(e) };
  }
  await finish(deps, customerId, user.id, slot);
  const now = deps.clock.now().toISOString();
  await deps.sent.record({
    messageId: sent.messageId,
    to: customerId,
    kind: message.kind,
    form: sent.form,
    status: 'accepted',
    sentAt: now,
    updatedAt: now,
  });
  deps.log.info('Password reset sent', { userId: user.id, form: sent.form });
  return { kind: 'sent', username: user.username, form: sent.form };
}

/** The reset reached WhatsApp: the request is done, and the account has a delivered password (claim released). */
async function finish(
  deps: PasswordResetDeps,
  customerId: string,
  userId: number,
  slot: { key: string; version: number; records: ResetRecord[] },
): Promise<void> {
  const at = wallClock().toISOString();
  const records = slot.records.map((r) => (r.key === slot.key ? { ...r, sentAt: at } : r));
  // Best effort: only a redelivery of this same request reads it, and the claim is held until just below.
  await deps.customers.savePasswordResets(customerId, records, slot.version);
  await deps.customers.markPasswordDelivered(customerId, userId, wallClock());
}

function wallClock(): Date {
  return new Date();
}
