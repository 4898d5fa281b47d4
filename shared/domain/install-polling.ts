// How often to look at an install, and where the waiting happens. Looks come soon at first (most installs
// take seconds to a minute), then a fifth of the install's age so far apart (a customer waits at most ~20 %
// longer than the install took, or the first 2 s), never more than INSTALL_POLL_SECONDS apart: over a
// 10-minute install ~29 looks where a fixed 15 s would make 40.
//
// Where the wait is spent is a matter of cost. A state transition costs $0.000025; a second of CheckInstall
// at 128 MB costs $0.0000016667 (Lambda Arm, list prices): waiting inside the function is cheaper while the
// wait is under 15 s, i.e. while the install is younger than 75 s (a fifth of 75 s). So one invocation looks
// until then, sleeping in between; after that each look is one retry of CheckInstall on InstallNotReadyError
// (one transition), its back-off growing by the same fifth. See docs/performance.md for the comparison.

export const FIRST_POLL_SECONDS = 2;
/** The wait is this share of the time since the install began. */
const SHARE = 0.2;

/** CheckInstall's memory: the wait inside it is billed at this size (docs/performance.md, 83 MB used at rest). */
export const CHECK_INSTALL_MEMORY_MB = 128;

/**
 * An install younger than this is waited for inside one CheckInstall invocation: the break-even wait
 * (transition price ÷ price of a second at CHECK_INSTALL_MEMORY_MB = 15 s) divided by the share.
 */
export const WAIT_INSIDE_SECONDS = 75;

/** Seconds from a look at an install of this age to the next one (fractional; at least the first wait). */
export function nextPollSeconds(elapsedMs: number, maxSeconds: number): number {
  const wanted = (Math.max(0, elapsedMs) / 1000) * SHARE;
  return Math.max(Math.min(FIRST_POLL_SECONDS, maxSeconds), Math.min(wanted, maxSeconds));
}

/** Whether a look at this age is followed by another inside the same invocation (else: InstallNotReadyError). */
export function waitsInside(elapsedMs: number): boolean {
  return elapsedMs < WAIT_INSIDE_SECONDS * 1000;
}

/** The state machine's Retry of CheckInstall on InstallNotReadyError. */
export interface InstallRetry {
  intervalSeconds: number;
  backoffRate: number;
  maxDelaySeconds: number;
  maxAttempts: number;
}

/**
 * The retrier that takes over at WAIT_INSIDE_SECONDS: its first wait is a fifth of that age (whole seconds,
 * as Step Functions wants), each next one a fifth longer, capped at INSTALL_POLL_SECONDS. Retries are at least
 * `intervalSeconds` apart, so with `maxAttempts` the retrier cannot run out before the execution times out:
 * the install deadline (InstallTimeoutError, thrown by CheckInstall) is what ends a wait, as before.
 */
export function installRetry(maxSeconds: number, executionTimeoutSeconds: number): InstallRetry {
  const intervalSeconds = Math.max(1, Math.min(Math.floor(WAIT_INSIDE_SECONDS * SHARE), maxSeconds));
  return {
    intervalSeconds,
    backoffRate: 1 + SHARE,
    maxDelaySeconds: maxSeconds,
    maxAttempts: Math.ceil(executionTimeoutSeconds / intervalSeconds),
  };
}

/** What waiting for one install takes, as CheckInstall and its retrier do it (no faults, no slot waits). */
export interface InstallWait {
  /** The install's age at each look, in seconds. */
  looks: number[];
  /** CheckInstall invocations: the first, plus one per retry. */
  invocations: number;
  /** State transitions: CheckInstall entered once, plus one per retry. */
  transitions: number;
  /** Seconds CheckInstall runs, not counting the looks themselves (the first invocation's sleeps). */
  sleptSeconds: number;
  /** From the install's end to the look that sees it. */
  lateSeconds: number;
}

/** The looks at an install that ends `installSeconds` after EnsureServer, given INSTALL_POLL_SECONDS. */
export function installWait(installSeconds: number, maxSeconds: number, executionTimeoutSeconds = 86_400): InstallWait {
  const looks: number[] = [];
  let t = Math.min(FIRST_POLL_SECONDS, maxSeconds);
  let slept = t;
  looks.push(t);
  while (t < installSeconds && waitsInside(t * 1000)) {
    const wait = nextPollSeconds(t * 1000, maxSeconds);
    t += wait;
    slept += wait;
    looks.push(t);
  }
  const retry = installRetry(maxSeconds, executionTimeoutSeconds);
  let retries = 0;
  while (t < installSeconds) {
    t += Math.min(retry.maxDelaySeconds, retry.intervalSeconds * retry.backoffRate ** retries);
    retries++;
    looks.push(t);
  }
  return {
    looks,
    invocations: 1 + retries,
    transitions: 1 + retries,
    sleptSeconds: slept,
    lateSeconds: t - installSeconds,
  };
}
