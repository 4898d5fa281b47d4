// How long to wait before the next look at an install: soon at first (most installs take seconds to a
// minute), then a fifth of the install's age so far (a customer waits at most ~20 % longer than the install
// took), never more than INSTALL_POLL_SECONDS. Over a 10-minute install that is ~30 looks where a fixed 15 s
// would make 40; over a 30-second one the login goes out within a few seconds of the end.

export const FIRST_POLL_SECONDS = 2;
/** The wait is this share of the time since the install began. */
const SHARE = 0.2;

export function nextPollSeconds(elapsedMs: number, maxSeconds: number): number {
  const wanted = Math.ceil((Math.max(0, elapsedMs) / 1000) * SHARE);
  return Math.max(Math.min(FIRST_POLL_SECONDS, maxSeconds), Math.min(wanted, maxSeconds));
}
