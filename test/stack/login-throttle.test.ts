/**
 * The edge's login throttle (infra/modules/load-balancer/login-throttle.json,
 * Cloud Armor's rule and the local load balancer's): the real Django monolith
 * says which spellings of the login path reach its login view (it decodes %XX
 * escapes, %2F included, before resolving), the rule's pattern matches exactly
 * those, and through the local load balancer they are throttled after
 * `requests` per window while other paths are not.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { startLoadBalancer } from '../../tools/stack/load-balancer.ts';
import { loadLoginThrottle, pathPattern } from '../../tools/stack/login-throttle.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { send } from '../support/http.ts';
import { seededRandom } from '../../oracle/drf-python.ts';
import { startWorld, type World } from '../support/world.ts';

const rule = loadLoginThrottle();
const LOGIN = rule.path;
const encode = (c: string, upper: boolean) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`;

/** Spellings that may or may not decode to the login path: each character escaped alone, all, random mixes, and near misses. */
function candidates(): string[] {
  const chars = [...LOGIN];
  const random = seededRandom(11);
  const spellings = new Set<string>([LOGIN, '/api/auth/%6Cogin/', '/api/auth/login%2F']);
  chars.forEach((_, i) => [true, false].forEach((upper) => spellings.add(chars.map((c, j) => (i === j ? encode(c, upper) : c)).join(''))));
  spellings.add(chars.map((c) => encode(c, true)).join(''));
  spellings.add(chars.map((c) => encode(c, false)).join(''));
  for (let n = 0; n < 12; n++) spellings.add(chars.map((c) => (random.next() < 0.4 ? encode(c, random.next() < 0.5) : c)).join(''));
  for (const miss of ['/API/auth/login/', '/api/auth/Login/', '/api/auth/%4Cogin/', '/api/auth/login', '/api/auth/login//', '//api/auth/login/', '/api/auth/%256Cogin/',
    '/api/auth/./login/', '/api/auth/x/../login/', '/api/auth/login/%2F', '/api/auth/login;/', '/api/auth/login%00/', '/api/auth/logi%6E', '/api/auth/session/']) {
    spellings.add(miss);
  }
  return [...spellings];
}

let world: World;
let lb: Server;
let lbUrl: string;
/** Spelling -> whether Django answers it with its login view (the answer the canonical path gets). */
const reachesLogin = new Map<string, boolean>();
const login = (base: string, path: string) => send(base, { method: 'POST', path, headers: { 'Content-Type': 'application/json' }, body: '{}' });

beforeAll(async () => {
  world = await startWorld(['identity']);
  const canonical = await login(world.monolith.url, LOGIN);
  for (const path of candidates()) {
    const answer = await login(world.monolith.url, path);
    reachesLogin.set(path, answer.status === canonical.status && answer.body.equals(canonical.body));
  }
  const port = await freePort();
  const functions = { identity: world.functions.identity!.url };
  lb = await startLoadBalancer(loadManifest(), { monolith: world.monolith.url, functions }, port, undefined, undefined, { loginThrottle: rule });
  lbUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  lb?.close();
  await world?.stop();
});

describe('the edge login throttle', () => {
  it("is built from the login path: each character or its %XX escape, in either case of hex", () => {
    expect(rule.pathRegex).toBe(pathPattern(LOGIN));
  });

  it('matches exactly the spellings Django resolves to its login view', () => {
    // The two spellings that reached the unthrottled login before: Django decodes both.
    expect(reachesLogin.get('/api/auth/%6Cogin/')).toBe(true);
    expect(reachesLogin.get('/api/auth/login%2F')).toBe(true);
    expect([...reachesLogin.values()].filter((v) => !v).length).toBeGreaterThan(5);
    const pattern = new RegExp(rule.pathRegex);
    const disagreements = [...reachesLogin].filter(([path, reaches]) => pattern.test(path) !== reaches);
    expect(disagreements, 'spellings where the rule and Django disagree ([path, Django reaches login])').toEqual([]);
  });

  it(`lets ${rule.requests} login spellings per client through per window, answers 429 after, and leaves other paths alone`, async () => {
    // A request target must start with "/" (origin-form): a load balancer refuses "%2Fapi/..." with a 400 before any rule.
    const spellings = [...reachesLogin].filter(([path, reaches]) => reaches && path.startsWith('/')).map(([path]) => path);
    const statuses: number[] = [];
    for (let i = 0; i < rule.requests + 5; i++) statuses.push((await login(lbUrl, spellings[i % spellings.length]!)).status);
    expect(statuses.slice(0, rule.requests).filter((s) => s === 429)).toEqual([]);
    expect(statuses.slice(rule.requests)).toEqual(Array(5).fill(429));
    for (const [path] of [...reachesLogin].filter(([, reaches]) => !reaches)) {
      expect((await login(lbUrl, path)).status, path).not.toBe(429);
    }
    expect((await send(lbUrl, { path: '/api/auth/session/' })).status).toBe(200);
  });
});
