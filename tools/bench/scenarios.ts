/**
 * What the bench measures, declared as data: each scenario names the request
 * both sides get and the function that serves it. A scenario whose function
 * is not in the manifest or did not build is reported as skipped.
 *
 * Extension points for later work:
 * - orders list: a Scenario with `fn: 'orders'` and GET /api/orders/ by token;
 * - order placement: POST with a distinct Idempotency-Key per request, i.e.
 *   `requests` returning many specs (they are sent round-robin), and the
 *   dispatch stand-in (tools/stack/dispatch-stub.ts) in the monolith's env;
 * - mixed traffic through tools/stack/load-balancer.ts: `requests` mixing
 *   endpoints in their production proportions, sent to the load balancer
 *   (monolith + functions) on one side and to the monolith alone on the other.
 */
import { ALICE, type Credentials } from './credentials.ts';
import type { RequestSpec } from './http-wire.ts';

/** One endpoint, measured on both sides at every concurrency. */
export interface Scenario {
  id: string;
  title: string;
  /** The function that serves it on the function side. */
  fn: string;
  requests(c: Credentials): RequestSpec[];
  /** Also report throughput as a share of the machine's password-hashing limit. */
  hashBound?: boolean;
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

export const SCENARIOS: Scenario[] = [
  { id: 'users-detail', title: `GET /api/users/${ALICE.id}/ by DRF token`, fn: 'users', requests: (c) => [usersDetail(c)] },
  { id: 'users-me', title: 'GET /api/users/me/ by session cookie', fn: 'users', requests: (c) => [usersMe(c)] },
  { id: 'login', title: 'POST /api/auth/login/ (alice, pbkdf2_sha256 260000)', fn: 'identity', hashBound: true, requests: (c) => [login(c)] },
];

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

/**
 * Cold start: spawn to the first 200 of a request that queries the database.
 * One probe per function (a function without one gets no cold-start figure), and the monolith's.
 */
export const COLD_START_PROBES: { monolith: (c: Credentials) => RequestSpec; functions: Record<string, (c: Credentials) => RequestSpec> } = {
  monolith: usersDetail,
  functions: { users: usersDetail, identity: sessionRead },
};
