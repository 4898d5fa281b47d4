// What every command handler of the conversation receives, and the two steps most of them share:
// applying order events as one conditional write, and answering when the order changed meanwhile.

import type { Command, CommandKind } from '../../domain/commands.js';
import type { Recipient } from '../../domain/i18n/locale.js';
import * as M from '../../domain/messages.js';
import { type Order, type OrderEvent, transitionAll } from '../../domain/order.js';
import type { RandomBytes } from '../../domain/order-id.js';
import type { OutboundMessage } from '../../domain/outbound.js';
import type { Package } from '../../domain/packages.js';
import type { PaymentPolicy } from '../../domain/payment-deadlines.js';
import type { LifecycleDeps } from '../lifecycle/context.js';
import type { PasswordResetDeps } from '../password-reset.js';
import type { PaymentGateway } from '../payments/port.js';
import type {
  Clock,
  ConversationPanel,
  CountMetric,
  CustomerRepository,
  InboundMedia,
  Log,
  MediaPort,
  OrderRepository,
  Outbox,
  ProvisioningRunner,
  ReceiptRecords,
  RollbackSummary,
} from '../ports.js';

export interface IncomingMessage {
  /** The WhatsApp message id (wamid): the key for dedupe and for reply keys. */
  id: string;
  /** The sender: wa_id, or the business-scoped user id when Meta omits it. */
  from: string;
  /** The sender's business-scoped user id when Meta sent it besides the wa_id: an admin may be configured by it. */
  userId?: string;
  name?: string;
  at: Date;
  text?: string;
  buttonId?: string;
  /** A photo, document, ... (its caption is `text`): ids only. */
  media?: InboundMedia;
}

export interface ConversationSettings {
  catalogue: readonly Package[];
  shop: M.ShopInfo;
  adminIds: readonly string[];
  autoProvisioning: boolean;
  /** Unpaid orders a customer may hold at once (guards against accidental repeat orders). */
  maxPendingOrders?: number;
  /** An unpaid order's nudge and expiry (stamped on it when it is placed). */
  payment?: PaymentPolicy;
}

export interface ConversationDeps {
  orders: OrderRepository;
  outbox: Outbox;
  runner: ProvisioningRunner;
  panel: ConversationPanel;
  settings: ConversationSettings;
  clock: Clock;
  randomBytes: RandomBytes;
  log: Log;
  customers: CustomerRepository;
  /** What a password reset needs besides the above: it sends directly (a password is never queued). */
  passwords: Pick<
    PasswordResetDeps,
    'sender' | 'sent' | 'generatePassword' | 'passwordWriteGuardMs' | 'deliveryLeaseMs' | 'sleep'
  >;
  /** A server's life: the lifecycle state machine's runner, its panel, and the renewal/suspension policy. */
  lifecycle: Pick<LifecycleDeps, 'runner' | 'panel' | 'policy' | 'payment'>;
  /** Removes what an order's attempt made on the panel: the provisioning Rollback task, run for an admin's cancel. */
  rollback(orderId: string, attempt: number): Promise<RollbackSummary>;
  /** Payment receipts: copying a receipt's file for the admins, drafts while the customer picks, history notes. */
  media: MediaPort;
  receipts: ReceiptRecords;
  /** The payment gateway (PAYMENT_PROVIDER stripe or midtrans): payment links, and reading payments back. */
  gateway?: PaymentGateway;
  metric?: CountMetric;
}

/** One inbound message being answered: the ports, the message, and whether its sender is an admin. */
export interface Turn {
  deps: ConversationDeps;
  m: IncomingMessage;
  admin: boolean;
  /** The sender, in the language they read (their kept choice, else the words they wrote, else the shop's). */
  you: Recipient;
  /** Epoch ms by which the worker must be done with this message (its invocation ends soon after). */
  deadline?: number;
}

export type Replies = Promise<OutboundMessage[]> | OutboundMessage[];

export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

export type CommandHandler<K extends CommandKind> = (turn: Turn, command: CommandOf<K>) => Replies;

/** Every command kind and the handler that answers it; a kind without a handler fails the type check. */
export type CommandTable = { readonly [K in CommandKind]: CommandHandler<K> };

/** Applies events as one conditional write on (status, attempts); undefined when the order had changed. */
export async function applyEvents(
  deps: ConversationDeps,
  order: Order,
  events: OrderEvent[],
): Promise<Order | undefined> {
  const next = transitionAll(order, events, deps.clock.now());
  const saved = await deps.orders.saveTransition(next, { status: order.status, attempts: order.attempts });
  return saved ? next : undefined;
}

/** An admin's action lost the race to another change: say what the order is now. */
export async function changedMeanwhile(turn: Turn, order: Order, action: string): Promise<OutboundMessage[]> {
  const now = (await turn.deps.orders.get(order.id)) ?? order;
  return [M.adminCannot(turn.you, now, action)];
}

/** Every admin, in ADMIN_LANGUAGE. */
export function admins(deps: ConversationDeps): Recipient[] {
  return M.adminsTo(deps.settings.adminIds, deps.settings.shop);
}

/** An order's customer, in their language (the sender themself when they are that customer). */
export function customerOf(turn: Turn, order: Pick<Order, 'customerId' | 'lang'>): Recipient {
  return order.customerId === turn.you.id ? turn.you : M.customerTo(order, turn.deps.settings.shop);
}
