// How the fake Stripe delivers events: the pretty-printed JSON body Stripe sends, signed by hand with
// node:crypto (`Stripe-Signature: t=<unix>,v1=<HMAC-SHA256(secret, "<t>.<body>")>`, never with the SDK, so
// the SDK's verifier checks it independently), every attempt recorded, a failed one retried once.

import { createHmac } from 'node:crypto';
import { postWebhook } from './http.js';
import type { StripeEvent } from './stripe-model.js';
import { unixNow } from './stripe-model.js';

/** One POST of an event to the webhook endpoint and what the endpoint answered. */
export interface StripeDelivery {
  eventId: string;
  type: string;
  /** 1 for the first attempt, 2 for the retry; a `resend` is a new attempt 1. */
  attempt: number;
  url: string;
  /** The endpoint's HTTP status, or null when nothing answered (see `error`). */
  status: number | null;
  responseBody: string;
  error?: string;
  /** The raw body sent (what a receiver must verify). */
  body: string;
  /** The Stripe-Signature header sent, or null when the delivery went unsigned. */
  signature: string | null;
  at: Date;
}

/** How to sign a (re)delivery: an old `timestamp` (unix seconds), a wrong `secret`, or a raw header (null: none). */
export interface SignOptions {
  timestamp?: number;
  secret?: string;
  signature?: string | null;
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

const ok = (d: StripeDelivery) => d.status !== null && d.status >= 200 && d.status < 300;

export class StripeWebhookSender {
  url: string | undefined;
  readonly deliveries: StripeDelivery[] = [];
  /** Raw bodies by event id: a resend sends the very same bytes. */
  readonly bodies = new Map<string, string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    url: string | undefined,
    private readonly secret: string,
    private readonly retryDelayMs: number | false,
    private readonly timeoutMs: number,
  ) {
    this.url = url;
  }

  /** Records the event's body and delivers it: resolves after the first attempt; a failed one is retried once later. */
  send(event: StripeEvent): Promise<StripeDelivery | undefined> {
    const body = JSON.stringify(event, null, 2);
    this.bodies.set(event.id, body);
    const url = this.url;
    if (url === undefined) return Promise.resolve(undefined);
    return this.track(
      this.attempt(url, event, body, {}, 1).then((first) => {
        if (!ok(first) && this.retryDelayMs !== false) this.track(this.later(this.retryDelayMs, url, event, body));
        return first;
      }),
    );
  }

  /** One more delivery of a recorded event, signed as told; no retry. */
  async resend(event: StripeEvent, options: SignOptions = {}): Promise<StripeDelivery> {
    const body = this.bodies.get(event.id) ?? JSON.stringify(event, null, 2);
    this.bodies.set(event.id, body);
    if (this.url === undefined) throw new Error('the fake Stripe has no webhookUrl to deliver to');
    return this.track(this.attempt(this.url, event, body, options, 1));
  }

  /** Resolves when no delivery or retry is in flight. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private later(delayMs: number, url: string, event: StripeEvent, body: string): Promise<StripeDelivery> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, delayMs);
      this.timers.add(timer);
    }).then(() => this.attempt(url, event, body, {}, 2));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  private async attempt(
    url: string,
    event: StripeEvent,
    body: string,
    options: SignOptions,
    attempt: number,
  ): Promise<StripeDelivery> {
    const signature =
      options.signature !== undefined
        ? options.signature
        : signatureHeader(options.secret ?? this.secret, options.timestamp ?? unixNow(), body);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      accept: '*/*; q=0.5, application/xml',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    };
    const at = new Date();
    const outcome = await postWebhook(url, body, headers, this.timeoutMs);
    const delivery: StripeDelivery = {
      eventId: event.id,
      type: event.type,
      attempt,
      url,
      status: outcome.status,
      responseBody: outcome.responseBody,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      body,
      signature,
      at,
    };
    this.deliveries.push(delivery);
    return delivery;
  }
}
