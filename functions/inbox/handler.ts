// Lambda entry: inbox.fifo → the shop's conversation.
import { composeApp } from '../../shared/runtime/compose.js';
import { createInboxHandler } from './inbox.js';

export const handler = createInboxHandler(composeApp(process.env).inbox);
