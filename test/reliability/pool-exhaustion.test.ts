/**
 * Pool exhaustion: with every connection stuck behind a slow query (a held
 * lock), requests wait a bounded time and fail cleanly with 503; the process
 * stays healthy and serves again once the database frees up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startWorld, type World } from '../support/world.ts';
import { lockTable, runLoad, summarize } from './load.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const TOKEN = tokenHeader('alice');
let world: World;
let fn: Service;

beforeAll(async () => {
  world = await startWorld([]);
  fn = await startFunction(
    'users',
    {
      databaseUrl: world.databaseUrl,
      secretKey: DEV_SECRET_KEY,
      extra: { DB_POOL_MAX: '2', DB_STATEMENT_TIMEOUT_MS: '1500', REQUEST_TIMEOUT_MS: '3000' },
    },
    { port: await freePort() },
  );
});
afterAll(async () => {
  await fn?.stop();
  await world?.stop();
});

it('fails requests cleanly within the deadline while the pool is stuck, then recovers', async () => {
  const release = await lockTable(world.sql, 'auth_user');
  const stuck = await runLoad({ url: fn.url, path: '/api/users/me/', headers: TOKEN, concurrency: 10, durationMs: 5000, timeoutMs: 10_000 });
  release();
  await new Promise((r) => setTimeout(r, 500));
  const after = await runLoad({ url: fn.url, path: '/api/users/me/', headers: TOKEN, concurrency: 4, durationMs: 1500 });
  console.log(summarize('with the pool stuck (2 connections, lock held)', stuck));
  console.log(summarize('after the lock was released', after));
  expect(stuck.length).toBeGreaterThanOrEqual(10);
  expect(stuck.every((o) => o.status === 503 && JSON.parse(o.body).detail === 'Service temporarily unavailable, try again later.')).toBe(true);
  expect(Math.max(...stuck.map((o) => o.latencyMs))).toBeLessThan(6000);
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((o) => o.status === 200)).toBe(true);
  expect(fn.child.exitCode).toBeNull();
});
