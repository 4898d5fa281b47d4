// The fake Graph API's media endpoints, as strict as the rest of it:
//   GET  /{version}/{media-id}?phone_number_id=   → { url, mime_type, sha256, file_size, id } (token required)
//   GET  /whatsapp_business/attachments/?mid=&ext=&hash=   the file, with the token, for 5 minutes
//   POST /{version}/{phone-number-id}/media       multipart (messaging_product, type, file) → { id }
// Inbound media (what a customer sends) is added by the local stack and the chat page (`addInbound`): its id
// can be retrieved, never sent. Only an uploaded id can be sent (in a header), as Meta documents it; the
// upload takes the supported types and sizes only (FORWARDABLE: JPEG/PNG up to 5 MB, PDF ... up to 100 MB).

import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FORWARDABLE, forwardKindOf } from '../../shared/domain/receipt-rules.js';
import { graphError } from './graph-error-table.js';

export interface StoredMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  /** Hex SHA-256 of the bytes, as GET /{media-id} answers it. */
  sha256: string;
  filename?: string;
  /** `inbound`: sent to the business (retrievable); `uploaded`: uploaded by it (sendable). */
  origin: 'inbound' | 'uploaded';
}

/** What the media endpoints need from the fake's settings. */
export interface MediaContext {
  accessToken: string;
  apiVersion: string;
  phoneNumberId: string;
  baseUrl: () => string;
  now: () => Date;
}

/** The media URL lives 5 minutes, as Meta's does. */
const URL_LIFETIME_MS = 5 * 60 * 1000;
/** The largest upload the fake reads: the largest supported file and the form around it. */
const MAX_UPLOAD_BYTES = FORWARDABLE.document.maxBytes + 1024 * 1024;

export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();
  private readonly urls = new Map<string, { id: string; expiresAt: number }>();
  /** Every download of a media URL, by media id (tests check the copy went through the endpoints). */
  readonly downloads: string[] = [];

  constructor(private readonly c: MediaContext) {}

  private add(media: Omit<StoredMedia, 'id' | 'sha256'>): StoredMedia {
    const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 100_000_000_000_000n);
    const stored = { ...media, id, sha256: createHash('sha256').update(media.bytes).digest('hex') };
    this.items.set(id, stored);
    return stored;
  }

  /** A file a person sends to the business: what a webhook's image/document message names by id. */
  addInbound(bytes: Buffer, mimeType: string, filename?: string): StoredMedia {
    return this.add({ bytes, mimeType, origin: 'inbound', ...(filename ? { filename } : {}) });
  }

  get(id: string): StoredMedia | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.items.clear();
    this.urls.clear();
    this.downloads.length = 0;
  }

  /** GET /{version}/{media-id}: its metadata and a fresh URL. */
  info(res: ServerResponse, mediaId: string): void {
    const media = this.items.get(mediaId);
    if (!media) {
      sendJson(
        res,
        400,
        graphError(
          100,
          `Unsupported get request. Object with ID '${mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
          33,
        ),
      );
      return;
    }
    const hash = randomBytes(16).toString('hex');
    const expiresAt = this.c.now().getTime() + URL_LIFETIME_MS;
    this.urls.set(hash, { id: media.id, expiresAt });
    const url = `${this.c.baseUrl()}/whatsapp_business/attachments/?mid=${media.id}&ext=${Math.floor(expiresAt / 1000)}&hash=${hash}`;
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      url,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.bytes.length,
      id: media.id,
    });
  }

  /** GET of a media URL: the bytes, to the token's holder, while the URL lives. */
  download(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers.authorization !== `Bearer ${this.c.accessToken}`) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Unauthorized');
      return;
    }
    const issued = this.urls.get(url.searchParams.get('hash') ?? '');
    const media = issued && issued.id === url.searchParams.get('mid') ? this.items.get(issued.id) : undefined;
    if (!issued || !media || issued.expiresAt < this.c.now().getTime()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('URL expired or unknown');
      return;
    }
    this.downloads.push(media.id);
    res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
    res.end(media.bytes);
  }

  /** POST /{version}/{phone-number-id}/media: a supported file within its size is stored as sendable. */
  async upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data')) {
      return sendJson(res, 400, graphError(100, 'The upload must be multipart/form-data'));
    }
    const raw = await readBuffer(req, MAX_UPLOAD_BYTES);
    if (!raw) return sendJson(res, 413, graphError(131053, 'The file is larger than any media type allows'));
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    } catch {
      return sendJson(res, 400, graphError(100, 'The multipart body could not be read'));
    }
    if (form.get('messaging_product') !== 'whatsapp') {
      return sendJson(res, 400, graphError(100, 'messaging_product must be "whatsapp"'));
    }
    const type = form.get('type');
    const file = form.get('file');
    if (typeof type !== 'string' || !(file instanceof Blob)) {
      return sendJson(res, 400, graphError(131008, 'type and file are required'));
    }
    const kind = forwardKindOf(type);
    if (!kind) return sendJson(res, 400, graphError(131053, `Unsupported file type ${type}`));
    if (file.size > FORWARDABLE[kind].maxBytes) {
      return sendJson(res, 400, graphError(131053, `A ${kind} may be at most ${FORWARDABLE[kind].maxBytes} bytes`));
    }
    const name = 'name' in file && typeof file.name === 'string' ? file.name : undefined;
    const stored = this.add({
      bytes: Buffer.from(await file.arrayBuffer()),
      mimeType: type,
      origin: 'uploaded',
      ...(name ? { filename: name } : {}),
    });
    sendJson(res, 200, { id: stored.id });
  }

  /** Why a media id may not be sent (undefined when it may): only this number's uploads can be. */
  refuseToSend(id: unknown, type: 'image' | 'document'): string | undefined {
    const media = typeof id === 'string' ? this.items.get(id) : undefined;
    if (!media) return `${type}.id "${String(id)}" is not a media id of this phone number`;
    if (media.origin !== 'uploaded') {
      return `${type}.id "${media.id}" came with an inbound message: upload the file (POST /{phone-number-id}/media) and send that id`;
    }
    if (forwardKindOf(media.mimeType) !== type)
      return `media ${media.id} (${media.mimeType}) cannot be sent as ${type}`;
    return undefined;
  }
}

function readBuffer(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
