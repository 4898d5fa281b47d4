// How often to look at an install. Looks come soon at first (most installs take seconds to a minute), then
// a fifth of the install's age so far apart (a customer waits at most ~20 % longer than the install took,
// or the first 2 s), never more than INSTALL_POLL_SECONDS apart: over a 10-minute install ~30 looks where a
// fixed 15 s would make 40.
//
// Where the wait is spent is a matter of cost: each look is a message on the install-watch queue, delayed by
// SQS (shared/app/provisioning/install-watch.ts), and the execution pauses once for all of them. A look costs
// an SQS send and receive and one short invocation, about a tenth of a state transition. See
// docs/performance.md for the designs compared.

export const FIRST_POLL_SECONDS = 2;
/** The wait is this share of the time since the install began. */
const SHARE = 0.2;

/** The CheckInstall function's memory (executions started before the install watch; 83 MB used at rest). */
export const CHECK_INSTALL_MEMORY_MB = 128;
/** The install watcher's memory: Lambda's least (a look is a read, a panel GET and a send). */
export const INSTALL_WATCHER_MEMORY_MB = 128;

/**
 * Executions started before the install watch (their CheckInstall task retries InstallNotReadyError): an
 * install younger than this is waited for inside one CheckInstall invocation, the break-even of a 128 MB
 * second against a transition. Remove with `waitsByRetry`.
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

/** What waiting for one install takes, as the install watch does it (no faults, no slot waits). */
export interface InstallWait {
  /** The install's age at each look, in seconds. */
  looks: number[];
  /** Install-watch messages: the state machine's, then one per look that found it still installing. */
  messages: number;
  /** State transitions of the wait: CheckInstall entered once, whatever the number of looks. */
  transitions: number;
  /** From the install's end to the look that sees it. */
  lateSeconds: number;
}

/**
 * The looks at an install that ends `installSeconds` after EnsureServer, given INSTALL_POLL_SECONDS: the
 * first at the state machine's delay, each next one a fifth of the age later (whole seconds, rounded down: SQS delays).
 */
export function installWait(installSeconds: number, maxSeconds: number): InstallWait {
  const looks: number[] = [];
  let t = Math.min(FIRST_POLL_SECONDS, maxSeconds);
  looks.push(t);
  while (t < installSeconds) {
    t += Math.floor(nextPollSeconds(t * 1000, maxSeconds));
    looks.push(t);
  }
  return { looks, messages: looks.length, transitions: 1, lateSeconds: t - installSeconds };
}
