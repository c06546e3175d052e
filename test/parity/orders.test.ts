/**
 * Parity of the orders function with the live monolith: every case sends the
 * same request to gunicorn+Django and to the function (same database) and
 * compares status, body bytes, the headers Django decides, and cookies.
 *
 * Two kinds of case need more than byte equality:
 * - a created order: each side creates its own, so the bodies are compared with
 *   id, created_at and updated_at masked, and the two rows are then read back
 *   and must be equal field by field;
 * - an ordering that is not unique (`?ordering=status`): DRF adds no
 *   tie-breaker, so rows with equal keys come in whatever order PostgreSQL
 *   gives. Such pages must agree on everything but the order within a tie:
 *   count and links, the sequence of ordering keys, every row both sides
 *   returned, and the members of every tie group that lies wholly on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, type BrowserSession } from '../support/django-client.ts';
import { browserHeaders, CSRF_HEADER } from '../support/monolith-settings.ts';
import { send, type RawRequest, type RawResponse } from '../support/http.ts';
import { diffAnswers, type ObservedAnswer } from '../../shared/parity/index.ts';
import { hostCases } from '../support/hosts.ts';
import { expectFromFunction, expectParity } from '../support/parity.ts';
import { startWorld, type World } from '../support/world.ts';
import { djangoAtLeast } from '../../shared/django/monolith-settings.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';
import { runSettings } from '../support/monolith-shell.ts';

const PASSWORD = SEED_PASSWORD;
// Both sides build absolute links from Host; the test client would send each side's own port.
const HOST = 'orders.canopy.test';
let world: World;
const sessions: Record<string, BrowserSession> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  world = await startWorld(['orders']);
  sessions.alice = await logIn(world.monolith.url, 'alice', PASSWORD);
  for (const row of await world.sql<{ username: string; key: string }[]>`
    select u.username, t.key from authtoken_token t join auth_user u on u.id = t.user_id`) tokens[row.username] = row.key;
});

afterAll(() => world?.stop());

// 'created or refused': a 201 compared as 'created', else byte for byte (the versions differ on it).
type Check = 'exact' | 'created' | 'created or refused' | { ties: string[] };

interface Case {
  name: string;
  request: () => RawRequest;
  /** How the two answers are compared (byte for byte unless said otherwise). */
  check?: Check;
}

const withHeaders = (req: RawRequest, headers: Record<string, string>): RawRequest => ({ ...req, headers: { ...req.headers, ...headers } });
const withoutHeaders = (req: RawRequest, names: string[]): RawRequest => ({ ...req, headers: Object.fromEntries(Object.entries(req.headers ?? {}).filter(([name]) => !names.includes(name))) });
const withHost = (req: RawRequest): RawRequest => ({ ...req, headers: { Host: HOST, ...req.headers } });
const asToken = (who: string, req: RawRequest): RawRequest => ({ ...req, headers: { ...req.headers, Authorization: `Token ${tokens[who]}` } });
const asSession = (who: string, req: RawRequest, csrf: string | null = sessions[who]!.csrftoken): RawRequest => ({
  ...req,
  headers: { ...browserHeaders(), ...req.headers, Cookie: sessions[who]!.cookie, ...(csrf === null ? {} : { [CSRF_HEADER]: csrf }) },
});
const list = (query = '') => ({ path: `/api/orders/${query}` });
const detail = (id: number | string) => ({ path: `/api/orders/${id}/` });
const alice = (query = '') => asToken('alice', list(query));
const staff = (query = '') => asToken('admin', list(query));

// A valid order for alice (sites 1 and 2 are hers); `changes` replaces or (undefined) removes fields.
const VALID = { site: 1, product: 'diesel', quantity: '1200.5', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' };
function orderBody(changes: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...VALID, ...changes });
}
const post = (body: string, contentType = 'application/json'): RawRequest => ({
  method: 'POST',
  path: '/api/orders/',
  headers: { 'Content-Type': contentType },
  body,
});
const create = (changes: Record<string, unknown> = {}) => asToken('alice', post(orderBody(changes)));
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const VALID_FORM = { ...VALID, site: '1' };

function multipart(fields: Record<string, string>): RawRequest {
  const parts = Object.entries(fields).map(([name, value]) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return post(`${parts.join('')}--XyZ--\r\n`, 'multipart/form-data; boundary=XyZ');
}

const listCases: Case[] = [
  { name: 'list, customer by token', request: () => alice() },
  { name: 'list, customer by session', request: () => asSession('alice', list()) },
  { name: 'list, another customer', request: () => asToken('bob', list()) },
  { name: 'list, staff see every order', request: () => staff() },
  { name: 'list, anonymous', request: () => list() },
  { name: 'list, unknown token', request: () => ({ ...list(), headers: { Authorization: 'Token nope' } }) },
  { name: 'list over https (X-Forwarded-Proto)', request: () => withHeaders(alice('?page=2'), { 'X-Forwarded-Proto': 'https' }) },
  { name: 'list, X-Forwarded-Proto other than https', request: () => withHeaders(alice('?page=2'), { 'X-Forwarded-Proto': 'HTTPS' }) },
  { name: 'list, Host with a port and capitals', request: () => withHeaders(alice('?page=2'), { Host: 'Orders.Example.COM:8443' }) },
  { name: 'list, Accept text/html only', request: () => withHeaders(alice(), { Accept: 'text/html' }) },
  { name: 'list, ?format=json kept in links', request: () => alice('?format=json&page=2') },
  { name: 'list, ?format=xml', request: () => alice('?format=xml') },
  { name: 'list, ?format given twice (the last wins)', request: () => alice('?format=xml&format=json') },
];

const paginationCases: Case[] = [
  { name: 'page 2: both links, page 1 drops page', request: () => alice('?page=2') },
  { name: 'page 1 given explicitly', request: () => alice('?page=1') },
  { name: 'last page by number', request: () => alice('?page=3') },
  { name: '?page=last', request: () => alice('?page=last') },
  { name: '?page=last for staff (30 pages)', request: () => staff('?page=last') },
  { name: 'page 0', request: () => alice('?page=0') },
  { name: 'negative page', request: () => alice('?page=-1') },
  { name: 'page past the end', request: () => alice('?page=999') },
  { name: 'huge page number', request: () => alice('?page=99999999999999999999999') },
  { name: 'non-numeric page', request: () => alice('?page=abc') },
  { name: 'empty page', request: () => alice('?page=') },
  { name: 'page 2.0', request: () => alice('?page=2.0') },
  { name: 'page with spaces (int() strips them)', request: () => alice('?page=%202%20') },
  { name: 'page with an underscore (int("1_0") is 10)', request: () => staff('?page=1_0') },
  { name: 'page in Arabic-Indic digits', request: () => alice('?page=%D9%A2') },
  { name: 'page given twice (the last wins)', request: () => alice('?page=3&page=2') },
  { name: '?page=LAST is not last', request: () => alice('?page=LAST') },
  // ?page_size: ignored by PageNumberPagination; the alternate configuration's pagination takes it (up to 50).
  { name: '?page_size: a page of 5, kept in the links (or ignored)', request: () => alice('?page_size=5&page=2') },
  { name: '?page_size above the maximum', request: () => staff('?page_size=100&page=2') },
  { name: '?page_size=0 (the default size)', request: () => alice('?page_size=0') },
  { name: 'negative ?page_size', request: () => alice('?page_size=-3') },
  { name: 'non-numeric ?page_size', request: () => alice('?page_size=abc') },
  { name: 'empty ?page_size', request: () => alice('?page_size=') },
  { name: '?page_size in Arabic-Indic digits', request: () => alice('?page_size=%D9%A3') },
  { name: '?page_size with ?page=last', request: () => alice('?page_size=7&page=last') },
  { name: '?page_size given twice (the last wins)', request: () => alice('?page_size=4&page_size=6') },
  { name: 'links keep every other key, sorted and re-encoded', request: () => alice('?zeta=1&ordering=-quantity%2Cid&alpha=a+b&page=2&alpha=%2F&empty&x=%E9') },
  { name: 'links keep a key with an odd escape', request: () => alice('?q=100%25&r=%zz&page=2') },
  { name: 'empty result, page 1', request: () => alice('?site=3') },
  { name: 'empty result, page 2', request: () => alice('?site=3&page=2') },
  { name: 'empty result, last page', request: () => alice('?site=3&page=last') },
];

const filterCases: Case[] = [
  { name: 'filter status', request: () => alice('?status=pending') },
  { name: 'filter product', request: () => alice('?product=ev_charge') },
  { name: 'filter site', request: () => alice('?site=2') },
  { name: "filter another customer's site (empty)", request: () => alice('?site=3') },
  { name: 'filter site for staff', request: () => staff('?site=3') },
  { name: 'filters combined', request: () => staff('?status=delivered&product=diesel&page=2') },
  { name: 'empty filter values are no filter', request: () => alice('?status=&product=&site=') },
  { name: 'filter site 1.0 (an integer to DRF)', request: () => alice('?site=1.0') },
  { name: 'filter site with spaces', request: () => alice('?site=%201%20') },
  { name: 'filter site out of bigint range', request: () => staff('?site=99999999999999999999') },
  { name: 'filter value given twice (the last wins)', request: () => alice('?status=shipped&status=confirmed') },
  { name: 'invalid status', request: () => alice('?status=shipped') },
  { name: 'invalid product', request: () => alice('?product=kerosene') },
  { name: 'status in capitals is invalid', request: () => alice('?status=PENDING') },
  { name: 'non-integer site', request: () => alice('?site=abc') },
  { name: 'site 1.5', request: () => alice('?site=1.5') },
  { name: 'every filter invalid at once', request: () => alice('?site=x&product=y&status=z') },
  { name: 'invalid filter wins over an invalid page', request: () => alice('?status=shipped&page=abc') },
  { name: 'invalid filter, anonymous', request: () => list('?status=shipped') },
];

const orderingCases: Case[] = [
  { name: 'ordering id', request: () => alice('?ordering=id') },
  { name: 'ordering -id', request: () => alice('?ordering=-id&page=2') },
  { name: 'ordering created_at', request: () => alice('?ordering=created_at') },
  { name: 'ordering -created_at (the default, given)', request: () => staff('?ordering=-created_at&page=3') },
  { name: 'ordering quantity', request: () => alice('?ordering=quantity'), check: { ties: ['quantity'] } },
  { name: 'ordering -quantity', request: () => staff('?ordering=-quantity&page=4'), check: { ties: ['quantity'] } },
  { name: 'ordering window_start', request: () => alice('?ordering=window_start'), check: { ties: ['window_start'] } },
  { name: 'ordering -window_start, page 2', request: () => staff('?ordering=-window_start&page=2'), check: { ties: ['window_start'] } },
  { name: 'ordering status', request: () => alice('?ordering=status'), check: { ties: ['status'] } },
  { name: 'ordering -status, last page', request: () => staff('?ordering=-status&page=last'), check: { ties: ['status'] } },
  { name: 'ordering status,-id (unique)', request: () => staff('?ordering=status,-id&page=2') },
  { name: 'ordering window_start,id (unique)', request: () => alice('?ordering=window_start,id') },
  { name: 'ordering status,window_start', request: () => staff('?ordering=status,window_start&page=7'), check: { ties: ['status', 'window_start'] } },
  { name: 'ordering with spaces around terms', request: () => alice('?ordering=%20-quantity%20,%20id'), check: { ties: ['quantity'] } },
  { name: 'ordering unknown field only (default)', request: () => alice('?ordering=customer') },
  { name: 'ordering unknown and known', request: () => alice('?ordering=bogus,-id,,paid_at') },
  { name: 'ordering a field twice (the first direction wins)', request: () => alice('?ordering=id,-id') },
  { name: 'ordering --id is unknown', request: () => alice('?ordering=--id') },
  { name: 'ordering empty (default)', request: () => alice('?ordering=') },
  { name: 'ordering given twice (the last wins)', request: () => alice('?ordering=-id&ordering=id') },
  { name: 'ordering with filters and a page', request: () => staff('?product=petrol&ordering=-id&page=2') },
];

const detailCases: Case[] = [
  { name: 'detail, own order', request: () => asToken('alice', detail(229)) },
  { name: 'detail, own order by session', request: () => asSession('alice', detail(229)) },
  { name: "detail, another customer's order", request: () => asToken('bob', detail(229)) },
  { name: 'detail, staff read any order', request: () => asToken('admin', detail(229)) },
  { name: 'detail, paid order', request: () => asToken('admin', detail(600)) },
  { name: 'detail, missing order', request: () => asToken('admin', detail(999999)) },
  { name: 'detail, non-numeric id', request: () => asToken('admin', detail('abc')) },
  { name: 'detail, id with spaces', request: () => asToken('admin', detail('%20229%20')) },
  { name: 'detail, id with an underscore', request: () => asToken('admin', detail('2_29')) },
  { name: 'detail, zero', request: () => asToken('admin', detail(0)) },
  { name: 'detail, negative id', request: () => asToken('admin', detail(-1)) },
  { name: 'detail, id beyond bigint', request: () => asToken('admin', detail('99999999999999999999999')) },
  { name: 'detail, id with a dot (not routed)', request: () => asToken('admin', { path: '/api/orders/1.json/' }) },
  { name: 'detail, list filters do not apply', request: () => asToken('alice', { path: '/api/orders/229/?status=shipped&page=abc' }) },
  { name: 'detail, anonymous', request: () => detail(229) },
];

const createCases: Case[] = [
  ...['diesel', 'petrol', 'adblue', 'ev_charge'].map((product) => ({ name: `create ${product}`, request: () => create({ product }), check: 'created' as const })),
  { name: 'create on the second site', request: () => create({ site: 2 }), check: 'created' },
  { name: 'create, quantity with two decimals', request: () => create({ quantity: '0.25' }), check: 'created' },
  { name: 'create, quantity the minimum', request: () => create({ quantity: '0.01' }), check: 'created' },
  { name: 'create, quantity the maximum', request: () => create({ quantity: '50000' }), check: 'created' },
  { name: 'create, quantity as a JSON integer', request: () => create({ quantity: 12 }), check: 'created' },
  { name: 'create, quantity as a JSON float', request: () => create({ quantity: 12.75 }), check: 'created' },
  { name: 'create, quantity with spaces and a trailing zero', request: () => create({ quantity: ' 7.50 ' }), check: 'created' },
  { name: 'create, site as a string', request: () => create({ site: '2' }), check: 'created' },
  { name: 'create, site 1.5 (int() of the float)', request: () => create({ site: 1.5 }), check: 'created' },
  { name: 'create, quantity in exponent form', request: () => create({ quantity: '1e3' }), check: 'created' },
  { name: 'create, window of exactly 7 days', request: () => create({ window_end: '2026-12-08T08:00:00Z' }), check: 'created' },
  { name: 'create, window with microseconds', request: () => create({ window_start: '2026-12-01T08:00:00.250Z', window_end: '2026-12-01T08:00:00.250001Z' }), check: 'created' },
  { name: 'create, window with offsets', request: () => create({ window_start: '2026-12-01T10:00:00+02:00', window_end: '2026-12-01T09:30-0330' }), check: 'created' },
  { name: 'create, naive datetimes (UTC)', request: () => create({ window_start: '2026-12-01 08:00', window_end: '2026-12-01T09:00:00' }), check: 'created' },
  // Naive times are made aware in TIME_ZONE (the alternate configuration's Adelaide: +10:30 in summer,
  // +09:30 in winter); pytz (Django 3.2) refuses the hour the clocks skip or repeat and knows no
  // change after 2037, zoneinfo (4.0+) takes the offset before the change.
  { name: 'create, a winter window', request: () => create({ window_start: '2026-07-01T08:00:00Z', window_end: '2026-07-01 20:00' }), check: 'created' },
  { name: 'create, naive times in the hour the clocks skip', request: () => create({ window_start: '2026-10-04T02:30:00', window_end: '2026-10-04T06:00:00' }), check: 'created or refused' },
  { name: 'create, naive times in the hour that repeats', request: () => create({ window_start: '2026-04-05T02:30:00', window_end: '2026-04-05T02:45:00' }), check: 'created or refused' },
  { name: 'create, a naive winter window after 2037', request: () => create({ window_start: '2040-07-01T08:00:00', window_end: '2040-07-01T09:00:00' }), check: 'created' },
  { name: 'create, a naive window before 1901 (local mean time)', request: () => create({ window_start: '1899-01-01T08:00:00', window_end: '1899-01-01T09:00:00' }), check: 'created' },
  { name: 'create, read-only fields are ignored', request: () => create({ id: 1, customer: 2, status: 'delivered', paid_at: '2026-01-01T00:00:00Z', created_at: 'x' }), check: 'created' },
  { name: 'create, unknown fields are ignored', request: () => create({ colour: 'red' }), check: 'created' },
  { name: 'create by session with the CSRF token', request: () => asSession('alice', post(orderBody())), check: 'created' },
  { name: 'create form-encoded', request: () => asToken('alice', post(form(VALID_FORM), 'application/x-www-form-urlencoded')), check: 'created' },
  {
    name: 'create form-encoded by session, token in the form',
    request: () => asSession('alice', post(form({ ...VALID_FORM, csrfmiddlewaretoken: sessions.alice!.csrftoken }), 'application/x-www-form-urlencoded'), null),
    check: 'created',
  },
  { name: 'create multipart', request: () => asToken('alice', multipart(VALID_FORM)), check: 'created' },
  { name: 'create JSON with a charset', request: () => asToken('alice', post(orderBody(), 'application/json; charset=utf-8')), check: 'created' },
];

const invalidCases: Case[] = [
  ...Object.keys(VALID).flatMap((field) => [
    { name: `${field} missing`, request: () => create({ [field]: undefined }) },
    { name: `${field} blank`, request: () => create({ [field]: '' }) },
    { name: `${field} null`, request: () => create({ [field]: null }) },
    { name: `${field} a list`, request: () => create({ [field]: [1] }) },
    { name: `${field} a boolean`, request: () => create({ [field]: true }) },
  ]),
  { name: 'site not a number', request: () => create({ site: 'abc' }) },
  { name: "site of another customer", request: () => create({ site: 3 }) },
  { name: 'site that does not exist', request: () => create({ site: 99999 }) },
  { name: 'site beyond bigint', request: () => create({ site: '99999999999999999999' }) },
  { name: 'staff have no sites', request: () => asToken('admin', post(orderBody())) },
  { name: 'product not a choice', request: () => create({ product: 'kerosene' }) },
  { name: 'product in capitals', request: () => create({ product: 'Diesel' }) },
  { name: 'product a number', request: () => create({ product: 5 }) },
  { name: 'quantity not a number', request: () => create({ quantity: 'lots' }) },
  { name: 'quantity NaN', request: () => create({ quantity: 'NaN' }) },
  { name: 'quantity Infinity', request: () => create({ quantity: 'Infinity' }) },
  { name: 'quantity too many digits', request: () => create({ quantity: '123456789.12' }) },
  { name: 'quantity too many decimal places', request: () => create({ quantity: '1.234' }) },
  { name: 'quantity with a third decimal place of 0 (counted before quantizing)', request: () => create({ quantity: '7.500' }) },
  { name: 'quantity too many whole digits', request: () => create({ quantity: '123456789' }) },
  { name: 'quantity zero (below the minimum)', request: () => create({ quantity: '0' }) },
  { name: 'quantity negative', request: () => create({ quantity: '-5' }) },
  { name: 'quantity above the maximum', request: () => create({ quantity: '50000.01' }) },
  { name: 'quantity far above the maximum', request: () => create({ quantity: 99999999 }) },
  { name: 'window_start not a datetime', request: () => create({ window_start: 'tomorrow' }) },
  // Django 4.0+ parses with datetime.fromisoformat first: a date alone is midnight, and the order is made.
  { name: 'window_start a date only', request: () => create({ window_start: '2026-12-01' }), check: djangoAtLeast(4, 0, runSettings()) ? 'created' : 'exact' },
  { name: 'window_start day-first', request: () => create({ window_start: '01/12/2026 08:00' }) },
  { name: 'window_start hour 25', request: () => create({ window_start: '2026-12-01T25:00:00Z' }) },
  { name: 'window_start 30 February', request: () => create({ window_start: '2026-02-30T08:00:00Z' }) },
  { name: 'window_start a number', request: () => create({ window_start: 1767600000 }) },
  { name: 'window_end offset of 24 hours', request: () => create({ window_end: '2026-12-01T12:00:00+24:00' }) },
  { name: 'window ends before it starts', request: () => create({ window_end: '2026-12-01T07:00:00Z' }) },
  { name: 'window ends when it starts', request: () => create({ window_end: VALID.window_start }) },
  { name: 'window longer than 7 days', request: () => create({ window_end: '2026-12-09T08:00:00Z' }) },
  { name: 'window 7 days and a microsecond', request: () => create({ window_end: '2026-12-08T08:00:00.000001Z' }) },
  { name: 'window checked only once every field is valid', request: () => create({ window_end: '2026-12-01T07:00:00Z', product: 'x' }) },
  { name: 'every field invalid at once', request: () => create({ site: 'x', product: 'x', quantity: 'x', window_start: 'x', window_end: 'x' }) },
  { name: 'empty JSON object', request: () => asToken('alice', post('{}')) },
  { name: 'JSON array body', request: () => asToken('alice', post('[1, 2]')) },
  { name: 'JSON null body', request: () => asToken('alice', post('null')) },
  { name: 'malformed JSON', request: () => asToken('alice', post('{"site": 1,')) },
  { name: 'empty body', request: () => asToken('alice', post('')) },
  { name: 'text/plain body', request: () => asToken('alice', post(orderBody(), 'text/plain')) },
  { name: 'form-encoded with blank fields', request: () => asToken('alice', post('site=&product=&quantity=&window_start=&window_end=', 'application/x-www-form-urlencoded')) },
  { name: 'form-encoded with fields missing', request: () => asToken('alice', post('product=diesel', 'application/x-www-form-urlencoded')) },
];

const authCases: Case[] = [
  { name: 'create anonymous', request: () => post(orderBody()) },
  { name: 'create with an unknown token', request: () => withHeaders(post(orderBody()), { Authorization: 'Token nope' }) },
  { name: 'create by session without the CSRF token', request: () => asSession('alice', post(orderBody()), null) },
  { name: 'create by session with a wrong CSRF token', request: () => asSession('alice', post(orderBody()), 'x'.repeat(64)) },
  { name: 'create by session, CSRF checked before validation', request: () => asSession('alice', post('{"site": 1,'), null) },
  // Without the Origin and Referer the configuration's browser headers carry (Secure cookies: HTTPS).
  { name: 'create over https by session without a Referer', request: () => withoutHeaders(withHeaders(asSession('alice', post(orderBody())), { 'X-Forwarded-Proto': 'https' }), ['Origin', 'Referer']) },
];

const methodCases: Case[] = [
  { name: 'HEAD list', request: () => ({ ...alice('?page=2'), method: 'HEAD' }) },
  { name: 'HEAD detail', request: () => ({ ...asToken('alice', detail(229)), method: 'HEAD' }) },
  { name: 'HEAD list, invalid page', request: () => ({ ...alice('?page=abc'), method: 'HEAD' }) },
  { name: 'OPTIONS list (actions for POST)', request: () => ({ ...alice(), method: 'OPTIONS' }) },
  { name: 'OPTIONS list for staff', request: () => ({ ...staff(), method: 'OPTIONS' }) },
  { name: 'OPTIONS list with indent (min_value and max_value stay floats)', request: () => ({ ...withHeaders(alice(), { Accept: 'application/json; indent=4' }), method: 'OPTIONS' }) },
  { name: 'OPTIONS detail (no actions)', request: () => ({ ...asToken('alice', detail(229)), method: 'OPTIONS' }) },
  { name: 'OPTIONS anonymous', request: () => ({ ...list(), method: 'OPTIONS' }) },
  { name: 'PUT list', request: () => ({ ...asToken('alice', post(orderBody())), method: 'PUT' }) },
  { name: 'DELETE list', request: () => ({ ...alice(), method: 'DELETE' }) },
  { name: 'PATCH detail', request: () => ({ ...asToken('alice', post('{}')), path: '/api/orders/229/', method: 'PATCH' }) },
  { name: 'PUT detail', request: () => ({ ...asToken('alice', post(orderBody())), path: '/api/orders/229/', method: 'PUT' }) },
  { name: 'DELETE detail', request: () => ({ ...asToken('alice', detail(229)), method: 'DELETE' }) },
  { name: 'POST detail', request: () => ({ ...asToken('alice', post(orderBody())), path: '/api/orders/229/' }) },
  { name: 'DELETE detail by session without CSRF', request: () => ({ ...asSession('alice', detail(229), null), method: 'DELETE' }) },
  { name: 'PUT list anonymous', request: () => ({ ...list(), method: 'PUT' }) },
];

const urlCases: Case[] = [
  { name: 'list without trailing slash', request: () => ({ ...alice(), path: '/api/orders' }) },
  { name: 'list without trailing slash, with query', request: () => ({ ...alice(), path: '/api/orders?page=2&x=%C3%A9' }) },
  { name: 'POST without trailing slash', request: () => ({ ...create(), path: '/api/orders' }) },
  { name: 'detail without trailing slash', request: () => ({ ...asToken('alice', detail(229)), path: '/api/orders/229' }) },
  { name: 'unknown path below orders', request: () => asToken('alice', { path: '/api/orders/229/items/' }) },
];

// CommonMiddleware's get_host() against ALLOWED_HOSTS, before anything else; an allowed host is in the page links.
const hostnameCases: Case[] = [
  ...hostCases('list', () => alice('?page=2')),
  ...hostCases('create', () => create()).map((c) => ({ ...c, check: 'created or refused' as const })),
];

/** The answer as the parity engine reads it. */
function observed(res: RawResponse): ObservedAnswer {
  return { status: res.status, headers: Object.entries(res.headers).flatMap(([name, values]) => values.map((v): [string, string] => [name, v])), body: res.body };
}

/**
 * Equal but for the order within ties of `keys` (see the header comment): the
 * parity engine's "ordered by key, ties unordered" rule, which shadow mode
 * applies to the orders list. Other rows on the page may mean another Content-Length.
 */
function expectTieParity(monolith: RawResponse, fn: RawResponse, keys: string[]): void {
  const rules = { ignore: ['header.content-length'], arrays: { 'body.results': { orderedBy: keys, id: 'id' } } };
  expect(diffAnswers(observed(monolith), observed(fn), rules)).toEqual([]);
}

const masked = (res: RawResponse): RawResponse => ({
  ...res,
  body: Buffer.from(res.body.toString('utf8').replace(/^\{"id":\d+,/, '{"id":"<id>",')),
});

/** Both sides created an order: the answers agree but for id and timestamps, and the rows are equal. */
async function expectCreatedParity(monolith: RawResponse, fn: RawResponse): Promise<void> {
  expectParity(masked(monolith), masked(fn), { volatileFields: ['created_at', 'updated_at'] });
  expect(fn.status).toBe(201);
  const ids = [monolith, fn].map((res) => (JSON.parse(res.body.toString('utf8')) as { id: number }).id);
  const rows = await world.sql`
    select id, customer_id, site_id, product, quantity::text, window_start, window_end, status, paid_at,
           created_at <= updated_at as ordered_stamps
    from orders_order where id in ${world.sql(ids)} order by id`;
  expect(rows.map((row) => Number(row.id))).toEqual(ids);
  const [mine, theirs] = rows.map(({ id: _id, ...fields }) => fields);
  expect(theirs).toEqual(mine);
}

describe.each([
  ['list', listCases],
  ['pagination', paginationCases],
  ['filters', filterCases],
  ['ordering', orderingCases],
  ['detail', detailCases],
  ['create', createCases],
  ['invalid orders', invalidCases],
  ['authentication and CSRF', authCases],
  ['methods', methodCases],
  ['URLs', urlCases],
  ['Host headers', hostnameCases],
])('orders function answers %s as the monolith does', (_group, cases) => {
  for (const c of cases) {
    it(c.name, async () => {
      const monolith = await send(world.monolith.url, withHost(c.request()));
      const fn = await send(world.functions.orders!.url, withHost(c.request()));
      expectFromFunction(fn);
      const check = c.check ?? 'exact';
      if (check === 'exact') expectParity(monolith, fn);
      else if (check === 'created') await expectCreatedParity(monolith, fn);
      else if (check === 'created or refused') await (monolith.status === 201 ? expectCreatedParity(monolith, fn) : expectParity(monolith, fn));
      else expectTieParity(monolith, fn, check.ties);
    });
  }
});
