// docs/whatsapp-templates.md is what a shop registers with Meta: its variable counts must match what the
// code sends and what the fake Graph API enforces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTERED_TEMPLATES } from '../../../local/fake-graph/fake-graph.js';
import { TEMPLATES } from '../../../shared/domain/messages.js';

const doc = readFileSync(new URL('../../../docs/whatsapp-templates.md', import.meta.url), 'utf8');

function bodyOf(name: string): string {
  const section = doc.split(/^## /m).find((s) => s.includes(`\`${name}\``));
  const body = section ? /Body:\n\n```\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
  if (!body) throw new Error(`no body for ${name} in docs/whatsapp-templates.md`);
  return body;
}

describe('docs/whatsapp-templates.md', () => {
  it.each(Object.values(TEMPLATES))('documents %s with the variable count the fake enforces', (name) => {
    const body = bodyOf(name);
    const variables = [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    const expected = REGISTERED_TEMPLATES[name]?.bodyParams;
    expect(variables).toEqual(Array.from({ length: expected ?? -1 }, (_, i) => i + 1));
    expect(body.trim()).not.toMatch(/^\{\{|\}\}$/);
  });
});
