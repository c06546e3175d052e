import { CSRF_COOKIE_NAME, getToken, maskCipherSecret, newCsrfSecret, newCsrfToken } from '../django/csrf.ts';
import { COOKIE_HOLDS_SECRET, secretOf, tokenFormatProblem } from '../django/csrf-modern.ts';
import { djangoAtLeast } from '../django/monolith-settings.ts';
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

/** Reads the request's CSRF cookie, as CsrfViewMiddleware.process_request does (Django 3.2's, or 4.0's rewrite). */
export function openCsrf(req: CanopyRequest): CsrfState {
  const incoming = req.cookies[CSRF_COOKIE_NAME];
  return djangoAtLeast(4, 0) ? openModernCsrf(incoming) : openCsrf32(incoming);
}

// 3.2 keeps a masked token in META and sanitizes what the cookie held.
function openCsrf32(incoming: string | undefined): CsrfState {
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

// 4.0+ keeps the secret: a malformed cookie is replaced at once (and sent, with Vary: Cookie); the
// cookie carries the secret itself from 4.1 (CSRF_COOKIE_MASKED aside), a masked token before.
function openModernCsrf(incoming: string | undefined): CsrfState {
  const cookieFor = (secret: string) => (COOKIE_HOLDS_SECRET ? secret : maskCipherSecret(secret));
  let secret: string | null = incoming === undefined ? null : tokenFormatProblem(incoming) ? newCsrfSecret() : secretOf(incoming);
  const state: CsrfState = {
    cookie: incoming !== undefined && tokenFormatProblem(incoming) ? cookieFor(secret!) : null,
    getToken() {
      secret ??= newCsrfSecret();
      state.cookie = cookieFor(secret);
      return maskCipherSecret(secret);
    },
    rotate() {
      secret = newCsrfSecret();
      state.cookie = cookieFor(secret);
    },
  };
  return state;
}
