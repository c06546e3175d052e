import type { SessionState } from '../auth/session.ts';
import { deleteSessionCookieHeader, SESSION_COOKIE_NAME } from '../django/sessions.ts';
import { patchVary, setDefaultHeader, setHeader } from './headers.ts';
import type { CanopyRequest, CanopyResponse } from './types.ts';

/**
 * The response half of the monolith's MIDDLEWARE (Django 3.2 defaults), run
 * innermost first. `framed` is false for responses that never reached the
 * view layer (CommonMiddleware's own redirect), which XFrameOptionsMiddleware
 * therefore never sees.
 */
export function applyResponseMiddleware(
  req: CanopyRequest,
  session: SessionState,
  response: CanopyResponse,
  framed: boolean,
): CanopyResponse {
  if (framed) setDefaultHeader(response, 'X-Frame-Options', 'DENY');
  // CommonMiddleware: Content-Length (HEAD keeps the GET body's length).
  setDefaultHeader(response, 'Content-Length', String(response.body.length));
  applySessionMiddleware(req, session, response);
  // SecurityMiddleware with SECURE_CONTENT_TYPE_NOSNIFF and SECURE_REFERRER_POLICY defaults.
  setDefaultHeader(response, 'X-Content-Type-Options', 'nosniff');
  setDefaultHeader(response, 'Referrer-Policy', 'same-origin');
  return response;
}

/** SessionMiddleware.process_response for a read-only request (writes come with identity). */
function applySessionMiddleware(req: CanopyRequest, session: SessionState, response: CanopyResponse): void {
  if (SESSION_COOKIE_NAME in req.cookies && session.isEmpty()) {
    response.headers.push(['Set-Cookie', deleteSessionCookieHeader()]);
    patchVary(response, 'Cookie');
    return;
  }
  if (session.accessed) patchVary(response, 'Cookie');
}

/** Replaces the body of a HEAD answer with nothing, keeping its headers. */
export function stripBodyForHead(req: CanopyRequest, response: CanopyResponse): CanopyResponse {
  if (req.method !== 'HEAD') return response;
  setHeader(response, 'Content-Length', String(response.body.length));
  return { ...response, body: Buffer.alloc(0) };
}
