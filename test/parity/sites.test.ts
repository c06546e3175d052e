/**
 * Parity of the sites function with the live monolith: every case sends the
 * same request to gunicorn+Django and to the function (same database) and
 * compares status, body bytes, the headers Django decides, and cookies.
 *
 * The function serves only SiteViewSet's reads; its writes stay with the
 * monolith (the manifest lists GET, HEAD and OPTIONS, so the URL map sends
 * the rest there). It must still answer as the whole view does: Allow names
 * POST, PUT, PATCH and DELETE, and OPTIONS describes POST on the list and PUT
 * on a detail only when that user can load the site, as DRF's metadata does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PASSWORD, SEED_TOKENS } from '../../tools/seed-credentials.ts';
import { BACKEND_HEADER } from '../../tools/stack/load-balancer.ts';
import { logIn, type BrowserSession } from '../support/django-client.ts';
import { send, type RawRequest } from '../support/http.ts';
import { loadBalancerFor } from '../support/load-balancer.ts';
import { expectFromFunction, expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';

// Both sides build absolute links from Host; the test client would send each side's own port.
const HOST = 'sites.canopy.test';
let world: World;
const sessions: Record<string, BrowserSession> = {};
const tokens: Record<string, string> = { ...SEED_TOKENS };
/** Each customer's first site, and a site no customer in the suite owns (erin's). */
const siteOf: Record<string, number> = {};
/** A site whose text needs JSON escaping and whose created_at has microseconds. */
let oddSite: number;

beforeAll(async () => {
  world = await startWorld(['sites']);
  sessions.alice = await logIn(world.monolith.url, 'alice', SEED_PASSWORD);
  for (const row of await world.sql<{ username: string; id: number }[]>`
    select u.username, min(s.id)::int as id from sites_site s join auth_user u on u.id = s.customer_id group by u.username`) siteOf[row.username] = row.id;
  // An inactive user with a token: DRF's TokenAuthentication refuses it ('User inactive or deleted.').
  await world.sql`insert into authtoken_token (key, created, user_id) select ${'0'.repeat(39) + '1'}, now(), id from auth_user where username = 'oscar'`;
  tokens.oscar = '0'.repeat(39) + '1';
  const [odd] = await world.sql<{ id: number }[]>`
    insert into sites_site (customer_id, name, address, postcode, created_at)
    select id, ${'Café "Zürich" \\ depot ☕\u2028'}, ${'1 </script> Road,\ttab'}, ${'E1 6AN'}, '2026-03-04 05:06:07.000123+00'
    from auth_user where username = 'bob' returning id::int as id`;
  oddSite = odd!.id;
});

afterAll(() => world?.stop());

interface Case {
  name: string;
  request: () => RawRequest;
}

const withHeaders = (req: RawRequest, headers: Record<string, string>): RawRequest => ({ ...req, headers: { ...req.headers, ...headers } });
const asToken = (who: string, req: RawRequest): RawRequest => withHeaders(req, { Authorization: `Token ${tokens[who]}` });
const asSession = (who: string, req: RawRequest): RawRequest => withHeaders(req, { Cookie: sessions[who]!.cookie });
const list = (query = ''): RawRequest => ({ path: `/api/sites/${query}` });
const detail = (id: number | string): RawRequest => ({ path: `/api/sites/${id}/` });
const method = (m: string, req: RawRequest): RawRequest => ({ ...req, method: m });

const whoCases: Case[] = [
  { name: 'list, customer by token', request: () => asToken('alice', list()) },
  { name: 'list, customer by session', request: () => asSession('alice', list()) },
  { name: 'list, another customer', request: () => asToken('bob', list()) },
  { name: 'list, staff see every site', request: () => asToken('admin', list()) },
  { name: 'list, anonymous', request: () => list() },
  { name: 'list, unknown token', request: () => withHeaders(list(), { Authorization: 'Token nope' }) },
  { name: 'list, token keyword without key', request: () => withHeaders(list(), { Authorization: 'Token' }) },
  { name: 'list, inactive user by token', request: () => asToken('oscar', list()) },
  { name: 'list, unknown session cookie', request: () => withHeaders(list(), { Cookie: 'sessionid=0123456789abcdefghijklmnopqrstuv' }) },
];

const paginationCases: Case[] = [
  { name: 'staff page 2: previous drops page', request: () => asToken('admin', list('?page=2')) },
  { name: 'staff ?page=last', request: () => asToken('admin', list('?page=last')) },
  { name: 'page past the end', request: () => asToken('admin', list('?page=3')) },
  { name: 'page 0', request: () => asToken('alice', list('?page=0')) },
  { name: 'non-numeric page', request: () => asToken('alice', list('?page=abc')) },
  { name: 'empty page', request: () => asToken('alice', list('?page=')) },
  { name: 'page with spaces (int() strips them)', request: () => asToken('admin', list('?page=%202%20')) },
  { name: 'page in Arabic-Indic digits', request: () => asToken('admin', list('?page=%D9%A2')) },
  { name: 'page given twice (the last wins)', request: () => asToken('admin', list('?page=1&page=2')) },
  { name: 'links keep every other key, sorted and re-encoded', request: () => asToken('admin', list('?zeta=1&alpha=a+b&page=2&alpha=%2F&empty&x=%E9')) },
  { name: 'links over https (X-Forwarded-Proto)', request: () => withHeaders(asToken('admin', list('?page=2')), { 'X-Forwarded-Proto': 'https' }) },
  { name: 'links with a Host of capitals and a port', request: () => withHeaders(asToken('admin', list()), { Host: 'Sites.Example.COM:8443' }) },
  { name: 'list filters of other views are ignored', request: () => asToken('alice', list('?customer=2&ordering=-id&page_size=1')) },
];

const detailCases: Case[] = [
  { name: 'detail, own site', request: () => asToken('alice', detail(siteOf.alice!)) },
  { name: 'detail, own site by session', request: () => asSession('alice', detail(siteOf.alice!)) },
  { name: "detail, another customer's site", request: () => asToken('alice', detail(siteOf.bob!)) },
  { name: 'detail, staff read any site', request: () => asToken('admin', detail(siteOf.bob!)) },
  { name: 'detail, text that needs escaping, microseconds', request: () => asToken('bob', detail(oddSite)) },
  { name: 'detail, missing site', request: () => asToken('admin', detail(999999)) },
  { name: 'detail, non-numeric id', request: () => asToken('admin', detail('abc')) },
  { name: 'detail, id with spaces', request: () => asToken('admin', detail(`%20${siteOf.alice}%20`)) },
  { name: 'detail, id with an underscore', request: () => asToken('admin', detail('1_0')) },
  { name: 'detail, id in Arabic-Indic digits', request: () => asToken('admin', detail('%D9%A1')) },
  { name: 'detail, zero', request: () => asToken('admin', detail(0)) },
  { name: 'detail, negative id', request: () => asToken('admin', detail(-1)) },
  { name: 'detail, id beyond bigint', request: () => asToken('admin', detail('99999999999999999999999')) },
  { name: 'detail, id with a dot (not routed)', request: () => asToken('admin', { path: '/api/sites/1.json/' }) },
  { name: 'detail, anonymous', request: () => detail(siteOf.alice!) },
  { name: 'detail, unknown token', request: () => withHeaders(detail(siteOf.alice!), { Authorization: 'Token nope' }) },
  { name: 'detail, inactive user by token', request: () => asToken('oscar', detail(siteOf.alice!)) },
];

const methodCases: Case[] = [
  { name: 'HEAD list', request: () => method('HEAD', asToken('admin', list('?page=2'))) },
  { name: 'HEAD detail', request: () => method('HEAD', asToken('alice', detail(siteOf.alice!))) },
  { name: 'HEAD detail, missing', request: () => method('HEAD', asToken('alice', detail(999999))) },
  { name: 'OPTIONS list (POST described, Allow names the writes)', request: () => method('OPTIONS', asToken('alice', list())) },
  { name: 'OPTIONS list with indent', request: () => method('OPTIONS', withHeaders(asToken('alice', list()), { Accept: 'application/json; indent=2' })) },
  { name: 'OPTIONS detail, own site (PUT described)', request: () => method('OPTIONS', asToken('alice', detail(siteOf.alice!))) },
  { name: "OPTIONS detail, another customer's site (no PUT)", request: () => method('OPTIONS', asToken('alice', detail(siteOf.bob!))) },
  { name: 'OPTIONS detail, staff on any site (PUT described)', request: () => method('OPTIONS', asToken('admin', detail(siteOf.bob!))) },
  { name: 'OPTIONS detail, missing site (no PUT)', request: () => method('OPTIONS', asToken('admin', detail(999999))) },
  { name: 'OPTIONS detail, malformed id (no PUT)', request: () => method('OPTIONS', asToken('admin', detail('abc'))) },
  { name: 'OPTIONS anonymous', request: () => method('OPTIONS', list()) },
  { name: 'OPTIONS by session', request: () => method('OPTIONS', asSession('alice', detail(siteOf.alice!))) },
];

const negotiationCases: Case[] = [
  { name: 'Accept application/json', request: () => withHeaders(asToken('alice', list()), { Accept: 'application/json' }) },
  { name: 'Accept text/html only (406)', request: () => withHeaders(asToken('alice', list()), { Accept: 'text/html' }) },
  { name: 'Accept with indent', request: () => withHeaders(asToken('alice', detail(siteOf.alice!)), { Accept: 'application/json; indent=4' }) },
  { name: 'Accept nothing satisfies, anonymous (406 before authentication)', request: () => withHeaders(list(), { Accept: 'text/plain' }) },
  { name: '?format=json kept in links', request: () => asToken('admin', list('?format=json&page=2')) },
  { name: '?format=xml', request: () => asToken('alice', list('?format=xml')) },
  { name: 'empty ?format=', request: () => asToken('alice', { path: `/api/sites/${siteOf.alice}/?format=` }) },
];

const urlCases: Case[] = [
  { name: 'unknown path below sites', request: () => asToken('alice', { path: `/api/sites/${siteOf.alice}/orders/` }) },
];

describe.each([
  ['who is asking', whoCases],
  ['pagination', paginationCases],
  ['detail', detailCases],
  ['methods', methodCases],
  ['content negotiation', negotiationCases],
  ['URLs', urlCases],
])('sites function answers %s as the monolith does', (_group, cases) => {
  for (const c of cases) {
    it(c.name, async () => {
      const request = c.request();
      const withHost = { ...request, headers: { Host: HOST, ...request.headers } };
      const monolith = await send(world.monolith.url, withHost);
      const fn = await send(world.functions.sites!.url, withHost);
      expectFromFunction(fn);
      expectParity(monolith, fn);
    });
  }
});

describe('through the local load balancer, which routes on methods as the URL map does', () => {
  it('sends the writes to the monolith and the reads of what they wrote to the function', async () => {
    const { server, url } = await loadBalancerFor(world);
    try {
      const json = { 'Content-Type': 'application/json' };
      const created = await send(url, asToken('alice', { method: 'POST', path: '/api/sites/', headers: json, body: '{"name":"New depot","address":"2 Quay","postcode":"E1 1AA"}' }));
      expect([created.status, created.headers[BACKEND_HEADER]]).toEqual([201, ['monolith']]);
      const id = (JSON.parse(created.body.toString('utf8')) as { id: number }).id;
      const read = await send(url, asToken('alice', detail(id)));
      expect([read.status, read.headers[BACKEND_HEADER], read.body.toString('utf8')]).toEqual([200, ['sites'], created.body.toString('utf8')]);
      const changes: Array<[string, string, number]> = [['PUT', '{"name":"Renamed","address":"2 Quay","postcode":"E1 1AA"}', 200], ['PATCH', '{"postcode":"E1 1AB"}', 200], ['DELETE', '', 204]];
      for (const [name, body, status] of changes) {
        const res = await send(url, asToken('alice', { method: name, path: `/api/sites/${id}/`, headers: json, body }));
        expect([name, res.status, res.headers[BACKEND_HEADER]]).toEqual([name, status, ['monolith']]);
      }
      const gone = await send(url, asToken('alice', detail(id)));
      expect([gone.status, gone.headers[BACKEND_HEADER]]).toEqual([404, ['sites']]);
    } finally {
      server.close();
    }
  });
});
