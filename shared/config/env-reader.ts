// Reads settings from an environment map, collecting every problem so start-up fails once, naming them all.

import { ConfigError } from '../domain/domain-errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  }

  string(name: string, fallback?: string): string {
    const v = this.raw(name) ?? fallback;
    if (v === undefined) {
      this.add(`${name} is required`);
      return '';
    }
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(
    name: string,
    opts: { fallback?: number; min?: number; max?: number; optional?: boolean } = {},
  ): number | undefined {
    const v = this.raw(name);
    if (v === undefined) {
      if (opts.fallback !== undefined || opts.optional) return opts.fallback;
      this.add(`${name} is required (a whole number)`);
      return undefined;
    }
    if (!/^-?\d+$/.test(v)) {
      this.add(`${name} must be a whole number, got "${v}"`);
      return undefined;
    }
    const n = Number(v);
    if (opts.min !== undefined && n < opts.min) this.add(`${name} must be at least ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) this.add(`${name} must be at most ${opts.max}, got ${n}`);
    return n;
  }

  /** A duration in days: decimals allowed (`0.001` is 86.4 s), so a month can pass in a minute in tests. */
  days(name: string, opts: { fallback: number; min?: number; positive?: boolean; max?: number }): number {
    const v = this.raw(name);
    if (v === undefined) return opts.fallback;
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) {
      const unit = name.endsWith('_HOURS') ? 'hours' : 'days';
      this.add(`${name} must be a number of ${unit} (decimals allowed, e.g. 30 or 0.5), got "${v}"`);
      return opts.fallback;
    }
    const n = Number(v);
    const unit = name.endsWith('_HOURS') ? 'hours' : 'days';
    if (opts.positive && n <= 0) this.add(`${name} must be more than 0 ${unit}, got ${v}`);
    if (opts.min !== undefined && n < opts.min) this.add(`${name} must be at least ${opts.min} ${unit}, got ${v}`);
    if (opts.max !== undefined && n > opts.max) this.add(`${name} must be at most ${opts.max} ${unit}, got ${v}`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    this.add(`${name} must be true or false, got "${v}"`);
    return fallback;
  }

  intList(name: string): number[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const parts = v
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const bad = parts.filter((p) => !/^\d+$/.test(p) || Number(p) < 1);
    if (bad.length > 0 || parts.length === 0) {
      this.add(`${name} must be a comma-separated list of ids (positive whole numbers), got "${v}"`);
      return undefined;
    }
    return parts.map(Number);
  }

  url(name: string, fallback?: string): string {
    const v = this.raw(name) ?? fallback;
    if (v === undefined) {
      this.add(`${name} is required (a URL such as https://panel.example.com)`);
      return '';
    }
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return v.replace(/\/+$/, '');
    } catch {
      this.add(`${name} must be an http(s) URL, got "${v}"`);
      return '';
    }
  }

  fail(problem: string): void {
    this.add(problem);
  }

  /** A DEFAULT_* variable is read once per tier; a bad one is still one problem. */
  private add(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  /** Throws one ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Reads one part of the settings (a function's wiring, say), with the same one-error behaviour. */
export function readPart<T>(env: Env, read: (r: EnvReader) => T): T {
  const r = new EnvReader(env);
  const value = read(r);
  r.done();
  return value;
}
