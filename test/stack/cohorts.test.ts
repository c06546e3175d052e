/**
 * Sticky cohorts and tester routing in the local load balancer, which applies
 * the URL map's rules (urlMapRouteRules, equal to the Terraform's): during a
 * canary a client keyed on its DRF token or Django session stays on one side
 * for all its requests, the cohort is still about the weight's share of
 * clients, and a tester with the key reaches the function whatever the weight.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESTER_HEADER } from '../../tools/infra-check/url-map.ts';
import { loadManifest, type Manifest } from '../../tools/manifest.ts';
import { BACKEND_HEADER, createRouter, startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { logIn } from '../support/django-client.ts';
import { send } from '../support/http.ts';
import { capturingLoadBalancer } from '../support/load-balancer.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD, SEED_TOKENS } from '../../tools/seed-credentials.ts';

const TESTER_KEY = randomBytes(24).toString('base64url');

/** The checked-in manifest with users-me in canary at `weight` (of 1000). */
function usersMeAt(weight: number): Manifest {
  const manifest = loadManifest();
  manifest.routes = manifest.routes.map((r) => (r.id === 'users-me' ? { ...r, stage: 'canary', weight } : r));
  return manifest;
}

/** A Django session key (get_random_string(32) of [a-z0-9]) and a DRF token key (20 random bytes in hex). */
const SESSION_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const sessionKey = () => Array.from({ length: 32 }, () => SESSION_ALPHABET[randomInt(SESSION_ALPHABET.length)]).join('');
const tokenKey = () => randomBytes(20).toString('hex');

describe('sticky cohorts at 5 %, by the router the local load balancer runs', () => {
  const route = createRouter(usersMeAt(50));
  const clients = [
    ...Array.from({ length: 3000 }, () => ({ cookie: `csrftoken=${randomBytes(16).toString('hex')}; sessionid=${sessionKey()}` })),
    ...Array.from({ length: 3000 }, () => ({ authorization: `Token ${tokenKey()}` })),
  ];
  const sideOf = (headers: Record<string, string>) => route({ path: '/api/users/me/', method: 'GET', headers }).backend;

  it('keeps each client on one side for all of its 200 requests', () => {
    const sample = [...clients.slice(0, 20), ...clients.slice(3000, 3020), ...clients.filter((c) => sideOf(c) === 'users').slice(0, 20)];
    for (const client of sample) {
      const sides = new Set(Array.from({ length: 200 }, () => sideOf(client)));
      expect(sides.size, JSON.stringify(client)).toBe(1);
    }
  });

  it('still sends about 5 % of clients to the function', () => {
    const share = (group: typeof clients) => group.filter((c) => sideOf(c) === 'users').length / group.length;
    // 3000 clients at p = 0.05: one standard deviation is 0.4 %; allow 1.5 points either way.
    for (const group of [clients.slice(0, 3000), clients.slice(3000)]) {
      expect(share(group)).toBeGreaterThan(0.035);
      expect(share(group)).toBeLessThan(0.065);
    }
  });

  it('only ever moves clients to the function as the weight grows', () => {
    const steps = [10, 50, 250, 500].map((weight) => createRouter(usersMeAt(weight)));
    for (const client of clients.slice(0, 500).concat(clients.slice(3000, 3500))) {
      const sides = steps.map((r) => r({ path: '/api/users/me/', method: 'GET', headers: client }).backend);
      expect(sides.slice(sides.indexOf('users')).every((side) => side === 'users') || !sides.includes('users'), JSON.stringify(client)).toBe(true);
    }
  });

  it('splits requests without a credential per request, as before', () => {
    const sides = Array.from({ length: 400 }, () => sideOf({ cookie: 'csrftoken=abc' }));
    expect(new Set(sides)).toEqual(new Set(['users', 'monolith']));
  });
});

describe('through the running load balancer', () => {
  let world: World;
  let lb: Server;
  let lbUrl: string;
  let manifest = usersMeAt(50);
  // Seeded tokens: bob's begins 07, in the 5 % cohort (hex prefixes 00-0c); alice's begins 35, outside it.
  const inCohort = SEED_TOKENS.bob;
  const outside = SEED_TOKENS.alice;

  beforeAll(async () => {
    world = await startWorld(['users']);
    const port = await freePort();
    lb = await startLoadBalancer(() => manifest, { monolith: world.monolith.url, functions: { users: world.functions.users!.url } }, port, undefined, undefined, { testerKey: TESTER_KEY });
    lbUrl = `http://127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    lb?.close();
    await world?.stop();
  });

  const sides = async (headers: Record<string, string>, count = 200) => {
    const seen = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const res = await send(lbUrl, { path: '/api/users/me/', headers });
      expect(res.status).toBe(200);
      const side = res.headers[BACKEND_HEADER]![0]!;
      seen.set(side, (seen.get(side) ?? 0) + 1);
    }
    return Object.fromEntries(seen);
  };

  it('answers one signed-in client\'s 200 requests from one side: a session from a real login, a token in the cohort, one outside', async () => {
    const session = await logIn(world.monolith.url, 'carol', SEED_PASSWORD);
    const bySession = await sides({ Cookie: session.cookie });
    expect(Object.values(bySession)).toEqual([200]);
    expect(await sides({ Authorization: `Token ${inCohort}` })).toEqual({ users: 200 });
    expect(await sides({ Authorization: `Token ${outside}` })).toEqual({ monolith: 200 });
  }, 120_000);

  it('lets a tester with the key reach the function at weight 0, and no one else', async () => {
    manifest = usersMeAt(0);
    const alice = { Authorization: `Token ${outside}` };
    expect(await sides({ ...alice, [TESTER_HEADER]: TESTER_KEY }, 20)).toEqual({ users: 20 });
    expect(await sides({ ...alice, [TESTER_HEADER]: `${TESTER_KEY}x` }, 20)).toEqual({ monolith: 20 });
    expect(await sides({ Authorization: `Token ${inCohort}` }, 20)).toEqual({ monolith: 20 });
  }, 120_000);
});

describe('the tester key', () => {
  it('goes no further than the load balancer', async () => {
    const capture = await capturingLoadBalancer(usersMeAt(0), TESTER_KEY);
    try {
      const res = await send(capture.url, { path: '/api/users/me/', headers: { [TESTER_HEADER]: TESTER_KEY } });
      expect(res.headers[BACKEND_HEADER]).toEqual(['users']);
    } finally {
      capture.close();
    }
    const { seen } = capture;
    expect(seen[0]![TESTER_HEADER]).toBeUndefined();
  });
});
