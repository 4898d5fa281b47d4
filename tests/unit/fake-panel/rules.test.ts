// The fake panel's validator follows Laravel's semantics, which decide what the real panel refuses.

import { describe, expect, it } from 'vitest';
import { prng } from '../../../local/fake-panel/faults.js';
import { parseRules, validate } from '../../../local/fake-panel/rules.js';

const rulesOf = (errors: ReturnType<typeof validate>) => errors.map((e) => `${e.field}:${e.rule}`);

describe('validate', () => {
  it('skips a sometimes field when absent, and nullable rules on null', () => {
    const set: Array<[string, string]> = [
      ['a', 'sometimes|string'],
      ['b', 'nullable|string|max:2'],
    ];
    expect(validate({ b: null }, set)).toEqual([]);
    expect(rulesOf(validate({ a: 1, b: 'abc' }, set))).toEqual(['a:string', 'b:max']);
  });

  it('validates a present null without nullable, and stops a field at a failed implicit rule', () => {
    expect(rulesOf(validate({ a: null }, [['a', 'string|max:2']]))).toEqual(['a:string']);
    expect(rulesOf(validate({}, [['a', 'required|string|min:5']]))).toEqual(['a:required']);
    expect(rulesOf(validate({}, [['a', 'present|nullable|integer']]))).toEqual(['a:present']);
  });

  it('stops at the first failure with bail, wherever bail is written', () => {
    expect(rulesOf(validate({ a: 'x' }, [['a', 'integer|bail|min:5']]))).toEqual(['a:integer']);
    expect(rulesOf(validate({ a: 'x' }, [['a', 'integer|min:5']]))).toEqual(['a:integer', 'a:min']);
  });

  it('skips unique and exists once the field already failed', () => {
    const hooks = { unique: () => true };
    expect(rulesOf(validate({ a: 5 }, [['a', 'string|unique:t']], { hooks }))).toEqual(['a:string']);
    expect(rulesOf(validate({ a: 'x' }, [['a', 'string|unique:t']], { hooks }))).toEqual(['a:unique']);
  });

  it('treats required_with:deploy,boolean as one rule that never type-checks', () => {
    const set: Array<[string, string]> = [['deploy.dedicated_ip', 'required_with:deploy,boolean']];
    expect(rulesOf(validate({ deploy: { x: 1 } }, set))).toEqual(['deploy.dedicated_ip:required_with']);
    expect(validate({ deploy: { dedicated_ip: 'not a boolean' } }, set)).toEqual([]);
    expect(validate({}, set)).toEqual([]);
    expect(validate({ deploy: { x: 1 } }, set)[0]?.detail).toBe(
      'The deploy.dedicated ip field is required when deploy / boolean is present.',
    );
  });

  it('expands wildcards over the elements present', () => {
    expect(rulesOf(validate({ p: ['1', 2, '3', 4] }, [['p.*', 'string']]))).toEqual(['p.1:string', 'p.3:string']);
  });

  it('keeps pipes and commas inside a regex rule', () => {
    expect(parseRules('required|regex:/^(a|b),c$/|max:5').map((r) => r.name)).toEqual(['required', 'regex', 'max']);
    expect(validate({ x: 'b,c' }, [['x', 'required|regex:/^(a|b),c$/|max:5']])).toEqual([]);
  });

  it('accepts the panel boolean and integer forms', () => {
    const set: Array<[string, string]> = [
      ['b', 'boolean'],
      ['i', 'integer'],
    ];
    for (const b of [true, false, 0, 1, '0', '1']) expect(validate({ b, i: '5' }, set)).toEqual([]);
    expect(rulesOf(validate({ b: 'true', i: '05' }, set))).toEqual(['b:boolean', 'i:integer']);
  });
});

describe('prng', () => {
  it('replays the same sequence from the same seed', () => {
    const a = prng(7);
    const b = prng(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
