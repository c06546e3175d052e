/**
 * Parity of the identity function (login, logout, session) with the live
 * monolith. Logins change state (sessions, last_login, re-hashed passwords),
 * so every case restores the seeded password hashes before each side.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { csrfCookie, logIn, type BrowserSession } from '../support/django-client.ts';
import { send, type RawRequest } from '../support/http.ts';
import { expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD, tokenHeader } from '../../tools/seed-credentials.ts';

const PASSWORD = SEED_PASSWORD;
// Throttling is beyond Django and kept out of parity: limits far above what this suite sends.
const NO_THROTTLE = { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '100000/900', LOGIN_THROTTLE_ACCOUNT: '100000/900', LOGIN_THROTTLE_ADDRESS: '100000/900', XFF_TRUSTED_HOPS: '1' };
let world: World;
let seededHashes: { username: string; password: string }[];
let csrf: string;
/** A Django session made in a case's setup, for the request to carry. */
let carolSession: BrowserSession;

beforeAll(async () => {
  world = await startWorld(['identity'], { identity: NO_THROTTLE });
  seededHashes = await world.sql<{ username: string; password: string }[]>`select username, password from auth_user`;
  csrf = await csrfCookie(world.monolith.url);
});

afterAll(() => world?.stop());

async function restoreHashes(): Promise<void> {
  await world.sql`
    update auth_user set password = seeded.password
      from (select unnest(${world.sql.array(seededHashes.map((h) => h.username))}::text[]) as username,
                   unnest(${world.sql.array(seededHashes.map((h) => h.password))}::text[]) as password) seeded
     where auth_user.username = seeded.username`;
}

const csrfHeaders = () => ({ Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf });
const login = (body: string, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: '/api/auth/login/',
  headers: { ...csrfHeaders(), 'Content-Type': 'application/json', ...headers },
  body,
});
const credentials = (username: unknown, password: unknown = PASSWORD) => JSON.stringify({ username, password });

interface Case {
  name: string;
  request: () => RawRequest;
  setup?: () => Promise<unknown>;
}

const loginCases: Case[] = [
  ...['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'sam'].map((user) => ({
    name: `login ${user} (${user === 'bob' ? 'pbkdf2 at 150000 iterations, re-hashed' : 'its seeded hasher'})`,
    request: () => login(credentials(user)),
  })),
  { name: 'login superuser', request: () => login(credentials('admin', 'canopy-admin-1')) },
  { name: 'wrong password', request: () => login(credentials('alice', 'nope')) },
  { name: 'wrong password on an outdated hash', request: () => login(credentials('bob', 'nope')) },
  { name: 'unknown user', request: () => login(credentials('nobody')) },
  { name: 'inactive user with the right password', request: () => login(credentials('oscar')) },
  { name: 'unusable password', request: () => login(credentials('mallory')) },
  { name: 'username differs in case', request: () => login(credentials('Alice')) },
  { name: 'username with surrounding spaces (trimmed)', request: () => login(credentials('  alice  ')) },
  { name: 'password with surrounding spaces (not trimmed)', request: () => login(credentials('alice', ` ${PASSWORD} `)) },
  { name: 'numeric username', request: () => login(credentials(12345)) },
  { name: 'null username', request: () => login(credentials(null)) },
  { name: 'boolean password', request: () => login(credentials('alice', true)) },
  { name: 'list password', request: () => login(credentials('alice', ['x'])) },
  { name: 'blank username and password', request: () => login(credentials('', '')) },
  { name: 'missing fields', request: () => login('{}') },
  { name: 'missing password', request: () => login('{"username":"alice"}') },
  { name: 'NUL in username', request: () => login(credentials('ali\u0000ce')) },
  { name: 'malformed JSON', request: () => login('{"username": "alice",') },
  { name: 'JSON that is not an object', request: () => login('["alice"]') },
  { name: 'empty body', request: () => login('') },
  { name: 'wrong content type', request: () => login(credentials('alice'), { 'Content-Type': 'text/plain' }) },
  {
    name: 'form-encoded login with the token in the form',
    request: () => ({
      method: 'POST',
      path: '/api/auth/login/',
      headers: { Cookie: `csrftoken=${csrf}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `username=alice&password=${PASSWORD}&csrfmiddlewaretoken=${csrf}`,
    }),
  },
  {
    name: 'multipart login with the token in the form',
    request: () => {
      const part = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      return {
        method: 'POST',
        path: '/api/auth/login/',
        headers: { Cookie: `csrftoken=${csrf}`, 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        body: `${part('username', 'alice')}${part('password', PASSWORD)}${part('csrfmiddlewaretoken', csrf)}--XyZ--\r\n`,
      };
    },
  },
  {
    name: 'multipart body Django cannot parse (its 400 page)',
    request: () => login('--nope', { 'Content-Type': 'multipart/form-data; boundary=' }),
  },
  {
    name: 'form body with more than 1000 fields (its 400 page)',
    request: () => login(Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join('&'), { 'Content-Type': 'application/x-www-form-urlencoded' }),
  },
  // CSRF, as Django's csrf_protect enforces it on this view
  { name: 'no CSRF cookie', request: () => ({ ...login(credentials('alice')), headers: { 'Content-Type': 'application/json' } }) },
  { name: 'CSRF cookie but no token', request: () => login(credentials('alice'), { 'X-CSRFToken': '' }) },
  { name: 'wrong CSRF token', request: () => login(credentials('alice'), { 'X-CSRFToken': 'x'.repeat(64) }) },
  { name: 'CSRF cookie of the wrong length', request: () => login(credentials('alice'), { Cookie: 'csrftoken=short', 'X-CSRFToken': 'short' }) },
  { name: 'HTTPS without a Referer', request: () => login(credentials('alice'), { 'X-Forwarded-Proto': 'https' }) },
  { name: 'HTTPS with a foreign Referer', request: () => login(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'https://evil.example/' }) },
  { name: 'HTTPS with an http Referer', request: () => login(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'http://shop.example/' }) },
  { name: 'HTTPS with the same-origin Referer', request: () => login(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'https://shop.example/login' }) },
  // What browsers send on every POST: Django 4.0+ checks it against the host and CSRF_TRUSTED_ORIGINS (3.2 ignores it)
  { name: 'same Origin', request: () => login(credentials('alice'), { Host: 'shop.example', Origin: 'http://shop.example' }) },
  { name: 'foreign Origin', request: () => login(credentials('alice'), { Host: 'shop.example', Origin: 'https://evil.example' }) },
  { name: 'Origin of the other scheme', request: () => login(credentials('alice'), { Host: 'shop.example', Origin: 'https://shop.example' }) },
  { name: 'null Origin', request: () => login(credentials('alice'), { Origin: 'null' }) },
  { name: 'HTTPS, same Origin and a foreign Referer (the Origin decides)', request: () => login(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Origin: 'https://shop.example', Referer: 'https://evil.example/' }) },
  // sessions the request already carries
  {
    name: 'login as another user than the session holds (flushed)',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => login(credentials('alice'), { Cookie: `${carolSession.cookie}`, 'X-CSRFToken': carolSession.csrftoken }),
  },
  {
    name: 'login again as the same user (session key kept)',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => login(credentials('carol'), { Cookie: `${carolSession.cookie}`, 'X-CSRFToken': carolSession.csrftoken }),
  },
  { name: 'login with an unknown session cookie', request: () => login(credentials('alice'), { Cookie: `csrftoken=${csrf}; sessionid=unknownsession000000000000000000` }) },
  // methods and paths
  { name: 'GET login', request: () => ({ path: '/api/auth/login/' }) },
  { name: 'OPTIONS login', request: () => ({ method: 'OPTIONS', path: '/api/auth/login/' }) },
  { name: 'PUT login with CSRF', request: () => ({ ...login(credentials('alice')), method: 'PUT' }) },
  { name: 'login without trailing slash', request: () => ({ ...login(credentials('alice')), path: '/api/auth/login' }) },
];

const sessionCases: Case[] = [
  { name: 'session, anonymous (sets the CSRF cookie)', request: () => ({ path: '/api/auth/session/' }) },
  { name: 'session, anonymous with a CSRF cookie (re-sent)', request: () => ({ path: '/api/auth/session/', headers: { Cookie: `csrftoken=${csrf}` } }) },
  { name: 'session, with a malformed CSRF cookie (replaced)', request: () => ({ path: '/api/auth/session/', headers: { Cookie: 'csrftoken=bad!' } }) },
  {
    name: 'session, logged in by Django',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ path: '/api/auth/session/', headers: { Cookie: carolSession.cookie } }),
  },
  { name: 'session, by token', request: () => ({ path: '/api/auth/session/', headers: tokenHeader('alice') }) },
  { name: 'session, bad token', request: () => ({ path: '/api/auth/session/', headers: { Authorization: 'Token nope' } }) },
  { name: 'session, unknown session cookie', request: () => ({ path: '/api/auth/session/', headers: { Cookie: 'sessionid=unknownsession000000000000000000' } }) },
  {
    name: 'session, expired session',
    setup: async () => {
      carolSession = await logIn(world.monolith.url, 'carol', PASSWORD);
      await world.sql`update django_session set expire_date = now() - interval '1 second' where session_key = ${carolSession.sessionid}`;
    },
    request: () => ({ path: '/api/auth/session/', headers: { Cookie: carolSession.cookie } }),
  },
  { name: 'POST session', request: () => ({ method: 'POST', path: '/api/auth/session/', headers: csrfHeaders() }) },
  { name: 'HEAD session', request: () => ({ method: 'HEAD', path: '/api/auth/session/' }) },
];

const logoutCases: Case[] = [
  {
    name: 'logout with the session and CSRF token',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: { Cookie: carolSession.cookie, 'X-CSRFToken': carolSession.csrftoken } }),
  },
  {
    name: 'logout with the session but no CSRF token',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: { Cookie: carolSession.cookie } }),
  },
  {
    name: 'logout twice (the session is already gone)',
    setup: async () => {
      carolSession = await logIn(world.monolith.url, 'carol', PASSWORD);
      await world.sql`delete from django_session where session_key = ${carolSession.sessionid}`;
    },
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: { Cookie: carolSession.cookie, 'X-CSRFToken': carolSession.csrftoken } }),
  },
  { name: 'logout anonymous', request: () => ({ method: 'POST', path: '/api/auth/logout/' }) },
  { name: 'logout by token', request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: tokenHeader('alice') }) },
  { name: 'GET logout', request: () => ({ path: '/api/auth/logout/' }) },
];

describe.each([
  ['login', loginCases],
  ['session', sessionCases],
  ['logout', logoutCases],
])('identity function answers %s as the monolith does', (_group, cases) => {
  for (const c of cases) {
    it(c.name, async () => {
      await restoreHashes();
      await c.setup?.();
      const monolith = await send(world.monolith.url, c.request());
      await restoreHashes();
      await c.setup?.();
      const fn = await send(world.functions.identity!.url, c.request());
      expectParity(monolith, fn, { volatileFields: ['last_login'] });
    });
  }
});
