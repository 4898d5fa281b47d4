// The 24-hour customer-service window: free-form messages only reach a customer who wrote to us in the
// last 24 hours; outside it only approved templates do (else Meta answers 131047).

import type { OutboundMessage } from '../domain/outbound.js';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Sending takes time (queue, retries) and clocks drift: stop trusting the window a little early. */
export const WINDOW_SAFETY_MARGIN_MS = 5 * 60 * 1000;

export type MessageForm = 'free-form' | 'template';

/** When the window of a customer whose last message arrived at `lastInboundAt` closes. */
export function windowClosesAt(lastInboundAt: Date): Date {
  return new Date(lastInboundAt.getTime() + SERVICE_WINDOW_MS);
}

/** Free-form only when the last inbound message is less than 24 h (minus the margin) old; unknown → template. */
export function chooseForm(
  lastInboundAt: Date | undefined,
  now: Date,
  marginMs: number = WINDOW_SAFETY_MARGIN_MS,
): MessageForm {
  if (lastInboundAt === undefined || Number.isNaN(lastInboundAt.getTime())) return 'template';
  return now.getTime() < windowClosesAt(lastInboundAt).getTime() - marginMs ? 'free-form' : 'template';
}

/**
 * The form to send a message in: the template when the window is (probably) closed and the message has one.
 * A message without a template form (a direct reply) goes free-form: it answers a message that just opened the window.
 */
export function formFor(message: OutboundMessage, lastInboundAt: Date | undefined, now: Date): MessageForm {
  if (message.template === undefined) return 'free-form';
  return chooseForm(lastInboundAt, now);
}
