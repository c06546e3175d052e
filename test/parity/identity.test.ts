/**
 * Parity of the identity function (login, logout, session) with the live
 * monolith. Logins change state (sessions, last_login, re-hashed passwords),
 * so every case restores the seeded password hashes before each side.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { csrfGrant, logIn, type BrowserSession, type CsrfGrant } from '../support/django-client.ts';
import { send, type RawRequest } from '../support/http.ts';
import { browserHeaders, CSRF_COOKIE, CSRF_HEADER, CSRF_IN_SESSION, SESSION_COOKIE } from '../support/monolith-settings.ts';
import { hostCases } from '../support/hosts.ts';
import { expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD, tokenHeader } from '../../tools/seed-credentials.ts';

const PASSWORD = SEED_PASSWORD;
// Throttling is beyond Django and kept out of parity: limits far above what this suite sends.
const NO_THROTTLE = { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '100000/900', LOGIN_THROTTLE_ACCOUNT: '100000/900', LOGIN_THROTTLE_ADDRESS: '100000/900', XFF_TRUSTED_HOPS: '1' };
let world: World;
let seededHashes: { username: string; password: string }[];
/** A fresh visitor's CSRF token and cookie, got before each side (with CSRF_USE_SESSIONS a login ends its session). */
let csrf: CsrfGrant;
/** A Django session made in a case's setup, for the request to carry. */
let carolSession: BrowserSession;

beforeAll(async () => {
  world = await startWorld(['identity'], { identity: NO_THROTTLE });
  seededHashes = await world.sql<{ username: string; password: string }[]>`select username, password from auth_user`;
});

afterAll(() => world?.stop());

async function restoreHashes(): Promise<void> {
  await world.sql`
    update auth_user set password = seeded.password
      from (select unnest(${world.sql.array(seededHashes.map((h) => h.username))}::text[]) as username,
                   unnest(${world.sql.array(seededHashes.map((h) => h.password))}::text[]) as password) seeded
     where auth_user.username = seeded.username`;
}

const csrfHeaders = () => ({ Cookie: csrf.cookie, [CSRF_HEADER]: csrf.token });
/** A login as the configuration's browser sends it (over HTTPS with Secure cookies: browserHeaders()). */
const login = (body: string, headers: Record<string, string> = {}): RawRequest => plainLogin(body, { ...browserHeaders(), ...headers });
/** A login with only the CSRF credentials: the HTTPS cases set the scheme, host and origin themselves. */
const plainLogin = (body: string, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: '/api/auth/login/',
  headers: { ...csrfHeaders(), 'Content-Type': 'application/json', ...headers },
  body,
});
const unknownSession = `${SESSION_COOKIE}=unknownsession000000000000000000`;
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
      headers: { ...browserHeaders(), Cookie: csrf.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `username=alice&password=${PASSWORD}&csrfmiddlewaretoken=${csrf.token}`,
    }),
  },
  {
    name: 'multipart login with the token in the form',
    request: () => {
      const part = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      return {
        method: 'POST',
        path: '/api/auth/login/',
        headers: { ...browserHeaders(), Cookie: csrf.cookie, 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        body: `${part('username', 'alice')}${part('password', PASSWORD)}${part('csrfmiddlewaretoken', csrf.token)}--XyZ--\r\n`,
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
  { name: 'no CSRF cookie', request: () => ({ ...login(credentials('alice')), headers: { ...browserHeaders(), 'Content-Type': 'application/json' } }) },
  { name: 'CSRF cookie but no token', request: () => login(credentials('alice'), { [CSRF_HEADER]: '' }) },
  { name: 'wrong CSRF token', request: () => login(credentials('alice'), { [CSRF_HEADER]: 'x'.repeat(64) }) },
  { name: 'CSRF cookie of the wrong length', request: () => login(credentials('alice'), { Cookie: `${CSRF_COOKIE}=short`, [CSRF_HEADER]: 'short' }) },
  { name: 'HTTPS without a Referer', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https' }) },
  { name: 'HTTPS with a foreign Referer', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'https://evil.example/' }) },
  { name: 'HTTPS with an http Referer', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'http://shop.example/' }) },
  { name: 'HTTPS with the same-origin Referer', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Referer: 'https://shop.example/login' }) },
  // CSRF_TRUSTED_ORIGINS (none by default; the alternate configuration trusts shop.example and *.canopy.test)
  { name: 'HTTPS with a Referer from another origin, trusted or not', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'api.example', Referer: 'https://shop.example/cart' }) },
  { name: 'HTTPS with a Referer from a subdomain of a trusted wildcard', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'api.example', Referer: 'https://eu.canopy.test/' }) },
  { name: 'HTTPS with an Origin from another origin, trusted or not (Django 4.0+ checks Origin)', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'api.example', Origin: 'https://shop.example', Referer: 'https://shop.example/cart' }) },
  { name: 'HTTPS with a foreign Origin', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'api.example', Origin: 'https://evil.example', Referer: 'https://shop.example/cart' }) },
  // What browsers send on every POST: Django 4.0+ checks it against the host and CSRF_TRUSTED_ORIGINS (3.2 ignores it)
  { name: 'same Origin', request: () => plainLogin(credentials('alice'), { Host: 'shop.example', Origin: 'http://shop.example' }) },
  { name: 'foreign Origin', request: () => plainLogin(credentials('alice'), { Host: 'shop.example', Origin: 'https://evil.example' }) },
  { name: 'Origin of the other scheme', request: () => plainLogin(credentials('alice'), { Host: 'shop.example', Origin: 'https://shop.example' }) },
  { name: 'null Origin', request: () => plainLogin(credentials('alice'), { Origin: 'null' }) },
  { name: 'HTTPS, same Origin and a foreign Referer (the Origin decides)', request: () => plainLogin(credentials('alice'), { 'X-Forwarded-Proto': 'https', Host: 'shop.example', Origin: 'https://shop.example', Referer: 'https://evil.example/' }) },
  // sessions the request already carries
  {
    name: 'login as another user than the session holds (flushed)',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => login(credentials('alice'), carolSession.headers),
  },
  {
    name: 'login again as the same user (session key kept)',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => login(credentials('carol'), carolSession.headers),
  },
  // With CSRF_USE_SESSIONS the CSRF secret is in the session: an unknown one fails the CSRF check.
  { name: 'login with an unknown session cookie', request: () => login(credentials('alice'), { Cookie: CSRF_IN_SESSION ? unknownSession : `${csrf.cookie}; ${unknownSession}` }) },
  // methods and paths
  { name: 'GET login', request: () => ({ path: '/api/auth/login/' }) },
  { name: 'OPTIONS login', request: () => ({ method: 'OPTIONS', path: '/api/auth/login/' }) },
  { name: 'PUT login with CSRF', request: () => ({ ...login(credentials('alice')), method: 'PUT' }) },
  { name: 'login without trailing slash', request: () => ({ ...login(credentials('alice')), path: '/api/auth/login' }) },
  // CommonMiddleware's get_host() against ALLOWED_HOSTS, before CSRF and authentication
  ...hostCases('login', () => login(credentials('alice'))),
];

const sessionCases: Case[] = [
  { name: 'session, anonymous (sets the CSRF cookie, or with CSRF_USE_SESSIONS a session)', request: () => ({ path: '/api/auth/session/', headers: browserHeaders() }) },
  { name: 'session, anonymous with a CSRF cookie (re-sent), or its session', request: () => ({ path: '/api/auth/session/', headers: { ...browserHeaders(), Cookie: csrf.cookie } }) },
  { name: 'session, with a malformed CSRF cookie (replaced)', request: () => ({ path: '/api/auth/session/', headers: { ...browserHeaders(), Cookie: `${CSRF_COOKIE}=bad!` } }) },
  {
    name: 'session, logged in by Django',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ path: '/api/auth/session/', headers: { ...browserHeaders(), Cookie: carolSession.cookie } }),
  },
  { name: 'session, by token', request: () => ({ path: '/api/auth/session/', headers: tokenHeader('alice') }) },
  { name: 'session, bad token', request: () => ({ path: '/api/auth/session/', headers: { Authorization: 'Token nope' } }) },
  { name: 'session, unknown session cookie', request: () => ({ path: '/api/auth/session/', headers: { ...browserHeaders(), Cookie: unknownSession } }) },
  {
    name: 'session, expired session',
    setup: async () => {
      carolSession = await logIn(world.monolith.url, 'carol', PASSWORD);
      await world.sql`update django_session set expire_date = now() - interval '1 second' where session_key = ${carolSession.sessionid}`;
    },
    request: () => ({ path: '/api/auth/session/', headers: { ...browserHeaders(), Cookie: carolSession.cookie } }),
  },
  { name: 'POST session', request: () => ({ method: 'POST', path: '/api/auth/session/', headers: { ...browserHeaders(), ...csrfHeaders() } }) },
  { name: 'HEAD session', request: () => ({ method: 'HEAD', path: '/api/auth/session/' }) },
];

const logoutCases: Case[] = [
  {
    name: 'logout with the session and CSRF token',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: carolSession.headers }),
  },
  {
    name: 'logout with the session but no CSRF token',
    setup: async () => (carolSession = await logIn(world.monolith.url, 'carol', PASSWORD)),
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: { ...browserHeaders(), Cookie: carolSession.cookie } }),
  },
  {
    name: 'logout twice (the session is already gone)',
    setup: async () => {
      carolSession = await logIn(world.monolith.url, 'carol', PASSWORD);
      await world.sql`delete from django_session where session_key = ${carolSession.sessionid}`;
    },
    request: () => ({ method: 'POST', path: '/api/auth/logout/', headers: carolSession.headers }),
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
      csrf = await csrfGrant(world.monolith.url);
      await c.setup?.();
      const monolith = await send(world.monolith.url, c.request());
      await restoreHashes();
      csrf = await csrfGrant(world.monolith.url);
      await c.setup?.();
      const fn = await send(world.functions.identity!.url, c.request());
      expectParity(monolith, fn, { volatileFields: ['last_login'] });
    });
  }
});
