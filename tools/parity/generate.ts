import type { Manifest, Route } from '../manifest.ts';
import type { TrafficEntry } from './traffic.ts';
import { SEED_PASSWORD, SEED_TOKENS, type SeededTokenUser } from '../seed-credentials.ts';

// Seeded primary keys: twelve customers from 1, then admin and sam.
const USER_IDS: Record<SeededTokenUser, number> = { alice: 1, bob: 2, admin: 13 };
const SEEDED_USER_COUNT = 14;
// A client-chosen CSRF token, as Django 3.2 accepts one (64 letters and digits, cookie and header alike).
const CSRF = 'CanopyParitySampleCsrfToken0123456789abcdefghijklmnopqrstuvwxyzA';

/** A seeded generator (mulberry32): the same seed gives the same sample. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Pick = <T>(choices: ReadonlyArray<readonly [T, number]>) => T;

const token = (user: SeededTokenUser) => ({ Authorization: `Token ${SEED_TOKENS[user]}`, Accept: 'application/json' });
const csrf = { 'Content-Type': 'application/json', Cookie: `csrftoken=${CSRF}`, 'X-CSRFToken': CSRF, Accept: 'application/json' };

/** Who asks: mostly customers, some staff, some anonymous clients. */
const who = (pick: Pick) => pick<SeededTokenUser | null>([['alice', 5], ['bob', 3], ['admin', 1], [null, 1]]);
/** Safe methods as clients send them: mostly GET, a few HEAD (link checkers) and OPTIONS (CORS preflights). */
const safeMethod = (pick: Pick) => pick<TrafficEntry['method']>([['GET', 92], ['HEAD', 5], ['OPTIONS', 3]]);

// Requests per route id, shaped like the traffic the monolith's clients send.
const BUILDERS: Record<string, (pick: Pick, n: () => number) => TrafficEntry> = {
  'users-me': (pick) => {
    const user = who(pick);
    return { method: safeMethod(pick), path: '/api/users/me/', headers: user ? token(user) : { Accept: 'application/json' } };
  },
  'users-detail': (pick, n) => {
    const user = pick<SeededTokenUser>([['alice', 5], ['bob', 3], ['admin', 2]]);
    const id = pick<string>([[String(USER_IDS[user]), 6], [String(1 + Math.floor(n() * SEEDED_USER_COUNT)), 3], ['999', 1], ['abc', 0.5]]);
    return { method: safeMethod(pick), path: `/api/users/${id}/`, headers: token(user) };
  },
  'auth-session': (pick) => {
    const user = who(pick);
    return { method: 'GET', path: '/api/auth/session/', headers: user ? token(user) : { Accept: 'application/json' } };
  },
  'auth-login': (pick) => {
    // Not the users the reads above ask as: a login changes last_login, and a read racing it would differ on both sides' timing, not on behaviour.
    const username = pick<string>([['carol', 3], ['dave', 2], ['erin', 2], ['nobody', 1]]);
    const password = pick<string>([[SEED_PASSWORD, 4], ['wrong-password', 1]]);
    return { method: 'POST', path: '/api/auth/login/', headers: csrf, body: JSON.stringify({ username, password }) };
  },
  'auth-logout': () => ({ method: 'POST', path: '/api/auth/logout/', headers: csrf }),
};

// How often each route is asked for relative to the others (reads dominate; logins are rare and slow).
const ROUTE_SHARE: Record<string, number> = { 'users-me': 30, 'users-detail': 25, 'auth-session': 25, 'auth-login': 4, 'auth-logout': 2 };

/** A route this generator has no builder for: GET with every path variable 1, as alice. */
function generic(route: Route): ((pick: Pick) => TrafficEntry) | null {
  if (!route.methods.includes('GET')) return null;
  return () => ({ method: 'GET', path: route.pathTemplate.replace(/\{[a-z_]+\}/g, '1'), headers: token('alice') });
}

/**
 * A realistic sample over the manifest's routes (all of them, or `only`):
 * authenticated and anonymous clients, own and others' records, missing
 * ones, CSRF-protected logins with right and wrong passwords, the odd HEAD
 * and OPTIONS. Deterministic for a seed.
 */
export function generateTraffic(manifest: Manifest, count: number, seed = 1, only?: readonly string[]): TrafficEntry[] {
  const n = random(seed);
  const pick: Pick = (choices) => {
    let roll = n() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
    return choices[choices.length - 1]![0];
  };
  const routes = manifest.routes
    .filter((r) => !only || only.includes(r.id))
    .flatMap((r) => {
      const build = BUILDERS[r.id] ?? generic(r);
      return build ? [[build, ROUTE_SHARE[r.id] ?? 10] as const] : [];
    });
  if (routes.length === 0) throw new Error(`no route to generate traffic for${only ? ` (asked for ${only.join(', ')})` : ''}`);
  return Array.from({ length: count }, () => pick(routes)(pick, n));
}
