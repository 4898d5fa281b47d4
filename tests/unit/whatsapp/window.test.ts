import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../shared/domain/outbound.js';
import { chooseForm, formFor, windowClosesAt } from '../../../shared/whatsapp/window.js';

const now = new Date('2026-01-02T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('the 24-hour customer-service window', () => {
  it.each([
    [hoursAgo(0), 'free-form'],
    [hoursAgo(23.5), 'free-form'],
    [hoursAgo(24 - 2 / 60), 'template'], // inside 24 h but within the safety margin
    [hoursAgo(24), 'template'],
    [hoursAgo(72), 'template'],
    [undefined, 'template'],
    [new Date(Number.NaN), 'template'],
  ] as const)('last inbound %s → %s', (lastInbound, form) => {
    expect(chooseForm(lastInbound, now)).toBe(form);
  });

  it('closes 24 hours after the last inbound message', () => {
    expect(windowClosesAt(hoursAgo(1)).toISOString()).toBe('2026-01-03T11:00:00.000Z');
  });

  it('sends a message without a template form free-form even when the window is closed', () => {
    const reply: OutboundMessage = { to: '1', lang: 'en', kind: 'reply', content: { type: 'text', body: 'hi' } };
    expect(formFor(reply, undefined, now)).toBe('free-form');
    expect(formFor({ ...reply, template: { name: 't', bodyParams: [] } }, undefined, now)).toBe('template');
  });
});
