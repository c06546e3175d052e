import { djangoPageContentType } from '../django/monolith-settings.ts';
import type { CanopyResponse } from './types.ts';

/**
 * Renders data as DRF's JSONRenderer does: compact separators, non-ASCII kept
 * as UTF-8, and U+2028/U+2029 escaped (DRF does this so the output is valid
 * JavaScript as well as JSON).
 */
export function renderJson(data: unknown): Buffer {
  const text = JSON.stringify(data).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return Buffer.from(text, 'utf8');
}

/**
 * Compact JSON laid out as json.dumps(indent=n, separators=(',', ': ')) lays it out, token by
 * token, so numbers keep their text (50000.0 stays a float) and any size takes one pass.
 */
export function indentJson(compact: string, indent: number): string {
  const pad = (depth: number) => `\n${' '.repeat(indent * depth)}`;
  let out = '';
  let depth = 0;
  for (let i = 0; i < compact.length; i++) {
    const char = compact[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < compact.length && compact[end] !== '"') end += compact[end] === '\\' ? 2 : 1;
      out += compact.slice(i, end + 1);
      i = end;
    } else if (char === '{' || char === '[') {
      // An empty container stays '{}' or '[]'.
      if (compact[i + 1] === (char === '{' ? '}' : ']')) {
        out += char + compact[++i];
      } else out += char + pad(++depth);
    } else if (char === '}' || char === ']') out += pad(--depth) + char;
    else if (char === ',') out += `,${pad(depth)}`;
    else if (char === ':') out += ': ';
    else out += char;
  }
  return out;
}

/** A JSON response as JSONRenderer renders it with an accepted `indent=` (Accept: application/json; indent=4). */
export function indented(response: CanopyResponse, indent: number): CanopyResponse {
  const type = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (type !== 'application/json' || response.body.length === 0) return response;
  return { ...response, body: Buffer.from(indentJson(response.body.toString('utf8'), indent), 'utf8') };
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
export function htmlResponse(status: number, html: string, contentType = djangoPageContentType()): CanopyResponse {
  return { status, headers: [['Content-Type', contentType]], body: Buffer.from(html, 'utf8') };
}
