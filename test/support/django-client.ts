import { send, setCookieValue } from './http.ts';

export interface BrowserSession {
  sessionid: string;
  csrftoken: string;
  /** The Cookie header a browser would send. */
  cookie: string;
}

/** Fetches a CSRF cookie the way an SPA does: GET /api/auth/session/. */
export async function csrfCookie(baseUrl: string): Promise<string> {
  const res = await send(baseUrl, { path: '/api/auth/session/' });
  const token = setCookieValue(res, 'csrftoken');
  if (!token) throw new Error(`no csrftoken cookie from ${baseUrl}/api/auth/session/ (status ${res.status})`);
  return token;
}

/** Logs in through a side's /api/auth/login/ with CSRF, as a browser would; returns its cookies. */
export async function logIn(baseUrl: string, username: string, password: string): Promise<BrowserSession> {
  const csrftoken = await csrfCookie(baseUrl);
  const res = await send(baseUrl, {
    method: 'POST',
    path: '/api/auth/login/',
    headers: { 'Content-Type': 'application/json', Cookie: `csrftoken=${csrftoken}`, 'X-CSRFToken': csrftoken },
    body: JSON.stringify({ username, password }),
  });
  const sessionid = setCookieValue(res, 'sessionid');
  if (res.status !== 200 || !sessionid) throw new Error(`login of ${username} failed: ${res.status} ${res.body.toString()}`);
  const rotated = setCookieValue(res, 'csrftoken') ?? csrftoken;
  return { sessionid, csrftoken: rotated, cookie: `csrftoken=${rotated}; sessionid=${sessionid}` };
}
