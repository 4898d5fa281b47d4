// Status webhooks for messages we sent: update the delivery record, and act on failures.

import type { OutboxDeps } from './outbox-delivery.js';
import { reportToAdmins } from './outbox-delivery.js';
import type { DeliveryStatus, OutboxItem } from './ports.js';

export interface IncomingStatus {
  messageId: string;
  status: string;
  recipient: string;
  at: Date;
  errorCodes: number[];
}

const KNOWN: ReadonlySet<string> = new Set(['sent', 'delivered', 'read', 'failed']);

export async function handleStatus(
  deps: Pick<OutboxDeps, 'sent' | 'outbox' | 'adminIds' | 'shop' | 'log' | 'metric'>,
  s: IncomingStatus,
): Promise<void> {
  if (!KNOWN.has(s.status)) return;
  const record = await deps.sent.applyStatus(s.messageId, s.status as DeliveryStatus, s.at, s.errorCodes[0]);
  if (!record) return; // not one of ours (or long expired)
  if (s.status !== 'failed' || record.status !== 'failed') return;

  deps.metric('MessagesFailedAfterSend');
  if (s.errorCodes.includes(131047) && record.resendable?.template) {
    if (await deps.sent.markResent(s.messageId, `${s.messageId}:template`)) {
      deps.log.info('Window had closed; resending as a template', { kind: record.kind, orderId: record.orderId });
      const item: OutboxItem = {
        type: 'message',
        message: record.resendable,
        key: `${s.messageId}:template`,
        forceTemplate: true,
      };
      await deps.outbox.enqueue([item]);
    }
    return;
  }
  if (await deps.sent.markResent(s.messageId, `${s.messageId}:reported`)) {
    await reportToAdmins(
      deps,
      { to: record.to, kind: record.kind, ...(record.orderId ? { orderId: record.orderId } : {}) },
      s.messageId,
      `error ${s.errorCodes.join(', ') || 'unknown'}`,
    );
  }
}
