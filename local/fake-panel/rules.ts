// A small Laravel-style validator for the fake panel: rules are written exactly as the panel states them
// (see /work/shared/reference/pterodactyl-rules.json) and evaluated with Laravel's semantics: `sometimes`,
// `nullable`, `bail`, implicit rules that stop the field, one error entry per failing rule, in rule order.

export interface FieldError {
  field: string;
  rule: string;
  detail: string;
}

export interface ValidationHooks {
  /** True when `value` is already taken (the `unique` rule); `param` is the rule's parameter text. */
  unique?: (field: string, value: unknown, param: string) => boolean;
  /** True when `value` exists (the `exists` rule). */
  exists?: (field: string, value: unknown, param: string) => boolean;
}

export interface ValidateOptions {
  /** Display names; default is the field with `_` turned into spaces. */
  attributes?: Record<string, string>;
  hooks?: ValidationHooks;
}

export type RuleSet = Array<[field: string, rules: readonly string[] | string]>;

const IMPLICIT = new Set(['required', 'required_with', 'required_without', 'present', 'accepted', 'filled']);
const MARKERS = new Set(['sometimes', 'nullable', 'bail']);
const NUMERIC_RULES = new Set(['numeric', 'integer', 'decimal']);

const MESSAGES: Record<string, string> = {
  required: 'The :attribute field is required.',
  present: 'The :attribute field must be present.',
  required_with: 'The :attribute field is required when :values is present.',
  required_without: 'The :attribute field is required when :values is not present.',
  string: 'The :attribute must be a string.',
  array: 'The :attribute must be an array.',
  boolean: 'The :attribute field must be true or false.',
  integer: 'The :attribute must be an integer.',
  numeric: 'The :attribute must be a number.',
  email: 'The :attribute must be a valid email address.',
  unique: 'The :attribute has already been taken.',
  exists: 'The selected :attribute is invalid.',
  in: 'The selected :attribute is invalid.',
  regex: 'The :attribute format is invalid.',
  'between.numeric': 'The :attribute must be between :min and :max.',
  'between.string': 'The :attribute must be between :min and :max characters.',
  'between.array': 'The :attribute must have between :min and :max items.',
  'min.numeric': 'The :attribute must be at least :min.',
  'min.string': 'The :attribute must be at least :min characters.',
  'min.array': 'The :attribute must have at least :min items.',
  'max.numeric': 'The :attribute may not be greater than :max.',
  'max.string': 'The :attribute may not be greater than :max characters.',
  'max.array': 'The :attribute may not have more than :max items.',
  'size.numeric': 'The :attribute must be :size.',
  'size.string': 'The :attribute must be :size characters.',
  'size.array': 'The :attribute must contain :size items.',
  alpha_num: 'The :attribute may only contain letters and numbers.',
  alpha_dash: 'The :attribute may only contain letters, numbers, and dashes.',
  p_username:
    'The :attribute must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.',
};

interface Rule {
  name: string;
  params: string[];
  raw: string;
}

export function parseRules(rules: readonly string[] | string): Rule[] {
  const list = typeof rules === 'string' ? splitRuleString(rules) : rules;
  return list
    .filter((r) => r !== '')
    .map((raw) => {
      const i = raw.indexOf(':');
      const name = (i < 0 ? raw : raw.slice(0, i)).trim().toLowerCase();
      const rest = i < 0 ? '' : raw.slice(i + 1);
      // regex parameters may contain commas and pipes: never split them.
      const params = name === 'regex' || name === 'not_regex' ? [rest] : rest === '' ? [] : rest.split(',');
      return { name, params, raw };
    });
}

/** Splits `a|b|regex:/x|y/` on pipes outside a regex parameter (Laravel splits regex rules the same way). */
function splitRuleString(rules: string): string[] {
  const out: string[] = [];
  let rest = rules;
  while (rest !== '') {
    if (/^regex:/i.test(rest)) {
      const delim = rest.charAt(6);
      const end = delim ? rest.indexOf(delim, 7) : -1;
      let stop = end < 0 ? rest.length : end + 1;
      while (stop < rest.length && /[a-zA-Z]/.test(rest.charAt(stop))) stop++;
      out.push(rest.slice(0, stop));
      rest = rest.slice(stop).replace(/^\|/, '');
      continue;
    }
    const bar = rest.indexOf('|');
    out.push(bar < 0 ? rest : rest.slice(0, bar));
    rest = bar < 0 ? '' : rest.slice(bar + 1);
  }
  return out;
}

export function getPath(data: unknown, path: string): { present: boolean; value: unknown } {
  let cur: unknown = data;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key))
      return { present: false, value: undefined };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { present: true, value: cur };
}

/** `deploy.port_range.*` → one field per element actually present in the data. */
function expand(field: string, data: unknown): string[] {
  const star = field.indexOf('.*');
  if (star < 0) return [field];
  const parent = field.slice(0, star);
  const rest = field.slice(star + 2);
  const { value } = getPath(data, parent);
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((k) => expand(`${parent}.${k}${rest}`, data));
}

export function validate(data: unknown, ruleSet: RuleSet, options: ValidateOptions = {}): FieldError[] {
  const errors: FieldError[] = [];
  for (const [pattern, ruleSpec] of ruleSet) {
    const rules = parseRules(ruleSpec);
    for (const field of expand(pattern, data)) errors.push(...validateField(data, field, rules, options));
  }
  return errors;
}

function validateField(data: unknown, field: string, rules: Rule[], options: ValidateOptions): FieldError[] {
  const { present, value } = getPath(data, field);
  const names = new Set(rules.map((r) => r.name));
  if (names.has('sometimes') && !present) return [];
  const nullable = names.has('nullable');
  const bail = names.has('bail');
  const errors: FieldError[] = [];
  let implicitFailed = false;
  for (const rule of rules) {
    if (MARKERS.has(rule.name)) continue;
    if ((bail && errors.length > 0) || implicitFailed) break;
    const implicit = IMPLICIT.has(rule.name);
    if (!implicit) {
      if (typeof value === 'string' && value.trim() === '') continue;
      if (!present) continue;
      if (nullable && value === null) continue;
      if ((rule.name === 'unique' || rule.name === 'exists') && errors.length > 0) continue;
    }
    if (check(rule, field, value, present, data, names, options.hooks ?? {})) continue;
    errors.push({ field, rule: rule.name, detail: message(rule, field, value, names, options) });
    if (implicit) implicitFailed = true;
  }
  return errors;
}

function passesRequired(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

export function isInteger(value: unknown): boolean {
  // PHP filter_var(FILTER_VALIDATE_INT): ints, "5", " 5 ", no leading zeros; true counts as 1.
  if (value === true) return true;
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value !== 'string') return false;
  return /^\s*[+-]?(0|[1-9]\d*)\s*$/.test(value);
}

export function isArrayLike(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

export const BOOLEAN_VALUES: readonly unknown[] = [true, false, 0, 1, '0', '1'];

function sizeOf(value: unknown, names: Set<string>): number {
  if (isNumeric(value) && [...NUMERIC_RULES].some((r) => names.has(r))) return Number(value);
  if (Array.isArray(value)) return value.length;
  if (isArrayLike(value)) return Object.keys(value as object).length;
  return Array.from(value === null || value === undefined ? '' : String(value)).length;
}

/** `/^abc$/i` → RegExp (PHP delimiters and flags); undefined if unusable. */
export function phpRegex(pattern: string): RegExp | undefined {
  const m = /^(.)([\s\S]*)\1([a-zA-Z]*)$/.exec(pattern);
  if (!m) return undefined;
  try {
    return new RegExp(m[2] ?? '', (m[3] ?? '').replace(/[^imsu]/g, ''));
  } catch {
    return undefined;
  }
}

function check(
  rule: Rule,
  field: string,
  value: unknown,
  present: boolean,
  data: unknown,
  names: Set<string>,
  hooks: ValidationHooks,
): boolean {
  const p = rule.params;
  switch (rule.name) {
    case 'required':
      return passesRequired(value);
    case 'present':
      return present;
    case 'filled':
      return !present || passesRequired(value);
    case 'required_with':
      return !p.some((o) => passesRequired(getPath(data, o).value)) || passesRequired(value);
    case 'required_without':
      return !p.some((o) => !passesRequired(getPath(data, o).value)) || passesRequired(value);
    case 'string':
      return typeof value === 'string';
    case 'array':
      return isArrayLike(value);
    case 'boolean':
      return BOOLEAN_VALUES.includes(value);
    case 'integer':
      return isInteger(value);
    case 'numeric':
      return isNumeric(value);
    case 'email':
      return typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value) && !/\.\.|^\.|\.@|@\.|\.$/.test(value);
    case 'min':
      return sizeOf(value, names) >= Number(p[0]);
    case 'max':
      return sizeOf(value, names) <= Number(p[0]);
    case 'between': {
      const s = sizeOf(value, names);
      return s >= Number(p[0]) && s <= Number(p[1]);
    }
    case 'size':
      return sizeOf(value, names) === Number(p[0]);
    case 'regex': {
      if (typeof value !== 'string' && !isNumeric(value)) return false;
      const re = phpRegex(p[0] ?? '');
      return re ? re.test(String(value)) : false;
    }
    case 'in':
      return (typeof value === 'string' || typeof value === 'number') && p.includes(String(value));
    case 'alpha_num':
      return (typeof value === 'string' || typeof value === 'number') && /^[\p{L}\p{M}\p{N}]+$/u.test(String(value));
    case 'alpha_dash':
      return (typeof value === 'string' || typeof value === 'number') && /^[\p{L}\p{M}\p{N}_-]+$/u.test(String(value));
    case 'p_username':
      return (
        (typeof value === 'string' || typeof value === 'number') &&
        /^[a-z0-9]([\w.-]+)[a-z0-9]$/.test(String(value).toLowerCase())
      );
    case 'unique':
      return !(hooks.unique?.(field, value, p.join(',')) ?? false);
    case 'exists':
      return hooks.exists?.(field, value, p.join(',')) ?? true;
    default:
      // The panel would throw for an unknown rule; the fake's seed only uses known ones.
      throw new Error(`fake panel: unsupported validation rule "${rule.raw}" on ${field}`);
  }
}

function displayName(field: string, options: ValidateOptions): string {
  return options.attributes?.[field] ?? field.replace(/_/g, ' ');
}

function message(rule: Rule, field: string, value: unknown, names: Set<string>, options: ValidateOptions): string {
  let key = rule.name;
  if (['between', 'min', 'max', 'size'].includes(rule.name)) {
    const type = [...NUMERIC_RULES].some((r) => names.has(r))
      ? 'numeric'
      : names.has('array') || isArrayLike(value)
        ? 'array'
        : 'string';
    key = `${rule.name}.${type}`;
  }
  const template = MESSAGES[key] ?? `The :attribute is invalid.`;
  const p = rule.params;
  const values = p.map((x) => displayName(x, options)).join(' / ');
  return template
    .replace(':attribute', displayName(field, options))
    .replace(':values', values)
    .replace(':min', p[0] ?? '')
    .replace(':max', rule.name === 'max' ? (p[0] ?? '') : (p[1] ?? ''))
    .replace(':size', p[0] ?? '');
}
