// The chat page's files: POST /api/send-file sends a photo or PDF from a phone the way WhatsApp delivers one
// (the file goes to the fake Graph API's media store, and a signed webhook names it by its media id), and
// GET /api/media/{id} shows the page a file the fake holds: the customer's, or the copy the shop uploaded and
// sent to the admin. Only with the fake Graph API; loopback only, like the rest of the page's API.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FORWARDABLE } from '../../shared/domain/receipt-rules.js';
import { signBody } from '../../shared/whatsapp/signature.js';
import { type InboundContent, messageEnvelope } from '../envelope.js';
import { readBody } from './function-url.js';
import type { RouteContext } from './routes.js';
import type { Attached, ChatContent } from './view-model.js';

/** What the page may send: the types a customer's receipt comes as. */
const SENDABLE: Readonly<Record<string, 'image' | 'document'>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'application/pdf': 'document',
};
/** A little over the largest document the Cloud API sends, so the page can try "too large" too. */
const MAX_FILE_BYTES = FORWARDABLE.document.maxBytes + 10 * 1024 * 1024;

/** Signs a webhook body as Meta does and posts it to the local /webhook: the same checks as in AWS. */
export async function postThroughWebhook(baseUrl: string, a: Attached, body: string): Promise<number> {
  const answer = await fetch(`${baseUrl}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(body, a.stack.env.WHATSAPP_APP_SECRET!),
      'user-agent': 'facebookexternalua',
    },
    body,
  });
  await answer.arrayBuffer();
  return answer.status;
}

/**
 * POST /api/send-file?as=customer|admin&filename=&caption= with the file as the body and its type as
 * Content-Type: a photo (JPEG, PNG) or a PDF, as the phone would send it.
 */
export async function sendFile(c: RouteContext, req: IncomingMessage, res: ServerResponse, a: Attached): Promise<void> {
  const graph = a.stack.graph;
  if (!graph) return json(res, 409, { error: 'a real Graph API is configured; files are for the fake one' });
  const url = new URL(req.url ?? '/', 'http://local');
  const as = url.searchParams.get('as');
  if (as !== 'customer' && as !== 'admin') return json(res, 400, { error: 'as must be customer or admin' });
  const mimeType = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const type = SENDABLE[mimeType];
  if (!type) return json(res, 415, { error: 'send a photo (JPEG, PNG) or a PDF' });
  const bytes = await readBody(req, MAX_FILE_BYTES);
  if (!bytes || bytes.length === 0) return json(res, 413, { error: 'the file is empty or too large' });
  const filename = url.searchParams.get('filename')?.slice(0, 200) || undefined;
  const caption = url.searchParams.get('caption')?.trim().slice(0, 1024) || undefined;
  const stored = graph.media.addInbound(bytes, mimeType, filename);
  const media = {
    type,
    id: stored.id,
    mimeType,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    ...(caption ? { caption } : {}),
    ...(filename && type === 'document' ? { filename } : {}),
  } satisfies Extract<InboundContent, { media: unknown }>['media'];
  const phone = a.phones[as];
  const { body, id } = messageEnvelope(
    { media },
    {
      from: phone.waId,
      name: phone.name,
      phoneNumberId: a.stack.env.WHATSAPP_PHONE_NUMBER_ID!,
      timestamp: Math.floor(a.stack.clock.now().getTime() / 1000),
    },
  );
  const status = await postThroughWebhook(c.baseUrl(), a, body);
  if (status !== 200) return json(res, 502, { error: `the webhook answered ${status}` });
  const chat: ChatContent = {
    kind: 'media',
    media: { type, id: stored.id, ...(filename ? { filename } : {}) },
    ...(caption ? { caption } : {}),
  };
  c.record({ id, direction: 'in', waId: phone.waId, at: new Date().toISOString(), content: chat });
  c.onInbound?.(as, phone.waId, chat);
  return json(res, 200, { wamid: id, mediaId: stored.id });
}

/** GET /api/media/{id}: a file the fake Graph API holds, for the page to show (images) or open (PDFs). */
export function serveMedia(res: ServerResponse, a: Attached, id: string): void {
  const media = a.stack.graph?.media.get(id);
  if (!media) {
    json(res, 404, { error: 'no such file (files live as long as the fake Graph API)' });
    return;
  }
  const shown = SENDABLE[media.mimeType] !== undefined;
  res.writeHead(200, {
    'content-type': shown ? media.mimeType : 'application/octet-stream',
    'content-length': media.bytes.length,
    'content-disposition': `${shown ? 'inline' : 'attachment'}; filename="${(media.filename ?? `file-${id}`).replace(/[^\w.\- ]/g, '_')}"`,
    'cache-control': 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  res.end(media.bytes);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
