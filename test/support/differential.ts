/**
 * The differential fuzzer: fast-check sends the same generated request to Django and, through
 * the local load balancer, to the function, and the two answers must be observably identical
 * (status, the headers Django decides, cookie shapes, body bytes with volatile fields masked).
 *
 * Each side has a database of its own, copied from the same seeded template: side "monolith" is
 * gunicorn+Django on world A, side "function" the load balancer of world B. Both get the same
 * requests in the same order, so writes (logins, logouts, orders, payments) move the two databases
 * alike and every write route is fuzzed without restoring state between cases.
 *
 * Replay: every run prints `FUZZ_SEED=<seed>` and, on a failure, fast-check's counterexample path;
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path>` reruns exactly that case.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { BACKEND_HEADER } from '../../tools/stack/load-balancer.ts';
import { logIn } from './django-client.ts';
import { browserHeaders, CSRF_HEADER, SESSION_COOKIE } from './monolith-settings.ts';
import { send, type RawRequest, type RawResponse } from './http.ts';
import { fuzzSeed, intLikeText } from '../../oracle/int-text.ts';
import { balancerScheme, loadBalancerFor } from './load-balancer.ts';
import { observable } from './parity.ts';
import { startWorld, type World } from './world.ts';
import { event, hmacHex, nowSeconds, WEBHOOK_PATH } from '../payments/delivery.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

export type Side = 'monolith' | 'function';

/** Who sends a request: the headers it carries on each side (sessions differ per database). */
export interface Persona {
  name: string;
  headers: Record<Side, Record<string, string>>;
}

/** A generated case: the request for a side (only credentials differ between the two). */
export type Case = { describe: string; build: (side: Side) => RawRequest };

// Throttling is Canopy's own, beyond Django: limits far above what the fuzzer sends.
const NO_THROTTLE = { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '10000000/900', LOGIN_THROTTLE_ACCOUNT: '10000000/900', LOGIN_THROTTLE_ADDRESS: '10000000/900' };
const FUNCTIONS = ['users', 'identity', 'orders', 'payments-webhook', 'sites'];
const PASSWORD = SEED_PASSWORD;
const INACTIVE_TOKEN = 'fuzzinactive0000000000000000000000000000';
// Absolute links are built from Host: one name for both sides.
const HOST = 'api.canopy.test';

/** Values masked before comparing: they differ between two databases by when a write happened. */
const VOLATILE = ['last_login', 'created_at', 'updated_at', 'paid_at'];

/** Both sides, their personas and a CSRF token valid on both. */
export interface Pair {
  monolith: World;
  function: World;
  balancer: { url: string; close(): void };
  personas(): Promise<Persona[]>;
  stop(): Promise<void>;
}

export async function startPair(): Promise<Pair> {
  const [a, b] = await Promise.all([startWorld(FUNCTIONS, { identity: NO_THROTTLE }), startWorld(FUNCTIONS, { identity: NO_THROTTLE })]);
  for (const world of [a, b]) {
    await world.sql`insert into authtoken_token (key, created, user_id) select ${INACTIVE_TOKEN}, now(), id from auth_user where username = 'oscar'`;
  }
  const lb = await loadBalancerFor(b);
  const tokens = Object.fromEntries(
    (await a.sql<{ username: string; key: string }[]>`select u.username, t.key from authtoken_token t join auth_user u on u.id = t.user_id`).map((r) => [r.username, r.key]),
  );
  const both = (headers: Record<string, string>) => ({ monolith: headers, function: headers });
  return {
    monolith: a,
    function: b,
    balancer: { url: lb.url, close: () => lb.server.close() },
    /** Fresh sessions each call: a fuzzed logout may have flushed the last ones (on both sides alike). */
    async personas() {
      const session = async (username: string, password = PASSWORD): Promise<Persona> => {
        const [ma, fb] = await Promise.all([logIn(a.monolith.url, username, password), logIn(b.monolith.url, username, password)]);
        return { name: `${username} by session`, headers: { monolith: ma.headers, function: fb.headers } };
      };
      const token = (username: string): Persona => ({ name: `${username} by token`, headers: both({ Authorization: `Token ${tokens[username]}` }) });
      return [
        { name: 'anonymous', headers: both({}) },
        await session('alice'),
        await session('sam'),
        await session('admin', 'canopy-admin-1'),
        token('alice'),
        token('bob'),
        token('admin'),
        { name: 'inactive oscar by token', headers: both({ Authorization: `Token ${INACTIVE_TOKEN}` }) },
        { name: 'unknown token', headers: both({ Authorization: 'Token 0000000000000000000000000000000000000000' }) },
        { name: 'unknown session', headers: both({ ...browserHeaders(), Cookie: `${SESSION_COOKIE}=nosuchsession0000000000000000000` }) },
      ];
    },
    async stop() {
      lb.server.close();
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}

// --- generators -------------------------------------------------------------------------------

/** Percent-encodes UTF-8 (a lone surrogate becomes U+FFFD, as any client's encoder would send it). */
export const percentEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

// gunicorn refuses a request line over 4094 bytes itself (a server limit, not Django's): values stay short.
const shortIntText = intLikeText.filter((t) => Buffer.byteLength(t) < 300);

const junk = fc.oneof(fc.string({ maxLength: 6 }), shortIntText, fc.constantFrom('', 'last', 'LAST', 'null', '[]', "'", '%zz'));
const queryValue = junk.map(percentEncode);

/**
 * A path id: real ids and int()-probing text. Capped well below gunicorn's 4094-byte request
 * line, which gunicorn itself refuses before Django runs (int()'s 4300-digit limit is unit-tested).
 */
const pathId = (maxReal: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -2, max: maxReal }).map(String) },
    // Not empty: /api/users// is another URL, not this route's.
    { weight: 6, arbitrary: shortIntText.filter((t) => t !== '').map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('99999999999999999999999', '2147483648', '9223372036854775808', '%2F1', '1.0', '1%2E0', 'me', 'ME') },
  );

/** A query string of the keys the routes read (page, ordering, filters, format) and others, with junk. */
const queryString = (keys: string[]) =>
  fc
    .array(
      fc.tuple(fc.constantFrom(...keys, 'format', 'x', 'page_size'), fc.oneof({ weight: 2, arbitrary: queryValue }, { weight: 1, arbitrary: fc.constantFrom('json', 'api', 'xml') })),
      { maxLength: 4 },
    )
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

const accept = fc.option(
  fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', 'application/json; indent=4', 'text/*', 'application/*;q=0.1', ';;;', 'application/json; version=2', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'),
  { nil: undefined },
);

/** The list's filters and ordering with the orders function's valid values among junk. */
const orderQuery = fc
  .record({
    base: queryString(['page', 'site', 'status', 'product']),
    valid: fc.array(fc.tuple(fc.constantFrom('status', 'product', 'site', 'page'), fc.constantFrom('pending', 'delivered', 'diesel', 'ev_charge', '1', '2', '3', 'last', '')), { maxLength: 2 }),
    ordering: fc.option(fc.array(fc.constantFrom('id', '-id', 'status', '-quantity', 'window_start', '-created_at', 'customer', '--id', ' id', '', 'paid_at'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ base, valid, ordering }) => {
    const pairs = valid.map(([k, v]) => `${k}=${v}`);
    // A valid order that is not unique leaves ties in whatever order PostgreSQL gives (DRF adds no
    // tie-breaker, on either side): end such an ordering with the primary key.
    if (ordering) pairs.push(`ordering=${percentEncode([...ordering, ordering.some((t) => /^-?id$/.test(t)) ? '' : '-id'].join(','))}`);
    const rest = pairs.join('&');
    return base === '' ? (rest === '' ? '' : `?${rest}`) : rest === '' ? base : `${base}&${rest}`;
  });

const contentType = fc.constantFrom('application/json', 'application/json', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=zz');
const jsonScalar = fc.oneof(junk, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));

function encodeBody(type: string, fields: Record<string, unknown>): string {
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.entries(fields).map(([k, v]) => `${percentEncode(k)}=${percentEncode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&');
  }
  if (type.startsWith('multipart/')) {
    return `${Object.entries(fields).map(([k, v]) => `--zz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`).join('')}--zz--\r\n`;
  }
  return JSON.stringify(fields);
}

/** A body: a generated record of the route's fields, encoded by the content type, or plain junk. */
const body = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({ type: contentType, fields, raw: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '{', 'null', '[1]')), { freq: 8, nil: undefined }) }).map(({ type, fields: f, raw }) => ({
    type,
    text: raw ?? encodeBody(type, f),
  }));

const loginFields = fc.record(
  {
    username: fc.oneof(fc.constantFrom('alice', 'bob', 'carol', 'frank', 'ivan', 'sam', 'oscar', 'mallory', 'Alice', ' alice ', 'nobody', ''), jsonScalar),
    password: fc.oneof({ weight: 3, arbitrary: fc.constant(PASSWORD) }, { weight: 1, arbitrary: jsonScalar }),
  },
  { requiredKeys: [] },
);

const orderFields = (maxSite: number) =>
  fc.record(
    {
      site: fc.oneof(fc.integer({ min: 0, max: maxSite }), shortIntText, jsonScalar),
      product: fc.oneof(fc.constantFrom('diesel', 'petrol', 'adblue', 'ev_charge', 'Diesel'), jsonScalar),
      quantity: fc.oneof(fc.constantFrom('1200.5', '0.01', '50000', '7.500', '1e3', ' 7.50 ', '-5', 'NaN'), shortIntText, jsonScalar),
      window_start: fc.oneof(fc.constantFrom('2026-12-01T08:00:00Z', '2026-12-01 08:00', '2026-12-01T10:00:00+02:00'), jsonScalar),
      window_end: fc.oneof(fc.constantFrom('2026-12-01T12:00:00Z', '2026-12-08T08:00:00Z', '2026-12-09T08:00:00Z', '2026-12-01T07:00:00Z'), jsonScalar),
    },
    { requiredKeys: [] },
  );

/** A webhook delivery: mostly well signed, with generated order ids, amounts and event ids (some repeated). */
const webhookDelivery = fc
  .record({
    id: fc.oneof(fc.constantFrom('evt_fuzz_1', 'evt_fuzz_2', 'evt_seed_1'), fc.string({ maxLength: 12 }).map((s) => `evt_${s}`), jsonScalar),
    type: fc.constantFrom('payment.succeeded', 'payment.succeeded', 'payment.failed', ' payment.succeeded '),
    orderId: fc.oneof(fc.integer({ min: -1, max: 620 }), shortIntText, jsonScalar),
    amount: fc.oneof(fc.constantFrom('868.14', '0.00', '12.5', '99999999.99'), jsonScalar),
    currency: fc.oneof(fc.constantFrom('GBP', 'EUR', ' GBP ', 'GB'), jsonScalar),
    signing: fc.constantFrom('valid', 'valid', 'valid', 'wrong', 'stale', 'missing', 'unicode-t'),
  })
  .map((d) => {
    const text = event(d.id, { order_id: d.orderId, amount: d.amount, currency: d.currency }, d.type);
    const t = d.signing === 'stale' ? nowSeconds() - 400 : nowSeconds();
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (d.signing === 'valid' || d.signing === 'stale') headers['Payment-Signature'] = `t=${t},v1=${hmacHex(text, t)}`;
    if (d.signing === 'wrong') headers['Payment-Signature'] = `t=${t},v1=${'0'.repeat(64)}`;
    // Header values travel as latin-1: '²' is one str.isdigit() accepts and int() refuses.
    if (d.signing === 'unicode-t') headers['Payment-Signature'] = `t=${t}\u00b2,v1=${'0'.repeat(64)}`;
    return { text, headers };
  });

// --- routes -----------------------------------------------------------------------------------

interface RouteFuzz {
  /** The manifest route id. */
  route: string;
  cases: (personas: Persona[]) => fc.Arbitrary<Case>;
}

const withPersona = (persona: Persona, req: RawRequest, extra: Record<string, string | undefined> = {}) => (side: Side): RawRequest => ({
  ...req,
  headers: Object.fromEntries(
    Object.entries({ Host: HOST, ...persona.headers[side], ...req.headers, ...extra }).filter((e): e is [string, string] => e[1] !== undefined),
  ),
});

/** A case of `method` on `path` by a generated persona with a generated Accept header. */
function requestOf(personas: Persona[], method: fc.Arbitrary<string>, path: fc.Arbitrary<string>, payload?: fc.Arbitrary<{ type: string; text: string }>) {
  return fc
    .record({ persona: fc.constantFrom(...personas), method, path, accept, payload: payload ?? fc.constant(undefined), csrf: fc.boolean() })
    .map(({ persona, method: m, path: p, accept: a, payload: b, csrf }): Case => {
      const req: RawRequest = { method: m, path: p, ...(b && m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS' ? { body: b.text, headers: { 'Content-Type': b.type } } : {}) };
      // Without the CSRF header a session's unsafe request is refused: half the time, drop it.
      const extra = { Accept: a, ...(csrf ? {} : { [CSRF_HEADER]: undefined }) };
      return { describe: `${persona.name}, Accept ${a ?? '-'}, csrf ${csrf}: ${m} ${p}${b ? ` [${b.type}] ${JSON.stringify(b.text).slice(0, 200)}` : ''}`, build: withPersona(persona, req, extra) };
    });
}

const methodsOf = (route: string) => fc.constantFrom(...loadManifest().routes.find((r) => r.id === route)!.methods);

export const ROUTES: RouteFuzz[] = [
  { route: 'users-me', cases: (p) => requestOf(p, methodsOf('users-me'), queryString(['format']).map((q) => `/api/users/me/${q}`)) },
  { route: 'users-detail', cases: (p) => requestOf(p, methodsOf('users-detail'), fc.tuple(pathId(16), queryString([])).map(([id, q]) => `/api/users/${id}/${q}`)) },
  { route: 'auth-session', cases: (p) => requestOf(p, methodsOf('auth-session'), queryString([]).map((q) => `/api/auth/session/${q}`)) },
  { route: 'auth-login', cases: (p) => requestOf(p, methodsOf('auth-login'), fc.constant('/api/auth/login/'), body(loginFields)) },
  { route: 'auth-logout', cases: (p) => requestOf(p, methodsOf('auth-logout'), fc.constant('/api/auth/logout/'), body(fc.constant({}))) },
  {
    route: 'payments-webhook',
    cases: (p) =>
      fc.tuple(requestOf(p, methodsOf('payments-webhook'), fc.constant(WEBHOOK_PATH)), webhookDelivery).map(([c, d]): Case => ({
        describe: `${c.describe} ${d.headers['Payment-Signature'] ?? '(unsigned)'} ${d.text.slice(0, 200)}`,
        build: (side) => {
          const req = c.build(side);
          return req.method === 'POST' ? { ...req, headers: { ...req.headers, ...d.headers }, body: Buffer.from(d.text) } : req;
        },
      })),
  },
  { route: 'orders-list', cases: (p) => requestOf(p, methodsOf('orders-list'), orderQuery.map((q) => `/api/orders/${q}`), body(orderFields(30))) },
  { route: 'orders-detail', cases: (p) => requestOf(p, methodsOf('orders-detail'), fc.tuple(pathId(620), queryString(['status', 'page'])).map(([id, q]) => `/api/orders/${id}/${q}`)) },
  { route: 'sites-list', cases: (p) => requestOf(p, methodsOf('sites-list'), queryString(['page', 'format']).map((q) => `/api/sites/${q}`)) },
  { route: 'sites-detail', cases: (p) => requestOf(p, methodsOf('sites-detail'), fc.tuple(pathId(32), queryString(['page'])).map(([id, q]) => `/api/sites/${id}/${q}`)) },
];

// --- running ----------------------------------------------------------------------------------

export interface FuzzReport {
  route: string;
  cases: number;
  identical: number;
  byFunction: number;
  statuses: Record<string, number>;
  seconds: number;
  seed: number;
}

/** The monolith's side is sent directly: it gets the X-Forwarded-Proto the function's load balancer sets. */
function asBalanced(req: RawRequest): RawRequest {
  const headers = Object.fromEntries(Object.entries(req.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'x-forwarded-proto'));
  return { ...req, headers: { ...headers, 'X-Forwarded-Proto': balancerScheme() } };
}

const compared = (res: RawResponse) => observable(res, { volatileFields: VOLATILE });

/**
 * Runs `numRuns` generated cases of one route and throws (with fast-check's seed and path, and
 * both answers) on the first difference. Returns the figures for the report.
 */
export async function fuzzRoute(pair: Pair, fuzz: RouteFuzz, numRuns: number): Promise<FuzzReport> {
  const seed = fuzzSeed();
  const path = process.env.FUZZ_PATH || undefined;
  const personas = await pair.personas();
  const report: FuzzReport = { route: fuzz.route, cases: 0, identical: 0, byFunction: 0, statuses: {}, seconds: 0, seed };
  const started = performance.now();
  console.log(`differential fuzz ${fuzz.route}: ${numRuns} cases, FUZZ_SEED=${seed}${path ? ` FUZZ_PATH=${path}` : ''}`);
  const result = await fc.check(
    fc.asyncProperty(fuzz.cases(personas), async (c) => {
      const [django, fn] = await Promise.all([send(pair.monolith.monolith.url, asBalanced(c.build('monolith'))), send(pair.balancer.url, c.build('function'))]);
      report.cases++;
      if (fn.headers[BACKEND_HEADER]?.[0] !== 'monolith') report.byFunction++;
      report.statuses[django.status] = (report.statuses[django.status] ?? 0) + 1;
      const [a, b] = [JSON.stringify(compared(django)), JSON.stringify(compared(fn))];
      if (a === b) report.identical++;
      else throw new Error(`answers differ for ${c.describe}\n  django:   ${a.slice(0, 1500)}\n  function: ${b.slice(0, 1500)}`);
    }),
    // No shrinking: the databases move on with every case, so a shrunk replay would not see the
    // state the failing case saw. The first counterexample and its path are what is reported.
    { numRuns, seed, ...(path ? { path } : {}), endOnFailure: true },
  );
  report.seconds = (performance.now() - started) / 1000;
  if (result.failed) {
    throw new Error(`${fuzz.route}: ${report.identical} of ${report.cases} identical, then a difference. Replay: FUZZ_SEED=${seed} FUZZ_PATH=${result.counterexamplePath}\n${String(result.errorInstance)}`);
  }
  return report;
}

/** The per-route line a run prints. */
export const formatReport = (r: FuzzReport) =>
  `${r.route}: ${r.identical}/${r.cases} identical (${((100 * r.identical) / Math.max(1, r.cases)).toFixed(2)} %), ${r.byFunction} answered by the function, ` +
  `statuses ${Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ')}, ${r.seconds.toFixed(1)} s (${(r.cases / r.seconds).toFixed(0)} cases/s), FUZZ_SEED=${r.seed}`;

/**
 * A suite: one pair of worlds, then `cases` generated requests per route, each route its own test,
 * which fails on the first difference and otherwise prints its figures.
 */
export function describeDifferentialFuzz(title: string, cases: number, testTimeout: number): void {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(() => pair?.stop());
  describe(title, () => {
    for (const fuzz of ROUTES) {
      it(`${fuzz.route}: ${cases} generated requests`, { timeout: testTimeout }, async () => {
        const report = await fuzzRoute(pair, fuzz, cases);
        console.log(formatReport(report));
        expect(report.identical).toBe(cases);
        // The load balancer sent the route's requests to the function, not to Django by default.
        expect(report.byFunction).toBe(cases);
      });
    }
  });
}
