// Install checks: soon at first, then a fifth of the install's age, capped (issue 18's goals, as arithmetic).

import { describe, expect, it } from 'vitest';
import { FIRST_POLL_SECONDS, nextPollSeconds } from '../../../shared/domain/install-polling.js';

/** The checks a run makes for an install of `installS` seconds, and how long after its end the last one comes. */
function run(installS: number, maxS: number): { checks: number; lateS: number } {
  let t = nextPollSeconds(0, maxS);
  let checks = 1;
  while (t < installS) {
    t += nextPollSeconds(t * 1000, maxS);
    checks++;
  }
  return { checks, lateS: t - installS };
}

describe('install polling', () => {
  it('starts 2 s apart, grows to a fifth of the install age, never beyond the cap', () => {
    expect(nextPollSeconds(0, 60)).toBe(FIRST_POLL_SECONDS);
    expect(nextPollSeconds(5_000, 60)).toBe(2);
    expect(nextPollSeconds(100_000, 60)).toBe(20);
    expect(nextPollSeconds(1_000_000, 60)).toBe(60);
    expect(nextPollSeconds(0, 1)).toBe(1);
  });

  it('a 10-minute install takes fewer checks than a fixed 15 s would (40), and the customer waits ≤ 20 % more', () => {
    const { checks, lateS } = run(600, 60);
    expect(checks).toBeLessThan(40);
    expect(lateS).toBeLessThanOrEqual(0.2 * 600);
  });

  it.each([10, 30, 90, 240])(
    'a %i s install ends at most 20 %% (or the first 2 s) before the check that sees it',
    (s) => {
      expect(run(s, 60).lateS).toBeLessThanOrEqual(Math.max(FIRST_POLL_SECONDS, 0.2 * s));
    },
  );
});
