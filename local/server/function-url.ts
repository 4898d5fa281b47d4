// The Lambda Function URL in front of the webhook, played locally: a Node HTTP request becomes the payload
// format 2.0 event AWS builds, and the handler's structured result becomes the HTTP response.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A Function URL takes payloads up to 6 MB; larger requests never reach the function. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

type FunctionUrlRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'httpVersion'> & {
  socket?: { remoteAddress?: string };
};

/** Content types a Function URL passes as text; everything else arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === '') return false;
  return (
    ct.startsWith('text/') ||
    /^application\/(json|javascript|xml|yaml|x-yaml|x-www-form-urlencoded|graphql)$/.test(ct) ||
    /\+(json|xml|yaml)$/.test(ct)
  );
}

/** Headers lower-cased and joined; cookies split out, as a Function URL passes them. */
function headersAndCookies(raw: IncomingMessage['headers']): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies.push(...String(value).split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return { headers, cookies };
}

/** The event a Lambda Function URL builds from an HTTP request (payload format 2.0). */
export function toFunctionUrlEvent(req: FunctionUrlRequest, body: Buffer, now = new Date()): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const { headers, cookies } = headersAndCookies(req.headers);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const text = isTextContentType(headers['content-type']);
  const method = (req.method ?? 'GET').toUpperCase();
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket?.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
  return event as unknown as APIGatewayProxyEventV2;
}

export function writeLambdaResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : result.body;
  const bytes = result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(bytes);
}

/** The whole body, or undefined once it grows past `max` bytes. */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Calls `handler` as a Function URL would: a body over the payload limit is refused with 413 before the
 * function sees it.
 */
export async function serveFunctionUrl(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<void> {
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (body === undefined) {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Request Entity Too Large');
    return;
  }
  writeLambdaResult(res, await handler(toFunctionUrlEvent(req, body)));
}
