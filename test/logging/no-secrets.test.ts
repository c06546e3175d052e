/**
 * Every function logs one structured line per request for Cloud Logging,
 * with the billing figures, and never a password, session key, CSRF token or
 * API token, whatever the request carried.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csrfCookie, logIn } from '../support/django-client.ts';
import { send } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_PASSWORD, SEED_TOKENS } from '../../tools/seed-credentials.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld(['identity', 'users'], { identity: { XFF_TRUSTED_HOPS: '1' } });
});
afterAll(() => world?.stop());

it('logs requests as JSON with trace and billing figures, and no secrets', async () => {
  const password = SEED_PASSWORD;
  const token = SEED_TOKENS.alice;
  const session = await logIn(world.functions.identity!.url, 'alice', password);
  const csrf = await csrfCookie(world.functions.identity!.url);
  await send(world.functions.identity!.url, {
    method: 'POST',
    path: '/api/auth/login/?password=in-the-query',
    headers: { Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'a-wrong-secret-guess' }),
  });
  await send(world.functions.users!.url, {
    path: '/api/users/me/?token=in-the-query',
    headers: { Cookie: session.cookie, Authorization: `Token ${token}`, 'X-Cloud-Trace-Context': '105445aa7843bc8bf206b12000100000/1;o=1' },
  });
  await new Promise((r) => setTimeout(r, 200));

  const output = world.functions.identity!.output() + world.functions.users!.output();
  for (const secret of [password, 'a-wrong-secret-guess', 'in-the-query', token, session.sessionid, session.csrftoken, csrf]) {
    expect(output.includes(secret), `log output contains ${secret.slice(0, 6)}…`).toBe(false);
  }
  const entries = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const me = entries.find((e) => e.httpRequest?.requestUrl?.startsWith('/api/users/me/'));
  expect(me).toMatchObject({
    severity: 'INFO',
    httpRequest: { requestMethod: 'GET', status: 200, requestUrl: '/api/users/me/?token=%5Bredacted%5D' },
    'logging.googleapis.com/trace': '105445aa7843bc8bf206b12000100000',
    billing: { function: 'users' },
  });
  expect(me.billing.wallMs).toBeGreaterThan(0);
  expect(me.billing.cpuMs).toBeGreaterThanOrEqual(0);
  expect(me.billing.rssMb).toBeGreaterThan(10);
  expect(entries.filter((e) => e.httpRequest?.requestMethod === 'POST' && e.billing?.function === 'identity').length).toBeGreaterThanOrEqual(2);
});
