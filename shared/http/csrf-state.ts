import type { SessionState } from '../django/session-store.ts';
import { CSRF_COOKIE_NAME, getToken, maskCipherSecret, newCsrfSecret, newCsrfToken } from '../django/csrf.ts';
import { COOKIE_HOLDS_SECRET, secretOf, tokenFormatProblem } from '../django/csrf-modern.ts';
import { djangoAtLeast, monolithSettings } from '../django/monolith-settings.ts';
import type { CanopyRequest } from './types.ts';

/** CSRF_USE_SESSIONS: the token lives in the session under CSRF_SESSION_KEY, and no CSRF cookie is sent. */
export const CSRF_USE_SESSIONS = monolithSettings.settings.CSRF_USE_SESSIONS;
/** django.middleware.csrf.CSRF_SESSION_KEY. */
export const CSRF_SESSION_KEY = '_csrftoken';

/**
 * The request's CSRF cookie (or, with CSRF_USE_SESSIONS, session entry) as CsrfViewMiddleware
 * tracks it in request.META: get_token() (ensure_csrf_cookie) and rotate_token() (login) mark it
 * used, and a used one is (re)sent on the response (written into the session).
 */
export interface CsrfState {
  /** What process_request read: the cookie, or the session's entry; undefined when there is none. */
  incoming: string | undefined;
  /** The value to send, once used. */
  cookie: string | null;
  /** django.middleware.csrf.get_token: the masked token for a form or header. */
  getToken(): string;
  /** django.middleware.csrf.rotate_token: a new secret, as on login. */
  rotate(): void;
}

/**
 * CsrfViewMiddleware.process_request (Django 3.2's, or 4.0's rewrite): reads the CSRF cookie, or
 * with CSRF_USE_SESSIONS the session (loading it, so the answer varies on Cookie), where Django
 * checks no format. `session` is null where an earlier middleware answered first.
 */
export async function openCsrf(req: CanopyRequest, session: SessionState | null): Promise<CsrfState> {
  const stored = !CSRF_USE_SESSIONS ? req.cookies[CSRF_COOKIE_NAME] : session && (await session.load())[CSRF_SESSION_KEY];
  const incoming = typeof stored === 'string' ? stored : undefined;
  return djangoAtLeast(4, 0) ? openModernCsrf(incoming, !CSRF_USE_SESSIONS) : openCsrf32(incoming);
}

// 3.2 keeps a masked token in META and sanitizes what the cookie held.
function openCsrf32(incoming: string | undefined): CsrfState {
  const state: CsrfState = {
    incoming,
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
function openModernCsrf(incoming: string | undefined, checkFormat: boolean): CsrfState {
  const cookieFor = (secret: string) => (COOKIE_HOLDS_SECRET ? secret : maskCipherSecret(secret));
  const malformed = checkFormat && incoming !== undefined && tokenFormatProblem(incoming) !== null;
  let secret: string | null = incoming === undefined ? null : malformed ? newCsrfSecret() : secretOf(incoming);
  const state: CsrfState = {
    incoming,
    cookie: malformed ? cookieFor(secret!) : null,
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
