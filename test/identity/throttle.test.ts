/**
 * Beyond Django: password guessing is throttled per account and per client
 * address, shared by every instance through PostgreSQL, in DRF's throttled
 * format. (The monolith has no such throttle, so this is not a parity suite.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { csrfCookie } from '../support/django-client.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';

const LIMITS = { LOGIN_THROTTLE_ACCOUNT: '3/60', LOGIN_THROTTLE_ADDRESS: '6/60', XFF_TRUSTED_HOPS: '1' };
let world: World;
let second: Service;
let csrf: string;

beforeAll(async () => {
  world = await startWorld(['identity'], { identity: LIMITS });
  // A second instance on the same database, as Cloud Run scales out.
  second = await startFunction('identity', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: LIMITS }, { port: await freePort() });
  csrf = await csrfCookie(world.monolith.url);
});
afterAll(async () => {
  await second?.stop();
  await world?.stop();
});

const attempt = (base: string, username: string, password: string, client: string) =>
  send(base, {
    method: 'POST',
    path: '/api/auth/login/',
    headers: { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf, 'Content-Type': 'application/json', 'X-Forwarded-For': client },
    body: JSON.stringify({ username, password }),
  });

describe('login throttle', () => {
  it('refuses an account after 3 failures across two instances, even with the right password, with Retry-After', async () => {
    const instances = [world.functions.identity!.url, second.url];
    for (let i = 0; i < 3; i++) expect((await attempt(instances[i % 2]!, 'dave', 'wrong', '203.0.113.1')).status).toBe(400);
    const refused = await attempt(instances[1]!, 'dave', 'canopy-demo-1', '203.0.113.2');
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers['retry-after']?.[0]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(JSON.parse(refused.body.toString())).toEqual({ detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` });
  });

  it('refuses a client address after 6 failures over many accounts, while other addresses go on', async () => {
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) expect((await attempt(world.functions.identity!.url, user, 'x', '198.51.100.7')).status).toBe(400);
    expect((await attempt(world.functions.identity!.url, 'erin', 'canopy-demo-1', '198.51.100.7')).status).toBe(429);
    expect((await attempt(world.functions.identity!.url, 'erin', 'canopy-demo-1', '198.51.100.8')).status).toBe(200);
  });

  it('a successful login clears the account\'s failures', async () => {
    for (let i = 0; i < 2; i++) await attempt(world.functions.identity!.url, 'frank', 'wrong', '192.0.2.10');
    expect((await attempt(world.functions.identity!.url, 'frank', 'canopy-demo-1', '192.0.2.10')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt(world.functions.identity!.url, 'frank', 'wrong', '192.0.2.11')).status).toBe(400);
  });
});
