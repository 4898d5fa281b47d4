// Webhook bodies shaped as Meta sends them, for the local chat page, the demo and the tests.

import { randomBytes } from 'node:crypto';

export type InboundContent =
  | { text: string }
  | { reply: { id: string; title: string; kind?: 'button_reply' | 'list_reply' } }
  /** A photo or document, by the media id the fake Graph API gave it (`graph.media.addInbound`). */
  | { media: InboundFile };

export interface InboundFile {
  type: 'image' | 'document';
  id: string;
  mimeType: string;
  /** As Meta sends it: base64 of the file's SHA-256. */
  sha256?: string;
  caption?: string;
  filename?: string;
}

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
      : 'media' in content
        ? { ...base, type: content.media.type, [content.media.type]: mediaObject(content.media) }
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

/** The media object of an image or document message, with its fields in Meta's names. */
function mediaObject(f: InboundFile): Record<string, string> {
  return {
    id: f.id,
    mime_type: f.mimeType,
    ...(f.sha256 ? { sha256: f.sha256 } : {}),
    ...(f.caption ? { caption: f.caption } : {}),
    ...(f.type === 'document' && f.filename ? { filename: f.filename } : {}),
  };
}
