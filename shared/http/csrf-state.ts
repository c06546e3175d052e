import { CSRF_COOKIE_NAME, getToken, newCsrfToken } from '../django/csrf.ts';
import type { CanopyRequest } from './types.ts';

/**
 * The request's CSRF cookie as CsrfViewMiddleware tracks it in request.META:
 * get_token() (ensure_csrf_cookie) and rotate_token() (login) mark it used,
 * and a used cookie is (re)sent on the response.
 */
export interface CsrfState {
  /** The cookie value to send, once used. */
  cookie: string | null;
  /** django.middleware.csrf.get_token: the masked token for a form or header. */
  getToken(): string;
  /** django.middleware.csrf.rotate_token: a new secret, as on login. */
  rotate(): void;
}

/** Reads the request's csrftoken cookie, as CsrfViewMiddleware.process_request does. */
export function openCsrf(req: CanopyRequest): CsrfState {
  const incoming = req.cookies[CSRF_COOKIE_NAME];
  const state: CsrfState = {
    cookie: null,
    getToken() {
      const { token, cookie } = getToken(state.cookie ?? incoming);
      state.cookie = cookie;
      return token;
    },
    rotate() {
      state.cookie = newCsrfToken();
    },
  };
  return state;
}
