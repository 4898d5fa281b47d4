// What the system sends, before it becomes a Graph API request. Limits are the Cloud API's, checked
// here so a message that Meta would refuse is refused before it is queued.

import { MessageLimitError } from './domain-errors.js';
import type { Lang } from './i18n/lang.js';

export const LIMITS = {
  textBody: 4096,
  buttonsBody: 1024,
  listBody: 4096,
  headerText: 60,
  footerText: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listRows: 10,
  listSections: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  templateParam: 1024,
  /** A document's file name as shown to the recipient (ours: kept short). */
  fileName: 240,
} as const;

export interface ReplyButton {
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  title?: string;
  rows: ListRow[];
}

/** A photo or document shown above a message, by the media id an upload returned (never a URL). */
export interface MediaHeader {
  type: 'image' | 'document';
  id: string;
  /** A document's name as the recipient sees it. */
  filename?: string;
}

export type OutboundContent =
  | { type: 'text'; body: string }
  /** Reply buttons under a text header, or under a photo or document (`media`, instead of `header`). */
  | { type: 'buttons'; body: string; header?: string; media?: MediaHeader; footer?: string; buttons: ReplyButton[] }
  | { type: 'list'; body: string; header?: string; footer?: string; button: string; sections: ListSection[] }
  /** One button that opens a web page (a payment page): `cta_url`, free-form, inside the 24-hour window. */
  | { type: 'cta'; body: string; header?: string; footer?: string; button: CtaButton };

/** The title (≤ 20 characters) and the https page of a call-to-action button. */
export interface CtaButton {
  title: string;
  url: string;
}

/** The approved-template form of a message, used when the customer's 24-hour window is closed. */
export interface TemplateForm {
  name: string;
  /** Positional body parameters: single line, no tabs, at most 4 consecutive spaces. */
  bodyParams: string[];
  /** Payloads of quick-reply buttons, by index. */
  quickReplies?: string[];
  /** The photo or document of a template whose header is one. */
  header?: MediaHeader;
  /** Sent instead when this template is refused as not registered (132001) or not matching (132000). */
  fallback?: TemplateForm;
}

/** Why a message is sent: drives delivery records, retries and the template fallback. */
export type MessageKind =
  | 'reply'
  | 'order-placed'
  | 'admin-new-order'
  | 'admin-notice'
  | 'admin-receipt'
  | 'credentials'
  | 'server-added'
  | 'provisioning-failed'
  | 'admin-provisioning-failed'
  | 'admin-provisioned'
  | 'order-update'
  | 'renewal-reminder'
  | 'service-update';

export interface OutboundMessage {
  /** Recipient: a wa_id (digits) or a business-scoped user id. */
  to: string;
  /** The language it is written in: its template form is sent in that language. */
  lang: Lang;
  kind: MessageKind;
  content: OutboundContent;
  template?: TemplateForm;
  orderId?: string;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new MessageLimitError(what);
}

function within(value: string, max: number, what: string): void {
  check(value.length > 0, `${what} is empty`);
  check(value.length <= max, `${what} is ${value.length} characters; the Cloud API allows ${max}`);
}

/** Throws MessageLimitError naming the first limit the content breaks. */
export function assertWithinLimits(content: OutboundContent): void {
  switch (content.type) {
    case 'text':
      within(content.body, LIMITS.textBody, 'text body');
      return;
    case 'buttons': {
      within(content.body, LIMITS.buttonsBody, 'button message body');
      if (content.header !== undefined) within(content.header, LIMITS.headerText, 'header');
      if (content.media !== undefined) assertMediaHeader(content.media, content.header === undefined);
      if (content.footer !== undefined) within(content.footer, LIMITS.footerText, 'footer');
      check(content.buttons.length >= 1, 'a button message needs at least one button');
      check(content.buttons.length <= LIMITS.buttons, `${content.buttons.length} buttons; the Cloud API allows 3`);
      const titles = new Set<string>();
      const ids = new Set<string>();
      for (const b of content.buttons) {
        within(b.title, LIMITS.buttonTitle, `button title "${b.title}"`);
        within(b.id, LIMITS.buttonId, 'button id');
        check(!titles.has(b.title), `duplicate button title "${b.title}"`);
        check(!ids.has(b.id), `duplicate button id "${b.id}"`);
        titles.add(b.title);
        ids.add(b.id);
      }
      return;
    }
    case 'cta':
      within(content.body, LIMITS.buttonsBody, 'call-to-action body');
      if (content.header !== undefined) within(content.header, LIMITS.headerText, 'header');
      if (content.footer !== undefined) within(content.footer, LIMITS.footerText, 'footer');
      within(content.button.title, LIMITS.buttonTitle, `button title "${content.button.title}"`);
      check(/^https?:\/\/\S+$/.test(content.button.url), 'a call-to-action button opens an http(s) address');
      return;
    case 'list': {
      within(content.body, LIMITS.listBody, 'list body');
      within(content.button, LIMITS.listButton, 'list button label');
      if (content.header !== undefined) within(content.header, LIMITS.headerText, 'header');
      if (content.footer !== undefined) within(content.footer, LIMITS.footerText, 'footer');
      check(content.sections.length >= 1, 'a list needs at least one section');
      check(content.sections.length <= LIMITS.listSections, 'more than 10 sections');
      const rows = content.sections.flatMap((s) => s.rows);
      check(rows.length >= 1, 'a list needs at least one row');
      check(rows.length <= LIMITS.listRows, `${rows.length} rows; the Cloud API allows 10 across all sections`);
      if (content.sections.length > 1) {
        for (const s of content.sections) within(s.title ?? '', LIMITS.sectionTitle, 'section title');
      } else if (content.sections[0]?.title !== undefined) {
        within(content.sections[0].title, LIMITS.sectionTitle, 'section title');
      }
      const ids = new Set<string>();
      for (const r of rows) {
        within(r.title, LIMITS.rowTitle, `row title "${r.title}"`);
        within(r.id, LIMITS.rowId, 'row id');
        if (r.description !== undefined) within(r.description, LIMITS.rowDescription, 'row description');
        check(!ids.has(r.id), `duplicate row id "${r.id}"`);
        ids.add(r.id);
      }
      return;
    }
  }
}

/** A media header names an uploaded media id (and a document its file name); a message has one header at most. */
export function assertMediaHeader(media: MediaHeader, alone = true): void {
  check(alone, 'a message has one header: text or media, not both');
  check(media.type === 'image' || media.type === 'document', `media header type "${String(media.type)}"`);
  within(media.id, LIMITS.buttonId, 'media id');
  check(!/[\s/]/.test(media.id), 'a media id is an id, not a link');
  if (media.filename !== undefined) within(media.filename, LIMITS.fileName, 'file name');
}

/** Template parameters may not hold newlines, tabs or more than four spaces in a row (Meta's rule). */
export function assertTemplateParams(params: readonly string[]): void {
  for (const [i, p] of params.entries()) {
    check(p.length > 0, `template parameter ${i + 1} is empty`);
    check(p.length <= LIMITS.templateParam, `template parameter ${i + 1} is over 1024 characters`);
    check(!/[\n\r\t]/.test(p), `template parameter ${i + 1} contains a newline or tab`);
    check(!/ {5,}/.test(p), `template parameter ${i + 1} contains more than 4 consecutive spaces`);
  }
}

/** Makes a multi-line text safe for a template parameter. */
export function flattenForTemplate(text: string, max = 900): string {
  const flat = text
    .replace(/[\r\n\t]+/g, ' · ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const safe = flat.length > 0 ? flat : '-';
  return safe.length <= max ? safe : `${cutAt(safe, max - 1)}…`;
}

/** Shortens a label to a limit, keeping it readable. */
export function fitText(text: string, max: number): string {
  return text.length <= max ? text : `${cutAt(text, max - 1)}…`;
}

/**
 * The first `length` UTF-16 units, one shorter when the cut would split an emoji's surrogate pair:
 * half a pair is not valid text and reaches the customer as a broken character.
 */
export function cutAt(text: string, length: number): string {
  const cut = text.slice(0, Math.max(0, length));
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
