/**
 * Route modes in the functions' shared request path, against the live
 * monolith: serve, shadow (the client gets the monolith's answer, the
 * function's own is compared and recorded), bypass (the kill switch), picked
 * up by every running instance without a deploy.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, DIST } from '../../tools/build.ts';
import { setMode } from '../../tools/modes.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { csrfCookie, logIn, type BrowserSession } from '../support/django-client.ts';
import { send, type RawResponse } from '../support/http.ts';
import { expectFromFunction } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

let world: World;
let secondUsers: Service;
let planted: Service;
let alice: BrowserSession;

const viaMonolith = (res: RawResponse) => res.headers.server?.[0] === 'gunicorn';

/** Polls until `check` holds for an answer from every base URL, or the deadline passes. */
async function eventually(bases: string[], path: string, headers: Record<string, string>, check: (r: RawResponse) => boolean, deadlineMs: number) {
  const started = Date.now();
  const pending = new Set(bases);
  let last: RawResponse | undefined;
  while (pending.size && Date.now() - started < deadlineMs) {
    for (const base of [...pending]) {
      last = await send(base, { path, headers });
      if (check(last)) pending.delete(base);
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 100));
  }
  return { all: pending.size === 0, afterMs: Date.now() - started, last };
}

/** The route's parity recordings since `since`, once there are `atLeast` (they are written after the answer), or whatever there is after 10 s. */
async function parityRows(routeId: string, since: Date, atLeast = 1) {
  const read = () => world.sql<{ agreed: boolean; differences: Array<{ path: string }>; function_status: number | null; request: { headers: Record<string, string> } }[]>`
    select agreed, differences, function_status, request from canopy.parity_results where route_id = ${routeId} and recorded_at >= ${since} order by id`;
  const started = Date.now();
  let rows = await read();
  while (rows.length < atLeast && Date.now() - started < 10_000) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await read();
  }
  return rows;
}

beforeAll(async () => {
  world = await startWorld(['users', 'identity'], { identity: { XFF_TRUSTED_HOPS: '1' } });
  const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: world.monolith.url } };
  secondUsers = await startFunction('users', env, { port: await freePort() });
  // Inside the project, so the bundle resolves its external packages from node_modules.
  const plantedDir = join(DIST, '..', 'fixtures', `planted-users-${process.pid}`);
  await buildFunction('users', 'test/fixtures/planted-users/index.ts', undefined, plantedDir);
  planted = await startFunction('users', env, { port: await freePort(), dir: plantedDir });
  alice = await logIn(world.monolith.url, 'alice', SEED_PASSWORD);
});

afterAll(async () => {
  await Promise.all([secondUsers?.stop(), planted?.stop()]);
  await world?.stop();
});

describe('route modes', () => {
  it('serve (a live route) answers from the function', async () => {
    const res = await send(world.functions.users!.url, { path: '/api/users/me/', headers: { Cookie: alice.cookie } });
    expect(res.status).toBe(200);
    expect(viaMonolith(res)).toBe(false);
  });

  it('the kill switch sends a route back to the monolith on every running instance within 5 s, and back again', async () => {
    const instances = [world.functions.users!.url, secondUsers.url];
    await setMode(world.sql, 'users-me', 'bypass', 'kill switch: test');
    const off = await eventually(instances, '/api/users/me/', { Cookie: alice.cookie }, viaMonolith, 5000);
    expect(off.all, `bypassed on every instance (after ${off.afterMs} ms)`).toBe(true);
    const direct = await send(world.monolith.url, { path: '/api/users/me/', headers: { Cookie: alice.cookie } });
    const bypassed = await send(secondUsers.url, { path: '/api/users/me/', headers: { Cookie: alice.cookie } });
    expect(bypassed.status).toBe(direct.status);
    expect(bypassed.body.toString()).toBe(direct.body.toString());
    // A route not switched off is still served by the function.
    expect(viaMonolith(await send(secondUsers.url, { path: '/api/users/1/', headers: { Cookie: alice.cookie } }))).toBe(false);

    await setMode(world.sql, 'users-me', 'serve', 'test over');
    const on = await eventually(instances, '/api/users/me/', { Cookie: alice.cookie }, (r) => !viaMonolith(r), 5000);
    expect(on.all, `served again on every instance (after ${on.afterMs} ms)`).toBe(true);
  });

  it('a cold instance honours the kill switch from its first answer, which the parity helpers refuse as not the function\'s', async () => {
    await setMode(world.sql, 'users-me', 'bypass', 'kill switch: test');
    const env = { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: world.monolith.url } };
    const cold = await startFunction('users', env, { port: await freePort() });
    try {
      const first = await send(cold.url, { path: '/api/users/me/', headers: { Cookie: alice.cookie } });
      expect(viaMonolith(first)).toBe(true);
      expect(() => expectFromFunction(first)).toThrow(/compare Django with Django/);
    } finally {
      await cold.stop();
      await setMode(world.sql, 'users-me', 'serve', 'test over');
    }
    const served = await eventually([world.functions.users!.url], '/api/users/me/', { Cookie: alice.cookie }, (r) => !viaMonolith(r), 5000);
    expect(served.all).toBe(true);
    expect(() => expectFromFunction(served.last!)).not.toThrow();
  });

  it('shadow returns the monolith\'s answer untouched and records that the function agreed, secrets redacted', async () => {
    const since = new Date(Date.now() - 1000);
    await setMode(world.sql, 'users-detail', 'shadow', 'test');
    await eventually([world.functions.users!.url], '/api/users/1/', { Cookie: alice.cookie }, viaMonolith, 5000);
    const answers = await Promise.all([1, 1, 2].map((id) => send(world.functions.users!.url, { path: `/api/users/${id}/`, headers: { Cookie: alice.cookie } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404]);
    expect(answers.every(viaMonolith)).toBe(true);
    const rows = await parityRows('users-detail', since, 3);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.agreed), JSON.stringify(rows.filter((r) => !r.agreed))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(alice.sessionid);
    await setMode(world.sql, 'users-detail', 'serve', 'test over');
  });

  it('shadow catches a function with a planted difference', async () => {
    const since = new Date(Date.now() - 1000);
    await setMode(world.sql, 'users-me', 'shadow', 'test');
    await eventually([planted.url], '/api/users/me/', { Cookie: alice.cookie }, viaMonolith, 5000);
    const answer = await send(planted.url, { path: '/api/users/me/', headers: { Cookie: alice.cookie } });
    expect(JSON.parse(answer.body.toString()).email).toBe('alice@example.com'); // the client still sees Django's
    const rows = await parityRows('users-me', since);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => !r.agreed && r.differences.some((d) => d.path === 'body.email'))).toBe(true);
    await setMode(world.sql, 'users-me', 'serve', 'test over');
  });

  it('a write in shadow mode is applied exactly once (the monolith\'s), the function\'s dry run rolled back', async () => {
    const since = new Date(Date.now() - 1000);
    await setMode(world.sql, 'auth-login', 'shadow', 'test');
    await new Promise((r) => setTimeout(r, 2500)); // one refresh interval and a bit
    const count = async () => (await world.sql<{ n: number }[]>`select count(*)::int as n from django_session`)[0]!.n;
    const before = await count();
    const beforeHash = (await world.sql<{ password: string }[]>`select password from auth_user where username = 'bob'`)[0]!.password;
    const session = await logIn(world.functions.identity!.url, 'bob', SEED_PASSWORD);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count()).toBe(before + 1);
    const [bob] = await world.sql<{ password: string; last_login: string }[]>`select password, last_login from auth_user where username = 'bob'`;
    expect(bob!.password).not.toBe(beforeHash);
    expect(bob!.password).toMatch(/^pbkdf2_sha256\$260000\$/);
    // The session the client got is Django's own row.
    expect((await world.sql`select 1 from django_session where session_key = ${session.sessionid}`).length).toBe(1);
    const rows = await parityRows('auth-login', since);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.agreed), JSON.stringify(rows)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(SEED_PASSWORD);
    await setMode(world.sql, 'auth-login', 'serve', 'test over');
  });

  it('a shadowed login keeps no body in its recording, whatever form the password came in, nor the Referer\'s token', async () => {
    const since = new Date(Date.now() - 1000);
    await setMode(world.sql, 'auth-login', 'shadow', 'test');
    await new Promise((r) => setTimeout(r, 2500)); // one refresh interval and a bit
    const csrftoken = await csrfCookie(world.monolith.url);
    // Forms Django reads that a hand-written guess at the body missed: ' ; boundary=' and an unquoted name.
    const body = ['--XyZ', 'Content-Disposition: form-data; name=username', '', 'erin', '--XyZ', 'Content-Disposition: form-data; name=password', '', SEED_PASSWORD, '--XyZ--', ''].join('\r\n');
    const res = await send(world.functions.identity!.url, {
      method: 'POST',
      path: '/api/auth/login/',
      headers: {
        'Content-Type': 'multipart/form-data ; boundary=XyZ',
        Cookie: `csrftoken=${csrftoken}`,
        'X-CSRFToken': csrftoken,
        Referer: 'https://shop.example/login/?next=/orders/&reset_token=Tq9Tq9Tq9',
      },
      body,
    });
    expect(res.status, res.body.toString()).toBe(200); // Django read the password
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await parityRows('auth-login', since);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const recorded = rows.at(-1)!.request as unknown as { body: string; bodyWithheld?: string; headers: Record<string, string> };
    expect(recorded.body).toBe('');
    expect(recorded.bodyWithheld).toBe('credential route: request bodies are never stored');
    expect(recorded.headers.referer).toBe('https://shop.example/login/?next=/orders/&reset_token=%5Bredacted%5D');
    expect(JSON.stringify(rows)).not.toMatch(/canopy-demo-1|Tq9Tq9Tq9/);
    await setMode(world.sql, 'auth-login', 'serve', 'test over');
  });
});
