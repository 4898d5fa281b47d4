// Lambda entry: inbox.fifo → the shop's conversation.
import { composeInbox } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { createInboxHandler } from './inbox-batch.js';

const { deps, observability } = composeInbox(process.env);
export const handler = instrument(observability, createInboxHandler(deps));
