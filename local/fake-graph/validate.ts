// What the real Graph API checks on POST /{version}/{phone-number-id}/messages, as far as this project sends:
// body shape, recipient, the Cloud API limits (the domain's LIMITS) and template rules. A request the real
// service would refuse is refused here with the same error code.

import { LIMITS } from '../../shared/domain/outbound.js';

export interface TemplateSpec {
  /** Number of {{n}} placeholders in the body. */
  bodyParams: number;
  /** Number of quick-reply buttons. */
  quickReplies?: number;
  /** A media header: the template takes one parameter of this type. */
  header?: 'image' | 'document';
}

export interface ValidationContext {
  templates: ReadonlyMap<string, TemplateSpec | undefined>;
  templateLanguages: readonly string[];
  requirePlus: boolean;
  /** Why a media id may not be sent as this type (unknown, not uploaded); undefined when it may. */
  refuseMedia?: (id: unknown, type: 'image' | 'document') => string | undefined;
}

export type Validated =
  | { ok: true; kind: 'message'; recipient: string; to: string; type: string; freeForm: boolean }
  | { ok: true; kind: 'read'; messageId: string }
  | { ok: false; code: number; details: string };

const BSUID = /^[A-Z]{2}\.[0-9A-Za-z]+$/;
const TOP_LEVEL = new Set([
  'messaging_product',
  'recipient_type',
  'to',
  'recipient',
  'type',
  'context',
  'biz_opaque_callback_data',
  'text',
  'interactive',
  'template',
]);

class Refusal extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}

const invalid = (details: string) => new Refusal(131009, details);
const missing = (details: string) => new Refusal(131008, details);
const badParam = (details: string) => new Refusal(100, details);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(obj: Json, key: string, where: string, max: number, required = true): string | undefined {
  const v = obj[key];
  if (v === undefined) {
    if (required) throw missing(`${where}.${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw badParam(`${where}.${key} must be a string`);
  if (v.length === 0) throw invalid(`${where}.${key} must not be empty`);
  if (v.length > max) throw invalid(`${where}.${key} must be at most ${max} characters long, got ${v.length}`);
  return v;
}

function obj(parent: Json, key: string, where: string, required = true): Json | undefined {
  const v = parent[key];
  if (v === undefined) {
    if (required) throw missing(`${where}.${key} is required`);
    return undefined;
  }
  if (!isObject(v)) throw badParam(`${where}.${key} must be an object`);
  return v;
}

function arr(parent: Json, key: string, where: string): unknown[] {
  const v = parent[key];
  if (v === undefined) throw missing(`${where}.${key} is required`);
  if (!Array.isArray(v)) throw badParam(`${where}.${key} must be an array`);
  return v;
}

/** Normalised recipient key: digits of a phone number, or the business-scoped user id as is. */
export function recipientKey(id: string): string {
  const t = id.trim();
  return BSUID.test(t) ? t : t.replace(/\D/g, '');
}

export function validateSend(body: unknown, ctx: ValidationContext): Validated {
  try {
    return check(body, ctx);
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, details: err.details };
    throw err;
  }
}

function check(body: unknown, ctx: ValidationContext): Validated {
  if (!isObject(body)) throw badParam('The request body must be a JSON object');
  if (body['messaging_product'] !== 'whatsapp') throw badParam('messaging_product must be "whatsapp"');
  if (body['status'] !== undefined) {
    if (body['status'] !== 'read') throw badParam('status must be "read"');
    const id = body['message_id'];
    if (typeof id !== 'string' || !id.startsWith('wamid.')) throw badParam('message_id must be a wamid');
    return { ok: true, kind: 'read', messageId: id };
  }
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) throw badParam(`Param ${key} is not a valid parameter`);
  }
  if (body['recipient_type'] !== undefined && body['recipient_type'] !== 'individual') {
    throw badParam('recipient_type must be "individual"');
  }
  const to = body['to'];
  const recipient = body['recipient'];
  if (to !== undefined && recipient !== undefined) throw badParam('Send either to or recipient, not both');
  let address: string;
  if (to !== undefined) {
    if (typeof to !== 'string') throw badParam('to must be a string');
    if (ctx.requirePlus && !to.trim().startsWith('+')) {
      throw badParam(
        `to "${to}" must start with + and the country code (without it Meta prepends the business number's country code)`,
      );
    }
    if (!/^\+?[\d\s()-]+$/.test(to.trim()) || !/^\d{6,15}$/.test(recipientKey(to))) {
      throw badParam(`to "${to}" is not a valid phone number`);
    }
    address = to;
  } else if (recipient !== undefined) {
    if (typeof recipient !== 'string' || !BSUID.test(recipient))
      throw badParam('recipient must be a business-scoped user id');
    address = recipient;
  } else {
    throw missing('to (or recipient) is required');
  }
  if (body['context'] !== undefined) {
    const context = obj(body, 'context', 'body') as Json;
    str(context, 'message_id', 'context', 512);
  }
  if (body['biz_opaque_callback_data'] !== undefined) str(body, 'biz_opaque_callback_data', 'body', 512);

  const type = body['type'];
  if (typeof type !== 'string') throw missing('type is required');
  for (const other of ['text', 'interactive', 'template']) {
    if (other !== type && body[other] !== undefined) throw badParam(`Param ${other} is not valid for type ${type}`);
  }
  switch (type) {
    case 'text':
      checkText(obj(body, 'text', 'body') as Json);
      break;
    case 'interactive':
      checkInteractive(obj(body, 'interactive', 'body') as Json, ctx);
      break;
    case 'template':
      checkTemplate(obj(body, 'template', 'body') as Json, ctx);
      break;
    default:
      throw badParam(`type "${type}" is not supported by this fake (text, interactive, template)`);
  }
  return {
    ok: true,
    kind: 'message',
    recipient: recipientKey(address),
    to: address,
    type,
    freeForm: type !== 'template',
  };
}

function checkText(text: Json): void {
  const body = text['body'];
  if (typeof body !== 'string' || body.length === 0) throw missing('text.body is required');
  if (body.length > LIMITS.textBody) {
    throw invalid(`text.body must be at most ${LIMITS.textBody} characters long, got ${body.length}`);
  }
  if (text['preview_url'] !== undefined && typeof text['preview_url'] !== 'boolean') {
    throw badParam('text.preview_url must be a boolean');
  }
}

/** A photo or document by id (this fake takes no links): `{type: 'image', image: {id}}`, `{type: 'document', document: {id, filename?}}`. */
function checkMedia(m: Json, where: string, ctx: ValidationContext): 'image' | 'document' {
  const type = m['type'];
  if (type !== 'image' && type !== 'document') throw badParam(`${where}.type must be image or document`);
  const media = obj(m, type, where) as Json;
  if (media['link'] !== undefined) throw badParam(`${where}.${type}.link is not taken here: send an uploaded id`);
  str(media, 'id', `${where}.${type}`, 256);
  if (type === 'document') str(media, 'filename', `${where}.document`, LIMITS.fileName, false);
  const refused = ctx.refuseMedia?.(media['id'], type);
  if (refused) throw new Refusal(131053, refused);
  return type;
}

function checkHeaderFooter(i: Json, ctx: ValidationContext): void {
  const header = obj(i, 'header', 'interactive', false);
  if (header) {
    if (header['type'] === 'image' || header['type'] === 'document') {
      if (i['type'] !== 'button') throw badParam('a media header is for reply-button messages only');
      checkMedia(header, 'interactive.header', ctx);
    } else {
      if (header['type'] !== 'text') throw badParam('interactive.header.type must be text, image or document');
      str(header, 'text', 'interactive.header', LIMITS.headerText);
    }
  }
  const footer = obj(i, 'footer', 'interactive', false);
  if (footer) str(footer, 'text', 'interactive.footer', LIMITS.footerText);
}

function checkInteractive(i: Json, ctx: ValidationContext): void {
  const kind = i['type'];
  checkHeaderFooter(i, ctx);
  const body = obj(i, 'body', 'interactive') as Json;
  const action = obj(i, 'action', 'interactive') as Json;
  if (kind === 'button') {
    str(body, 'text', 'interactive.body', LIMITS.buttonsBody);
    const buttons = arr(action, 'buttons', 'interactive.action');
    if (buttons.length < 1 || buttons.length > LIMITS.buttons) {
      throw invalid(`interactive.action.buttons must hold 1 to ${LIMITS.buttons} buttons, got ${buttons.length}`);
    }
    const titles = new Set<string>();
    const ids = new Set<string>();
    for (const [n, b] of buttons.entries()) {
      if (!isObject(b) || b['type'] !== 'reply') throw badParam(`buttons[${n}].type must be "reply"`);
      const reply = obj(b, 'reply', `buttons[${n}]`) as Json;
      const title = str(reply, 'title', `buttons[${n}].reply`, LIMITS.buttonTitle) as string;
      const id = str(reply, 'id', `buttons[${n}].reply`, LIMITS.buttonId) as string;
      if (titles.has(title)) throw invalid(`Button titles must be unique: "${title}"`);
      if (ids.has(id)) throw invalid(`Button ids must be unique: "${id}"`);
      titles.add(title);
      ids.add(id);
    }
    return;
  }
  if (kind === 'list') {
    str(body, 'text', 'interactive.body', LIMITS.listBody);
    str(action, 'button', 'interactive.action', LIMITS.listButton);
    const sections = arr(action, 'sections', 'interactive.action');
    if (sections.length < 1 || sections.length > LIMITS.listSections) {
      throw invalid(`interactive.action.sections must hold 1 to ${LIMITS.listSections} sections`);
    }
    const ids = new Set<string>();
    let rows = 0;
    for (const [s, section] of sections.entries()) {
      if (!isObject(section)) throw badParam(`sections[${s}] must be an object`);
      str(section, 'title', `sections[${s}]`, LIMITS.sectionTitle, sections.length > 1);
      const list = arr(section, 'rows', `sections[${s}]`);
      if (list.length < 1) throw invalid(`sections[${s}].rows must not be empty`);
      for (const [r, row] of list.entries()) {
        if (!isObject(row)) throw badParam(`sections[${s}].rows[${r}] must be an object`);
        const id = str(row, 'id', `sections[${s}].rows[${r}]`, LIMITS.rowId) as string;
        str(row, 'title', `sections[${s}].rows[${r}]`, LIMITS.rowTitle);
        str(row, 'description', `sections[${s}].rows[${r}]`, LIMITS.rowDescription, false);
        if (ids.has(id)) throw invalid(`Row ids must be unique: "${id}"`);
        ids.add(id);
        rows++;
      }
    }
    if (rows > LIMITS.listRows) throw invalid(`A list may hold at most ${LIMITS.listRows} rows in total, got ${rows}`);
    return;
  }
  if (kind === 'cta_url') {
    str(body, 'text', 'interactive.body', LIMITS.buttonsBody);
    if (action['name'] !== 'cta_url') throw badParam('interactive.action.name must be "cta_url"');
    const params = obj(action, 'parameters', 'interactive.action') as Json;
    str(params, 'display_text', 'interactive.action.parameters', LIMITS.buttonTitle);
    const url = str(params, 'url', 'interactive.action.parameters', 2000) as string;
    if (!/^https?:\/\/\S+$/.test(url)) throw invalid('interactive.action.parameters.url must be an http(s) URL');
    return;
  }
  throw badParam(`interactive.type "${String(kind)}" is not supported by this fake (button, list, cta_url)`);
}

function checkTemplate(t: Json, ctx: ValidationContext): void {
  const name = t['name'];
  if (typeof name !== 'string' || name === '') throw missing('template.name is required');
  const language = obj(t, 'language', 'template') as Json;
  const code = language['code'];
  if (typeof code !== 'string' || code === '') throw missing('template.language.code is required');
  if (!ctx.templates.has(name) || !ctx.templateLanguages.includes(code)) {
    throw new Refusal(132001, `Template name "${name}" does not exist in the translation ${code}`);
  }
  const components = t['components'] === undefined ? [] : arr(t, 'components', 'template');
  let bodyParams = 0;
  let quickReplies = 0;
  let header: 'image' | 'document' | undefined;
  for (const [c, component] of components.entries()) {
    if (!isObject(component)) throw badParam(`components[${c}] must be an object`);
    const params = arr(component, 'parameters', `components[${c}]`);
    if (component['type'] === 'header') {
      if (params.length !== 1 || !isObject(params[0])) throw badParam(`components[${c}] needs one media parameter`);
      header = checkMedia(params[0], `components[${c}].parameters[0]`, ctx);
    } else if (component['type'] === 'body') {
      for (const [p, param] of params.entries()) {
        if (!isObject(param) || param['type'] !== 'text')
          throw badParam(`body parameter ${p + 1} must be of type text`);
        const text = param['text'];
        if (typeof text !== 'string' || text.length === 0) throw missing(`body parameter ${p + 1} text is required`);
        if (/[\n\r\t]/.test(text) || / {5,}/.test(text)) {
          throw badParam('Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
        }
        if (text.length > LIMITS.templateParam) {
          throw invalid(`body parameter ${p + 1} must be at most ${LIMITS.templateParam} characters long`);
        }
        bodyParams++;
      }
    } else if (component['type'] === 'button' && component['sub_type'] === 'quick_reply') {
      if (typeof component['index'] !== 'string' || !/^\d+$/.test(component['index'])) {
        throw badParam(`components[${c}].index must be a number as a string`);
      }
      const payload = params[0];
      if (!isObject(payload) || payload['type'] !== 'payload' || typeof payload['payload'] !== 'string') {
        throw badParam(`components[${c}] needs one payload parameter`);
      }
      quickReplies++;
    } else {
      throw badParam(`components[${c}] of type ${String(component['type'])} is not supported by this fake`);
    }
  }
  const spec = ctx.templates.get(name);
  if (spec && (bodyParams !== spec.bodyParams || quickReplies > (spec.quickReplies ?? 0))) {
    throw new Refusal(
      132000,
      `Number of parameters does not match the expected number of params: template ${name} takes ${spec.bodyParams} body parameters and ${spec.quickReplies ?? 0} quick replies, got ${bodyParams} and ${quickReplies}`,
    );
  }
  if (spec && spec.header !== header) {
    throw new Refusal(
      132012,
      `Parameter format does not match format in the created template: ${name} has ${spec.header ? `an ${spec.header}` : 'no media'} header, got ${header ?? 'none'}`,
    );
  }
}
