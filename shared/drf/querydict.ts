import { monolithSettings } from '../django/monolith-settings.ts';
import { serverError } from '../http/django-pages.ts';
import type { CanopyResponse } from '../http/types.ts';
import { ApiError } from '../http/errors.ts';
import { decodeStrict, type Codec } from '../python/codecs.ts';
import { unquote } from '../python/urllib.ts';
import { htmlResponse } from '../http/render.ts';

/** A Django QueryDict (MultiValueDict): each name with all its values, in order. */
export type QueryDict<V = string> = Map<string, V[]>;

// The monolith's upload limits; None (no limit) is Infinity here. Read on use: tools parse query
// strings with this module without a settings export at hand.
/** settings.DATA_UPLOAD_MAX_NUMBER_FIELDS */
export const dataUploadMaxNumberFields = (): number => monolithSettings.settings.DATA_UPLOAD_MAX_NUMBER_FIELDS ?? Infinity;
/** settings.DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB by default) */
export const dataUploadMaxMemorySize = (): number => monolithSettings.settings.DATA_UPLOAD_MAX_MEMORY_SIZE ?? Infinity;

/** An ApiError whose answer is one of Django's own HTML error pages rather than DRF's JSON. */
export class DjangoPageError extends ApiError {
  constructor(
    private readonly page: CanopyResponse,
    /**
     * A SuspiciousOperation: Django logs it to django.security at ERROR, whose mail_admins
     * handler renders an error report that reads request.user, loading the session (so the
     * answer gains Vary: Cookie, and a stale session is flushed).
     */
    readonly suspicious: boolean,
  ) {
    super('bad_request', page.status, null);
  }

  override toResponse(): CanopyResponse {
    return { ...this.page, headers: [...this.page.headers] };
  }
}

/**
 * A SuspiciousOperation (TooManyFieldsSent, RequestDataTooBig, TooManyFilesSent,
 * SuspiciousMultipartForm) or, where Django parses request.POST itself, a MultiPartParserError:
 * DRF lets these through and Django answers with its bad_request page (no 400.html: the same
 * template as the 500 page, titled 'Bad Request (400)').
 */
export function badRequestPage(suspicious = true): ApiError {
  const html = serverError().body.toString('utf8').replaceAll('Server Error (500)', 'Bad Request (400)');
  return new DjangoPageError(htmlResponse(400, html), suspicious);
}

/** QueryDict.appendlist(key, value). */
export function appendList<V>(dict: QueryDict<V>, key: string, value: V): void {
  const values = dict.get(key);
  if (values) values.push(value);
  else dict.set(key, [value]);
}

/**
 * QueryDict(body, encoding): the body decoded strictly (latin-1 if that fails), then
 * parse_qsl(keep_blank_values=True, max_num_fields=DATA_UPLOAD_MAX_NUMBER_FIELDS): '&'-separated,
 * '+' as space, percent escapes decoded with the encoding and errors='replace'.
 * Over the field limit it throws Django's 400 page (TooManyFieldsSent).
 */
export function parseQueryDict(body: Uint8Array, codec: Codec): QueryDict {
  const decoded = decodeStrict(body, codec);
  const query = 'text' in decoded ? decoded.text : Buffer.from(body).toString('latin1');
  const dict: QueryDict = new Map();
  if (!query) return dict;
  // Counted before parsing, empty fields included.
  if (query.split('&').length > dataUploadMaxNumberFields()) throw badRequestPage();
  for (const field of query.split('&')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const [name, value] = eq < 0 ? [field, ''] : [field.slice(0, eq), field.slice(eq + 1)];
    appendList(dict, unquote(name.replace(/\+/g, ' '), codec), unquote(value.replace(/\+/g, ' '), codec));
  }
  return dict;
}
