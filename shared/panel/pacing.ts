// Pacing of Application API calls under one shared budget (PANEL_RATE_LIMIT_PER_MINUTE), so a burst of
// orders is spread over time BEFORE the panel refuses calls, instead of every execution hitting 429 and
// retrying in lockstep. A decorator around the HTTP transport: the panel client above it does not know.
//
// The budget is a token bucket kept as GCRA (a "theoretical arrival time", `tat`) in one shared item, so
// every concurrent Lambda invocation, and every task of `npm start`, books its calls from the same
// budget. Booking a call is one conditional write; the caller then sleeps until its slot. The panel's own
// word wins when it says less: a 429's Retry-After holds the whole budget until then, X-RateLimit-Remaining 0
// empties it, and an X-RateLimit-Limit below the budget slows this process down to it.

import type { PanelRequest, PanelResponse, PanelTransport, RateLimitHeaders } from './http.js';
import { PanelRateLimitedError } from './panel-errors.js';

/** The shared item behind the budget (shared/store/panel-budget.ts keeps it in the table). */
export interface PanelBudgetStore {
  /**
   * Books one slot: `tat` becomes max(tat, now) + interval, unless `tat` is past `latest`. Returns the
   * `tat` found before the booking (`now` when the budget was idle), or undefined when nothing was booked.
   */
  book(now: number, intervalMs: number, latest: number): Promise<number | undefined>;
  /** The current `tat` (0 when never used). */
  read(): Promise<number>;
  /** Moves `tat` forward to `at` (never back): no slot before `at` minus the burst tolerance. */
  raise(at: number): Promise<void>;
}

/** Milliseconds on the panel's clock (the bench runs the panel's minute faster), and a sleep on it. */
export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacingClock: PacingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PanelPacerOptions {
  store: PanelBudgetStore;
  /** PANEL_RATE_LIMIT_PER_MINUTE: calls a minute for the whole system. */
  perMinute: number;
  /**
   * The longest a call may wait for its slot here. Beyond it the call is not booked and fails as a rate
   * limit (the state machine's retry comes back later); a worker answering a person waits little.
   */
  maxWaitMs: number;
  clock?: PacingClock;
}

/**
 * Calls that may go at once after an idle spell: three seconds of the budget. Small on purpose: the panel
 * counts per fixed minute, so a large burst on top of a budget equal to its limit would be refused.
 */
function burstOf(perMinute: number): number {
  return Math.max(1, Math.floor(perMinute / 20));
}

export class PanelPacer {
  private readonly clock: PacingClock;
  /** The lowest X-RateLimit-Limit the panel reported, when below the budget. */
  private panelLimit: number | undefined;

  constructor(private readonly o: PanelPacerOptions) {
    if (!(o.perMinute > 0)) throw new Error(`The panel budget must be positive, got ${o.perMinute}`);
    this.clock = o.clock ?? realPacingClock;
  }

  /** The calls a minute this process paces to: the budget, or less when the panel said less. */
  get perMinute(): number {
    return Math.min(this.o.perMinute, this.panelLimit ?? Number.POSITIVE_INFINITY);
  }

  private get interval(): number {
    return 60_000 / this.perMinute;
  }

  private get tolerance(): number {
    return (burstOf(this.perMinute) - 1) * this.interval;
  }

  /** Waits for this call's slot, or throws PanelRateLimitedError when the budget is booked past maxWaitMs. */
  async take(req: Pick<PanelRequest, 'method' | 'path'>): Promise<void> {
    for (let tries = 0; ; tries++) {
      const now = this.clock.now();
      const tolerance = this.tolerance;
      const latest = now + tolerance + this.o.maxWaitMs;
      const before = await this.o.store.book(now, this.interval, latest);
      if (before !== undefined) {
        const slot = Math.max(now, before - tolerance);
        if (slot > now) await this.clock.sleep(slot - now);
        return;
      }
      const tat = await this.o.store.read();
      // Another caller moved the budget between the two conditions: book again.
      if (tat <= latest && tries < 5) continue;
      const waitSeconds = Math.max(1, Math.ceil((tat - tolerance - now) / 1000));
      throw new PanelRateLimitedError({
        ...req,
        code: 'PanelBudgetBooked',
        detail: `The shared panel budget (PANEL_RATE_LIMIT_PER_MINUTE=${this.o.perMinute}) is booked for the next ${waitSeconds} s`,
        retryAfterSeconds: waitSeconds,
      });
    }
  }

  /** What a successful answer said about the panel's own limit. */
  async observe(headers: RateLimitHeaders | undefined): Promise<void> {
    if (!headers) return;
    if (headers.limit !== undefined && headers.limit > 0 && headers.limit < this.o.perMinute) {
      this.panelLimit = Math.min(this.panelLimit ?? headers.limit, headers.limit);
    }
    // None left in the panel's minute: empty the shared bucket (the next slot is one interval away).
    if (headers.remaining === 0) await this.o.store.raise(this.clock.now() + this.tolerance + this.interval);
  }

  /** A 429: nobody calls before its Retry-After. */
  async refused(retryAfterSeconds: number): Promise<void> {
    await this.o.store.raise(this.clock.now() + retryAfterSeconds * 1000 + this.tolerance);
  }
}

/**
 * The HTTP transport with every call paced. A 429 still possible (another tool on the same key, a panel
 * limit below the budget) holds the shared budget until its Retry-After and the call is made again once
 * its new slot comes: the panel refused it before doing anything, so repeating it is safe for any method.
 */
export class PacedTransport implements PanelTransport {
  constructor(
    private readonly inner: PanelTransport,
    private readonly pacer: PanelPacer,
  ) {}

  get baseUrl(): string {
    return this.inner.baseUrl;
  }

  async request<T>(req: PanelRequest): Promise<PanelResponse<T>> {
    for (let refusals = 0; ; refusals++) {
      await this.pacer.take(req);
      try {
        const res = await this.inner.request<T>(req);
        await this.pacer.observe(res.rateLimit);
        return res;
      } catch (e) {
        if (!(e instanceof PanelRateLimitedError) || refusals >= 3) throw e;
        await this.pacer.refused(e.retryAfterSeconds);
      }
    }
  }

  destroy(): void {
    this.inner.destroy();
  }
}
