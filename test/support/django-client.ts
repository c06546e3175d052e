import { send, setCookieValue, type RawResponse } from './http.ts';
import { browserHeaders, CSRF_COOKIE, CSRF_HEADER, CSRF_IN_SESSION, SESSION_COOKIE } from './monolith-settings.ts';

/** What a visitor holds to pass Django's CSRF check: the token, and the cookie carrying its secret. */
export interface CsrfGrant {
  token: string;
  /** The CSRF cookie, or with CSRF_USE_SESSIONS the session cookie (the secret is in the session). */
  cookie: string;
}

export interface BrowserSession {
  sessionid: string;
  csrftoken: string;
  /** The Cookie header a browser would send. */
  cookie: string;
  /** Every header a browser sends with this session on an unsafe request: the cookies, the CSRF token, HTTPS (browserHeaders()). */
  headers: Record<string, string>;
}

const FORM_TOKEN = /name="csrfmiddlewaretoken" value="([^"]+)"/;

/**
 * With CSRF_USE_SESSIONS only a page Django renders tells the token: an admin
 * form (the password change form for staff, else the login form it redirects
 * to), read as a browser does, with the visitor's session cookie if any.
 */
async function tokenFromDjangoPage(djangoUrl: string, sessionCookie?: string): Promise<{ token: string; sessionKey: string | undefined }> {
  const headers = { ...browserHeaders(), ...(sessionCookie ? { Cookie: sessionCookie } : {}) };
  let page: RawResponse = await send(djangoUrl, { path: '/admin/password_change/', headers });
  const location = page.headers.location?.[0];
  if (page.status === 302 && location) {
    const next = new URL(location, 'http://redirect.invalid');
    page = await send(djangoUrl, { path: `${next.pathname}${next.search}`, headers });
  }
  const token = FORM_TOKEN.exec(page.body.toString())?.[1];
  if (!token) throw new Error(`no CSRF token in ${djangoUrl}'s admin form (status ${page.status})`);
  return { token, sessionKey: setCookieValue(page, SESSION_COOKIE) };
}

/**
 * A fresh visitor's CSRF token, the way an SPA gets it: GET /api/auth/session/
 * sets the CSRF cookie; with CSRF_USE_SESSIONS from a page Django renders
 * (`djangoUrl`, the monolith: a function renders no page).
 */
export async function csrfGrant(baseUrl: string, djangoUrl = baseUrl): Promise<CsrfGrant> {
  if (CSRF_IN_SESSION) {
    const { token, sessionKey } = await tokenFromDjangoPage(djangoUrl);
    if (!sessionKey) throw new Error(`${djangoUrl}'s admin form set no ${SESSION_COOKIE} cookie`);
    return { token, cookie: `${SESSION_COOKIE}=${sessionKey}` };
  }
  const res = await send(baseUrl, { path: '/api/auth/session/', headers: browserHeaders() });
  const token = setCookieValue(res, CSRF_COOKIE);
  if (!token) throw new Error(`no ${CSRF_COOKIE} cookie from ${baseUrl}/api/auth/session/ (status ${res.status})`);
  return { token, cookie: `${CSRF_COOKIE}=${token}` };
}

/**
 * Logs in through a side's /api/auth/login/ with CSRF, as a browser would
 * (with CSRF_USE_SESSIONS its tokens come from `djangoUrl`'s pages); returns its cookies.
 */
export async function logIn(baseUrl: string, username: string, password: string, djangoUrl = baseUrl): Promise<BrowserSession> {
  const grant = await csrfGrant(baseUrl, djangoUrl);
  const res = await send(baseUrl, {
    method: 'POST',
    path: '/api/auth/login/',
    headers: { ...browserHeaders(), 'Content-Type': 'application/json', Cookie: grant.cookie, [CSRF_HEADER]: grant.token },
    body: JSON.stringify({ username, password }),
  });
  const sessionid = setCookieValue(res, SESSION_COOKIE);
  if (res.status !== 200 || !sessionid) throw new Error(`login of ${username} failed: ${res.status} ${res.body.toString()}`);
  // Login rotates the CSRF secret: in the cookie it sets, or in the session (a page tells the new token).
  const session = `${SESSION_COOKIE}=${sessionid}`;
  if (CSRF_IN_SESSION) {
    const { token } = await tokenFromDjangoPage(djangoUrl, session);
    return { sessionid, csrftoken: token, cookie: session, headers: { ...browserHeaders(), Cookie: session, [CSRF_HEADER]: token } };
  }
  const rotated = setCookieValue(res, CSRF_COOKIE) ?? grant.token;
  const cookie = `${CSRF_COOKIE}=${rotated}; ${session}`;
  return { sessionid, csrftoken: rotated, cookie, headers: { ...browserHeaders(), Cookie: cookie, [CSRF_HEADER]: rotated } };
}

/** The CSRF cookie's token, for suites that send the cookie themselves (as `csrftoken=`): the default configuration's. */
export async function csrfCookie(baseUrl: string): Promise<string> {
  if (CSRF_IN_SESSION) throw new Error('this suite sends the CSRF cookie itself, and this monolith keeps CSRF in the session (CSRF_USE_SESSIONS): use csrfGrant()');
  return (await csrfGrant(baseUrl)).token;
}
