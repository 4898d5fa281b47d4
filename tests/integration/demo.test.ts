// `npm run demo` in CI: the scripted scenario (an order, a failed install rolled back, a retry) must pass,
// through the chat page's API and the signed webhook, and its transcript must not show a password.

import { describe, expect, it } from 'vitest';
import { runDemo } from '../../local/demo.js';

describe('npm run demo', () => {
  it('plays an order, a rollback and a retry, and every expected thing happens', async () => {
    const result = await runDemo();
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.length).toBeGreaterThanOrEqual(20);

    const text = result.transcript.map((l) => l.text).join('\n');
    expect(text).toMatch(/Your Gold server is ready/);
    expect(text).toMatch(/taking longer than expected/);
    expect(text).toMatch(/\(taps button\) Retry/);
    // The credentials line is masked: two characters, then dots and the length.
    const passwordLines = text.split('\n').filter((l) => l.includes('Password:'));
    expect(passwordLines.length).toBeGreaterThan(0);
    for (const line of passwordLines) expect(line).toMatch(/Password:\*? \S{2}••• \(\d+ characters\)/);
    // Times go forward, from the moment the stack was ready.
    const times = result.transcript.map((l) => l.ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 60_000);
});
