import type { IncomingMessage } from 'node:http';
import { parseCookie } from '../django/cookies.ts';
import { isSecure } from '../django/secure.ts';
import type { CanopyRequest } from '../http/types.ts';

/** Decodes a path the way WSGI servers build PATH_INFO (percent-decoded, latin-1 bytes read as UTF-8). */
function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/** Builds a CanopyRequest from a Node request whose body has been read; `signal` ends what is done for it. */
export function toCanopyRequest(req: IncomingMessage, body: Buffer, signal: AbortSignal): CanopyRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Node keeps the first of repeated Host headers; gunicorn joins them with ',' (a host Django refuses).
  if (req.headersDistinct?.host) headers.host = req.headersDistinct.host.join(',');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: decodePath(rawPath),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    // Node reads header bytes as latin-1; Django decodes the Cookie header as UTF-8.
    cookies: Object.fromEntries(parseCookie(Buffer.from(headers.cookie ?? '', 'latin1').toString('utf8'))),
    body,
    secure: isSecure(headers),
    remoteAddress: req.socket?.remoteAddress ?? '',
    server: { name: req.socket?.localAddress ?? '', port: String(req.socket?.localPort ?? '') },
    signal,
  };
}
