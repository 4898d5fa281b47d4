import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../shared/domain/domain-errors.js';
import {
  canApply,
  customerStatusWords,
  executionName,
  hasFailedAttempt,
  ORDER_STATUSES,
  type OrderError,
  type OrderEvent,
  type OrderStatus,
  transition,
  transitionAll,
} from '../../../shared/domain/order.js';
import { LATER, NOW, orderIn } from './fixtures.js';

const ERROR: OrderError = {
  step: 'EnsureServer',
  code: 'PanelRejectedError',
  message: 'no viable node',
  at: LATER.toISOString(),
};

const EVENTS: Record<OrderEvent['type'], OrderEvent> = {
  CONFIRM: { type: 'CONFIRM', by: 'admin:15550105678' },
  START_PROVISIONING: { type: 'START_PROVISIONING', by: 'admin:15550105678' },
  COMPLETE: { type: 'COMPLETE', by: 'sfn' },
  FAIL: { type: 'FAIL', by: 'sfn', error: ERROR },
  CANCEL: { type: 'CANCEL', by: 'admin:15550105678', reason: 'customer asked' },
  ABANDON: { type: 'ABANDON', by: 'admin:15550105678', reason: 'credentials undeliverable' },
  APPLY: { type: 'APPLY', by: 'admin:15550105678', reason: 'ORD-7K2M9Q paid until 2026-04-01' },
};

/** APPLY is a renewal's event: those pairs are checked on a renewal order, the rest on a new one. */
const RENEWAL = { kind: 'RENEWAL' as const, renews: 'ORD-7K2M9Q' };

/** The lifecycle as DESIGN.md states it, written out independently of the code under test. */
const LEGAL: Record<OrderStatus, Partial<Record<OrderEvent['type'], OrderStatus>>> = {
  PENDING: { CONFIRM: 'CONFIRMED', CANCEL: 'CANCELLED' },
  CONFIRMED: { START_PROVISIONING: 'PROVISIONING', CANCEL: 'CANCELLED', APPLY: 'COMPLETED' },
  PROVISIONING: { COMPLETE: 'COMPLETED', FAIL: 'CONFIRMED', ABANDON: 'CANCELLED' },
  COMPLETED: {},
  CANCELLED: {},
};

const ALL_PAIRS = ORDER_STATUSES.flatMap((status) =>
  (Object.keys(EVENTS) as OrderEvent['type'][]).map((event) => ({ status, event, to: LEGAL[status][event] })),
);

describe('renewal orders', () => {
  it('a renewal is applied, never provisioned; a new order is provisioned, never applied', () => {
    expect(() => transition(orderIn('CONFIRMED', RENEWAL), EVENTS.START_PROVISIONING, LATER)).toThrow(
      IllegalTransitionError,
    );
    expect(() => transition(orderIn('CONFIRMED'), EVENTS.APPLY, LATER)).toThrow(IllegalTransitionError);
    const applied = transition(orderIn('CONFIRMED', RENEWAL), EVENTS.APPLY, LATER);
    expect(applied.status).toBe('COMPLETED');
    expect(applied.history.at(-1)?.reason).toBe('ORD-7K2M9Q paid until 2026-04-01');
  });
});

describe('order lifecycle: every status × every event', () => {
  it('covers 35 pairs, 8 of them legal', () => {
    expect(ALL_PAIRS).toHaveLength(35);
    expect(ALL_PAIRS.filter((p) => p.to !== undefined)).toHaveLength(8);
  });

  it.each(ALL_PAIRS.filter((p) => p.to !== undefined))('$status + $event → $to', ({ status, event, to }) => {
    // Arrange
    const order = orderIn(status, {
      attempts: 2,
      lastError: status === 'PROVISIONING' ? ERROR : undefined,
      ...(event === 'APPLY' ? RENEWAL : {}),
    });
    const before = structuredClone(order);
    // Act
    const next = transition(order, EVENTS[event], LATER);
    // Assert
    expect(next.status).toBe(to);
    expect(next.updatedAt).toBe(LATER.toISOString());
    expect(next.history).toHaveLength(order.history.length + 1);
    expect(next.history.at(-1)).toMatchObject({
      at: LATER.toISOString(),
      from: status,
      to,
      event,
      by: EVENTS[event].by,
      attempt: next.attempts,
    });
    expect(order).toEqual(before);
    expect(canApply(status, event)).toBe(true);
  });

  it.each(ALL_PAIRS.filter((p) => p.to === undefined))('$status + $event is illegal', ({ status, event }) => {
    // Arrange
    const order = orderIn(status);
    const before = structuredClone(order);
    // Act
    const act = () => transition(order, EVENTS[event], LATER);
    // Assert
    expect(act).toThrow(IllegalTransitionError);
    expect(act).toThrow(`Order ORD-7K2M9Q cannot ${event} while ${status}`);
    expect(order).toEqual(before);
    expect(canApply(status, event)).toBe(false);
  });

  it('names the error so handlers and the state machine can match on it', () => {
    // Arrange
    const order = orderIn('COMPLETED');
    // Act
    let caught: unknown;
    try {
      transition(order, EVENTS.CONFIRM, LATER);
    } catch (e) {
      caught = e;
    }
    // Assert
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({
      name: 'IllegalTransitionError',
      orderId: 'ORD-7K2M9Q',
      from: 'COMPLETED',
      event: 'CONFIRM',
    });
  });
});

describe('order lifecycle: what each legal event records', () => {
  it('START_PROVISIONING counts a new attempt and starts a clean provisioning record', () => {
    // Arrange
    const order = orderIn('CONFIRMED', {
      attempts: 1,
      lastError: ERROR,
      provisioning: { serverId: 9, step: 'Rollback' },
    });
    // Act
    const next = transition(order, EVENTS.START_PROVISIONING, LATER);
    // Assert
    expect(next.attempts).toBe(2);
    expect(next.provisioning).toEqual({});
    expect(next.history.at(-1)?.attempt).toBe(2);
    expect(order.attempts).toBe(1);
    expect(order.provisioning).toEqual({ serverId: 9, step: 'Rollback' });
  });

  it('FAIL returns to CONFIRMED, keeps the attempt count and stores the error', () => {
    // Arrange
    const order = orderIn('PROVISIONING', { attempts: 3, provisioning: { panelUserId: 4, userCreated: true } });
    // Act
    const next = transition(order, EVENTS.FAIL, LATER);
    // Assert
    expect(next.status).toBe('CONFIRMED');
    expect(next.attempts).toBe(3);
    expect(next.lastError).toEqual(ERROR);
    expect(next.provisioning).toEqual({ panelUserId: 4, userCreated: true });
    expect(next.history.at(-1)).toMatchObject({ attempt: 3, reason: 'EnsureServer: PanelRejectedError' });
    expect(order.lastError).toBeUndefined();
  });

  it('COMPLETE clears the last error of an earlier attempt', () => {
    // Arrange
    const order = orderIn('PROVISIONING', { attempts: 2, lastError: ERROR });
    // Act
    const next = transition(order, EVENTS.COMPLETE, LATER);
    // Assert
    expect(next.status).toBe('COMPLETED');
    expect(next.attempts).toBe(2);
    expect(next).not.toHaveProperty('lastError');
    expect(order.lastError).toEqual(ERROR);
  });

  it('CANCEL records the reason when one is given, and none otherwise', () => {
    // Arrange
    const order = orderIn('PENDING');
    // Act
    const withReason = transition(order, EVENTS.CANCEL, LATER);
    const without = transition(order, { type: 'CANCEL', by: '5511987654321' }, LATER);
    // Assert
    expect(withReason.history.at(-1)).toMatchObject({ event: 'CANCEL', reason: 'customer asked' });
    expect(without.history.at(-1)).not.toHaveProperty('reason');
    expect(without.history.at(-1)?.by).toBe('5511987654321');
  });

  it('ABANDON ends a provisioning order as CANCELLED, keeping its attempt, record and reason', () => {
    // Arrange
    const order = orderIn('PROVISIONING', { provisioning: { step: 'DeliverCredentials', serverId: 7 } });
    // Act
    const next = transition(order, EVENTS.ABANDON, LATER);
    // Assert
    expect(next.status).toBe('CANCELLED');
    expect(next.attempts).toBe(order.attempts);
    expect(next.provisioning).toEqual(order.provisioning);
    expect(next.history.at(-1)).toMatchObject({ event: 'ABANDON', reason: 'credentials undeliverable' });
    expect(canApply('CONFIRMED', 'ABANDON')).toBe(false);
  });

  it('CONFIRM keeps attempts at zero and adds no reason', () => {
    // Arrange
    const order = orderIn('PENDING');
    // Act
    const next = transition(order, EVENTS.CONFIRM, LATER);
    // Assert
    expect(next.attempts).toBe(0);
    expect(next.history.at(-1)).toEqual({
      at: LATER.toISOString(),
      from: 'PENDING',
      to: 'CONFIRMED',
      event: 'CONFIRM',
      by: 'admin:15550105678',
      attempt: 0,
    });
  });

  it('a new order starts PENDING with a CREATE entry by its customer', () => {
    // Arrange / Act
    const order = orderIn('PENDING');
    // Assert
    expect(order.history).toEqual([
      { at: NOW.toISOString(), from: null, to: 'PENDING', event: 'CREATE', by: '5511987654321', attempt: 0 },
    ]);
    expect(order.createdAt).toBe(NOW.toISOString());
  });
});

describe('transitionAll', () => {
  it('applies events in order: confirm then start, fail, retry, complete', () => {
    // Arrange
    const order = orderIn('PENDING');
    // Act
    const next = transitionAll(
      order,
      [EVENTS.CONFIRM, EVENTS.START_PROVISIONING, EVENTS.FAIL, EVENTS.START_PROVISIONING, EVENTS.COMPLETE],
      LATER,
    );
    // Assert
    expect(next.status).toBe('COMPLETED');
    expect(next.attempts).toBe(2);
    expect(next.lastError).toBeUndefined();
    expect(next.history.map((h) => `${h.from ?? '∅'}>${h.to}#${h.attempt}`)).toEqual([
      '∅>PENDING#0',
      'PENDING>CONFIRMED#0',
      'CONFIRMED>PROVISIONING#1',
      'PROVISIONING>CONFIRMED#1',
      'CONFIRMED>PROVISIONING#2',
      'PROVISIONING>COMPLETED#2',
    ]);
  });

  it('returns the order unchanged for no events', () => {
    const order = orderIn('CONFIRMED');
    expect(transitionAll(order, [], LATER)).toEqual(order);
  });

  it('stops at the first illegal event and leaves the input untouched', () => {
    // Arrange
    const order = orderIn('PENDING');
    const before = structuredClone(order);
    // Act
    const act = () => transitionAll(order, [EVENTS.CONFIRM, EVENTS.COMPLETE], LATER);
    // Assert
    expect(act).toThrow(IllegalTransitionError);
    expect(order).toEqual(before);
  });
});

describe('executionName', () => {
  it('is {orderId}-{attempt}, unique per attempt', () => {
    expect(executionName('ORD-7K2M9Q', 1)).toBe('ORD-7K2M9Q-1');
    expect(executionName('ORD-7K2M9Q', 12)).toBe('ORD-7K2M9Q-12');
    expect(executionName('ORD-7K2M9Q', 1)).not.toBe(executionName('ORD-7K2M9Q', 2));
  });

  it('stays within the Step Functions name rules (1-80 chars of letters, digits, - and _)', () => {
    expect(executionName('ORD-ZZZZZZ', 999)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

describe('hasFailedAttempt', () => {
  it('is true only for a CONFIRMED order that came back with an error', () => {
    // Arrange
    const failed = transitionAll(orderIn('CONFIRMED'), [EVENTS.START_PROVISIONING, EVENTS.FAIL], LATER);
    // Act / Assert
    expect(hasFailedAttempt(failed)).toBe(true);
    expect(hasFailedAttempt(orderIn('CONFIRMED'))).toBe(false);
    expect(hasFailedAttempt(orderIn('CONFIRMED', { lastError: ERROR, attempts: 0 }))).toBe(false);
    expect(hasFailedAttempt(orderIn('PROVISIONING', { lastError: ERROR, attempts: 2 }))).toBe(false);
    expect(hasFailedAttempt(orderIn('CANCELLED', { lastError: ERROR, attempts: 1 }))).toBe(false);
  });
});

describe('customerStatusWords', () => {
  it.each([
    ['PENDING', false, 'waiting for payment'],
    ['CONFIRMED', false, 'paid, setup starting soon'],
    ['CONFIRMED', true, 'paid, setup delayed (our team is on it)'],
    ['PROVISIONING', false, 'setting up your server'],
    ['COMPLETED', false, 'ready'],
    ['CANCELLED', false, 'cancelled'],
  ] as const)('%s (failed before: %s) reads "%s"', (status, failedBefore, words) => {
    expect(customerStatusWords(status, failedBefore, 'en')).toBe(words);
  });

  it('never shows an enum value or an error word to a customer', () => {
    for (const status of ORDER_STATUSES) {
      for (const failed of [false, true]) {
        const words = customerStatusWords(status, failed, 'en');
        expect(words).not.toMatch(/[A-Z]{4,}/);
        expect(words).not.toMatch(/error|fail|panel/i);
      }
    }
  });
});
