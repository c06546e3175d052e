/**
 * Parity of the users function with the live monolith: every case sends the
 * same request to gunicorn+Django and to the function (same database) and
 * compares status, body bytes, the headers Django decides, and cookies.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { logIn, type BrowserSession } from '../support/django-client.ts';
import { send, type RawRequest } from '../support/http.ts';
import { browserHeaders, CSRF_HEADER, SESSION_COOKIE } from '../support/monolith-settings.ts';
import { hostCases } from '../support/hosts.ts';
import { expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

const PASSWORD = SEED_PASSWORD;
let world: World;
const sessions: Record<string, BrowserSession> = {};
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  world = await startWorld(['users']);
  for (const [name, password] of [['alice', PASSWORD], ['carol', PASSWORD], ['sam', PASSWORD], ['admin', 'canopy-admin-1']] as const) {
    sessions[name] = await logIn(world.monolith.url, name, password);
  }
  for (const row of await world.sql<{ username: string; key: string }[]>`
    select u.username, t.key from authtoken_token t join auth_user u on u.id = t.user_id`) tokens[row.username] = row.key;
  for (const row of await world.sql<{ username: string; id: number }[]>`select username, id from auth_user`) ids[row.username] = row.id;
});

afterAll(() => world?.stop());

interface Case {
  name: string;
  request: () => RawRequest;
  /** Runs before each side's request, so state both sides may change starts equal. */
  setup?: () => Promise<unknown>;
}

const withSession = (who: string, req: RawRequest): RawRequest => ({
  ...req,
  headers: { ...browserHeaders(), ...req.headers, Cookie: sessions[who]!.cookie },
});
const withToken = (who: string, req: RawRequest): RawRequest => ({
  ...req,
  headers: { ...req.headers, Authorization: `Token ${tokens[who]}` },
});
const me = { path: '/api/users/me/' };
/** `id` written in the Unicode decimal digits whose zero is `zero`, percent-encoded as UTF-8. */
const unicodeDigits = (id: number, zero: number) =>
  encodeURIComponent([...String(id)].map((d) => String.fromCodePoint(zero + Number(d))).join(''));
const detail = (id: number | string) => ({ path: `/api/users/${id}/` });

/** Before each side: a copy of `who`'s session row under `key`, then `change` applied to it. */
function copySession(who: string, key: string, change?: (key: string) => Promise<unknown>): () => Promise<unknown> {
  return async () => {
    await world.sql`delete from django_session where session_key = ${key}`;
    await world.sql`
      insert into django_session (session_key, session_data, expire_date)
      select ${key}, session_data, expire_date from django_session where session_key = ${sessions[who]!.sessionid}`;
    await change?.(key);
  };
}

const cases: Case[] = [
  // who is asking
  { name: 'me, anonymous', request: () => me },
  { name: 'me, alice by session', request: () => withSession('alice', me) },
  { name: 'me, superuser by session', request: () => withSession('admin', me) },
  { name: 'me, staff by session', request: () => withSession('sam', me) },
  { name: 'me, alice by token', request: () => withToken('alice', me) },
  { name: 'me, superuser by token', request: () => withToken('admin', me) },
  { name: 'me, lower-case token keyword', request: () => ({ ...me, headers: { Authorization: `token ${tokens.bob}` } }) },
  { name: 'me, unknown token', request: () => ({ ...me, headers: { Authorization: 'Token 0000000000000000000000000000000000000000' } }) },
  { name: 'me, token keyword without key', request: () => ({ ...me, headers: { Authorization: 'Token' } }) },
  { name: 'me, token with spaces', request: () => ({ ...me, headers: { Authorization: 'Token abc def' } }) },
  { name: 'me, bearer scheme is not ours', request: () => ({ ...me, headers: { Authorization: 'Bearer abc' } }) },
  { name: 'me, session wins over a bad token', request: () => withSession('alice', { ...me, headers: { Authorization: 'Token nope' } }) },
  // sessions Django made, in every state
  {
    name: 'me, expired session',
    setup: copySession('alice', 'expiredsession0000000000000000001', (key) =>
      world.sql`update django_session set expire_date = now() - interval '1 day' where session_key = ${key}`),
    request: () => ({ ...me, headers: { Cookie: `${SESSION_COOKIE}=expiredsession0000000000000000001` } }),
  },
  { name: 'me, unknown session key', request: () => ({ ...me, headers: { Cookie: `${SESSION_COOKIE}=doesnotexist000000000000000000000` } }) },
  { name: 'me, session key too short', request: () => ({ ...me, headers: { Cookie: `${SESSION_COOKIE}=abc` } }) },
  {
    name: 'me, tampered session data',
    setup: copySession('alice', 'tamperedsession000000000000000001', (key) =>
      world.sql`update django_session set session_data = 'x' || session_data where session_key = ${key}`),
    request: () => ({ ...me, headers: { Cookie: `${SESSION_COOKIE}=tamperedsession000000000000000001` } }),
  },
  {
    name: 'me, session whose password hash no longer matches (flushed)',
    setup: copySession('carol', 'stalehash00000000000000000000001', () =>
      world.sql`update auth_user set password = password || 'x' where username = 'carol'`),
    request: () => ({ ...me, headers: { Cookie: `${SESSION_COOKIE}=stalehash00000000000000000000001` } }),
  },
  {
    name: 'me, session of a user made inactive',
    setup: () => world.sql`update auth_user set is_active = false where username = 'sam'`,
    request: () => withSession('sam', me),
  },
  {
    name: 'me, token of an inactive user',
    setup: () => world.sql`insert into authtoken_token (key, created, user_id) select 'inactive0000000000000000000000000000000a', now(), id from auth_user where username = 'oscar' on conflict do nothing`,
    request: () => ({ ...me, headers: { Authorization: 'Token inactive0000000000000000000000000000000a' } }),
  },
  // detail and its permission rule
  { name: 'detail, self', request: () => withSession('alice', detail(ids.alice!)) },
  { name: 'detail, another user as a customer', request: () => withSession('alice', detail(ids.bob!)) },
  { name: 'detail, another user as superuser', request: () => withSession('admin', detail(ids.bob!)) },
  { name: 'detail, another user as staff by token', request: () => withToken('admin', detail(ids.carol!)) },
  { name: 'detail, missing id as superuser', request: () => withSession('admin', detail(999999)) },
  { name: 'detail, non-numeric id', request: () => withSession('admin', detail('abc')) },
  { name: 'detail, id with spaces', request: () => withSession('admin', detail(`%20${ids.bob}%20`)) },
  { name: 'detail, id with underscore', request: () => withSession('admin', detail('1_0')) },
  { name: 'detail, negative id', request: () => withSession('admin', detail(-1)) },
  { name: 'detail, zero', request: () => withSession('admin', detail(0)) },
  { name: 'detail, huge id', request: () => withSession('admin', detail('99999999999999999999999')) },
  // int() reads any Unicode decimal digit and strips what str.isspace() calls whitespace, no more.
  { name: 'detail, id in Arabic-Indic digits', request: () => withSession('admin', detail(unicodeDigits(ids.bob!, 0x660))) },
  { name: 'detail, id in fullwidth digits', request: () => withSession('admin', detail(unicodeDigits(ids.carol!, 0xff10))) },
  { name: 'detail, id after \\x1c (str.isspace(), yet not stripped by int())', request: () => withSession('admin', detail(`%1C${ids.bob}`)) },
  { name: 'detail, id after a BOM (whitespace to JavaScript, not to Python)', request: () => withSession('admin', detail(`%EF%BB%BF${ids.bob}`)) },
  { name: 'detail, anonymous', request: () => detail(1) },
  { name: 'detail, id with a dot', request: () => withSession('admin', { path: '/api/users/1.json/' }) },
  // URL handling of Django's CommonMiddleware and resolver
  { name: 'me without trailing slash', request: () => withSession('alice', { path: '/api/users/me' }) },
  { name: 'detail without trailing slash, with query', request: () => ({ path: '/api/users/12?x=1&y=%C3%A9' }) },
  { name: 'users list is not routed', request: () => withSession('admin', { path: '/api/users/' }) },
  { name: 'id with a dot and no slash', request: () => ({ path: '/api/users/a.b' }) },
  // methods
  { name: 'HEAD me', request: () => withSession('alice', { ...me, method: 'HEAD' }) },
  { name: 'HEAD detail', request: () => withToken('admin', { ...detail(ids.alice!), method: 'HEAD' }) },
  { name: 'OPTIONS me', request: () => withSession('alice', { ...me, method: 'OPTIONS' }) },
  { name: 'OPTIONS detail', request: () => withToken('alice', { ...detail(ids.alice!), method: 'OPTIONS' }) },
  { name: 'OPTIONS anonymous', request: () => ({ ...me, method: 'OPTIONS' }) },
  { name: 'POST me by session without CSRF token', request: () => withSession('alice', { ...me, method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }) },
  {
    name: 'POST me by session with CSRF token',
    request: () => withSession('alice', { ...me, method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: sessions.alice!.csrftoken } }),
  },
  { name: 'POST me by token', request: () => withToken('alice', { ...me, method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }) },
  { name: 'POST me anonymous', request: () => ({ ...me, method: 'POST' }) },
  { name: 'PUT detail by token', request: () => withToken('admin', { ...detail(ids.alice!), method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } }) },
  { name: 'DELETE detail by token', request: () => withToken('admin', { ...detail(ids.alice!), method: 'DELETE' }) },
  { name: 'PATCH me by session with CSRF', request: () => withSession('alice', { ...me, method: 'PATCH', headers: { [CSRF_HEADER]: sessions.alice!.csrftoken } }) },
  // content negotiation
  { name: 'Accept: application/json', request: () => withSession('alice', { ...me, headers: { Accept: 'application/json' } }) },
  { name: 'Accept: text/html only', request: () => withSession('alice', { ...me, headers: { Accept: 'text/html' } }) },
  { name: 'Accept: browser default', request: () => withSession('alice', { ...me, headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } }) },
  { name: '?format=json', request: () => withSession('alice', { path: '/api/users/me/?format=json' }) },
  { name: '?format=xml', request: () => withSession('alice', { path: '/api/users/me/?format=xml' }) },
  // DRF's negotiation: found by the differential fuzzer (test/support/differential.ts)
  { name: 'Accept with indent=4 (pretty-printed)', request: () => withSession('admin', { ...detail(ids.bob!), headers: { Accept: 'application/json; indent=4' } }) },
  { name: 'Accept */* with indent=1_0 (int() reads it), clamped to 8', request: () => withSession('alice', { ...me, headers: { Accept: 'text/html, */*;indent=1_0' } }) },
  { name: 'Accept with indent=0 (none)', request: () => withSession('alice', { ...me, headers: { Accept: 'application/json;indent=0' } }) },
  { name: 'indent applies to errors too', request: () => withSession('alice', { ...detail(999999), headers: { Accept: 'application/json; indent=2' } }) },
  { name: 'OPTIONS with indent', request: () => withSession('alice', { ...detail(ids.alice!), method: 'OPTIONS', headers: { Accept: 'application/json; indent=3' } }) },
  { name: 'Accept ;;; satisfies nothing (406)', request: () => withSession('alice', { ...me, headers: { Accept: ';;;' } }) },
  { name: 'Accept * alone satisfies nothing (406)', request: () => withSession('alice', { ...me, headers: { Accept: '*' } }) },
  { name: 'negotiation before authentication: 406 for an inactive token', request: () => ({ ...me, method: 'HEAD', headers: { Accept: ';;;', Authorization: 'Token nope' } }) },
  { name: 'empty ?format= is no format', request: () => withSession('alice', { path: '/api/users/me/?format=' }) },
  // CommonMiddleware's get_host() against ALLOWED_HOSTS, before the session is read
  ...hostCases('me by session', () => withSession('alice', me)),
  ...hostCases('detail by token', () => withToken('alice', detail(ids.alice!))),
  { name: 'HEAD me, a badly formed host', request: () => ({ ...me, method: 'HEAD', headers: { Host: 'bad host!' } }) },
  // HEAD goes over a raw socket, where two spellings of the name send the header twice
  { name: 'HEAD me, Host twice (gunicorn joins them)', request: () => ({ ...me, method: 'HEAD', headers: { Host: 'api.example', host: 'api.example' } }) },
  { name: 'HEAD me without the slash (the redirect has no Content-Length from Django 4.2)', request: () => ({ path: '/api/users/me', method: 'HEAD' }) },
];

describe('users function answers as the monolith does', () => {
  for (const c of cases) {
    it(c.name, async () => {
      await c.setup?.();
      const monolith = await send(world.monolith.url, c.request());
      await c.setup?.();
      const fn = await send(world.functions.users!.url, c.request());
      expectParity(monolith, fn);
    });
  }
});
