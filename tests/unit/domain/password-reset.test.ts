import { describe, expect, it } from 'vitest';
import { decidePasswordReset, type ResetRecord, waitWords } from '../../../shared/domain/password-reset-rules.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const record = (key: string, minutesAgo: number, sent = true): ResetRecord => ({
  key,
  at: ago(minutesAgo),
  ...(sent ? { sentAt: ago(minutesAgo) } : {}),
});

describe('how often a password may be reset', () => {
  it('the first reset is allowed and recorded', () => {
    expect(decidePasswordReset([], 'm1', NOW)).toEqual({ ok: true, records: [{ key: 'm1', at: NOW.toISOString() }] });
  });

  it('one per 10 minutes: the next is allowed when the 10 minutes have passed', () => {
    expect(decidePasswordReset([record('m1', 4)], 'm2', NOW)).toEqual({
      ok: false,
      reason: 'too-soon',
      retryAt: new Date(NOW.getTime() + 6 * 60_000).toISOString(),
    });
    expect(decidePasswordReset([record('m1', 10)], 'm2', NOW)).toMatchObject({ ok: true });
  });

  it('5 in 24 hours: the sixth waits until the oldest of the five is a day old', () => {
    // Arrange
    const five = [record('a', 600), record('b', 500), record('c', 400), record('d', 300), record('e', 200)];
    // Act
    const decision = decidePasswordReset(five, 'f', NOW);
    // Assert
    expect(decision).toEqual({
      ok: false,
      reason: 'daily-limit',
      retryAt: new Date(NOW.getTime() + (24 * 60 - 600) * 60_000).toISOString(),
    });
  });

  it('resets older than a day are forgotten', () => {
    const old = [record('a', 1500), record('b', 1490), record('c', 1480), record('d', 1470), record('e', 1460)];
    expect(decidePasswordReset(old, 'f', NOW)).toEqual({ ok: true, records: [{ key: 'f', at: NOW.toISOString() }] });
  });

  it('a redelivered request is the same reset: allowed again until sent, then never sent twice', () => {
    expect(decidePasswordReset([record('m1', 0, false)], 'm1', NOW)).toEqual({
      ok: true,
      records: [record('m1', 0, false)],
    });
    expect(decidePasswordReset([record('m1', 0, true)], 'm1', NOW)).toEqual({ ok: false, reason: 'already-sent' });
  });

  it('says how long to wait in words', () => {
    expect(waitWords(new Date(NOW.getTime() + 6 * 60_000 - 1).toISOString(), NOW, 'en')).toBe('6 minutes');
    expect(waitWords(NOW.toISOString(), NOW, 'en')).toBe('1 minute');
    expect(waitWords(new Date(NOW.getTime() + 14 * 3600_000).toISOString(), NOW, 'en')).toBe('14 hours');
  });
});
