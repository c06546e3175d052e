import type { CanopyRequest } from '../http/types.ts';
import { parseError, unsupportedMediaType } from '../http/errors.ts';
import { cgiParseHeader, isFormMediaType, mediaTypeMatches } from './media-types.ts';
import { MultiPartParserError, parseMultipart } from './multipart.ts';
import { lookupCodec, type Codec } from '../python/codecs.ts';
import { isJsonValueError, parsePythonJson, type PyJson, type PyJsonObject } from '../python/json-loads.ts';
import { pyInt } from '../python/str.ts';
import { badRequestPage, dataUploadMaxMemorySize, parseQueryDict, type QueryDict } from './querydict.ts';
import type { UploadedFile } from './uploadedfile.ts';

// DRF 3.14's Request._parse for the monolith's DEFAULT_PARSER_CLASSES (JSONParser, FormParser,
// MultiPartParser) under gunicorn + Django 3.2. Not mirrored: a body in a charset Python knows
// other than utf-8, latin-1 and ascii (answered 415 here; Django would decode with it), JSON
// nested about MAX_JSON_DEPTH deep (Python's limit depends on the view's stack), and what
// multipart.ts lists.

/** request.data as DRF parsed it. */
export type RequestData =
  /** No body (Content-Length missing or 0): DRF's {} or, for a form media type, an empty QueryDict. */
  | { kind: 'empty'; data: PyJsonObject | QueryDict }
  | { kind: 'json'; data: PyJson }
  /** `data` is request.data: fields, then files merged in (as DRF does); `files` is request.FILES. */
  | { kind: 'form'; data: QueryDict<string | UploadedFile>; files: QueryDict<UploadedFile> };

/** What parsing reads of a request. */
export type RequestBody = Pick<CanopyRequest, 'method' | 'headers' | 'body'>;

const PARSER_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;

/** META['CONTENT_TYPE'] as gunicorn sets it: the header as sent (latin-1), '' when absent. */
const contentTypeOf = (req: RequestBody) => req.headers['content-type'] ?? '';

/**
 * int(META['CONTENT_LENGTH']) as DRF and Django read it, 0 when absent: a chunked body without
 * Content-Length is no body to them (gunicorn sets no CONTENT_LENGTH).
 */
function contentLengthOf(req: RequestBody): number {
  const value = req.headers['content-length'];
  const length = value === undefined ? null : pyInt(value);
  return length === null ? 0 : Number(length);
}

/**
 * request.encoding (from the Content-Type charset, if Python knows it) or DEFAULT_CHARSET; 415
 * for a charset Python has that is not mirrored here.
 */
function encodingOf(contentType: string): Codec {
  const charset = cgiParseHeader(contentType).params.get('charset');
  const codec = charset === undefined ? null : lookupCodec(charset);
  if (codec === 'unsupported') throw unsupportedMediaType(contentType);
  return codec ?? 'utf-8';
}

/** Merges files into a copy of the fields: request.data for a multipart body. */
function withFiles(post: QueryDict, files: QueryDict<UploadedFile>): QueryDict<string | UploadedFile> {
  const data = new Map<string, Array<string | UploadedFile>>([...post].map(([key, values]) => [key, [...values]]));
  for (const [key, values] of files) data.set(key, [...(data.get(key) ?? []), ...values]);
  return data;
}

/**
 * DRF's request.data for a request: the parser chosen from Content-Type as
 * DefaultContentNegotiation.select_parser chooses it, errors as DRF answers them: 415
 * 'Unsupported media type "<type>" in request.', 400 'JSON parse error - ...' and
 * 'Multipart form parse error - ...', Django's HTML 400 page for its SuspiciousOperations
 * (over DATA_UPLOAD_MAX_NUMBER_FIELDS fields; multipart field data over
 * DATA_UPLOAD_MAX_MEMORY_SIZE). A plain Error stands for Python's uncaught exceptions (a 500).
 * DRF itself puts no size limit on url-encoded or JSON bodies.
 */
export function parseRequestData(req: RequestBody): RequestData {
  const contentType = contentTypeOf(req);
  const length = contentLengthOf(req);
  if (length === 0) {
    return { kind: 'empty', data: contentType && isFormMediaType(contentType) ? new Map() : {} };
  }
  // Django reads through a LimitedStream of CONTENT_LENGTH bytes.
  const body = req.body.subarray(0, length);
  const mediaType = PARSER_MEDIA_TYPES.find((type) => mediaTypeMatches(type, contentType));
  if (!mediaType) throw unsupportedMediaType(contentType);
  const codec = encodingOf(contentType);
  if (mediaType === 'application/json') {
    try {
      return { kind: 'json', data: parsePythonJson(body, codec) };
    } catch (error) {
      throw isJsonValueError(error) ? parseError(`JSON parse error - ${error.message}`) : error;
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', data: parseQueryDict(body, codec), files: new Map() };
  }
  try {
    const { post, files } = parseMultipart(contentType, body, codec);
    return { kind: 'form', data: withFiles(post, files), files };
  } catch (error) {
    throw error instanceof MultiPartParserError ? parseError(`Multipart form parse error - ${error.message}`) : error;
  }
}

/**
 * Django's own request.POST, which CsrfViewMiddleware reads on a POST before DRF parses anything
 * (csrf_protect views such as the login, once a CSRF cookie is present). Only a POST whose
 * Content-Type is exactly (case-sensitively) one of the two form types is parsed. Django answers
 * every failure here with its 400 page, multipart errors included, and enforces
 * DATA_UPLOAD_MAX_MEMORY_SIZE on url-encoded bodies, which DRF does not. When this succeeds,
 * parseRequestData gives what DRF's request.data then is for the same request.
 */
export function parseDjangoPost(req: RequestBody): QueryDict {
  const contentType = contentTypeOf(req);
  const type = cgiParseHeader(contentType).key;
  if (req.method !== 'POST' || (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded')) {
    return new Map();
  }
  const length = contentLengthOf(req);
  const body = req.body.subarray(0, length);
  const codec = encodingOf(contentType);
  if (type === 'application/x-www-form-urlencoded') {
    // HttpRequest.body: RequestDataTooBig.
    if (length > dataUploadMaxMemorySize()) throw badRequestPage();
    return parseQueryDict(body, codec);
  }
  try {
    return parseMultipart(contentType, body, codec).post;
  } catch (error) {
    // A MultiPartParserError is logged as a warning only: not suspicious.
    throw error instanceof MultiPartParserError ? badRequestPage(false) : error;
  }
}

/**
 * request.POST.get(name) on DRF's Request, which SessionAuthentication's CSRF check reads on a
 * POST: parsing the body as request.data does (so a malformed JSON body is DRF's 400, an unknown
 * media type its 415), then the last value of a form field; undefined for other media types.
 */
export function drfPostField(req: RequestBody, name: string): string | undefined {
  const parsed = parseRequestData(req);
  if (parsed.kind !== 'form') return undefined;
  // Request.POST holds the form's fields only; request.data has the files merged in after them.
  return parsed.data.get(name)?.filter((value): value is string => typeof value === 'string').at(-1);
}
