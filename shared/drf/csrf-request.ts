import type { CsrfRequest } from '../django/csrf.ts';
import { CSRF_COOKIE_NAME, CSRF_FORM_FIELD, CSRF_HEADER_NAME } from '../django/csrf.ts';
import { parseDjangoPost } from './parsers.ts';
import type { CanopyRequest } from '../http/types.ts';

/** What CsrfViewMiddleware reads from a request. */
export function toCsrfRequest(req: CanopyRequest): CsrfRequest {
  // request.POST as Django reads it (url-encoded and multipart bodies, its 400 page when they are
  // malformed), the last value winning; read only when the check gets that far.
  const formToken = () => parseDjangoPost(req).get(CSRF_FORM_FIELD)?.at(-1);
  return {
    method: req.method,
    secure: req.secure,
    host: req.headers.host ?? null,
    referer: req.headers.referer,
    cookieToken: req.cookies[CSRF_COOKIE_NAME],
    formToken,
    headerToken: req.headers[CSRF_HEADER_NAME],
  };
}
