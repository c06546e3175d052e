import type { CsrfRequest } from '../django/csrf.ts';
import { CSRF_COOKIE_NAME, CSRF_FORM_FIELD, CSRF_HEADER_NAME } from '../django/csrf.ts';
import type { CanopyRequest } from './types.ts';

/** What CsrfViewMiddleware reads from a request: the form field only from url-encoded POST bodies. */
export function toCsrfRequest(req: CanopyRequest): CsrfRequest {
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const formToken =
    req.method === 'POST' && contentType === 'application/x-www-form-urlencoded'
      ? (new URLSearchParams(req.body.toString('utf8')).getAll(CSRF_FORM_FIELD).at(-1) ?? undefined)
      : undefined;
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
