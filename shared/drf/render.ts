import type { CanopyResponse } from '../http/types.ts';

/**
 * Renders data as DRF's JSONRenderer does: compact separators, non-ASCII kept
 * as UTF-8, and U+2028/U+2029 escaped (DRF does this so the output is valid
 * JavaScript as well as JSON).
 */
export function renderJson(data: unknown): Buffer {
  const text = JSON.stringify(data).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return Buffer.from(text, 'utf8');
}

/** A JSON response as a DRF view returns it, before Django's middleware adds its headers. */
export function jsonResponse(status: number, data: unknown, headers: Array<[string, string]> = []): CanopyResponse {
  return {
    status,
    headers: [['Content-Type', 'application/json'], ...headers],
    body: renderJson(data),
  };
}

/** A bodiless response (DRF's Response(status=204)). */
export function emptyResponse(status: number, headers: Array<[string, string]> = []): CanopyResponse {
  return { status, headers, body: Buffer.alloc(0) };
}

/** An HTML response (Django's own error pages). */
export function htmlResponse(status: number, html: string, contentType = 'text/html'): CanopyResponse {
  return { status, headers: [['Content-Type', contentType]], body: Buffer.from(html, 'utf8') };
}
