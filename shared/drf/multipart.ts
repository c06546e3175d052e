import { parseHeader, type HeaderValue } from './media-types.ts';
import { decodeReplace, type Codec } from '../python/codecs.ts';
import { asciiStrip, pyLen, pyStrip } from '../python/str.ts';
import { UploadedFile } from './uploadedfile.ts';
import { appendList, badRequestPage, dataUploadMaxMemorySize, dataUploadMaxNumberFields, type QueryDict } from './querydict.ts';

// A port of Django 3.2's django.http.multipartparser.MultiPartParser with its default upload
// handlers (memory, then temporary file), kept to Django's structure: the body is read in 64 KiB
// chunks through the same LazyStream/BoundaryIter machinery, so quirks that depend on where a
// part falls (a part skipped unread is re-read as further parts, the 'parser got stuck' guard)
// happen as in Django. Not mirrored: html.unescape() of file names knows only numeric and the
// amp/lt/gt/quot/apos references (others stay as written), and an RFC 2231 parameter
// (name*=charset''...) in a charset Python has beyond utf-8/latin-1/ascii answers 500 here
// (as one in a charset Python does not know does in Django).

/** settings.DATA_UPLOAD_MAX_NUMBER_FILES (Django 3.2.18+) */
export const DATA_UPLOAD_MAX_NUMBER_FILES = 100;
/** settings.FILE_UPLOAD_MAX_MEMORY_SIZE: bodies up to this size keep files in memory. */
export const FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440;
const CHUNK_SIZE = 64 * 1024;

/** Django's MultiPartParserError: DRF answers 400 'Multipart form parse error - <message>'. */
export class MultiPartParserError extends Error {}

/** Python raised something DRF and Django do not handle (a 500). */
class MultipartServerError extends Error {}

const EMPTY = Buffer.alloc(0);

/** LazyStream: a byte producer with unget(); null from a producer is StopIteration. */
function lazyStream(producer: () => Buffer | null) {
  let leftover = EMPTY;
  let ungetHistory: number[] = [];
  const next = (): Buffer | null => {
    if (leftover.length) {
      const output = leftover;
      leftover = EMPTY;
      return output;
    }
    const output = producer();
    if (output !== null) ungetHistory = [];
    return output;
  };
  const unget = (bytes: Buffer) => {
    if (!bytes.length) return;
    // Django's guard against a malformed body making it loop: SuspiciousMultipartForm.
    ungetHistory = [bytes.length, ...ungetHistory.slice(0, 49)];
    if (ungetHistory.filter((n) => n === bytes.length).length > 40) throw badRequestPage();
    leftover = Buffer.concat([bytes, leftover]);
  };
  const read = (size: number) => {
    const parts: Buffer[] = [];
    let remaining = size;
    while (remaining !== 0) {
      const chunk = next();
      if (chunk === null) break;
      const emitting = chunk.subarray(0, remaining);
      unget(chunk.subarray(remaining));
      remaining -= emitting.length;
      parts.push(emitting);
    }
    return Buffer.concat(parts);
  };
  return { next, unget, read };
}
type LazyStream = ReturnType<typeof lazyStream>;

/** BoundaryIter: the bytes up to the next boundary (CRLF before it dropped), as a producer; null if the stream is exhausted. */
function boundaryIter(stream: LazyStream, boundary: Buffer): (() => Buffer | null) | null {
  const unused = stream.read(1);
  if (!unused.length) return null;
  stream.unget(unused);
  // The format is CRLF<boundary>[--CRLF]: keep that many bytes back in case a boundary straddles chunks.
  const rollback = boundary.length + 6;
  let done = false;
  return () => {
    if (done) return null;
    const chunks: Buffer[] = [];
    let bytesRead = 0;
    let broke = false;
    for (let bytes = stream.next(); bytes !== null; bytes = stream.next()) {
      bytesRead += bytes.length;
      chunks.push(bytes);
      if (bytesRead > rollback || !bytes.length) {
        broke = true;
        break;
      }
    }
    if (!broke) done = true;
    if (!chunks.length) return null;
    const chunk = Buffer.concat(chunks);
    const index = chunk.indexOf(boundary);
    if (index >= 0) {
      let end = index;
      if (chunk[Math.max(0, end - 1)] === 0x0a) end--;
      if (chunk[Math.max(0, end - 1)] === 0x0d) end--;
      stream.unget(chunk.subarray(index + boundary.length));
      done = true;
      return chunk.subarray(0, end);
    }
    if (chunk.length <= rollback) {
      done = true;
      return chunk;
    }
    stream.unget(chunk.subarray(chunk.length - rollback));
    return chunk.subarray(0, chunk.length - rollback);
  };
}

type PartHeaders = Map<string, [string, Map<string, HeaderValue>]>;
type Part = { type: 'raw' | 'field' | 'file'; headers: PartHeaders; stream: LazyStream };

/** parse_boundary_stream: the part's headers must end within its first 1024 bytes. */
function parsePart(stream: LazyStream): Part {
  const chunk = stream.read(1024);
  const headerEnd = chunk.indexOf('\r\n\r\n');
  const headers: PartHeaders = new Map();
  if (headerEnd < 0) {
    stream.unget(chunk);
    return { type: 'raw', headers, stream };
  }
  stream.unget(chunk.subarray(headerEnd + 4));
  let type: Part['type'] = 'raw';
  for (const line of chunk.subarray(0, headerEnd).toString('latin1').split('\r\n')) {
    const parsed = parseHeader(Buffer.from(line, 'latin1'));
    const colon = parsed ? parsed.key.indexOf(':') : -1;
    if (!parsed || colon < 0) continue;
    const name = parsed.key.slice(0, colon);
    if (name === 'content-disposition') type = parsed.params.get('filename')?.length ? 'file' : 'field';
    headers.set(name, [parsed.key.slice(colon + 1), parsed.params]);
  }
  // A part without Content-Disposition is handed on whole, headers included.
  if (type === 'raw') stream.unget(chunk);
  return { type, headers, stream };
}

/** Parser: every part between the boundaries, preamble and epilogue included. */
function* parts(body: Buffer, boundary: Buffer): Generator<Part> {
  let position = 0;
  const stream = lazyStream(() => {
    if (position >= body.length) return null;
    const chunk = body.subarray(position, position + CHUNK_SIZE);
    position += chunk.length;
    return chunk;
  });
  const separator = Buffer.concat([Buffer.from('--'), boundary]);
  for (let producer = boundaryIter(stream, separator); producer; producer = boundaryIter(stream, separator)) {
    yield parsePart(lazyStream(producer));
  }
}

/** binascii.a2b_base64 (not strict): characters outside the alphabet are skipped; null is binascii.Error. */
function base64Decode(data: Buffer): Buffer | null {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (const byte of data) {
    if (byte === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const value = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(String.fromCharCode(byte));
    if (value < 0) continue;
    pads = 0;
    if (quad === 1) out.push(((left << 2) | (value >> 4)) & 0xff);
    else if (quad === 2) out.push(((left << 4) | (value >> 2)) & 0xff);
    else if (quad === 3) out.push(((left << 6) | value) & 0xff);
    left = quad === 0 ? value : value & (quad === 1 ? 0x0f : quad === 2 ? 0x03 : 0);
    quad = (quad + 1) % 4;
  }
  return quad === 0 ? Buffer.from(out) : null;
}

// html.unescape() for the references file names plausibly carry; _invalid_charrefs and
// _invalid_codepoints as Python has them.
const CP1252 = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';
const NAMED: Record<string, string> = { 'amp;': '&', 'lt;': '<', 'gt;': '>', 'quot;': '"', 'apos;': "'", amp: '&', lt: '<', gt: '>', quot: '"' };
function charref(num: number): string {
  if (num === 0) return '\ufffd';
  if (num === 0x0d) return '\r';
  if (num >= 0x80 && num <= 0x9f) return CP1252[num - 0x80]!;
  if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
  const invalid = (num >= 0x1 && num <= 0x8) || (num >= 0xe && num <= 0x1f) || (num >= 0x7f && num <= 0x9f) ||
    (num >= 0xfdd0 && num <= 0xfdef) || num === 0xb || (num & 0xfffe) === 0xfffe;
  return invalid ? '' : String.fromCodePoint(num);
}
function htmlUnescape(text: string): string {
  return text.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return charref(parseInt(ref.slice(hex ? 2 : 1).replace(/;$/, ''), hex ? 16 : 10));
    }
    for (let length = ref.length; length > 1; length--) {
      const named = NAMED[ref.slice(0, length)];
      if (named !== undefined) return named + ref.slice(length);
    }
    return whole;
  });
}

/** UploadedFile's name: MultiPartParser.sanitize_file_name, then at most 255 characters, extension kept. */
function fileName(raw: string): string | null {
  const name = htmlUnescape(raw).split('/').at(-1)!.split('\\').at(-1)!;
  if (name === '' || name === '.' || name === '..') return null;
  const chars = Array.from(name);
  if (chars.length <= 255) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && /[^.]/.test(name.slice(0, dot)) ? Array.from(name.slice(dot)).slice(0, 255) : [];
  return [...Array.from(dot > 0 && ext.length ? name.slice(0, dot) : name).slice(0, 255 - ext.length), ...ext].join('');
}

/** force_str(value, encoding, errors='replace'), and bytes.strip()/str.strip() before it. */
const asText = (value: HeaderValue, codec: Codec) => (typeof value === 'string' ? value : decodeReplace(value, codec));
const strip = (value: HeaderValue): HeaderValue =>
  typeof value === 'string' ? pyStrip(value) : Buffer.from(asciiStrip(value.toString('latin1')), 'latin1');

/** cgi.valid_boundary: 1 to 201 printable ASCII characters, not ending in a space ('$' allows a final newline). */
const validBoundary = (boundary: string) => /^[ -~]{0,200}[!-~]\n?$/.test(boundary);

/** The boundary from the Content-Type, or the MultiPartParserError MultiPartParser.__init__ raises. */
function boundaryOf(contentType: string): Buffer {
  if (!contentType.startsWith('multipart/')) throw new MultiPartParserError(`Invalid Content-Type: ${contentType}`);
  if (/[^\x00-\x7f]/.test(contentType)) {
    throw new MultiPartParserError(`Invalid non-ASCII Content-Type in multipart: ${contentType}`);
  }
  const parsed = parseHeader(Buffer.from(contentType, 'latin1'));
  // A ValueError here is not caught by DRF or Django.
  if (!parsed) throw new MultipartServerError('ValueError parsing the multipart Content-Type');
  const boundary = parsed.params.get('boundary');
  const text = boundary === undefined ? 'None' : typeof boundary === 'string' ? boundary : boundary.toString('latin1');
  if (!boundary?.length || !validBoundary(text)) throw new MultiPartParserError(`Invalid boundary in multipart: ${text}`);
  return Buffer.from(text, 'latin1');
}

/**
 * MultiPartParser(META, body, upload_handlers, encoding).parse(): request.POST and request.FILES.
 * Throws MultiPartParserError, Django's 400 page for its SuspiciousOperations (too many fields,
 * files or bytes of field data, a stuck parser), or a plain Error where Django answers 500.
 */
export function parseMultipart(
  contentType: string,
  body: Buffer,
  codec: Codec,
): { post: QueryDict<string>; files: QueryDict<UploadedFile> } {
  const boundary = boundaryOf(contentType);
  const post: QueryDict<string> = new Map();
  const files: QueryDict<UploadedFile> = new Map();
  if (body.length === 0) return { post, files };
  const pyType = body.length <= FILE_UPLOAD_MAX_MEMORY_SIZE ? 'InMemoryUploadedFile' : 'TemporaryUploadedFile';
  let pending: UploadedFile | null = null;
  let numBytesRead = 0;
  let numPostKeys = 0;
  let numFiles = 0;
  for (const { type, headers, stream } of parts(body, boundary)) {
    // A file is complete once the next part starts; one the body ends inside is dropped.
    if (pending) appendList(files, pending.fieldName, pending);
    pending = null;
    // 2 more for the empty raw parts before the first and after the last boundary.
    if (type !== 'file' && ++numPostKeys > dataUploadMaxNumberFields() + 2) throw badRequestPage();
    const disposition = headers.get('content-disposition')?.[1];
    const rawName = disposition?.get('name');
    if (rawName === undefined) continue;
    const fieldName = asText(strip(rawName), codec);
    const transferEncoding = headers.has('content-transfer-encoding') ? pyStrip(headers.get('content-transfer-encoding')![0]) : null;
    if (type === 'field') {
      const raw = stream.read(dataUploadMaxMemorySize() - numBytesRead);
      numBytesRead += raw.length + pyLen(fieldName) + 2;
      if (numBytesRead > dataUploadMaxMemorySize()) throw badRequestPage();
      const data = transferEncoding === 'base64' ? (base64Decode(raw) ?? raw) : raw;
      appendList(post, fieldName, decodeReplace(data, codec));
      continue;
    }
    if (++numFiles > DATA_UPLOAD_MAX_NUMBER_FILES) throw badRequestPage();
    const name = fileName(asText(disposition!.get('filename')!, codec));
    if (name === null) continue;
    const [partType, typeParams] = headers.get('content-type') ?? ['', new Map<string, HeaderValue>()];
    const charset = typeParams.get('charset');
    const content: Buffer[] = [];
    let remainder = EMPTY;
    for (let chunk = stream.next(); chunk !== null; chunk = stream.next()) {
      if (transferEncoding === 'base64') {
        // Decoded in whole quads of the chunk with whitespace removed; the rest waits for the next chunk.
        const stripped = Buffer.concat([remainder, Buffer.from(chunk.toString('latin1').replace(/[ \t\n\r\v\f]/g, ''), 'latin1')]);
        const aligned = stripped.length - (stripped.length % 4);
        remainder = stripped.subarray(aligned);
        if (!aligned) continue;
        const decoded = base64Decode(stripped.subarray(0, aligned));
        if (!decoded) throw new MultiPartParserError('Could not decode base64 data.');
        chunk = decoded;
      }
      content.push(chunk);
    }
    if (remainder.length) throw new MultiPartParserError('Could not decode base64 data.');
    const charsetText = charset === undefined ? null : typeof charset === 'string' ? charset : charset.toString('latin1');
    pending = new UploadedFile(fieldName, name, pyStrip(partType), charsetText, Buffer.concat(content), pyType);
  }
  return { post, files };
}
