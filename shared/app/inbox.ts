// The inbox worker's use case for one queued webhook event: drop redeliveries, record the customer's
// last inbound time (the 24-hour window), then run the command or apply the status.

import { type ConversationDeps, handleMessage, type IncomingMessage } from './conversation.js';
import type { OutboxDeps } from './outbox.js';
import type { CustomerRepository, InboundDedupe } from './ports.js';
import { handleStatus, type IncomingStatus } from './statuses.js';

export type InboxEvent =
  | { type: 'message'; message: IncomingMessage }
  | { type: 'status'; status: IncomingStatus }
  | { type: 'ignored'; reason: string };

export interface InboxDeps extends ConversationDeps {
  dedupe: InboundDedupe;
  customers: CustomerRepository;
  statusDeps: Pick<OutboxDeps, 'sent' | 'outbox' | 'adminIds' | 'log' | 'metric'>;
}

export async function processInboxEvent(
  deps: InboxDeps,
  event: InboxEvent,
): Promise<'processed' | 'duplicate' | 'ignored'> {
  switch (event.type) {
    case 'ignored':
      deps.log.info('Inbox event ignored', { reason: event.reason });
      return 'ignored';
    case 'status':
      await handleStatus(deps.statusDeps, event.status);
      return 'processed';
    case 'message': {
      const m = event.message;
      if (!(await deps.dedupe.firstSeen(m.id, deps.clock.now()))) return 'duplicate';
      try {
        await deps.customers.touch(m.from, m.at, m.name);
        await handleMessage(deps, m);
        return 'processed';
      } catch (e) {
        // Let the redelivery run it again: every step of a command is safe to repeat.
        await deps.dedupe.forget(m.id).catch(() => undefined);
        throw e;
      }
    }
  }
}
