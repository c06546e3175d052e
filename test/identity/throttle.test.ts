/**
 * Beyond Django: password guessing is throttled per account and client address
 * pair, per account and per client address, shared by every instance through
 * PostgreSQL, in DRF's throttled format. (The monolith has no such throttle, so
 * this is not a parity suite.)
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { csrfCookie } from '../support/django-client.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD } from '../../tools/seed-credentials.ts';

const LIMITS = {
  LOGIN_THROTTLE_ACCOUNT_ADDRESS: '3/60',
  LOGIN_THROTTLE_ACCOUNT: '8/60',
  LOGIN_THROTTLE_ADDRESS: '12/60',
  XFF_TRUSTED_HOPS: '1',
};
const PASSWORD = SEED_PASSWORD;
let world: World;
let second: Service;
let instances: string[];
let csrf: string;

beforeAll(async () => {
  world = await startWorld(['identity'], { identity: LIMITS });
  // A second instance on the same database, as Cloud Run scales out.
  second = await startFunction('identity', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY, extra: LIMITS }, { port: await freePort() });
  instances = [world.functions.identity!.url, second.url];
  csrf = await csrfCookie(world.monolith.url);
});
afterAll(async () => {
  await second?.stop();
  await world?.stop();
});

const attempt = (username: string, password: string, client: string, instance = 0) =>
  send(instances[instance % 2]!, {
    method: 'POST',
    path: '/api/auth/login/',
    headers: { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf, 'Content-Type': 'application/json', 'X-Forwarded-For': client },
    body: JSON.stringify({ username, password }),
  });
const statuses = async (attempts: Promise<{ status: number }>[]) => (await Promise.all(attempts)).map((r) => r.status);

describe('login throttle', () => {
  it("locks a guesser's account and address pair after 3 failures across two instances, with Retry-After, while the owner elsewhere logs in", async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('dave', 'wrong', '203.0.113.1', i)).status).toBe(400);
    const refused = await attempt('dave', PASSWORD, '203.0.113.1', 1);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers['retry-after']?.[0]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(JSON.parse(refused.body.toString())).toEqual({ detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` });
    // The guesser's lockout is theirs alone; their refused attempts did not count against the account.
    for (let i = 0; i < 5; i++) expect((await attempt('dave', 'wrong', '203.0.113.1', i)).status).toBe(429);
    expect((await attempt('dave', PASSWORD, '203.0.113.2')).status).toBe(200);
  });

  it('lets at most 3 of a parallel burst of 40 wrong passwords reach the password hasher', async () => {
    // A 400 ("Unable to log in") is an attempt that was hashed; a 429 one refused before hashing.
    const burst = await statuses(Array.from({ length: 40 }, (_, i) => attempt('alice', `wrong-${i}`, '203.0.113.50', i)));
    expect(burst.filter((s) => s === 400)).toHaveLength(3);
    expect(burst.filter((s) => s === 429)).toHaveLength(37);
  });

  it('locks an account everywhere after 8 failures spread over addresses (the ceiling on distributed guessing)', async () => {
    for (const client of ['192.0.2.21', '192.0.2.22', '192.0.2.23', '192.0.2.24']) {
      expect(await statuses([attempt('heidi', 'x', client, 0), attempt('heidi', 'y', client, 1)])).toEqual([400, 400]);
    }
    expect((await attempt('heidi', PASSWORD, '192.0.2.25')).status).toBe(429);
  });

  it('refuses a client address after 12 failures over many accounts, while other addresses go on', async () => {
    for (let i = 0; i < 12; i++) expect((await attempt(`u${i}`, 'x', '198.51.100.7', i)).status).toBe(400);
    expect((await attempt('erin', PASSWORD, '198.51.100.7')).status).toBe(429);
    expect((await attempt('erin', PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it("a successful login clears the account's failures", async () => {
    for (let i = 0; i < 2; i++) expect((await attempt('frank', 'wrong', '192.0.2.10', i)).status).toBe(400);
    expect((await attempt('frank', PASSWORD, '192.0.2.10')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attempt('frank', 'wrong', '192.0.2.10', i)).status).toBe(400);
    expect((await attempt('frank', PASSWORD, '192.0.2.10')).status).toBe(429);
  });

  it('counts a 1 MiB username and a 12 KiB forwarded address like any other, not a 500', async () => {
    // Random text: PostgreSQL cannot compress it below its index entry limit.
    const username = randomBytes(768 * 1024).toString('base64');
    const client = `203.0.113.${randomBytes(6 * 1024).toString('hex')}`; // 12 KiB: within Node's header limit
    for (let i = 0; i < 3; i++) expect((await attempt(username, 'wrong', client, i)).status).toBe(400);
    expect((await attempt(username, 'wrong', client)).status).toBe(429);
  });
});
