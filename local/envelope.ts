// Webhook bodies shaped as Meta sends them, for the local chat page, the demo and the tests.

import { randomBytes } from 'node:crypto';

export type InboundContent =
  | { text: string }
  | { reply: { id: string; title: string; kind?: 'button_reply' | 'list_reply' } };

export interface EnvelopeOptions {
  from: string;
  name?: string;
  id?: string;
  /** Unix seconds. */
  timestamp?: number;
  phoneNumberId: string;
  displayPhoneNumber?: string;
}

export function newWamid(): string {
  return `wamid.local${randomBytes(12).toString('base64url')}`;
}

export function messageEnvelope(content: InboundContent, o: EnvelopeOptions): { body: string; id: string } {
  const id = o.id ?? newWamid();
  const base = { from: o.from, id, timestamp: String(o.timestamp ?? Math.floor(Date.now() / 1000)) };
  const message =
    'text' in content
      ? { ...base, type: 'text', text: { body: content.text } }
      : {
          ...base,
          type: 'interactive',
          interactive:
            (content.reply.kind ?? 'button_reply') === 'list_reply'
              ? { type: 'list_reply', list_reply: { id: content.reply.id, title: content.reply.title } }
              : { type: 'button_reply', button_reply: { id: content.reply.id, title: content.reply.title } },
        };
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '200000000000002',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: o.displayPhoneNumber ?? '15550100000',
                phone_number_id: o.phoneNumberId,
              },
              contacts: [{ profile: { name: o.name ?? 'Player' }, wa_id: o.from }],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
  return { body: JSON.stringify(body), id };
}
