// Payment receipts (issue 19). With manual payments, a customer sends the receipt here: a photo or a PDF of
// the transfer, or a text naming the order ("paguei o ORD-9JTXX2, pix E0987..."). It is acknowledged and
// forwarded to every admin with the order, the customer and Confirm payment / Reject; Reject asks for a
// reason, which the customer gets. A file reaches the admins as a file: it is copied through the Cloud API's
// media endpoints here, in the worker (retrieved by its inbound id, uploaded again), and only the new media
// id is queued. Nothing here changes an order's status: a receipt and a rejection are notes in its history.

import * as M from '../../domain/messages.js';
import type { Order } from '../../domain/order.js';
import type { MediaHeader, OutboundMessage } from '../../domain/outbound.js';
import {
  type FileProblem,
  MAX_RECEIPTS_PER_HOUR,
  noteEntry,
  receiptTarget,
  recentReceipts,
} from '../../domain/receipt-rules.js';
import { senderMatches } from '../../domain/whatsapp-ids.js';
import type { InboundMedia, MediaCopy } from '../ports.js';
import { admins, type CommandTable, customerOf, type Turn } from './context.js';
import { withAdminOrder } from './lookup.js';

/** How far back a receipt looks for the sender's unpaid orders (newest first). */
const RECENT_ORDERS = 20;

export const receiptCommands = {
  receipt: (turn, command) => receipt(turn, command.via, command.named),
  'receipt-pick': (turn, command) =>
    command.orderRef.ok ? pick(turn, command.orderRef.id, command.draft) : receipt(turn, 'text', []),
  'order-reject': (turn, command) =>
    withAdminOrder(turn, command.orderRef, '!order-reject', (o) => reject(turn, o, command.reason)),
} satisfies Partial<CommandTable>;

/** What the customer sent: the text (or the file's caption) and the file, by its inbound id. */
interface Evidence {
  via: 'media' | 'text';
  text?: string;
  media?: InboundMedia;
}

async function receipt(turn: Turn, via: 'media' | 'text', named: readonly string[]): Promise<OutboundMessage[]> {
  const { deps, m, admin } = turn;
  const evidence: Evidence = {
    via: via === 'media' && m.media ? 'media' : 'text',
    ...(m.text?.trim() ? { text: m.text } : {}),
    ...(via === 'media' && m.media ? { media: m.media } : {}),
  };
  const [mine, recent] = await Promise.all([
    namedOrders(turn, named),
    deps.orders.listByCustomer(m.from, RECENT_ORDERS),
  ]);
  const target = receiptTarget(mine, recent.items);
  switch (target.kind) {
    case 'none':
      return [M.customerReceiptNoOrder(turn.you, deps.settings.shop, target.settled, admin)];
    case 'ask':
      // The taps carry this message's id; what it said waits here (7 days, as long as its media id lives).
      await deps.receipts.saveDraft({
        messageId: m.id,
        from: m.from,
        at: m.at.toISOString(),
        ...(evidence.text ? { text: evidence.text } : {}),
        ...(evidence.media ? { media: evidence.media } : {}),
      });
      return [M.customerReceiptWhichOrder(turn.you, target.choices, m.id, target.settled)];
    case 'order':
      return forward(turn, target.order, evidence);
  }
}

/** The orders the text names that are the sender's own (someone else's order is not found, as everywhere). */
async function namedOrders(turn: Turn, ids: readonly string[]): Promise<Order[]> {
  const found = await Promise.all(ids.map((id) => turn.deps.orders.get(id)));
  return found.filter((o): o is Order => o !== undefined && o.customerId === turn.m.from);
}

/** The customer tapped the order a receipt is for (they had several unpaid). */
async function pick(turn: Turn, orderId: string, draftId: string): Promise<OutboundMessage[]> {
  const { deps, m, admin } = turn;
  const draft = await deps.receipts.getDraft(draftId, deps.clock.now());
  if (!draft || draft.from !== m.from) return [M.customerReceiptExpired(turn.you)];
  const found = await deps.orders.get(orderId);
  const order = found?.customerId === m.from ? found : undefined;
  if (order?.status !== 'PENDING') return [M.customerReceiptNoOrder(turn.you, deps.settings.shop, order, admin)];
  if (!(await deps.receipts.claimDraft(draftId, order.id, m.id))) {
    const used = await deps.receipts.getDraft(draftId, deps.clock.now());
    return [M.customerReceiptAlreadySent(turn.you, used?.usedFor ?? order.id)];
  }
  return forward(turn, order, {
    via: draft.media ? 'media' : 'text',
    ...(draft.text ? { text: draft.text } : {}),
    ...(draft.media ? { media: draft.media } : {}),
  });
}

/** Copies the file (if any), notes the receipt on the order, tells the customer and every admin. */
async function forward(turn: Turn, order: Order, evidence: Evidence): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  const recent = recentReceipts(order, deps.clock.now());
  if (recent >= MAX_RECEIPTS_PER_HOUR) return [M.customerReceiptEnough(turn.you, order, recent)];
  const file = evidence.media ? await copyFile(turn, order, evidence.media) : {};
  const r: M.ForwardedReceipt = {
    via: evidence.via,
    ...(evidence.text ? { text: evidence.text } : {}),
    ...file,
    ...(evidence.media ? { sentAs: evidence.media.type } : {}),
  };
  const said = r.media ? (r.media.type === 'image' ? 'photo' : 'document') : evidence.via === 'media' ? 'file' : 'text';
  const why = `receipt: ${said}${r.problem ? ` (not attached: ${r.problem.kind})` : ''}`;
  // A note, not a transition: if the order moved on meanwhile, the admins still see what arrived.
  await deps.receipts.note(order.id, noteEntry(order, 'RECEIPT', m.from, why, deps.clock.now()), 'PENDING');
  // Never the file's URL, bytes or the customer's words: what arrived and for which order.
  deps.log.info('Payment receipt forwarded', {
    orderId: order.id,
    via: r.via,
    file: r.media?.type,
    problem: r.problem?.kind,
  });
  return [M.customerReceiptReceived(turn.you, order, r), ...admins(deps).map((a) => M.adminReceipt(a, order, r))];
}

async function copyFile(
  turn: Turn,
  order: Order,
  media: InboundMedia,
): Promise<{ media?: MediaHeader; problem?: FileProblem }> {
  const copy = await turn.deps.media.copy(media, turn.deadline ? { deadline: turn.deadline } : {});
  if (!copy.ok) return { problem: problemOf(copy) };
  const header: MediaHeader = { type: copy.kind, id: copy.mediaId };
  if (copy.kind === 'document') header.filename = fileName(media.filename, copy.mimeType, order.id);
  return { media: header };
}

function problemOf(copy: Extract<MediaCopy, { ok: false }>): FileProblem {
  if (copy.problem !== 'too-big') return { kind: copy.problem };
  return {
    kind: 'too-big',
    ...(copy.bytes !== undefined ? { bytes: copy.bytes } : {}),
    ...(copy.maxBytes !== undefined ? { maxBytes: copy.maxBytes } : {}),
  };
}

/** The name the admins see: the customer's, made safe (no path, no control characters), or one of ours. */
export function fileName(sent: string | undefined, mimeType: string, orderId: string): string {
  const clean = (sent ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\p{C}"<>|*?:]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-120);
  if (clean && clean !== '.' && clean !== '..') return clean;
  return `receipt-${orderId}${mimeType === 'application/pdf' ? '.pdf' : ''}`;
}

/** `!order-reject ID [reason]`: without a reason, the admin is asked for one; with it, the customer is told. */
async function reject(turn: Turn, order: Order, reason: string | undefined): Promise<OutboundMessage[]> {
  const { deps, m } = turn;
  if (!reason) return [M.adminRejectAsk(turn.you, order)];
  if (order.status !== 'PENDING') return [M.adminCannot(turn.you, order, 'reject the receipt of')];
  const entry = noteEntry(order, 'RECEIPT_REJECTED', m.from, reason, deps.clock.now());
  if (!(await deps.receipts.note(order.id, entry, 'PENDING'))) {
    // Moved on meanwhile (another admin confirmed), or its history is full: only the first stops the reject.
    const now = await deps.orders.get(order.id);
    if (now && now.status !== 'PENDING') return [M.adminCannot(turn.you, now, 'reject the receipt of')];
  }
  deps.log.info('Payment receipt rejected', { orderId: order.id });
  const others = admins(deps).filter((a) => !senderMatches([a.id], m));
  return [
    M.adminReceiptRejected(turn.you, order, reason),
    M.customerReceiptRejected(customerOf(turn, order), order, reason, deps.settings.shop),
    ...others.map((a) => M.adminReceiptRejectedNotice(a, order, m.from, reason)),
  ];
}
