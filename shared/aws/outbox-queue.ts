// The outbox on SQS FIFO: one group per recipient (order kept per chat), dedup by the item's key.

import type { Outbox, OutboxItem } from '../app/ports.js';
import { type QueuePort, queueJson } from './queue.js';

export class QueueOutbox implements Outbox {
  constructor(private readonly queue: QueuePort) {}

  async enqueue(items: readonly OutboxItem[]): Promise<void> {
    await this.queue.send(items.map((item) => ({ body: queueJson(item), ...routing(item) })));
  }
}

/** FIFO group and dedup id: messages per recipient; notices per order, once per attempt. */
function routing(item: OutboxItem): { groupId: string; dedupId: string } {
  switch (item.type) {
    case 'message':
      return { groupId: item.message.to, dedupId: item.key };
    case 'notice':
      return { groupId: `notice-${item.orderId}`, dedupId: `${item.orderId}-${item.attempt}-${item.notice}` };
    case 'execution-stopped':
      return { groupId: `notice-${item.execution}`, dedupId: `${item.execution}-${item.status}-stopped` };
  }
}
