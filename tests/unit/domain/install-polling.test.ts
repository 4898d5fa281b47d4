// Install checks: soon at first, then a fifth of the install's age, capped, in whole seconds; each a message
// on the install-watch queue, the execution paused once (issue 18's goals, as arithmetic).

import { describe, expect, it } from 'vitest';
import { PANEL_SLOT_WAIT_SECONDS } from '../../../shared/app/provisioning/context.js';
import { watchTimeoutSeconds } from '../../../shared/app/provisioning/install-watch.js';
import {
  FIRST_POLL_SECONDS,
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
      for (const max of [60, 15, 5, 1]) {
        const { lateSeconds } = installWait(s, max);
        expect(lateSeconds, `${s} s install, INSTALL_POLL_SECONDS ${max}`).toBeLessThanOrEqual(
          Math.max(Math.min(FIRST_POLL_SECONDS, max), 0.2 * s) + 1e-9,
        );
      }
    }
  });

  it('looks are whole seconds apart (SQS delays), each one a message; the wait is one transition however long', () => {
    for (const s of [0, 1, 30, 74, 150, 600, 3600]) {
      const w = installWait(s, 60);
      expect(w.transitions, `${s} s`).toBe(1);
      expect(w.messages).toBe(w.looks.length);
      expect(w.looks.every((t) => Number.isInteger(t))).toBe(true);
    }
    expect(installWait(0, 60).looks).toEqual([2]);
    expect(installWait(10, 60).looks).toEqual([2, 4, 6, 8, 10]);
  });

  it("CheckInstall's timeout outlasts the deadline, a last look one poll later and its wait for a panel slot", () => {
    expect(watchTimeoutSeconds(900, 60)).toBeGreaterThan(900 + 60 + PANEL_SLOT_WAIT_SECONDS);
  });

  it('executions from before the install watch still wait inside CheckInstall while the install is under 75 s', () => {
    expect(waitsInside((WAIT_INSIDE_SECONDS - 1) * 1000)).toBe(true);
    expect(waitsInside(WAIT_INSIDE_SECONDS * 1000)).toBe(false);
  });
});
