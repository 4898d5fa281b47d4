// The outbox on SQS FIFO: one group per recipient (order kept per chat), dedup by the item's key.

import type { Outbox, OutboxItem } from '../app/ports.js';
import { type QueuePort, queueJson } from './queue.js';

export class QueueOutbox implements Outbox {
  constructor(private readonly queue: QueuePort) {}

  async enqueue(items: readonly OutboxItem[]): Promise<void> {
    await this.queue.send(
      items.map((item) =>
        item.type === 'message'
          ? { body: queueJson(item), groupId: item.message.to, dedupId: item.key }
          : {
              body: queueJson(item),
              groupId: `notice-${item.orderId}`,
              dedupId: `${item.orderId}-${item.attempt}-${item.notice}`,
            },
      ),
    );
  }
}
