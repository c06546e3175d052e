/**
 * Behind a transaction pooler under concurrent load (a real PgBouncer in
 * transaction mode whose pools are smaller than the functions' own, as
 * infra's db_pooling runs them): orders are placed (each one a transaction
 * with its outbox row), order lists, profiles and sessions are read, all at
 * once. Consecutive transactions of one client connection land on different
 * server connections, which named prepared statements do not survive:
 * DB_POOLING=transaction must keep every answer clean.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorld, type World } from '../support/world.ts';
import { runLoad, summarize, type Outcome } from './load.ts';

const TOKEN = { Authorization: 'Token 35febdf6ec676c0033fb5af6e4101c8f10c6be72' };
const ORDER = JSON.stringify({ site: 1, product: 'diesel', quantity: '10.00', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await startWorld(['orders', 'users', 'identity'], {}, { pgbouncer: true });
});
afterAll(() => world?.stop());

const count = async (table: string) => (await world.sql<{ n: number }[]>`select count(*)::int as n from ${world.sql(table)}`)[0]!.n;
const statuses = (outcomes: Outcome[]) => [...new Set(outcomes.map((o) => o.status ?? o.error))];

it('answers every request cleanly through PgBouncer in transaction mode, and writes each order once with its outbox row', async () => {
  expect(world.functionDatabase.env).toEqual({ DB_POOLING: 'transaction' });
  const [orders, outbox] = [await count('orders_order'), await count('canopy.outbox')];
  const load = { durationMs: 20_000, maxRequests: 150, timeoutMs: 15_000 };
  const [placed, listed, me, session] = await Promise.all([
    runLoad({ ...load, url: world.functions.orders!.url, path: '/api/orders/', method: 'POST', headers: { ...TOKEN, 'Content-Type': 'application/json' }, body: ORDER, concurrency: 6 }),
    runLoad({ ...load, url: world.functions.orders!.url, path: '/api/orders/', headers: TOKEN, concurrency: 3 }),
    runLoad({ ...load, url: world.functions.users!.url, path: '/api/users/me/', headers: TOKEN, concurrency: 3 }),
    runLoad({ ...load, url: world.functions.identity!.url, path: '/api/auth/session/', headers: TOKEN, concurrency: 3 }),
  ]);
  for (const [name, outcomes] of Object.entries({ placed, listed, me, session })) console.log(summarize(`through PgBouncer: ${name}`, outcomes));
  expect(statuses(placed)).toEqual([201]);
  expect([...statuses(listed), ...statuses(me), ...statuses(session)]).toEqual([200, 200, 200]);
  expect(await count('orders_order')).toBe(orders + placed.length);
  expect(await count('canopy.outbox')).toBe(outbox + placed.length);
});
