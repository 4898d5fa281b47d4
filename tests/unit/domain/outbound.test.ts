import { describe, expect, it } from 'vitest';
import { MessageLimitError } from '../../../shared/domain/domain-errors.js';
import {
  assertTemplateParams,
  assertWithinLimits,
  cutAt,
  fitText,
  flattenForTemplate,
  type ListRow,
  type OutboundContent,
} from '../../../shared/domain/outbound.js';

const button = (n: number) => ({ id: `!b ${n}`, title: `Button ${n}` });
const row = (n: number): ListRow => ({ id: `!r ${n}`, title: `Row ${n}`, description: 'four words of text' });

const buttons = (over: Partial<Extract<OutboundContent, { type: 'buttons' }>> = {}): OutboundContent => ({
  type: 'buttons',
  body: 'Pick one',
  buttons: [button(1), button(2)],
  ...over,
});
const list = (over: Partial<Extract<OutboundContent, { type: 'list' }>> = {}): OutboundContent => ({
  type: 'list',
  body: 'Pick one',
  button: 'See packages',
  sections: [{ title: 'Packages', rows: [row(1), row(2)] }],
  ...over,
});

function refusal(content: OutboundContent): string {
  try {
    assertWithinLimits(content);
  } catch (e) {
    expect(e).toBeInstanceOf(MessageLimitError);
    expect((e as Error).name).toBe('MessageLimitError');
    return (e as Error).message;
  }
  throw new Error('expected a MessageLimitError');
}

describe('assertWithinLimits accepts content at the limits', () => {
  it.each<[string, OutboundContent]>([
    ['text of 4096', { type: 'text', body: 'x'.repeat(4096) }],
    [
      '3 buttons with 20-char titles',
      buttons({ buttons: [1, 2, 3].map((n) => ({ id: `${n}`, title: `${n}`.padEnd(20, '.') })) }),
    ],
    [
      'a 1024-char button body, 60-char header and footer',
      buttons({ body: 'b'.repeat(1024), header: 'h'.repeat(60), footer: 'f'.repeat(60) }),
    ],
    ['a 256-char button id', buttons({ buttons: [{ id: 'i'.repeat(256), title: 'Ok' }] })],
    [
      '10 rows across sections',
      list({
        sections: [
          { title: 'A', rows: [1, 2, 3, 4, 5].map(row) },
          { title: 'B', rows: [6, 7, 8, 9, 10].map(row) },
        ],
      }),
    ],
    [
      '24-char row title, 72-char description, 200-char row id',
      list({ sections: [{ rows: [{ id: 'r'.repeat(200), title: 't'.repeat(24), description: 'd'.repeat(72) }] }] }),
    ],
    ['a 4096-char list body and a 20-char list button', list({ body: 'b'.repeat(4096), button: 'B'.repeat(20) })],
  ])('%s', (_, content) => {
    expect(() => assertWithinLimits(content)).not.toThrow();
  });
});

describe('assertWithinLimits refuses what the Cloud API refuses, naming the limit', () => {
  it.each<[string, OutboundContent, RegExp]>([
    [
      'text over 4096',
      { type: 'text', body: 'x'.repeat(4097) },
      /text body is 4097 characters; the Cloud API allows 4096/,
    ],
    ['empty text', { type: 'text', body: '' }, /text body is empty/],
    ['button body over 1024', buttons({ body: 'x'.repeat(1025) }), /button message body is 1025 characters; .*1024/],
    ['empty button body', buttons({ body: '' }), /button message body is empty/],
    ['4 buttons', buttons({ buttons: [1, 2, 3, 4].map(button) }), /4 buttons; the Cloud API allows 3/],
    ['no buttons', buttons({ buttons: [] }), /at least one button/],
    [
      'a 21-char button title',
      buttons({ buttons: [{ id: 'a', title: 'x'.repeat(21) }] }),
      /button title .* is 21 characters; .*20/,
    ],
    ['an empty button title', buttons({ buttons: [{ id: 'a', title: '' }] }), /button title "" is empty/],
    [
      'a 257-char button id',
      buttons({ buttons: [{ id: 'i'.repeat(257), title: 'Ok' }] }),
      /button id is 257 characters; .*256/,
    ],
    [
      'duplicate button titles',
      buttons({
        buttons: [
          { id: 'a', title: 'Same' },
          { id: 'b', title: 'Same' },
        ],
      }),
      /duplicate button title "Same"/,
    ],
    [
      'duplicate button ids',
      buttons({
        buttons: [
          { id: 'a', title: 'One' },
          { id: 'a', title: 'Two' },
        ],
      }),
      /duplicate button id "a"/,
    ],
    ['a 61-char header', buttons({ header: 'h'.repeat(61) }), /header is 61 characters; .*60/],
    ['a 61-char footer', list({ footer: 'f'.repeat(61) }), /footer is 61 characters; .*60/],
    ['list body over 4096', list({ body: 'x'.repeat(4097) }), /list body is 4097 characters; .*4096/],
    ['empty list body', list({ body: '' }), /list body is empty/],
    ['a 21-char list button', list({ button: 'x'.repeat(21) }), /list button label is 21 characters; .*20/],
    [
      '11 rows in one section',
      list({ sections: [{ rows: Array.from({ length: 11 }, (_, i) => row(i)) }] }),
      /11 rows; the Cloud API allows 10 across all sections/,
    ],
    [
      '11 rows across sections',
      list({
        sections: [
          { title: 'A', rows: [1, 2, 3, 4, 5, 6].map(row) },
          { title: 'B', rows: [7, 8, 9, 10, 11].map(row) },
        ],
      }),
      /11 rows; .*10 across all sections/,
    ],
    [
      '11 sections',
      list({ sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [] })) }),
      /more than 10 sections/,
    ],
    ['no sections', list({ sections: [] }), /at least one section/],
    ['no rows', list({ sections: [{ rows: [] }] }), /at least one row/],
    [
      'a 25-char row title',
      list({ sections: [{ rows: [{ id: 'a', title: 'x'.repeat(25) }] }] }),
      /row title .* is 25 characters; .*24/,
    ],
    [
      'a 73-char row description',
      list({ sections: [{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] }] }),
      /row description is 73 characters; .*72/,
    ],
    [
      'a 201-char row id',
      list({ sections: [{ rows: [{ id: 'i'.repeat(201), title: 'A' }] }] }),
      /row id is 201 characters; .*200/,
    ],
    [
      'duplicate row ids across sections',
      list({
        sections: [
          { title: 'A', rows: [row(1)] },
          { title: 'B', rows: [row(1)] },
        ],
      }),
      /duplicate row id "!r 1"/,
    ],
    [
      'an untitled section among several',
      list({ sections: [{ title: 'A', rows: [row(1)] }, { rows: [row(2)] }] }),
      /section title is empty/,
    ],
    [
      'a 25-char section title',
      list({ sections: [{ title: 's'.repeat(25), rows: [row(1)] }] }),
      /section title is 25 characters; .*24/,
    ],
  ])('%s', (_, content, message) => {
    expect(refusal(content)).toMatch(message);
  });

  it('counts an emoji as two characters, as the Cloud API may', () => {
    expect(refusal(buttons({ buttons: [{ id: 'a', title: `${'x'.repeat(19)}🎮` }] }))).toMatch(/21 characters/);
  });
});

describe('assertTemplateParams', () => {
  it('accepts single-line parameters up to 1024 characters with up to four spaces in a row', () => {
    expect(() => assertTemplateParams(['ORD-7K2M9Q', 'a    b', 'x'.repeat(1024), 'Ana 🎮'])).not.toThrow();
  });

  it.each([
    [['ok', ''], /template parameter 2 is empty/],
    [['x'.repeat(1025)], /template parameter 1 is over 1024 characters/],
    [['two\nlines'], /template parameter 1 contains a newline or tab/],
    [['cr\rhere'], /newline or tab/],
    [['a\tb'], /newline or tab/],
    [['a     b'], /template parameter 1 contains more than 4 consecutive spaces/],
  ])('refuses %j', (params, message) => {
    expect(() => assertTemplateParams(params)).toThrow(MessageLimitError);
    expect(() => assertTemplateParams(params)).toThrow(message);
  });
});

describe('flattenForTemplate and fitText', () => {
  it('turns any text into a valid template parameter', () => {
    // Arrange
    const nasty = ['', '   ', '\n\n', 'line 1\nline 2\tand     spaces', `${'stack\n\tat x '.repeat(2000)}`];
    // Act
    const flat = nasty.map((t) => flattenForTemplate(t));
    // Assert
    expect(() => assertTemplateParams(flat)).not.toThrow();
    expect(flat[0]).toBe('-');
    expect(flat[3]).toBe('line 1 · line 2 · and spaces');
    expect(flat[4]!.length).toBe(900);
    expect(flat[4]!.endsWith('…')).toBe(true);
  });

  it('fitText keeps short labels and shortens long ones to exactly the limit', () => {
    expect(fitText('Gold', 20)).toBe('Gold');
    expect(fitText('x'.repeat(20), 20)).toBe('x'.repeat(20));
    expect(fitText('x'.repeat(21), 20)).toBe(`${'x'.repeat(19)}…`);
  });

  it('never cuts an emoji in half', () => {
    // Arrange
    const emoji = '🎮'.repeat(30);
    // Act
    const label = fitText(emoji, 20);
    const flat = flattenForTemplate(emoji, 10);
    // Assert
    expect(label).toBe(`${'🎮'.repeat(9)}…`);
    expect(flat).toBe(`${'🎮'.repeat(4)}…`);
    expect(cutAt('a🎮', 2)).toBe('a');
    expect(cutAt('a🎮', 3)).toBe('a🎮');
    expect(cutAt('abc', 0)).toBe('');
  });
});
