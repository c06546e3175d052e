import type { SessionState } from '../django/session-store.ts';
import { csrfCookieHeader } from '../django/csrf.ts';
import { deleteSessionCookieHeader, SESSION_COOKIE_NAME, SESSION_SAVE_EVERY_REQUEST, sessionCookieHeader } from '../django/sessions.ts';
import { djangoAtLeast, slashRedirectInResponse } from '../django/monolith-settings.ts';
import { CSRF_SESSION_KEY, CSRF_USE_SESSIONS, type CsrfState } from '../http/csrf-state.ts';
import { patchVary, setDefaultHeader, setHeader } from '../http/headers.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';

/** What the response middleware needs to know about the request. */
export interface RequestState {
  req: CanopyRequest;
  session: SessionState;
  csrf: CsrfState;
  /**
   * False for responses that never reached the view layer (CommonMiddleware's
   * own redirect), which XFrameOptionsMiddleware therefore never sees.
   */
  framed: boolean;
}

/** The response half of the monolith's MIDDLEWARE, innermost first. */
export async function applyResponseMiddleware(state: RequestState, response: CanopyResponse): Promise<CanopyResponse> {
  // Neither on the slash redirect, which CommonMiddleware answers before (3.2) or instead of (4.2+)
  // what the inner middleware made.
  if (state.framed) {
    setDefaultHeader(response, 'X-Frame-Options', 'DENY');
    await applyCsrfResponse(state, response);
  }
  // CommonMiddleware: Content-Length (HEAD keeps the GET body's length); a stream's length is unknown;
  // from Django 4.2 its slash redirect replaces the response in process_response, past that step.
  if (!response.stream) {
    if (state.framed || !slashRedirectInResponse()) setDefaultHeader(response, 'Content-Length', String(response.body.length));
    else response.withoutLength = true;
  }
  return applyOuterMiddleware(state, response);
}

/**
 * CsrfViewMiddleware.process_response: a used token cookie is sent again (renewing its expiry), or with
 * CSRF_USE_SESSIONS written into the session when it differs.
 */
async function applyCsrfResponse({ session, csrf }: Pick<RequestState, 'session' | 'csrf'>, response: CanopyResponse): Promise<void> {
  if (csrf.cookie === null) return;
  if (!CSRF_USE_SESSIONS) {
    response.headers.push(['Set-Cookie', csrfCookieHeader(csrf.cookie)]);
    patchVary(response, 'Cookie');
  } else if ((await session.load())[CSRF_SESSION_KEY] !== csrf.cookie) {
    await session.set(CSRF_SESSION_KEY, csrf.cookie);
  }
}

/**
 * Django's bad_request view as it answers an exception in CommonMiddleware.process_request
 * (DisallowedHost): the view is @requires_csrf_token, so CsrfViewMiddleware's request and response
 * halves run around it (with CSRF_USE_SESSIONS it reads the session; from 4.0 a malformed cookie is
 * replaced), and only the middleware above CommonMiddleware sees its answer: no X-Frame-Options,
 * no Content-Length.
 */
export async function badRequestBelowCommon(state: Omit<RequestState, 'framed'>, page: CanopyResponse): Promise<CanopyResponse> {
  await applyCsrfResponse(state, page);
  return applyOuterMiddleware(state, { ...page, withoutLength: true });
}

/**
 * The response half of the middleware above CommonMiddleware (SessionMiddleware, then
 * SecurityMiddleware).
 */
async function applyOuterMiddleware(state: Pick<RequestState, 'req' | 'session'>, response: CanopyResponse): Promise<CanopyResponse> {
  await applySessionMiddleware(state, response);
  // SecurityMiddleware with SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY and (Django 4.0+)
  // SECURE_CROSS_ORIGIN_OPENER_POLICY defaults.
  setDefaultHeader(response, 'X-Content-Type-Options', 'nosniff');
  setDefaultHeader(response, 'Referrer-Policy', 'same-origin');
  if (djangoAtLeast(4, 0)) setDefaultHeader(response, 'Cross-Origin-Opener-Policy', 'same-origin');
  return response;
}

/** SessionMiddleware.process_response. */
async function applySessionMiddleware({ req, session }: Pick<RequestState, 'req' | 'session'>, response: CanopyResponse): Promise<void> {
  if (SESSION_COOKIE_NAME in req.cookies && session.isEmpty()) {
    response.headers.push(['Set-Cookie', deleteSessionCookieHeader()]);
    patchVary(response, 'Cookie');
    return;
  }
  if (session.accessed) patchVary(response, 'Cookie');
  if ((session.modified || SESSION_SAVE_EVERY_REQUEST) && !session.isEmpty() && response.status !== 500) {
    await session.save();
    response.headers.push(['Set-Cookie', sessionCookieHeader(session.key!, session.data())]);
  }
}

/**
 * Replaces the body of a HEAD answer with nothing, keeping its headers (a stream is not started, and an
 * answer Django sends without Content-Length gets none).
 */
export function stripBodyForHead(req: CanopyRequest, response: CanopyResponse): CanopyResponse {
  if (req.method !== 'HEAD') return response;
  if (!response.stream && !response.withoutLength) setHeader(response, 'Content-Length', String(response.body.length));
  return { ...response, body: Buffer.alloc(0), stream: undefined };
}
