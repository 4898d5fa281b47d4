// Reads the WhatsApp fixtures as bytes: the signed one must stay byte-exact.
import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/whatsapp/', import.meta.url);

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, dir));
}

export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8');
}

export const signed = {
  body: fixtureBytes('signed/inbound-text.raw.json'),
  ...(JSON.parse(fixtureText('signed/inbound-text.signature.json')) as {
    app_secret: string;
    x_hub_signature_256: string;
    digest_of_reserialised_json_for_comparison: string;
  }),
};
