// Inbound side of the Cloud API: a webhook POST body becomes single, JSON-serialisable events, one per
// message, status and value-level error, sorted by timestamp. The webhook queues them; the inbox worker reads them.
// zod/mini keeps the webhook bundle small; schemas are loose (Meta adds fields) but insist on what we use.

import * as z from 'zod/mini';

export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'reply'; id: string; title: string; source: 'button_reply' | 'list_reply' | 'template_button' }
  /** A photo, document, ...: its id for GET /{media-id}, never the URL Meta may add (it carries a token-like hash). */
  | { kind: 'media'; mediaType: string; caption?: string; mediaId?: string; mimeType?: string; filename?: string }
  | { kind: 'unsupported'; what: string };

export interface InboundError {
  code: number;
  title?: string;
  details?: string;
}

export interface InboundMessageEvent {
  type: 'message';
  /** wamid of the message. */
  id: string;
  /** The sender: the wa_id (digits) or, for a username user without one, the business-scoped user id. */
  from: string;
  waId?: string;
  userId?: string;
  /** Profile name: user-controlled, never an identity. */
  name?: string;
  /** Unix seconds. */
  timestamp: number;
  phoneNumberId: string;
  /** wamid of the message replied to (or that carried the tapped button). */
  contextId?: string;
  content: MessageContent;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played' | (string & {});

export interface InboundStatusEvent {
  type: 'status';
  /** wamid of our outbound message. */
  id: string;
  status: DeliveryStatus;
  /** The recipient: wa_id, or the business-scoped user id when Meta omits it. */
  recipient: string;
  timestamp: number;
  phoneNumberId: string;
  errors: InboundError[];
}

export interface InboundErrorEvent {
  type: 'error';
  /** Value-level errors carry no time of their own: this is when the webhook received them. */
  timestamp: number;
  phoneNumberId: string;
  errors: InboundError[];
}

export type InboundEvent = InboundMessageEvent | InboundStatusEvent | InboundErrorEvent;

/** One element of a signed body that does not parse (a message, a status, a change's value), kept as sent. */
export interface RejectedElement {
  /** Where it was, e.g. `entry[0].changes[1].messages[2]`. */
  path: string;
  error: string;
  raw: unknown;
}

/**
 * `ok` with the events of every element that parses, and the elements that do not (one bad message does not
 * cost the good ones); not `ok` only when the body is not a WhatsApp envelope at all.
 */
export type ParseResult =
  | { ok: true; events: InboundEvent[]; rejected: RejectedElement[] }
  | { ok: false; error: string };

// ---------------------------------------------------------------- schemas (only the parts we read)

const str = z.string();
const optStr = z.optional(z.string());
const unixSeconds = z.union([z.string().check(z.regex(/^\d{1,12}$/)), z.int().check(z.nonnegative())]);

const errorSchema = z.looseObject({
  code: z.union([z.number(), z.string().check(z.regex(/^\d+$/))]),
  title: optStr,
  message: optStr,
  error_data: z.optional(z.looseObject({ details: optStr })),
});

const contactSchema = z.looseObject({
  wa_id: optStr,
  user_id: optStr,
  profile: z.optional(z.looseObject({ name: optStr })),
});

const idTitle = z.looseObject({ id: str, title: str });

const messageSchema = z.looseObject({
  id: str.check(z.minLength(1)),
  timestamp: unixSeconds,
  type: str,
  from: optStr,
  from_user_id: optStr,
  context: z.optional(z.looseObject({ id: optStr })),
  text: z.optional(z.looseObject({ body: str })),
  interactive: z.optional(
    z.looseObject({ type: str, button_reply: z.optional(idTitle), list_reply: z.optional(idTitle) }),
  ),
  button: z.optional(z.looseObject({ payload: optStr, text: optStr })),
  unsupported: z.optional(z.looseObject({ type: optStr })),
});

const statusSchema = z.looseObject({
  id: str.check(z.minLength(1)),
  status: str.check(z.minLength(1)),
  timestamp: unixSeconds,
  recipient_id: optStr,
  recipient_user_id: optStr,
  errors: z.optional(z.array(errorSchema)),
});

/** A change's value: its metadata and lists must have their shape; each element is checked on its own. */
const valueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: str.check(z.minLength(1)) }),
  contacts: z.optional(z.array(z.unknown())),
  messages: z.optional(z.array(z.unknown())),
  statuses: z.optional(z.array(z.unknown())),
  errors: z.optional(z.array(z.unknown())),
});

const envelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      changes: z.array(z.looseObject({ field: str, value: z.unknown() })),
    }),
  ),
});

type Contact = z.infer<typeof contactSchema>;
type RawMessage = z.infer<typeof messageSchema>;
type RawStatus = z.infer<typeof statusSchema>;
type RawError = z.infer<typeof errorSchema>;

const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

// ---------------------------------------------------------------- parsing

/**
 * Splits a webhook body into events, sorted by timestamp (stable). Never throws: malformed JSON or a body
 * that is not a WhatsApp envelope is `{ ok: false }`; a change, message, status or error that does not
 * parse is rejected on its own, with its path; unknown message types become `unsupported` content; changes
 * of fields other than `messages` are skipped. `nowSeconds` stamps value-level errors, which carry no time.
 */
export function parseEnvelope(raw: string, nowSeconds: number = Math.floor(Date.now() / 1000)): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'body is not valid JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, error: `not a WhatsApp envelope: ${describeIssues(envelope.error)}` };

  const out: Parsed = { events: [], rejected: [] };
  for (const [e, entry] of envelope.data.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== 'messages') continue;
      parseValue(change.value, `entry[${e}].changes[${c}]`, nowSeconds, out);
    }
  }
  out.events.sort((a, b) => a.timestamp - b.timestamp);
  return { ok: true, ...out };
}

interface Parsed {
  events: InboundEvent[];
  rejected: RejectedElement[];
}

function parseValue(raw: unknown, at: string, nowSeconds: number, out: Parsed): void {
  const value = valueSchema.safeParse(raw);
  if (!value.success) {
    out.rejected.push({ path: `${at}.value`, error: describeIssues(value.error), raw });
    return;
  }
  const { metadata, messages = [], statuses = [], errors = [] } = value.data;
  const phoneNumberId = metadata.phone_number_id;
  const contacts = (value.data.contacts ?? []).flatMap((x) => {
    const contact = contactSchema.safeParse(x);
    return contact.success ? [contact.data] : [];
  });
  const reject = (path: string, error: string, element: unknown) => out.rejected.push({ path, error, raw: element });
  for (const [m, element] of messages.entries()) {
    const message = messageSchema.safeParse(element);
    const event = message.success ? toMessageEvent(message.data, contacts, phoneNumberId) : undefined;
    if (event) out.events.push(event);
    else
      reject(`${at}.value.messages[${m}]`, message.success ? 'no sender id' : describeIssues(message.error), element);
  }
  for (const [s, element] of statuses.entries()) {
    const status = statusSchema.safeParse(element);
    const event = status.success ? toStatusEvent(status.data, phoneNumberId) : undefined;
    if (event) out.events.push(event);
    else reject(`${at}.value.statuses[${s}]`, status.success ? 'no recipient' : describeIssues(status.error), element);
  }
  const valueErrors = errors.flatMap((x, i) => {
    const error = errorSchema.safeParse(x);
    if (!error.success) reject(`${at}.value.errors[${i}]`, describeIssues(error.error), x);
    return error.success ? [toError(error.data)] : [];
  });
  if (valueErrors.length > 0)
    out.events.push({ type: 'error', timestamp: nowSeconds, phoneNumberId, errors: valueErrors });
}

function toStatusEvent(status: RawStatus, phoneNumberId: string): InboundStatusEvent | undefined {
  const recipient = status.recipient_id ?? status.recipient_user_id;
  if (!recipient) return undefined;
  return {
    type: 'status',
    id: status.id,
    status: status.status,
    recipient,
    timestamp: Number(status.timestamp),
    phoneNumberId,
    errors: (status.errors ?? []).map(toError),
  };
}

function toMessageEvent(
  m: RawMessage,
  contacts: readonly Contact[],
  phoneNumberId: string,
): InboundMessageEvent | undefined {
  const contact = findContact(m, contacts);
  const waId = m.from ?? contact?.wa_id;
  const userId = m.from_user_id ?? contact?.user_id;
  const from = waId ?? userId;
  if (!from) return undefined;
  const name = contact?.profile?.name;
  return {
    type: 'message',
    id: m.id,
    from,
    ...(waId ? { waId } : {}),
    ...(userId ? { userId } : {}),
    ...(name ? { name } : {}),
    timestamp: Number(m.timestamp),
    phoneNumberId,
    ...(m.context?.id ? { contextId: m.context.id } : {}),
    content: toContent(m),
  };
}

/** The contact of a message: matched by wa_id or user id; a lone contact belongs to the lone sender. */
function findContact(m: RawMessage, contacts: readonly Contact[]): Contact | undefined {
  const byId = contacts.find(
    (c) =>
      (m.from !== undefined && c.wa_id === m.from) || (m.from_user_id !== undefined && c.user_id === m.from_user_id),
  );
  if (byId) return byId;
  return contacts.length === 1 && m.from === undefined && m.from_user_id === undefined ? contacts[0] : undefined;
}

function toContent(m: RawMessage): MessageContent {
  switch (m.type) {
    case 'text':
      return m.text ? { kind: 'text', text: m.text.body } : { kind: 'unsupported', what: 'text without body' };
    case 'interactive': {
      const i = m.interactive;
      if (i?.type === 'button_reply' && i.button_reply)
        return { kind: 'reply', ...pick(i.button_reply), source: 'button_reply' };
      if (i?.type === 'list_reply' && i.list_reply)
        return { kind: 'reply', ...pick(i.list_reply), source: 'list_reply' };
      return { kind: 'unsupported', what: `interactive:${i?.type ?? 'unknown'}` };
    }
    case 'button': {
      const payload = m.button?.payload ?? m.button?.text;
      if (payload === undefined) return { kind: 'unsupported', what: 'button without payload' };
      return { kind: 'reply', id: payload, title: m.button?.text ?? payload, source: 'template_button' };
    }
    case 'unsupported':
      return { kind: 'unsupported', what: `unsupported:${m.unsupported?.type ?? 'unknown'}` };
    default:
      return MEDIA.has(m.type) ? toMedia(m) : { kind: 'unsupported', what: m.type };
  }
}

/** The media object's id, type, name and caption (strings only, bounded); its `url`, if any, is left behind. */
function toMedia(m: RawMessage): MessageContent {
  const raw: unknown = (m as Record<string, unknown>)[m.type];
  const media = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const field = (key: string, max: number) => {
    const v = media[key];
    return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;
  };
  const caption = field('caption', 4096);
  const mediaId = field('id', 256);
  const mimeType = field('mime_type', 200);
  const filename = field('filename', 512);
  return {
    kind: 'media',
    mediaType: m.type,
    ...(caption ? { caption } : {}),
    ...(mediaId ? { mediaId } : {}),
    ...(mimeType ? { mimeType } : {}),
    ...(filename ? { filename } : {}),
  };
}

function pick(r: { id: string; title: string }): { id: string; title: string } {
  return { id: r.id, title: r.title };
}

function toError(e: RawError): InboundError {
  const details = e.error_data?.details ?? e.message;
  return {
    code: Number(e.code),
    ...(e.title ? { title: e.title } : {}),
    ...(details ? { details } : {}),
  };
}

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
    .join('; ');
}

// ---------------------------------------------------------------- queue keys

/** FIFO message group: one sender's messages (or one recipient's statuses) are handled in order. */
export function eventGroupId(e: InboundEvent): string {
  switch (e.type) {
    case 'message':
      return e.from;
    case 'status':
      return e.recipient;
    case 'error':
      return `errors:${e.phoneNumberId}`;
  }
}

/** FIFO deduplication id: a redelivered message or status gets the same id. */
export function eventDedupId(e: InboundEvent): string {
  switch (e.type) {
    case 'message':
      return e.id;
    case 'status':
      return `${e.id}:${e.status}`;
    case 'error':
      return `error:${e.phoneNumberId}:${e.timestamp}:${e.errors.map((x) => x.code).join(',')}`;
  }
}
