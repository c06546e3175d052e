import { requestOnce } from './connection.ts';
import { cookieFrom } from './http-wire.ts';
import { SEED_PASSWORD, SEED_TOKENS } from '../seed-credentials.ts';

/** Alice, seeded by `manage.py seed`: pbkdf2_sha256 with the monolith's default iterations, so logging in never re-hashes. */
export const ALICE = {
  id: 1,
  username: 'alice',
  password: SEED_PASSWORD,
  token: SEED_TOKENS.alice,
} as const;

/** What the scenarios' requests carry: one browser session, shared by both sides (they share django_session). */
export interface Credentials {
  token: string;
  /** The Cookie header of a logged-in browser: csrftoken and sessionid. */
  sessionCookie: string;
  csrfToken: string;
  /** A push token order-events trusts (tools/bench/push-identity.ts), for its cold-start probe. */
  pushToken?: string;
}

/** Logs alice in once through the monolith, as a browser does: CSRF cookie first, then POST /api/auth/login/. */
export async function logInThroughMonolith(monolithUrl: string): Promise<Credentials> {
  const session = await requestOnce(monolithUrl, { method: 'GET', path: '/api/auth/session/' });
  const csrf = cookieFrom(session, 'csrftoken');
  if (!csrf) throw new Error(`no csrftoken cookie from the monolith's /api/auth/session/ (status ${session.status})`);
  const login = await requestOnce(monolithUrl, {
    method: 'POST',
    path: '/api/auth/login/',
    headers: { 'Content-Type': 'application/json', Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf },
    body: JSON.stringify({ username: ALICE.username, password: ALICE.password }),
  });
  const sessionid = cookieFrom(login, 'sessionid');
  if (login.status !== 200 || !sessionid) throw new Error(`logging alice in through the monolith failed: ${login.status} ${login.body.toString()}`);
  const csrfToken = cookieFrom(login, 'csrftoken') ?? csrf;
  return { token: ALICE.token, sessionCookie: `csrftoken=${csrfToken}; sessionid=${sessionid}`, csrfToken };
}
