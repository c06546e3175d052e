/**
 * SIGTERM under load: Cloud Run sends SIGTERM before stopping an instance;
 * every request in flight must still be answered (the Functions Framework's
 * own server would exit at once; the container's entrypoint drains).
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { startWorld, type World } from '../support/world.ts';
import { hit, lockTable, summarize } from './load.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const TOKEN = tokenHeader('alice');
let world: World;
beforeAll(async () => {
  world = await startWorld([]);
});
afterAll(() => world?.stop());

it('answers every in-flight request after SIGTERM, then exits 0', async () => {
  const port = await freePort();
  const fn = await startFunction('users', { databaseUrl: world.databaseUrl, secretKey: DEV_SECRET_KEY }, { port });
  const exited = new Promise<number | null>((resolve) => fn.child.once('exit', (code) => resolve(code)));
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  // Hold every request in flight: the users query waits behind a table lock.
  const release = await lockTable(world.sql, 'auth_user');
  const inFlight = Array.from({ length: 24 }, () => hit(agent, { url: fn.url, path: '/api/users/me/', headers: TOKEN }));
  await new Promise((r) => setTimeout(r, 300));
  fn.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 700));
  const afterSignal = await hit(new Agent(), { url: fn.url, path: '/api/users/me/', headers: TOKEN, timeoutMs: 2000 });
  release();
  const outcomes = await Promise.all(inFlight);
  const code = await exited;
  agent.destroy();
  console.log(summarize('in flight at SIGTERM', outcomes));
  console.log(`a new connection after SIGTERM: ${afterSignal.error ?? afterSignal.status}; exit code ${code}`);
  expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
  expect(afterSignal.error).toBe('ECONNREFUSED');
  expect(code).toBe(0);
});
