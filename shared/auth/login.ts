import type { Sql } from '../db.ts';
import { constantTimeCompare } from '../django/crypto.ts';
import { makePassword, runDefaultHasher, verifyPassword } from '../django/hashers/index.ts';
import { BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, sessionAuthHash } from '../django/sessions.ts';
import type { RequestContext } from '../http/context.ts';
import { USER_TABLE, type DjangoUser } from './users.ts';

const MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';

/**
 * django.contrib.auth.authenticate with ModelBackend: the user when the
 * password is right and the account active. An unknown username still runs
 * the default hasher once, so timing does not reveal which usernames exist;
 * a right password on an outdated hash is re-hashed exactly as the
 * monolith's Django would write it (even for an inactive user, as Django's setter does).
 */
export async function authenticate(sql: Sql, username: string, password: string): Promise<DjangoUser | null> {
  const [user] = await sql<DjangoUser[]>`select * from ${sql(USER_TABLE)} where username = ${username}`;
  if (!user) {
    await runDefaultHasher(password);
    return null;
  }
  const check = await verifyPassword(password, user.password);
  if (check.valid && check.mustUpdate) {
    user.password = await makePassword(password);
    await sql`update ${sql(USER_TABLE)} set password = ${user.password} where id = ${user.id}`;
  }
  return check.valid && user.is_active ? user : null;
}

/**
 * django.contrib.auth.login: a session of another user (or with a stale
 * hash) is flushed, an anonymous one gets a new key, the same user's is kept;
 * then the auth keys are stored, the CSRF token rotated and last_login set.
 */
export async function logIn(ctx: RequestContext, user: DjangoUser): Promise<DjangoUser> {
  const hash = sessionAuthHash(user.password, ctx.secretKey);
  const session = await ctx.session.load();
  if (SESSION_KEY in session) {
    const stored = session[HASH_SESSION_KEY];
    if (String(session[SESSION_KEY]) !== String(user.id) || !constantTimeCompare(typeof stored === 'string' ? stored : '', hash)) {
      await ctx.session.flush();
    }
  } else {
    await ctx.session.cycleKey();
  }
  await ctx.session.set(SESSION_KEY, String(user.id));
  await ctx.session.set(BACKEND_SESSION_KEY, MODEL_BACKEND);
  await ctx.session.set(HASH_SESSION_KEY, hash);
  ctx.csrf.rotate();
  // The user_logged_in signal's update_last_login.
  const [updated] = await ctx.sql<DjangoUser[]>`update ${ctx.sql(USER_TABLE)} set last_login = now() where id = ${user.id} returning *`;
  return updated ?? user;
}

/** django.contrib.auth.logout: the session is flushed (its row deleted). */
export async function logOut(ctx: RequestContext): Promise<void> {
  await ctx.session.flush();
}
