import { authenticationFailed } from '../http/errors.ts';
import { BACKEND_SESSION_KEY, HASH_SESSION_KEY, isSessionAuthHashValid, SESSION_KEY } from '../django/sessions.ts';
import type { RequestContext } from '../http/context.ts';
import { findUserById, findUserByToken, type DjangoUser } from './users.ts';

const MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';

/**
 * django.contrib.auth.get_user: the session's user when the backend is known,
 * the user is active and the session's password hash still matches (the hash
 * check is what logs a user out everywhere after a password change); a
 * mismatch flushes the session, as Django does.
 */
export async function sessionUser(ctx: RequestContext): Promise<DjangoUser | null> {
  const session = await ctx.session.load();
  const userId = session[SESSION_KEY];
  const backend = session[BACKEND_SESSION_KEY];
  if (userId === undefined || backend === undefined || backend !== MODEL_BACKEND) return null;
  const id = Number(userId);
  if (!Number.isSafeInteger(id)) return null;
  const user = await findUserById(ctx.sql, id);
  if (!user || !user.is_active) return null;
  if (!isSessionAuthHashValid(session[HASH_SESSION_KEY], user.password, ctx.secretKey)) {
    await ctx.session.flush();
    return null;
  }
  return user;
}

/** DRF's TokenAuthentication: null when the header is not a Token header, errors in DRF's words. */
export async function tokenUser(ctx: RequestContext): Promise<DjangoUser | null> {
  const header = ctx.req.headers.authorization;
  if (!header) return null;
  // get_authorization_header() encodes as latin-1 and bytes.split() splits on ASCII whitespace.
  const parts = header.split(/[ \t\n\r\v\f]+/).filter(Boolean);
  if (parts.length === 0 || parts[0]!.toLowerCase() !== 'token') return null;
  if (parts.length === 1) throw authenticationFailed('Invalid token header. No credentials provided.');
  if (parts.length > 2) throw authenticationFailed('Invalid token header. Token string should not contain spaces.');
  const key = parts[1]!;
  // PostgreSQL text cannot hold NUL; no token has one.
  const user = key.includes('\0') ? null : await findUserByToken(ctx.sql, key);
  if (!user) throw authenticationFailed('Invalid token.');
  if (!user.is_active) throw authenticationFailed('User inactive or deleted.');
  return user;
}
