// The Cloud API's media endpoints, to pass a customer's photo or document on to the admins as a file:
// GET /{version}/{media-id} gives a short-lived URL (5 minutes), which is downloaded with the token, and the
// bytes are uploaded again with POST /{version}/{phone-number-id}/media, whose id (valid 30 days) is what
// messages send. Meta documents sending by an id from that upload, not by an inbound message's id, so the
// file is copied. The bytes stay in memory for the copy: never queued, stored or logged, and neither is the
// URL (errors name neither). The token goes only to the Graph API and to Meta's media hosts.

import { createHash } from 'node:crypto';
import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import type { InboundMedia, MediaCopy, MediaPort } from '../app/ports.js';
import { FORWARDABLE, type ForwardKind, forwardKindOf } from '../domain/receipt-rules.js';
import {
  classifyGraphError,
  type GraphErrorBody,
  WhatsAppError,
  WhatsAppPermanentError,
  WhatsAppRetryableError,
  WhatsAppTokenError,
} from './graph-errors.js';

export interface GraphMediaOptions {
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: () => Promise<string>;
  /** For the metadata call; the download and upload get what is left before the deadline (at least this). */
  timeoutMs?: number;
}

/** Where Meta serves media from (lookaside.fbsbx.com today); the token is never sent anywhere else. */
const MEDIA_HOSTS = /(^|\.)(fbsbx\.com|facebook\.com|fbcdn\.net|whatsapp\.net)$/i;
/** A transfer may not take longer than this, whatever the deadline says. */
const MAX_TRANSFER_MS = 90_000;

interface MediaInfo {
  url: string;
  mimeType: string;
  bytes?: number;
  sha256?: string;
}

export class GraphMedia implements MediaPort {
  private readonly http: AxiosInstance;

  constructor(private readonly options: GraphMediaOptions) {
    this.http = axios.create({ timeout: options.timeoutMs ?? 10_000, maxRedirects: 0, validateStatus: () => true });
  }

  async copy(media: InboundMedia, run: { deadline?: number } = {}): Promise<MediaCopy> {
    const token = await this.options.accessToken();
    try {
      const info = await this.info(media.id, token);
      if (!info) return { ok: false, problem: 'gone' };
      const kind = forwardKindOf(info.mimeType);
      if (!kind) return { ok: false, problem: 'unsupported' };
      const maxBytes = FORWARDABLE[kind].maxBytes;
      if (info.bytes !== undefined && info.bytes > maxBytes)
        return { ok: false, problem: 'too-big', bytes: info.bytes, maxBytes };
      const bytes = await this.download(info, maxBytes, token, this.transferTimeout(run.deadline));
      if (bytes === 'too-big') return { ok: false, problem: 'too-big', maxBytes };
      if (bytes === 'elsewhere') return { ok: false, problem: 'gone' };
      const mediaId = await this.upload(
        bytes,
        info.mimeType,
        kind,
        media.filename,
        token,
        this.transferTimeout(run.deadline),
      );
      if (!mediaId) return { ok: false, problem: 'unsupported' };
      return { ok: true, mediaId, kind, mimeType: info.mimeType, bytes: bytes.length };
    } catch (e) {
      throw redact(e instanceof WhatsAppError ? e : networkError(e), token);
    }
  }

  private base(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** What is left before the worker's deadline (at most 90 s, at least the metadata call's timeout). */
  private transferTimeout(deadline: number | undefined): number {
    const floor = this.options.timeoutMs ?? 10_000;
    const left = deadline === undefined ? MAX_TRANSFER_MS : deadline - Date.now();
    return Math.max(floor, Math.min(MAX_TRANSFER_MS, left));
  }

  /** GET /{version}/{media-id}: undefined when Meta does not know it (expired after 7 days, or never ours). */
  private async info(mediaId: string, token: string): Promise<MediaInfo | undefined> {
    const { apiVersion, phoneNumberId } = this.options;
    const res = await this.http.get(`${this.base()}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(mediaId)}`, {
      params: { phone_number_id: phoneNumberId },
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.status < 200 || res.status >= 300) {
      const error = graphError(res);
      if (error instanceof WhatsAppPermanentError) return undefined;
      throw error;
    }
    const data = (res.data ?? {}) as Record<string, unknown>;
    const url = typeof data.url === 'string' ? data.url : '';
    const mimeType = typeof data.mime_type === 'string' ? data.mime_type.split(';')[0]!.trim().toLowerCase() : '';
    if (!url || !mimeType) throw new WhatsAppRetryableError('Graph media answer without url or mime_type');
    const size = Number(data.file_size);
    return {
      url,
      mimeType,
      ...(Number.isFinite(size) && size >= 0 ? { bytes: size } : {}),
      ...(typeof data.sha256 === 'string' ? { sha256: data.sha256 } : {}),
    };
  }

  /** The file itself, with the token; never more than `maxBytes`, never from a host that is not Meta's. */
  private async download(
    info: MediaInfo,
    maxBytes: number,
    token: string,
    timeout: number,
  ): Promise<Buffer | 'too-big' | 'elsewhere'> {
    if (!this.trusted(info.url)) return 'elsewhere';
    let res: AxiosResponse<ArrayBuffer>;
    try {
      res = await this.http.get<ArrayBuffer>(info.url, {
        headers: { Authorization: `Bearer ${token}` },
        responseType: 'arraybuffer',
        maxContentLength: maxBytes,
        timeout,
      });
    } catch (e) {
      if (isAxiosError(e) && /maxContentLength/.test(e.message)) return 'too-big';
      throw networkError(e, 'media download');
    }
    if (res.status === 401) throw new WhatsAppTokenError('Media download refused the access token (401)');
    // The URL lives 5 minutes: any other refusal is tried again later with a fresh one.
    if (res.status < 200 || res.status >= 300)
      throw new WhatsAppRetryableError(`Media download answered ${res.status}`);
    const bytes = Buffer.from(res.data);
    if (/^[0-9a-f]{64}$/i.test(info.sha256 ?? '')) {
      const sum = createHash('sha256').update(bytes).digest('hex');
      if (sum !== info.sha256!.toLowerCase())
        throw new WhatsAppRetryableError('Media download does not match its sha256');
    }
    return bytes;
  }

  /** Meta's media hosts over HTTPS, or the configured Graph URL's own host (the local fake). */
  private trusted(url: string): boolean {
    try {
      const u = new URL(url);
      const graph = new URL(this.base());
      if (u.origin === graph.origin) return true;
      return u.protocol === 'https:' && MEDIA_HOSTS.test(u.hostname);
    } catch {
      return false;
    }
  }

  /** POST /{version}/{phone-number-id}/media: the new media id, or undefined when Meta refuses the file. */
  private async upload(
    bytes: Buffer,
    mimeType: string,
    kind: ForwardKind,
    filename: string | undefined,
    token: string,
    timeout: number,
  ): Promise<string | undefined> {
    const { apiVersion, phoneNumberId } = this.options;
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    const name =
      filename?.replace(/[^\w.\- ]+/g, '_').slice(-100) || (kind === 'image' ? 'receipt.jpg' : 'receipt.pdf');
    form.append('file', new Blob([bytes], { type: mimeType }), name);
    const res = await this.http.post(
      `${this.base()}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(phoneNumberId)}/media`,
      form,
      { headers: { Authorization: `Bearer ${token}` }, timeout, maxBodyLength: Number.POSITIVE_INFINITY },
    );
    if (res.status < 200 || res.status >= 300) {
      const error = graphError(res);
      if (error instanceof WhatsAppPermanentError) return undefined;
      throw error;
    }
    const id = (res.data as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '')
      throw new WhatsAppRetryableError('Graph media upload answered without an id');
    return id;
  }
}

function graphError(res: AxiosResponse): WhatsAppError {
  const envelope = (res.data as { error?: GraphErrorBody } | undefined)?.error;
  return classifyGraphError(res.status, typeof envelope === 'object' && envelope !== null ? envelope : undefined);
}

/** Reading and uploading are safe to repeat: every network failure is "try again later" (the message comes back). */
function networkError(err: unknown, what = 'Graph media request'): WhatsAppError {
  if (err instanceof WhatsAppError) return err;
  const code = isAxiosError(err) ? err.code : undefined;
  return new WhatsAppRetryableError(`${what} failed (${code ?? 'unknown'})`);
}

/** Whatever Meta echoes, the token never leaves in an error. */
function redact(err: WhatsAppError, token: string): WhatsAppError {
  if (token.length < 8) return err;
  const scrub = (s: string) => s.split(token).join('[redacted]');
  if (err.message.includes(token)) err.message = scrub(err.message);
  if (err.details?.includes(token)) (err as { details?: string }).details = scrub(err.details);
  if (err.stack?.includes(token)) err.stack = scrub(err.stack);
  return err;
}
