import { ApiError } from '../http/errors.ts';
import { parseRequestData } from '../drf/parsers.ts';
import { pyStr, type PyJson } from '../python/json-loads.ts';
import type { QueryDict } from '../drf/querydict.ts';
import { UploadedFile } from '../drf/uploadedfile.ts';
import { isSecretName, REDACTED, storableName } from './secret-names.ts';
import type { ObservedRequest } from './types.ts';

// Fail closed: a body is kept only as the functions' own request parser (DRF's, as the monolith
// runs it) read it, re-encoded from what it read with every secret-looking field masked. Bytes
// the parser skipped (a preamble, a part whose headers it could not read, anything past
// Content-Length) are never stored, and a body it refused is not stored at all: a guess at a
// form the parser does not take is how a password once got through verbatim.

/** A body safe to store, with the Content-Type that describes it; or why none is stored. */
export type StoredBody = { body: Buffer; contentType: string | undefined } | { withheld: string };

const isMasked = (name: string, value: unknown) => isSecretName(name) && value !== null && value !== '';

/** The JSON value with every secret-looking key's value masked, at any depth (null and '' hold nothing). */
function maskJson(value: PyJson): PyJson {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [storableName(key), isMasked(key, v) ? REDACTED : maskJson(v)]));
}

/** json.dumps of what json.loads gave (ints exact, floats as Python writes them; inf as 1e400, which reads back as inf). */
function jsonText(value: PyJson): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? pyStr(value) : value > 0 ? '1e400' : '-1e400';
  if (Array.isArray(value)) return `[${value.map(jsonText).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonText(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** urlencode's quote_plus in UTF-8. */
const quotePlus = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/** A multipart header parameter: quoted when plain, RFC 2231 otherwise (every byte outside [A-Za-z0-9._-] escaped). */
function multipartParam(name: string, value: string): string {
  if (/^[\w .-]*$/.test(value)) return `${name}="${value}"`;
  const escaped = [...Buffer.from(value, 'utf8')].map((b) => (/[\w.-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`));
  return `${name}*=utf-8''${escaped.join('')}`;
}

/** A multipart body of the fields and files, with a boundary that occurs in none of them. */
function multipartBody(fields: Array<[string, string | UploadedFile]>): { body: Buffer; contentType: string } {
  const parts = fields.map(([name, value]) => {
    if (typeof value === 'string') return { head: `Content-Disposition: form-data; ${multipartParam('name', name)}`, content: Buffer.from(value, 'utf8') };
    const type = value.contentType ? `\r\nContent-Type: ${value.contentType}${value.charset ? `; charset=${value.charset}` : ''}` : '';
    return { head: `Content-Disposition: form-data; ${multipartParam('name', name)}; ${multipartParam('filename', value.name)}${type}`, content: value.content };
  });
  let boundary = 'canopy-stored-body';
  while (parts.some((p) => p.content.includes(boundary))) boundary += '-';
  const chunks = parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n${p.head}\r\n\r\n`, 'utf8'), p.content, Buffer.from('\r\n')]);
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Each field of a form with secret-looking ones masked (a file under a secret-looking name too), and names that may hold one. */
function maskedFields(data: QueryDict<string | UploadedFile>): Array<[string, string | UploadedFile]> {
  return [...data].flatMap(([name, values]) => values.map((value): [string, string | UploadedFile] => [storableName(name), isMasked(name, value) ? REDACTED : value]));
}

/**
 * What of a request's body may be stored: nothing for a credential route; else the body as the
 * function's parser read it (JSON, url-encoded or multipart form), re-encoded with
 * secret-looking fields masked; nothing, with the reason, when that parser refused it.
 */
export function storableBody(request: Pick<ObservedRequest, 'method' | 'headers' | 'body'>, credentials: boolean): StoredBody {
  if (credentials) return { withheld: 'credential route: request bodies are never stored' };
  let parsed;
  try {
    parsed = parseRequestData(request);
  } catch (error) {
    // The code and status only: a parser's message may quote the body.
    return { withheld: `the function's request parser refused it (${error instanceof ApiError ? `${error.status} ${error.code}` : 'an error'})` };
  }
  if (parsed.kind === 'empty') return { body: Buffer.alloc(0), contentType: request.headers['content-type'] };
  if (parsed.kind === 'json') return { body: Buffer.from(jsonText(maskJson(parsed.data)), 'utf8'), contentType: 'application/json' };
  const fields = maskedFields(parsed.data);
  // Multipart only while a file is left, so storing a stored body again changes nothing.
  if (fields.some(([, value]) => value instanceof UploadedFile)) return multipartBody(fields);
  const pairs = fields.map(([name, value]) => `${quotePlus(name)}=${quotePlus(value as string)}`);
  return { body: Buffer.from(pairs.join('&'), 'utf8'), contentType: 'application/x-www-form-urlencoded' };
}
