/**
 * Behind a transaction pooler under concurrent load (a real PgBouncer in
 * transaction mode whose pools are smaller than the functions' own, as
 * infra's db_pooling runs them): orders are placed (each one a transaction
 * with its outbox row), order lists, profiles and sessions are read, all at
 * once. Consecutive transactions of one client connection land on different
 * server connections, which named prepared statements do not survive:
 * DB_POOLING=transaction, with a pool as large as the function's
 * concurrency (so postgres.js never pipelines), must keep every answer clean.
 * As in production, each function logs in to the pooler as its own role,
 * whose statement_timeout (set by db:migrate) stands in for the one the
 * function cannot send.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { pooledPoolSize } from '../../tools/db-pools.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { devSecrets, startFunction } from '../../tools/stack/functions.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer.ts';
import { grantRoles, roleLogin } from '../support/roles.ts';
import { startWorld, type World } from '../support/world.ts';
import { runLoad, summarize, type Outcome } from './load.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const TOKEN = tokenHeader('alice');
const ORDER = JSON.stringify({ site: 1, product: 'diesel', quantity: '10.00', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' });
const NAMES = ['orders', 'users', 'identity'];
let world: World;
let pgbouncer: PgBouncer;
let dbname: string;
const fns: Record<string, Service> = {};

beforeAll(async () => {
  world = await startWorld([]);
  await grantRoles(world.databaseUrl);
  pgbouncer = await startPgBouncer(world.databaseUrl, NAMES.map(roleLogin));
  dbname = parseDatabaseUrl(world.databaseUrl).database;
  const manifest = loadManifest();
  for (const fn of NAMES) {
    const spec = manifest.functions[fn]!;
    // As infra's db_pooling configures them.
    const extra = { MONOLITH_URL: world.monolith.url, DB_POOLING: 'transaction', DB_POOL_MAX: String(pooledPoolSize(spec)), ...devSecrets(spec) };
    fns[fn] = await startFunction(fn, { databaseUrl: pgbouncer.urlFor(dbname, roleLogin(fn)), extra }, { port: await freePort() });
  }
});
afterAll(async () => {
  await Promise.all(Object.values(fns).map((f) => f.stop()));
  await pgbouncer?.stop();
  await world?.stop();
});

const count = async (table: string) => (await world.sql<{ n: number }[]>`select count(*)::int as n from ${world.sql(table)}`)[0]!.n;
const statuses = (outcomes: Outcome[]) => [...new Set(outcomes.map((o) => o.status ?? o.error))];

it('answers every request cleanly through PgBouncer in transaction mode, and writes each order once with its outbox row', async () => {
  const [orders, outbox] = [await count('orders_order'), await count('canopy.outbox')];
  const load = { durationMs: 20_000, maxRequests: 150, timeoutMs: 15_000 };
  const [placed, listed, me, session] = await Promise.all([
    runLoad({ ...load, url: fns.orders!.url, path: '/api/orders/', method: 'POST', headers: { ...TOKEN, 'Content-Type': 'application/json' }, body: ORDER, concurrency: 6 }),
    runLoad({ ...load, url: fns.orders!.url, path: '/api/orders/', headers: TOKEN, concurrency: 3 }),
    runLoad({ ...load, url: fns.users!.url, path: '/api/users/me/', headers: TOKEN, concurrency: 3 }),
    runLoad({ ...load, url: fns.identity!.url, path: '/api/auth/session/', headers: TOKEN, concurrency: 3 }),
  ]);
  for (const [name, outcomes] of Object.entries({ placed, listed, me, session })) console.log(summarize(`through PgBouncer: ${name}`, outcomes));
  expect(statuses(placed)).toEqual([201]);
  expect([...statuses(listed), ...statuses(me), ...statuses(session)]).toEqual([200, 200, 200]);
  expect(await count('orders_order')).toBe(orders + placed.length);
  expect(await count('canopy.outbox')).toBe(outbox + placed.length);
});

it('gives a function\'s role, logged in through the pooler, the statement_timeout it could not send', async () => {
  const sql = openSql(pgbouncer.urlFor(dbname, roleLogin('users')), { max: 1, prepare: false });
  try {
    expect((await sql`show statement_timeout`)[0]!.statement_timeout).toBe('5s');
  } finally {
    await sql.end({ timeout: 1 });
  }
});
