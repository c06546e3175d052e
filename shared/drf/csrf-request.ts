import type { CsrfRequest } from '../django/csrf.ts';
import { checkCsrf as checkCsrf32, CSRF_FORM_FIELD, CSRF_HEADER_NAME } from '../django/csrf.ts';
import { checkCsrfModern } from '../django/csrf-modern.ts';
import { getHost } from '../django/host.ts';
import { djangoAtLeast } from '../django/monolith-settings.ts';
import { parseDjangoPost } from './parsers.ts';
import type { CsrfState } from '../http/csrf-state.ts';
import type { CanopyRequest } from '../http/types.ts';

/** CsrfViewMiddleware.process_view of the monolith's Django: 3.2's, or 4.0's rewrite. */
export const checkCsrf = djangoAtLeast(4, 0) ? checkCsrfModern : checkCsrf32;

/** What CsrfViewMiddleware reads from a request, with the token process_request read (`csrf`). */
export function toCsrfRequest(req: CanopyRequest, csrf: CsrfState): CsrfRequest {
  // request.POST as Django reads it (url-encoded and multipart bodies, its 400 page when they are
  // malformed), the last value winning; read only when the check gets that far.
  const formToken = () => parseDjangoPost(req).get(CSRF_FORM_FIELD)?.at(-1);
  const host = getHost(req);
  return {
    method: req.method,
    secure: req.secure,
    host,
    // gunicorn's SERVER_PORT: the Host header's port, else the scheme it serves (http behind the proxy).
    port: /:(\d+)$/.exec(host ?? '')?.[1] ?? '80',
    referer: req.headers.referer,
    origin: req.headers.origin,
    cookieToken: csrf.incoming,
    formToken,
    headerToken: req.headers[CSRF_HEADER_NAME],
  };
}
