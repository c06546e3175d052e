/**
 * During the migration both sides share users and sessions: a session the
 * identity function makes works on every Django page, a session Django makes
 * works in every function, and hashes the function writes are Django's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../support/django-client.ts';
import { runDjango } from '../../oracle/django-python.ts';
import { send } from '../support/http.ts';
import { browserHeaders, monolithExport } from '../support/monolith-settings.ts';
import { monolithShell } from '../support/monolith-shell.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

const PASSWORD = SEED_PASSWORD;
let world: World;
const fn = () => world.functions.identity!.url;
const users = () => world.functions.users!.url;
/** A login through the identity function (with CSRF_USE_SESSIONS, its CSRF tokens come from the monolith's pages). */
const fnLogIn = (username: string, password: string) => logIn(fn(), username, password, world.monolith.url);
/** What a browser sends with a session on a safe request. */
const carrying = (session: { cookie: string }) => ({ ...browserHeaders(), Cookie: session.cookie });
/** How the monolith's first hasher writes a hash: algorithm, and iterations where it has them. */
const [firstHasher] = monolithExport.password_hashers;
const CURRENT_HASH = `${firstHasher!.algorithm}$${firstHasher!.iterations === undefined ? '' : `${firstHasher!.iterations}$`}`;

beforeAll(async () => {
  world = await startWorld(['identity', 'users'], { identity: { XFF_TRUSTED_HOPS: '1' } });
});
afterAll(() => world?.stop());

const passwordOf = async (username: string) =>
  (await world.sql<{ password: string }[]>`select password from auth_user where username = ${username}`)[0]!.password;

// The monolith's PBKDF2 iterations (260000 on Django 3.2, 1000000 on 5.2), as it exported them.
const PBKDF2_ITERATIONS = monolithExport.password_hashers.find((h) => h.algorithm === 'pbkdf2_sha256')!.iterations!;

describe('a session made by the identity function', () => {
  it('works on Django pages and DRF views', async () => {
    const session = await fnLogIn('admin', 'canopy-admin-1');
    const admin = await send(world.monolith.url, { path: '/admin/', headers: carrying(session) });
    expect(admin.status).toBe(200);
    expect(admin.body.toString()).toContain('Site administration');
    const sites = await send(world.monolith.url, { path: '/api/sites/', headers: carrying(session) });
    expect(sites.status).toBe(200);
    const report = await send(world.monolith.url, { path: '/api/reports/orders-summary/', headers: carrying(session) });
    expect(report.status).toBe(200);
  });

  it('carries a CSRF token Django accepts for writes', async () => {
    const session = await fnLogIn('alice', PASSWORD);
    const created = await send(world.monolith.url, {
      method: 'POST',
      path: '/api/sites/',
      headers: { ...session.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Depot', address: '1 Quay St', postcode: 'BS1 4DJ' }),
    });
    expect(created.status).toBe(201);
  });

  it('is ended by Django\'s logout, and a function logout ends it for Django', async () => {
    const byDjango = await fnLogIn('alice', PASSWORD);
    const out = await send(world.monolith.url, { method: 'POST', path: '/api/auth/logout/', headers: byDjango.headers });
    expect(out.status).toBe(204);
    expect((await send(users(), { path: '/api/users/me/', headers: carrying(byDjango) })).status).toBe(403);

    const byFunction = await logIn(world.monolith.url, 'alice', PASSWORD);
    const out2 = await send(fn(), { method: 'POST', path: '/api/auth/logout/', headers: byFunction.headers });
    expect(out2.status).toBe(204);
    expect((await send(world.monolith.url, { path: '/api/users/me/', headers: carrying(byFunction) })).status).toBe(403);
  });
});

describe('a session made by Django', () => {
  it('works in every function', async () => {
    const session = await logIn(world.monolith.url, 'carol', PASSWORD);
    const me = await send(users(), { path: '/api/users/me/', headers: carrying(session) });
    expect(JSON.parse(me.body.toString()).username).toBe('carol');
    const state = await send(fn(), { path: '/api/auth/session/', headers: carrying(session) });
    expect(JSON.parse(state.body.toString())).toMatchObject({ is_authenticated: true, user: { username: 'carol' } });
  });
});

/** Django's verdict on each hash: the password checks, and a login would keep it (the first hasher's, up to date). */
const KEPT = `from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher
preferred = get_hasher("default")
print(json.dumps([{"valid": check_password(INPUT["password"], h), "kept": identify_hasher(h).algorithm == preferred.algorithm and not preferred.must_update(h)} for h in INPUT["hashes"]]))`;
const verdicts = (hashes: string[]) => monolithShell<{ valid: boolean; kept: boolean }[]>(world.databaseUrl, KEPT, { password: PASSWORD, hashes });
/** The seeded users with the demo password, whatever hash each has now (an earlier test's login may have re-hashed it). */
const SEEDED = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];

describe('password hashes', () => {
  it('are re-hashed by the function exactly as the monolith\'s Django would, and Django verifies them', async () => {
    const seeded = await Promise.all(SEEDED.map(passwordOf));
    const now = await verdicts(seeded);
    const rehashed = SEEDED.filter((_, i) => !now[i]!.kept);
    expect(rehashed.length, 'seeded users whose hash a login re-hashes').toBeGreaterThanOrEqual(7);
    for (const user of rehashed) {
      await fnLogIn(user, PASSWORD);
      const after = await passwordOf(user);
      expect(after, user).not.toBe(seeded[SEEDED.indexOf(user)]);
      expect(after.startsWith(CURRENT_HASH), `${user}'s new hash ${after} is written by ${CURRENT_HASH}`).toBe(true);
    }
    const hashes = await Promise.all(rehashed.map(passwordOf));
    expect(await verdicts(hashes)).toEqual(hashes.map(() => ({ valid: true, kept: true })));
  });

  it('are left alone when Django would not re-hash them', async () => {
    const now = await verdicts(await Promise.all(SEEDED.map(passwordOf)));
    const kept = SEEDED.filter((_, i) => now[i]!.kept);
    expect(kept.length, 'seeded users whose hash a login keeps').toBeGreaterThan(0);
    for (const user of kept) {
      const before = await passwordOf(user);
      await fnLogIn(user, PASSWORD);
      expect(await passwordOf(user), user).toBe(before);
    }
  });

  it('a re-hash keeps the user logged in on both sides', async () => {
    const md5 = runDjango<string>(
      `from django.contrib.auth.hashers import make_password
print(json.dumps(make_password(INPUT, hasher="md5")))`,
      PASSWORD,
    );
    await world.sql`update auth_user set password = ${md5} where username = 'carol'`;
    const session = await fnLogIn('carol', PASSWORD);
    expect((await passwordOf('carol')).startsWith(CURRENT_HASH)).toBe(true);
    expect((await send(world.monolith.url, { path: '/api/users/me/', headers: carrying(session) })).status).toBe(200);
    expect((await send(users(), { path: '/api/users/me/', headers: carrying(session) })).status).toBe(200);
  });

  it('made by the other Django\'s PBKDF2 default (3.2\'s 260000 iterations in front of 5.2, 5.2\'s 1000000 in front of 3.2) log in and are re-hashed as the monolith re-hashes them', async () => {
    const other = PBKDF2_ITERATIONS === 1_000_000 ? 260_000 : 1_000_000;
    const [otherEra] = await monolithShell<string[]>(
      world.databaseUrl,
      `from django.contrib.auth.hashers import PBKDF2PasswordHasher
h = PBKDF2PasswordHasher()
print(json.dumps([h.encode(INPUT["password"], h.salt(), INPUT["iterations"])]))`,
      { password: PASSWORD, iterations: other },
    );
    expect(otherEra).toMatch(new RegExp(`^pbkdf2_sha256\\$${other}\\$`));
    // The same hash for a user who logs in through Django and one who logs in through the function.
    await world.sql`update auth_user set password = ${otherEra!} where username in ('sam', 'alice')`;
    expect(await verdicts([otherEra!])).toEqual([{ valid: true, kept: false }]);

    const byDjango = await logIn(world.monolith.url, 'sam', PASSWORD);
    const byFunction = await fnLogIn('alice', PASSWORD);
    const [djangoWrote, functionWrote] = [await passwordOf('sam'), await passwordOf('alice')];
    expect(djangoWrote.startsWith(CURRENT_HASH), djangoWrote).toBe(true);
    expect(functionWrote.startsWith(CURRENT_HASH), functionWrote).toBe(true);
    expect(await verdicts([functionWrote])).toEqual([{ valid: true, kept: true }]);
    // Both sessions live on both sides after the re-hash (the session auth hash follows the new hash).
    for (const session of [byDjango, byFunction]) {
      expect((await send(world.monolith.url, { path: '/api/users/me/', headers: carrying(session) })).status).toBe(200);
      expect((await send(users(), { path: '/api/users/me/', headers: carrying(session) })).status).toBe(200);
    }
  });
});
