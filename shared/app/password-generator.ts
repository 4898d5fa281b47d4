// Passwords for new panel accounts: CSPRNG, 16 characters, every class present, and only symbols that
// survive WhatsApp formatting (no * _ ~ ` which would bold, italicise, strike or monospace the text)
// and no look-alikes (0/O, 1/l/I) for a person copying from a phone.

import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%+=?';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

export function generatePassword(length = 16, pick: (max: number) => number = randomInt): string {
  if (length < 8) throw new RangeError('A password needs at least 8 characters');
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[pick(set.length)]!);
  while (chars.length < length) chars.push(ALL[pick(ALL.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  // A symbol first or last can be eaten by formatting or autocorrect; keep the edges alphanumeric.
  const edges = (c: string) => SYMBOLS.includes(c);
  if (edges(chars[0]!) || edges(chars[chars.length - 1]!)) {
    const inner = chars.findIndex((c, i) => i > 0 && i < chars.length - 1 && !edges(c));
    if (edges(chars[0]!)) [chars[0], chars[inner]] = [chars[inner]!, chars[0]!];
    const inner2 = chars.findIndex((c, i) => i > 0 && i < chars.length - 1 && !edges(c));
    if (edges(chars[chars.length - 1]!))
      [chars[chars.length - 1], chars[inner2]] = [chars[inner2]!, chars[chars.length - 1]!];
  }
  return chars.join('');
}
