// docs/whatsapp-templates.md is what a shop registers with Meta, once per language: every template's body in
// English, Indonesian and Brazilian Portuguese must carry the variable count the code sends and the fake
// Graph API enforces (the sender picks the language of the message's reader).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTERED_TEMPLATES } from '../../../local/fake-graph/fake-graph.js';
import { TEMPLATES } from '../../../shared/domain/messages.js';

const doc = readFileSync(new URL('../../../docs/whatsapp-templates.md', import.meta.url), 'utf8');

/** The language headings of each template's section, with the code a shop registers it under. */
const LANGUAGES = [
  ['English', 'en_US'],
  ['Bahasa Indonesia', 'id'],
  ['Português (Brasil)', 'pt_BR'],
] as const;

function bodyOf(name: string, heading: string): string {
  const section = doc.split(/^## /m).find((s) => s.includes(`\`${name}\``));
  const language = section?.split(/^### /m).find((s) => s.startsWith(heading));
  const body = language ? /Body:\n\n```\n([\s\S]*?)```/.exec(language)?.[1] : undefined;
  if (!body) throw new Error(`no ${heading} body for ${name} in docs/whatsapp-templates.md`);
  return body;
}

describe('docs/whatsapp-templates.md', () => {
  const cases = Object.values(TEMPLATES).flatMap((name) =>
    LANGUAGES.map(([heading, code]) => [name, heading, code] as const),
  );

  it.each(cases)('documents %s in %s (%s) with the variable count the fake enforces', (name, heading) => {
    const body = bodyOf(name, heading);
    const variables = [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    const expected = REGISTERED_TEMPLATES[name]?.bodyParams;
    expect(variables).toEqual(Array.from({ length: expected ?? -1 }, (_, i) => i + 1));
    expect(body.trim()).not.toMatch(/^\{\{|\}\}$/);
    expect(body.length).toBeLessThanOrEqual(1024);
  });
});
