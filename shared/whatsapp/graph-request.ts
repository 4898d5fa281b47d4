// Outbound side: turns the domain's OutboundMessage into a Graph API `/messages` request body, refusing
// (MessageLimitError) anything the Cloud API would refuse, before it is sent.

import { MessageLimitError } from '../domain/domain-errors.js';
import { ErrorName } from '../domain/error-names.js';
import {
  assertMediaHeader,
  assertTemplateParams,
  assertWithinLimits,
  type MediaHeader,
  type OutboundContent,
  type OutboundMessage,
  type TemplateForm,
} from '../domain/outbound.js';
import type { MessageForm } from './window.js';

export type GraphRecipient = { to: string } | { recipient: string };

interface GraphBase {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
}

/** A photo or document by the id an upload returned (a document with the name the recipient sees). */
export type GraphMediaObject =
  | { type: 'image'; image: { id: string } }
  | { type: 'document'; document: { id: string; filename?: string } };

export type GraphInteractive =
  | {
      type: 'button';
      header?: { type: 'text'; text: string } | GraphMediaObject;
      body: { text: string };
      footer?: { text: string };
      action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
    }
  | {
      type: 'cta_url';
      header?: { type: 'text'; text: string };
      body: { text: string };
      footer?: { text: string };
      action: { name: 'cta_url'; parameters: { display_text: string; url: string } };
    }
  | {
      type: 'list';
      header?: { type: 'text'; text: string };
      body: { text: string };
      footer?: { text: string };
      action: {
        button: string;
        sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
      };
    };

export type GraphTemplateComponent =
  | { type: 'header'; parameters: GraphMediaObject[] }
  | { type: 'body'; parameters: { type: 'text'; text: string }[] }
  | {
      type: 'button';
      sub_type: 'quick_reply';
      index: string;
      parameters: { type: 'payload'; payload: string }[];
    };

export type GraphMessageRequest = GraphBase &
  GraphRecipient &
  (
    | { type: 'text'; text: { preview_url: boolean; body: string } }
    | { type: 'interactive'; interactive: GraphInteractive }
    | {
        type: 'template';
        template: { name: string; language: { code: string }; components?: GraphTemplateComponent[] };
      }
  );

export interface RequestOptions {
  /** wamid to quote (reply to). */
  replyTo?: string;
  /** Echoed back in status webhooks: correlates statuses with our own delivery record. */
  callbackData?: string;
}

/** A business-scoped user id (WhatsApp usernames), e.g. `US.13491208655302741918`. */
const BSUID = /^[A-Z]{2}\.[0-9A-Za-z]+$/;

/** Phone numbers go out as `+<country code><number>` (without `+`, Meta prepends our own country code). */
export function recipientField(id: string): GraphRecipient {
  const trimmed = id.trim();
  if (BSUID.test(trimmed)) return { recipient: trimmed };
  const digits = trimmed.replace(/[\s()+-]/g, '');
  if (!/^\d{6,15}$/.test(digits)) {
    throw new MessageLimitError(`recipient "${id}" is neither a phone number with country code nor a user id`);
  }
  return { to: `+${digits}` };
}

function base(to: string, options: RequestOptions): GraphBase & GraphRecipient {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientField(to),
    ...(options.replyTo ? { context: { message_id: options.replyTo } } : {}),
    ...(options.callbackData ? { biz_opaque_callback_data: options.callbackData } : {}),
  };
}

/** The free-form request for content (text, reply buttons or list); throws MessageLimitError over a limit. */
export function contentRequest(
  to: string,
  content: OutboundContent,
  options: RequestOptions = {},
): GraphMessageRequest {
  assertWithinLimits(content);
  const head = base(to, options);
  switch (content.type) {
    case 'text':
      return { ...head, type: 'text', text: { preview_url: false, body: content.body } };
    case 'buttons':
      return {
        ...head,
        type: 'interactive',
        interactive: {
          type: 'button',
          ...(content.header !== undefined ? { header: { type: 'text', text: content.header } } : {}),
          ...(content.media !== undefined ? { header: mediaObject(content.media) } : {}),
          body: { text: content.body },
          ...(content.footer !== undefined ? { footer: { text: content.footer } } : {}),
          action: { buttons: content.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
        },
      };
    case 'cta':
      return {
        ...head,
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          ...(content.header !== undefined ? { header: { type: 'text', text: content.header } } : {}),
          body: { text: content.body },
          ...(content.footer !== undefined ? { footer: { text: content.footer } } : {}),
          action: { name: 'cta_url', parameters: { display_text: content.button.title, url: content.button.url } },
        },
      };
    case 'list':
      return {
        ...head,
        type: 'interactive',
        interactive: {
          type: 'list',
          ...(content.header !== undefined ? { header: { type: 'text', text: content.header } } : {}),
          body: { text: content.body },
          ...(content.footer !== undefined ? { footer: { text: content.footer } } : {}),
          action: {
            button: content.button,
            sections: content.sections.map((s) => ({
              ...(s.title !== undefined ? { title: s.title } : {}),
              rows: s.rows.map((r) => ({
                id: r.id,
                title: r.title,
                ...(r.description !== undefined ? { description: r.description } : {}),
              })),
            })),
          },
        },
      };
  }
}

/** The approved-template request; throws MessageLimitError for a parameter Meta would refuse. */
export function templateRequest(
  to: string,
  template: TemplateForm,
  languageCode: string,
  options: RequestOptions = {},
): GraphMessageRequest {
  if (!/^[a-z0-9_]{1,512}$/.test(template.name)) {
    throw new MessageLimitError(`template name "${template.name}" must be lower case letters, digits and _`);
  }
  assertTemplateParams(template.bodyParams);
  const replies = template.quickReplies ?? [];
  for (const [i, payload] of replies.entries()) {
    if (payload.length === 0 || payload.length > 256) {
      throw new MessageLimitError(`quick-reply payload ${i + 1} must be 1 to 256 characters`);
    }
  }
  const components: GraphTemplateComponent[] = [];
  if (template.header) {
    assertMediaHeader(template.header);
    components.push({ type: 'header', parameters: [mediaObject(template.header)] });
  }
  if (template.bodyParams.length > 0) {
    components.push({ type: 'body', parameters: template.bodyParams.map((text) => ({ type: 'text', text })) });
  }
  for (const [i, payload] of replies.entries()) {
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(i),
      parameters: [{ type: 'payload', payload }],
    });
  }
  return {
    ...base(to, options),
    type: 'template',
    template: { name: template.name, language: { code: languageCode }, ...(components.length ? { components } : {}) },
  };
}

/** A media header as the Graph API takes it: by id, never by link. */
export function mediaObject(media: MediaHeader): GraphMediaObject {
  if (media.type === 'image') return { type: 'image', image: { id: media.id } };
  return {
    type: 'document',
    document: { id: media.id, ...(media.filename !== undefined ? { filename: media.filename } : {}) },
  };
}

export class NoTemplateFormError extends Error {
  constructor(readonly kind: string) {
    super(`A "${kind}" message has no template form, so it cannot be sent outside the 24-hour window`);
    this.name = ErrorName.NoTemplateForm;
  }
}

/** The request for a domain message in the chosen form. */
export function messageRequest(
  message: OutboundMessage,
  form: MessageForm,
  languageCode: string,
  options: RequestOptions = {},
): GraphMessageRequest {
  if (form === 'free-form') return contentRequest(message.to, message.content, options);
  if (!message.template) throw new NoTemplateFormError(message.kind);
  return templateRequest(message.to, message.template, languageCode, options);
}
