// Install checks: soon at first, then a fifth of the install's age, capped; inside CheckInstall while the
// install is young, then by the state machine's retry (issue 18's goals, as arithmetic).

import { describe, expect, it } from 'vitest';
import {
  CHECK_INSTALL_MEMORY_MB,
  FIRST_POLL_SECONDS,
  installRetry,
  installWait,
  nextPollSeconds,
  WAIT_INSIDE_SECONDS,
  waitsInside,
} from '../../../shared/domain/install-polling.js';

describe('install polling', () => {
  it('starts 2 s apart, grows to a fifth of the install age, never beyond the cap', () => {
    expect(nextPollSeconds(0, 60)).toBe(FIRST_POLL_SECONDS);
    expect(nextPollSeconds(5_000, 60)).toBe(2);
    expect(nextPollSeconds(100_000, 60)).toBe(20);
    expect(nextPollSeconds(1_000_000, 60)).toBe(60);
    expect(nextPollSeconds(0, 1)).toBe(1);
  });

  it('a 10-minute install takes fewer looks than a fixed 15 s would (40), and the customer waits ≤ 20 % more', () => {
    const w = installWait(600, 60);
    expect(w.looks.length).toBeLessThan(40);
    expect(w.lateSeconds).toBeLessThanOrEqual(0.2 * 600);
  });

  it('whatever the install takes (0.1 s steps up to 15 min), the look that sees it comes at most 20 % (or the first 2 s) after its end', () => {
    for (let tenths = 1; tenths <= 9_000; tenths++) {
      const s = tenths / 10;
      for (const max of [60, 15, 5]) {
        const { lateSeconds } = installWait(s, max);
        expect(lateSeconds, `${s} s install, INSTALL_POLL_SECONDS ${max}`).toBeLessThanOrEqual(
          Math.max(FIRST_POLL_SECONDS, 0.2 * s) + 1e-9,
        );
      }
    }
  });

  it('an install under WAIT_INSIDE_SECONDS is waited for in one invocation: one transition', () => {
    for (const s of [0, 1, 10, 30, 60, 74]) {
      expect(installWait(s, 60), `${s} s`).toMatchObject({ invocations: 1, transitions: 1 });
    }
    expect(waitsInside((WAIT_INSIDE_SECONDS - 1) * 1000)).toBe(true);
    expect(waitsInside(WAIT_INSIDE_SECONDS * 1000)).toBe(false);
  });

  it('a longer one costs one transition a look after that: 5 for 2½ minutes, 14 for 10', () => {
    expect(installWait(150, 60).transitions).toBe(5);
    expect(installWait(600, 60).transitions).toBe(14);
  });

  it('waits inside while that is cheaper than a transition: until the wait reaches transition price ÷ price of a second', () => {
    const transitionUsd = 0.025 / 1000;
    const secondUsd = 0.0000133334 * (CHECK_INSTALL_MEMORY_MB / 1024);
    const breakEvenWaitSeconds = transitionUsd / secondUsd;
    expect(WAIT_INSIDE_SECONDS).toBeCloseTo(breakEvenWaitSeconds / 0.2, 0);
  });

  it("the retrier's first wait is a fifth of WAIT_INSIDE_SECONDS in whole seconds, within the cap, and it outlasts the execution", () => {
    expect(installRetry(60, 22_500)).toEqual({
      intervalSeconds: 15,
      backoffRate: 1.2,
      maxDelaySeconds: 60,
      maxAttempts: 1500,
    });
    expect(installRetry(5, 22_200)).toMatchObject({ intervalSeconds: 5, maxDelaySeconds: 5, maxAttempts: 4440 });
    expect(installRetry(1, 21_610)).toMatchObject({ intervalSeconds: 1, maxAttempts: 21_610 });
  });
});
