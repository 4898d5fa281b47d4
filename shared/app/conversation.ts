// The shop's conversation: one inbound message in, state changes and queued replies out.
// Customers browse, order, follow and cancel; admins confirm, cancel, retry and inspect.
// Every step is safe to run again for the same message (the inbox worker reprocesses on failure):
// order ids are derived from the message id, transitions are conditional, replies are keyed.
//
// The commands live by area in conversation/ (ordering, payments, admin views) behind one dispatcher;
// this module is their public face.

export type { ConversationDeps, ConversationSettings, IncomingMessage } from './conversation/context.js';
export { handleMessage } from './conversation/dispatch.js';
export { orderIdForMessage } from './conversation/ordering.js';
