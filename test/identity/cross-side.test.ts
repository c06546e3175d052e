/**
 * During the migration both sides share users and sessions: a session the
 * identity function makes works on every Django page, a session Django makes
 * works in every function, and hashes the function writes are Django's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../support/django-client.ts';
import { runDjango } from '../../oracle/django-python.ts';
import { send } from '../support/http.ts';
import { monolithShell, runSettings } from '../support/monolith-shell.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

const PASSWORD = SEED_PASSWORD;
let world: World;
const fn = () => world.functions.identity!.url;
const users = () => world.functions.users!.url;

beforeAll(async () => {
  world = await startWorld(['identity', 'users'], { identity: { XFF_TRUSTED_HOPS: '1' } });
});
afterAll(() => world?.stop());

const passwordOf = async (username: string) =>
  (await world.sql<{ password: string }[]>`select password from auth_user where username = ${username}`)[0]!.password;

// The monolith's PBKDF2 iterations (260000 on Django 3.2, 1000000 on 5.2), as it exported them.
const ITERATIONS = runSettings().password_hashers[0]!.iterations!;
const CURRENT_HASH = new RegExp(`^pbkdf2_sha256\\$${ITERATIONS}\\$[A-Za-z0-9]{22}\\$[A-Za-z0-9+/]{43}=$`);

/** The monolith's own check_password and must_update for each hash. */
const djangoVerdicts = (password: string, hashes: string[]) =>
  monolithShell<{ valid: boolean; mustUpdate: boolean }[]>(
    world.databaseUrl,
    `from django.contrib.auth.hashers import check_password, get_hasher
print(json.dumps([{"valid": check_password(INPUT["password"], h), "mustUpdate": get_hasher("default").must_update(h)} for h in INPUT["hashes"]]))`,
    { password, hashes },
  );

describe('a session made by the identity function', () => {
  it('works on Django pages and DRF views', async () => {
    const session = await logIn(fn(), 'admin', 'canopy-admin-1');
    const admin = await send(world.monolith.url, { path: '/admin/', headers: { Cookie: session.cookie } });
    expect(admin.status).toBe(200);
    expect(admin.body.toString()).toContain('Site administration');
    const sites = await send(world.monolith.url, { path: '/api/sites/', headers: { Cookie: session.cookie } });
    expect(sites.status).toBe(200);
    const report = await send(world.monolith.url, { path: '/api/reports/orders-summary/', headers: { Cookie: session.cookie } });
    expect(report.status).toBe(200);
  });

  it('carries a CSRF token Django accepts for writes', async () => {
    const session = await logIn(fn(), 'alice', PASSWORD);
    const created = await send(world.monolith.url, {
      method: 'POST',
      path: '/api/sites/',
      headers: { Cookie: session.cookie, 'X-CSRFToken': session.csrftoken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Depot', address: '1 Quay St', postcode: 'BS1 4DJ' }),
    });
    expect(created.status).toBe(201);
  });

  it('is ended by Django\'s logout, and a function logout ends it for Django', async () => {
    const byDjango = await logIn(fn(), 'alice', PASSWORD);
    const out = await send(world.monolith.url, { method: 'POST', path: '/api/auth/logout/', headers: { Cookie: byDjango.cookie, 'X-CSRFToken': byDjango.csrftoken } });
    expect(out.status).toBe(204);
    expect((await send(users(), { path: '/api/users/me/', headers: { Cookie: byDjango.cookie } })).status).toBe(403);

    const byFunction = await logIn(world.monolith.url, 'alice', PASSWORD);
    const out2 = await send(fn(), { method: 'POST', path: '/api/auth/logout/', headers: { Cookie: byFunction.cookie, 'X-CSRFToken': byFunction.csrftoken } });
    expect(out2.status).toBe(204);
    expect((await send(world.monolith.url, { path: '/api/users/me/', headers: { Cookie: byFunction.cookie } })).status).toBe(403);
  });
});

describe('a session made by Django', () => {
  it('works in every function', async () => {
    const session = await logIn(world.monolith.url, 'carol', PASSWORD);
    const me = await send(users(), { path: '/api/users/me/', headers: { Cookie: session.cookie } });
    expect(JSON.parse(me.body.toString()).username).toBe('carol');
    const state = await send(fn(), { path: '/api/auth/session/', headers: { Cookie: session.cookie } });
    expect(JSON.parse(state.body.toString())).toMatchObject({ is_authenticated: true, user: { username: 'carol' } });
  });
});

describe('password hashes', () => {
  it('are re-hashed by the function exactly as the monolith\'s Django would, and Django verifies them', async () => {
    for (const user of ['bob', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']) {
      const before = await passwordOf(user);
      await logIn(fn(), user, PASSWORD);
      const after = await passwordOf(user);
      expect(after, user).not.toBe(before);
      expect(after, user).toMatch(CURRENT_HASH);
    }
    const hashes = await world.sql<{ password: string }[]>`
      select password from auth_user where username in ('bob', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy')`;
    const verdicts = await djangoVerdicts(PASSWORD, hashes.map((h) => h.password));
    expect(verdicts).toEqual(hashes.map(() => ({ valid: true, mustUpdate: false })));
  });

  it('are left alone when Django would not re-hash them', async () => {
    const before = await passwordOf('alice');
    await logIn(fn(), 'alice', PASSWORD);
    expect(await passwordOf('alice')).toBe(before);
  });

  it('a re-hash keeps the user logged in on both sides', async () => {
    const md5 = runDjango<string>(
      `from django.contrib.auth.hashers import make_password
print(json.dumps(make_password(INPUT, hasher="md5")))`,
      PASSWORD,
    );
    await world.sql`update auth_user set password = ${md5} where username = 'carol'`;
    const session = await logIn(fn(), 'carol', PASSWORD);
    expect(await passwordOf('carol')).toMatch(CURRENT_HASH);
    expect((await send(world.monolith.url, { path: '/api/users/me/', headers: { Cookie: session.cookie } })).status).toBe(200);
    expect((await send(users(), { path: '/api/users/me/', headers: { Cookie: session.cookie } })).status).toBe(200);
  });

  it('made by the other Django\'s default (3.2\'s 260000 iterations in front of 5.2, 5.2\'s 1000000 in front of 3.2) log in and are re-hashed as the monolith re-hashes them', async () => {
    const other = ITERATIONS === 1_000_000 ? 260_000 : 1_000_000;
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
    const [djangoDecision] = await djangoVerdicts(PASSWORD, [otherEra!]);
    expect(djangoDecision).toEqual({ valid: true, mustUpdate: true });

    const byDjango = await logIn(world.monolith.url, 'sam', PASSWORD);
    const byFunction = await logIn(fn(), 'alice', PASSWORD);
    const [djangoWrote, functionWrote] = [await passwordOf('sam'), await passwordOf('alice')];
    expect(djangoWrote).toMatch(CURRENT_HASH);
    expect(functionWrote).toMatch(CURRENT_HASH);
    expect(await djangoVerdicts(PASSWORD, [functionWrote])).toEqual([{ valid: true, mustUpdate: false }]);
    // Both sessions live on both sides after the re-hash (the session auth hash follows the new hash).
    for (const session of [byDjango, byFunction]) {
      expect((await send(world.monolith.url, { path: '/api/users/me/', headers: { Cookie: session.cookie } })).status).toBe(200);
      expect((await send(users(), { path: '/api/users/me/', headers: { Cookie: session.cookie } })).status).toBe(200);
    }
  });
});
