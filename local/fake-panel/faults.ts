// Fault switches of the fake panel, set at runtime from tests (JS API) or over HTTP (`POST /__fake/faults`).

import type { InstallOutcome } from './state.js';

export interface RandomFaults {
  seed: number;
  /** Probability of a 500 on any API call (nothing happens on the panel). */
  p5xx?: number;
  /** Probability that Wings is unreachable for a create or delete (504 DaemonConnectionException). */
  p504?: number;
  /** Probability of a 429 on any API call. */
  p429?: number;
  /** Probability of delaying a response by `slowMs` (default 2000 ms). */
  pSlow?: number;
  slowMs?: number;
  /** Probability that a successful POST /servers loses its answer (server created, connection reset). */
  pLost?: number;
  /** Probability that a new server's install fails / never finishes. */
  pInstallFail?: number;
  pInstallNever?: number;
}

export interface FakePanelFaults {
  /** Every API call answers 503 (true), or only the next N calls (a number). */
  unavailable: boolean | number;
  /** Wings unreachable: POST /servers and a normal DELETE answer 504; the create leaves nothing behind. */
  wingsDown: boolean;
  /** Delay every API response by this many ms. */
  slowMs: number;
  /**
   * The next N creates succeed on the panel but the answer is lost: `reset` destroys the socket (the client
   * sees a network error), `stall` never answers (the client times out). `late` never answers either, and
   * the server only appears `landAfterMs` later (a create still in flight after the client gave up).
   */
  loseCreateResponse: number | { count: number; mode: 'reset' | 'stall' | 'late'; landAfterMs?: number };
  /** Requests per minute per admin account (panel default 240). */
  rateLimitPerMinute: number;
  installOutcome: InstallOutcome;
  installDelayMs: number;
  /**
   * Every node is considered full: deploy and /nodes/deployable find no node with room, and a node's
   * allocated_resources read as its whole capacity (so an upgrade's room check finds none).
   */
  full: boolean;
  /** PATCH /servers/{id}/build answers 400 (the panel refused the new build); nothing changes. */
  buildRefused: boolean;
  /** Seeded random faults (null = off). */
  random: RandomFaults | null;
}

export const DEFAULT_FAULTS: Readonly<FakePanelFaults> = {
  unavailable: false,
  wingsDown: false,
  slowMs: 0,
  loseCreateResponse: 0,
  rateLimitPerMinute: 240,
  installOutcome: 'success',
  installDelayMs: 200,
  full: false,
  buildRefused: false,
  random: null,
};

/** mulberry32: a tiny deterministic PRNG, enough to replay a fault sequence from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = Object.keys(DEFAULT_FAULTS) as Array<keyof FakePanelFaults>;

/** Validates a partial fault object from an untrusted source (the HTTP admin endpoint). */
export function parseFaults(input: unknown): Partial<FakePanelFaults> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('faults must be an object');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (!KEYS.includes(k as keyof FakePanelFaults)) throw new Error(`unknown fault "${k}"; known: ${KEYS.join(', ')}`);
    // null resets a switch to its default.
    out[k] = v === null ? DEFAULT_FAULTS[k as keyof FakePanelFaults] : v;
  }
  const f = out as Partial<FakePanelFaults>;
  if (f.installOutcome !== undefined && !['success', 'fail', 'never'].includes(f.installOutcome)) {
    throw new Error('installOutcome must be success, fail or never');
  }
  for (const k of ['slowMs', 'rateLimitPerMinute', 'installDelayMs'] as const) {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new Error(`${k} must be a number >= 0`);
  }
  if (f.random !== undefined && f.random !== null && typeof f.random.seed !== 'number') {
    throw new Error('random.seed must be a number');
  }
  return f;
}
