// The server lifecycle's pure rules: what is due next and when, how a renewal moves the paid-until date,
// when a suspended server is deleted, and that no paid server is ever suspended or terminated.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../shared/domain/commands.js';
import { DEFAULT_TIER_RESOURCES } from '../../../shared/domain/packages.js';
import {
  DAY_MS,
  DEFAULT_POLICY,
  type LifecyclePolicy,
  nextStep,
  renewedUntil,
  type Service,
  startService,
  terminateAt,
  withDue,
} from '../../../shared/domain/service.js';

const T0 = '2026-01-01T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * DAY_MS);
const POLICY: LifecyclePolicy = {
  reminderDays: [3, 1],
  suspendAfterDays: 2,
  terminateAfterDays: 7,
  terminationWarningDays: 2,
};
const fresh = (): Service => startService(T0, 30, POLICY, 'test');

describe('nextStep', () => {
  it('starts with the first reminder, 3 days before the paid-until date', () => {
    const s = fresh();
    expect(s.paidUntil).toBe(day(30).toISOString());
    expect(s.dueAt).toBe(day(27).toISOString());
    expect(nextStep(s, POLICY, day(1))).toMatchObject({ kind: 'remind', days: 3 });
  });

  it('reminds at 3 and 1 days before and on the day, then suspends SUSPEND_AFTER_DAYS after', () => {
    let s = fresh();
    const seen: string[] = [];
    for (const d of [27, 29, 30]) {
      const step = nextStep(s, POLICY, day(d + 0.01));
      expect(step?.kind).toBe('remind');
      if (step?.kind !== 'remind') return;
      seen.push(`${step.days}`);
      s = { ...s, notices: [...s.notices, step.key] };
    }
    expect(seen).toEqual(['3', '1', '0']);
    expect(nextStep(s, POLICY, day(30.5))).toEqual({ kind: 'suspend', at: day(32) });
  });

  it('a sweep that was down sends only the latest reminder due, not three at once, and none after the suspension time', () => {
    const step = nextStep(fresh(), POLICY, day(29.5));
    expect(step).toMatchObject({ kind: 'remind', days: 1 });
    if (step?.kind === 'remind') expect(step.skipped).toHaveLength(1);
    expect(nextStep(fresh(), POLICY, day(33))).toMatchObject({ kind: 'suspend' });
  });

  it('a suspended server gets the last warning TERMINATION_WARNING_DAYS before termination, then is terminated', () => {
    const s: Service = { ...fresh(), state: 'SUSPENDED', suspendedAt: day(32).toISOString(), suspendReason: 'OVERDUE' };
    expect(terminateAt(s, POLICY)).toEqual(day(39));
    const warn = nextStep(s, POLICY, day(33));
    expect(warn).toMatchObject({ kind: 'warn', at: day(37) });
    const warned = { ...s, notices: [warn?.kind === 'warn' ? warn.key : ''] };
    expect(nextStep(warned, POLICY, day(38))).toEqual({ kind: 'terminate', at: day(39) });
    expect(nextStep(s, { ...POLICY, terminateAfterDays: 'never' }, day(100))).toBeUndefined();
  });

  it('a suspended server that became paid is unsuspended at once; a manual suspension is not', () => {
    const s: Service = {
      ...fresh(),
      state: 'SUSPENDED',
      suspendedAt: day(32).toISOString(),
      suspendReason: 'OVERDUE',
      paidUntil: day(60).toISOString(),
    };
    expect(nextStep(s, POLICY, day(33))).toEqual({ kind: 'unsuspend', at: day(33) });
    expect(nextStep({ ...s, suspendReason: 'MANUAL' }, POLICY, day(33))?.kind).not.toBe('unsuspend');
  });

  it('non-payment comes before a plan change that keeps failing: an unpaid server is still suspended', () => {
    const s: Service = {
      ...fresh(),
      pendingChange: {
        plan: { packageId: 'bronze', packageName: 'Bronze', resources: DEFAULT_TIER_RESOURCES.bronze },
        ref: 'ORD-R3N3W1',
        at: T0,
      },
      lastActionError: { action: 'REBUILD', error: 'PanelRejectedError', detail: 'refused', at: day(31).toISOString() },
    };
    expect(nextStep(s, POLICY, day(33))).toEqual({ kind: 'suspend', at: day(32) });
    // Before it is overdue, the failed rebuild is retried as usual.
    expect(nextStep(s, POLICY, day(31.1))?.kind).toBe('retry');
  });

  it('property: no step ever suspends or terminates a server while it is paid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 60, noNaN: true }),
        fc.double({ min: -10, max: 90, noNaN: true }),
        fc.constantFrom<Service['state']>('ACTIVE', 'SUSPENDED'),
        fc.constantFrom<'OVERDUE' | 'MANUAL'>('OVERDUE', 'MANUAL'),
        fc.double({ min: 0.001, max: 20, noNaN: true }),
        (period, nowDay, state, reason, grace) => {
          const policy = { ...DEFAULT_POLICY, suspendAfterDays: grace };
          const base = startService(T0, period, policy, 'p');
          const s: Service =
            state === 'ACTIVE'
              ? base
              : { ...base, state, suspendedAt: day(period / 2).toISOString(), suspendReason: reason };
          const now = day(nowDay);
          const step = nextStep(s, policy, now);
          const paid = Date.parse(s.paidUntil) > now.getTime();
          if (step && step.at.getTime() <= now.getTime() && (step.kind === 'suspend' || step.kind === 'terminate')) {
            expect(paid).toBe(false);
          }
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('renewals', () => {
  it('extend from the old date while the server runs, from now after a suspension (suspended days are not billed)', () => {
    const s = fresh();
    expect(renewedUntil(s, 30, day(31))).toBe(day(60).toISOString());
    const suspended: Service = {
      ...s,
      state: 'SUSPENDED',
      suspendedAt: day(32).toISOString(),
      suspendReason: 'OVERDUE',
    };
    expect(renewedUntil(suspended, 30, day(35))).toBe(day(65).toISOString());
  });

  it('withDue drops the index key of a terminated server', () => {
    expect(withDue({ ...fresh(), state: 'TERMINATED' }, POLICY, day(40)).dueAt).toBeUndefined();
  });
});

describe('commands', () => {
  const admin = { admin: true };
  it.each([
    ['!renew ORD-7K2M9Q', { kind: 'renew', orderRef: { ok: true, id: 'ORD-7K2M9Q' } }],
    ['!my-servers', { kind: 'my-servers' }],
    ['!services suspended', { kind: 'admin-services', filter: 'SUSPENDED' }],
    ['!services', { kind: 'admin-services', filter: 'DUE' }],
    ['!suspend ORD-7K2M9Q abuse report', { kind: 'suspend', reason: 'abuse report' }],
    ['!extend ORD-7K2M9Q -1,5', { kind: 'extend', days: -1.5 }],
    ['!extend ORD-7K2M9Q lots', { kind: 'extend' }],
    ['!terminate ORD-7K2M9Q', { kind: 'terminate', step: 'ask' }],
    ['!terminate ORD-7K2M9Q confirm', { kind: 'terminate', step: 'confirm', orderRef: { ok: true, id: 'ORD-7K2M9Q' } }],
    ['!service-retry ORD-7K2M9Q', { kind: 'service-retry' }],
  ])('%s', (typed, expected) => {
    const parsed = parseCommand({ text: typed }, admin);
    expect(parsed).toMatchObject(expected);
    if (expected.kind === 'extend' && !('days' in expected)) expect(parsed).not.toHaveProperty('days');
  });
});
