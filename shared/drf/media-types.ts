import { decodeStrict, lookupCodec } from '../python/codecs.ts';
import { unquote } from '../python/urllib.ts';
import { asciiStrip, pyStrip } from '../python/str.ts';

// The header parsers DRF and Django apply to Content-Type and to multipart part headers. Three
// near-identical Python functions, each with its own quirks: Django's multipartparser.parse_header
// (bytes, ASCII-only names, RFC 2231 values), DRF's parse_header_parameters built on it, and
// cgi.parse_header (str), which sets request.content_type and request.encoding.

/** A parameter value as multipartparser.parse_header gives it: raw bytes, or str when RFC 2231-encoded. */
export type HeaderValue = Buffer | string;

/** A header's main value and its parameters, names lower-cased. */
export interface ParsedHeader<V> {
  key: string;
  params: Map<string, V>;
}

/** Python raised something other than a ValueError (a LookupError...): Django answers 500. */
export class HeaderServerError extends Error {}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const count = (s: string, sub: string, end = s.length) => s.slice(0, end).split(sub).length - 1;

/** The ';'-separated parts, a ';' inside an (odd number of) quotes not counting. */
function splitParams(line: string, strip: (part: string) => string, quotes: (segment: string) => number): string[] {
  const parts: string[] = [];
  let rest = `;${line}`;
  while (rest.startsWith(';')) {
    rest = rest.slice(1);
    let end = rest.indexOf(';');
    while (end > 0 && quotes(rest.slice(0, end)) % 2) end = rest.indexOf(';', end + 1);
    if (end < 0) end = rest.length;
    parts.push(strip(rest.slice(0, end)));
    rest = rest.slice(end);
  }
  return parts;
}

/** The quoted-string unescaping both parsers share: two plain replaces, in this order. */
const unquoteValue = (value: string) =>
  value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replaceAll('\\\\', '\\').replaceAll('\\"', '"')
    : value;

/** bytes.decode() (strict UTF-8) of bytes held as a latin-1 string; null where it raises. */
const utf8 = (latin1: string): string | null => {
  const decoded = decodeStrict(Buffer.from(latin1, 'latin1'), 'utf-8');
  return 'text' in decoded ? decoded.text : null;
};

/**
 * django.http.multipartparser.parse_header(line: bytes). Null where Python raises a ValueError
 * (a non-ASCII name, a malformed RFC 2231 value); HeaderServerError for an RFC 2231 charset
 * Python does not know (LookupError) or that is not mirrored here.
 */
export function parseHeader(line: Buffer): ParsedHeader<HeaderValue> | null {
  const [first, ...rest] = splitParams(line.toString('latin1'), asciiStrip, (s) => count(s, '"'));
  const key = asciiLower(first!);
  if (/[^\x00-\x7f]/.test(key)) return null;
  const params = new Map<string, HeaderValue>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let name = asciiLower(asciiStrip(part.slice(0, eq)));
    if (/[^\x00-\x7f]/.test(name)) return null;
    // RFC 2231: name*=charset'language'percent-encoded
    const encoded = name.endsWith('*') && count(part, "'") === 2;
    if (name.endsWith('*')) name = name.slice(0, -1);
    const value = unquoteValue(asciiStrip(part.slice(eq + 1)));
    if (!encoded) {
      params.set(name, Buffer.from(value, 'latin1'));
      continue;
    }
    const pieces = value.split("'");
    if (pieces.length !== 3) return null;
    const [charset, text] = [utf8(pieces[0]!), utf8(pieces[2]!)];
    if (charset === null || text === null) return null;
    if (!text.includes('%')) {
      params.set(name, text);
      continue;
    }
    const codec = lookupCodec(charset);
    if (codec === null) throw new HeaderServerError(`LookupError: unknown encoding: ${charset}`);
    if (codec === 'unsupported') throw new HeaderServerError(`RFC 2231 charset ${charset} is not mirrored`);
    params.set(name, unquote(text, codec));
  }
  return { key, params };
}

/**
 * DRF's parse_header_parameters (its Django < 4.2 shim): parse_header on the header's UTF-8
 * bytes, every value as str. Python's UnicodeDecodeError here is uncaught (a 500).
 */
export function parseHeaderParameters(line: string): ParsedHeader<string> {
  const parsed = parseHeader(Buffer.from(line, 'utf8'));
  if (!parsed) throw new HeaderServerError(`UnicodeDecodeError parsing media type ${JSON.stringify(line)}`);
  const params = new Map<string, string>();
  for (const [name, value] of parsed.params) params.set(name, typeof value === 'string' ? value : value.toString('utf8'));
  return { key: parsed.key, params };
}

/** cgi.parse_header(line): how Django sets request.content_type (not lower-cased) and content_params. */
export function cgiParseHeader(line: string): ParsedHeader<string> {
  const [key, ...rest] = splitParams(line, pyStrip, (s) => count(s, '"') - count(s, '\\"'));
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq >= 0) params.set(pyStrip(part.slice(0, eq)).toLowerCase(), unquoteValue(pyStrip(part.slice(eq + 1))));
  }
  return { key: key!, params };
}

/**
 * DRF's media_type_matches(parserType, requestType) for a parser's bare media type: each half of
 * the request's type must equal the parser's or be '*'; the request's parameters do not matter.
 */
export function mediaTypeMatches(parserType: string, requestType: string): boolean {
  const [main, sub] = parserType.split('/') as [string, string];
  const full = parseHeaderParameters(requestType).key;
  const slash = full.indexOf('/');
  const [otherMain, otherSub] = slash < 0 ? [full, ''] : [full.slice(0, slash), full.slice(slash + 1)];
  return (otherSub === '*' || otherSub === sub) && (otherMain === '*' || otherMain === main);
}

/** DRF's is_form_media_type: url-encoded or multipart form data, parameters aside. */
export function isFormMediaType(mediaType: string): boolean {
  const { key } = parseHeaderParameters(mediaType);
  return key === 'application/x-www-form-urlencoded' || key === 'multipart/form-data';
}
