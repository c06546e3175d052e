import type { SessionState } from '../django/session-store.ts';
import { csrfCookieHeader } from '../django/csrf.ts';
import { deleteSessionCookieHeader, SESSION_COOKIE_NAME, sessionCookieHeader } from '../django/sessions.ts';
import type { CsrfState } from '../http/csrf-state.ts';
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

/** The response half of the monolith's MIDDLEWARE (Django 3.2 defaults), innermost first. */
export async function applyResponseMiddleware(state: RequestState, response: CanopyResponse): Promise<CanopyResponse> {
  if (state.framed) setDefaultHeader(response, 'X-Frame-Options', 'DENY');
  // CsrfViewMiddleware: a used token cookie is sent again (renewing its expiry).
  if (state.csrf.cookie !== null) {
    response.headers.push(['Set-Cookie', csrfCookieHeader(state.csrf.cookie)]);
    patchVary(response, 'Cookie');
  }
  // CommonMiddleware: Content-Length (HEAD keeps the GET body's length).
  setDefaultHeader(response, 'Content-Length', String(response.body.length));
  await applySessionMiddleware(state, response);
  // SecurityMiddleware with SECURE_CONTENT_TYPE_NOSNIFF and SECURE_REFERRER_POLICY defaults.
  setDefaultHeader(response, 'X-Content-Type-Options', 'nosniff');
  setDefaultHeader(response, 'Referrer-Policy', 'same-origin');
  return response;
}

/** SessionMiddleware.process_response. */
async function applySessionMiddleware({ req, session }: RequestState, response: CanopyResponse): Promise<void> {
  if (SESSION_COOKIE_NAME in req.cookies && session.isEmpty()) {
    response.headers.push(['Set-Cookie', deleteSessionCookieHeader()]);
    patchVary(response, 'Cookie');
    return;
  }
  if (session.accessed) patchVary(response, 'Cookie');
  if (session.modified && !session.isEmpty() && response.status !== 500) {
    await session.save();
    response.headers.push(['Set-Cookie', sessionCookieHeader(session.key!, session.data())]);
  }
}

/** Replaces the body of a HEAD answer with nothing, keeping its headers. */
export function stripBodyForHead(req: CanopyRequest, response: CanopyResponse): CanopyResponse {
  if (req.method !== 'HEAD') return response;
  setHeader(response, 'Content-Length', String(response.body.length));
  return { ...response, body: Buffer.alloc(0) };
}
