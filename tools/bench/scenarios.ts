/**
 * What the bench measures, declared as data: each scenario names the request
 * both sides get and the function that serves it. A scenario whose function
 * is not in the manifest or did not build is reported as skipped.
 *
 * - SCENARIOS: closed loop at every concurrency, monolith vs one function;
 *   `dispatchLatencyMs` starts the dispatch partner stand-in
 *   (tools/stack/dispatch-stub.ts) for the monolith, and `offeredFraction`
 *   adds an open-loop run at that share of the monolith's best throughput.
 * - CONTENTION: one load's latency while another saturates the server.
 * - MIXED: a mix of endpoints through the local load balancer
 *   (tools/stack/load-balancer.ts), before migration (every route off) and
 *   after (the checked-in manifest), at the same open-loop offered load.
 */
import { createHmac } from 'node:crypto';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { DEV_WEBHOOK_SECRET } from '../stack/monolith.ts';
import { ALICE, type Credentials } from './credentials.ts';
import type { RequestSpec } from './http-wire.ts';
import type { LabelledRequest } from './open-load.ts';

/** One endpoint, measured on both sides at every concurrency. */
export interface Scenario {
  id: string;
  title: string;
  /** The function that serves it on the function side. */
  fn: string;
  requests(c: Credentials): RequestSpec[];
  /** Also report throughput as a share of the machine's password-hashing limit. */
  hashBound?: boolean;
  /** Runs in options.trimmedWindow rather than the full window (scenarios that add runs). */
  trimmed?: boolean;
  /** The monolith calls the dispatch partner stand-in, answering after this many ms, when it creates an order. */
  dispatchLatencyMs?: number;
  /**
   * After the closed-loop runs, offer this fraction of the monolith's best
   * measured throughput to both sides, open loop, for the same window.
   */
  offeredFraction?: number;
}

/** One endpoint's latency while another load saturates the same server. */
export interface ContentionScenario {
  id: string;
  title: string;
  fn: string;
  /** The load that saturates the CPU. */
  background: { requests(c: Credentials): RequestSpec[]; concurrency: number };
  /** The load whose latency is the figure. */
  measured: { requests(c: Credentials): RequestSpec[]; concurrency: number };
}

const usersDetail = (c: Credentials): RequestSpec => ({ method: 'GET', path: `/api/users/${ALICE.id}/`, headers: { Authorization: `Token ${c.token}` } });
const usersMe = (c: Credentials): RequestSpec => ({ method: 'GET', path: '/api/users/me/', headers: { Cookie: c.sessionCookie } });
const sessionRead = (c: Credentials): RequestSpec => ({ method: 'GET', path: '/api/auth/session/', headers: { Cookie: c.sessionCookie } });
// No session cookie: every login starts a new session, as a browser's first login does.
const login = (c: Credentials): RequestSpec => ({
  method: 'POST',
  path: '/api/auth/login/',
  headers: { 'Content-Type': 'application/json', Cookie: `csrftoken=${c.csrfToken}`, 'X-CSRFToken': c.csrfToken },
  body: JSON.stringify({ username: ALICE.username, password: ALICE.password }),
});

const byToken = (c: Credentials) => ({ Authorization: `Token ${c.token}` });
const ordersList = (c: Credentials): RequestSpec => ({ method: 'GET', path: '/api/orders/', headers: byToken(c) });
/** Alice's site 1; no Idempotency-Key (the monolith ignores it), so both sides get the very same request. */
export const ORDER_BODY = { site: 1, product: 'diesel', quantity: '100.00', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' };
const placeOrder = (c: Credentials): RequestSpec => ({
  method: 'POST',
  path: '/api/orders/',
  headers: { ...byToken(c), 'Content-Type': 'application/json' },
  body: JSON.stringify(ORDER_BODY),
});
const sitesList = (c: Credentials): RequestSpec => ({ method: 'GET', path: '/api/sites/', headers: byToken(c) });
/** A page no function serves: Django's admin login form. */
const adminLoginPage = (): RequestSpec => ({ method: 'GET', path: '/admin/login/', headers: {} });

/** The dispatch partner's latency in the order scenarios. */
export const DISPATCH_LATENCY_MS = 100;
/** Share of the monolith's best throughput offered open loop: a load it can only just sustain. */
export const OFFERED_FRACTION = 0.9;

export const SCENARIOS: Scenario[] = [
  { id: 'users-detail', title: `GET /api/users/${ALICE.id}/ by DRF token`, fn: 'users', requests: (c) => [usersDetail(c)] },
  { id: 'users-me', title: 'GET /api/users/me/ by session cookie', fn: 'users', requests: (c) => [usersMe(c)] },
  { id: 'login', title: 'POST /api/auth/login/ (alice, pbkdf2_sha256 at the monolith\'s iterations)', fn: 'identity', hashBound: true, requests: (c) => [login(c)] },
  { id: 'orders-list', title: 'GET /api/orders/ (page 1) by DRF token', fn: 'orders', trimmed: true, requests: (c) => [ordersList(c)] },
  {
    id: 'order-placement',
    title: `POST /api/orders/ by DRF token, dispatch partner answering in ${DISPATCH_LATENCY_MS} ms`,
    fn: 'orders',
    trimmed: true,
    dispatchLatencyMs: DISPATCH_LATENCY_MS,
    offeredFraction: OFFERED_FRACTION,
    requests: (c) => [placeOrder(c)],
  },
  { id: 'sites-list', title: 'GET /api/sites/ (page 1) by DRF token', fn: 'sites', requests: (c) => [sitesList(c)] },
];

/** One endpoint of the mix; `migrated` says whether the checked-in manifest sends it to a function. */
export interface MixEntry {
  label: string;
  share: number;
  migrated: boolean;
  request(c: Credentials): RequestSpec;
}

/** Mixed traffic through the local load balancer, before and after migration, at one offered load. */
export interface MixedScenario {
  id: string;
  title: string;
  /** The functions the checked-in manifest routes the mix's migrated entries to. */
  functions: string[];
  mix: MixEntry[];
  dispatchLatencyMs: number;
  /** Share of the mix's best closed-loop throughput before migration, offered to both configurations. */
  offeredFraction: number;
}

export const MIXED: MixedScenario[] = [
  {
    id: 'mixed',
    title: 'mixed traffic through the local load balancer: before migration (every route off) vs after (the checked-in manifest)',
    functions: ['users', 'identity', 'orders', 'sites'],
    dispatchLatencyMs: DISPATCH_LATENCY_MS,
    offeredFraction: OFFERED_FRACTION,
    mix: [
      { label: 'users detail', share: 40, migrated: true, request: usersDetail },
      { label: 'orders list', share: 30, migrated: true, request: ordersList },
      { label: 'order placement', share: 10, migrated: true, request: placeOrder },
      { label: 'session', share: 10, migrated: true, request: sessionRead },
      { label: 'sites list', share: 5, migrated: true, request: sitesList },
      { label: 'admin login page (monolith only)', share: 5, migrated: false, request: adminLoginPage },
    ],
  },
];

/**
 * The mix as a round-robin sequence of 100 (shares are percentages), entries
 * interleaved evenly rather than in runs, so every stretch of arrivals has the mix.
 */
export function mixSequence(mix: MixEntry[], c: Credentials): LabelledRequest[] {
  const total = mix.reduce((sum, e) => sum + e.share, 0);
  const slots: Array<{ at: number; entry: MixEntry }> = [];
  for (const entry of mix) for (let i = 0; i < entry.share; i++) slots.push({ at: (i + 0.5) / entry.share, entry });
  slots.sort((a, b) => a.at - b.at);
  if (slots.length !== total) throw new Error('mix shares must be whole numbers');
  return slots.map(({ entry }) => ({ label: entry.label, spec: entry.request(c) }));
}

export const CONTENTION: ContentionScenario[] = [
  {
    id: 'session-under-logins',
    title: 'GET /api/auth/session/ while logins saturate the CPU',
    fn: 'identity',
    background: { requests: (c) => [login(c)], concurrency: 16 },
    measured: { requests: (c) => [sessionRead(c)], concurrency: 4 },
  },
];

/** The scenario both runtimes of its function are compared on (throughput at the highest concurrency). */
export const RUNTIME_SCENARIO = SCENARIOS[0]!;

/** A cold-start probe: a request that needs the database, and the status that shows it was served (200 unless said). */
export interface ColdStartProbe extends RequestSpec {
  okStatus?: number;
}

/** A redelivery of a payment the seed recorded: looked up and answered {"status":"duplicate"}. Signed when sent (300 s tolerance). */
const paymentRedelivery = (): ColdStartProbe => {
  const body = JSON.stringify({ id: 'evt_seed_0001', type: 'payment.succeeded', data: { order_id: 1, amount: '10.00', currency: 'GBP' } });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', DEV_WEBHOOK_SECRET).update(`${t}.`).update(body).digest('hex');
  return { method: 'POST', path: '/api/webhooks/payments/', headers: { 'Content-Type': 'application/json', 'Payment-Signature': `t=${t},v1=${v1}` }, body };
};

/**
 * A push of an order event for an order that does not exist: the consumer counts the delivery
 * and looks the order up (two statements) and answers its documented 422, without calling the
 * dispatch partner, so every run does the same work.
 */
const pushForMissingOrder = (credentials: Credentials): ColdStartProbe => {
  const event = { event_id: '00000000-0000-4000-8000-00000000c01d', event_type: 'order.created', created_at: '2026-01-05T08:00:00+00:00', order_id: 2_000_000_000, customer_id: 1, site_id: 1, postcode: 'AB1 2CD', product: 'diesel', quantity: '1.00', window_start: '2026-01-05T08:00:00+00:00', window_end: '2026-01-05T12:00:00+00:00' };
  const message = { data: JSON.stringify(event), attributes: {}, messageId: '1', publishTime: '2026-01-05T08:00:00.000Z', orderingKey: 'order-2000000000' };
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${credentials.pushToken ?? ''}` };
  return { method: 'POST', path: '/', headers, body: JSON.stringify(pushEnvelope(message, 'projects/canopy-bench/subscriptions/order-events-push', 1)), okStatus: 422 };
};

/**
 * The event stream of an order that does not exist: alice's token and the order are looked up
 * (as for any stream) and answered 404 at once; an order of hers would open a stream that never ends.
 */
const streamOfMissingOrder = (c: Credentials): ColdStartProbe => ({ method: 'GET', path: '/api/orders/2000000000/events/', headers: byToken(c), okStatus: 404 });

/**
 * Cold start: spawn to the first answer of a request that queries the database, each probe
 * made afresh for every attempt (a webhook signature is only good for 300 s).
 * One probe per function (a function without one gets no cold-start figure), and the monolith's.
 */
export const COLD_START_PROBES: { monolith: (c: Credentials) => ColdStartProbe; functions: Record<string, (c: Credentials) => ColdStartProbe> } = {
  monolith: usersDetail,
  functions: { users: usersDetail, identity: sessionRead, orders: ordersList, 'payments-webhook': paymentRedelivery, 'order-events': pushForMissingOrder, 'order-stream': streamOfMissingOrder, sites: sitesList },
};
