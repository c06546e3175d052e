/**
 * PostgreSQL restarted under load: while it is down the function answers 503
 * in the monolith's error format quickly instead of hanging; it recovers by
 * itself; afterwards it holds no more connections than its pool.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSql } from '../../shared/db.ts';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { migrateCanopySchema } from '../../tools/db-migrate.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, manage } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase, startEmbeddedPostgres, type Database } from '../../tools/stack/postgres.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { runLoad, summarize, type Outcome } from './load.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const TOKEN = tokenHeader('alice');
const POOL = 4;
let dataDir: string;
let port: number;
let db: Database;
let fn: Service;

beforeAll(async () => {
  // A server of this suite's own: restarting the shared one would break other suites.
  const dir = mkdtempSync(join(tmpdir(), 'canopy-restart-'));
  chmodSync(dir, 0o755);
  dataDir = join(dir, 'data');
  port = await freePort();
  db = await startEmbeddedPostgres({ dataDir, port, quiet: true });
  await createDatabase(db.adminUrl, 'canopy');
  const env = { databaseUrl: db.urlFor('canopy'), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined };
  await manage(inject('djangoPython'), env, 'migrate', '--noinput');
  await manage(inject('djangoPython'), env, 'seed');
  await migrateCanopySchema(env.databaseUrl);
  fn = await startFunction(
    'users',
    { databaseUrl: env.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { DB_POOL_MAX: String(POOL), DB_CONNECT_TIMEOUT_SECONDS: '1' } },
    { port: await freePort() },
  );
});

afterAll(async () => {
  await fn?.stop();
  await db?.stop();
});

it('answers 503 quickly while PostgreSQL is down, recovers by itself, and leaks no connection', async () => {
  const load = runLoad({ url: fn.url, path: '/api/users/me/', headers: TOKEN, concurrency: 8, durationMs: 9000, pauseMs: 20 });
  await new Promise((r) => setTimeout(r, 2000));
  const downAt = Date.now();
  await db.stop();
  await new Promise((r) => setTimeout(r, 3000));
  const upAt = Date.now();
  db = await startEmbeddedPostgres({ dataDir, port, quiet: true });
  const outcomes = await load;

  const during = outcomes.filter((o) => o.startedAt > downAt + 200 && o.startedAt + o.latencyMs < upAt);
  const after = outcomes.filter((o) => o.startedAt >= upAt);
  const firstOk = after.find((o) => o.status === 200);
  console.log(summarize('before the restart', outcomes.filter((o) => o.startedAt < downAt)));
  console.log(summarize('while PostgreSQL was down', during));
  console.log(summarize('after it came back', after));
  console.log(`recovered ${firstOk ? `${firstOk.startedAt - upAt} ms` : 'never'} after PostgreSQL was back`);

  expect(during.length).toBeGreaterThan(10);
  expect(during.every((o: Outcome) => o.status === 503)).toBe(true);
  expect(JSON.parse(during[0]!.body)).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
  // Bounded by the 1 s connect timeout, not by a hang (generous margin for a shared machine).
  expect(Math.max(...during.map((o) => o.latencyMs))).toBeLessThan(3000);
  expect(firstOk).toBeDefined();
  expect(after.filter((o) => o.startedAt > firstOk!.startedAt).every((o) => o.status === 200)).toBe(true);

  const sql = openSql(db.urlFor('canopy'), { max: 1 });
  const n = (await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name = 'users'`)[0]!.n;
  await sql.end();
  console.log(`connections held by the function afterwards: ${n} (pool ${POOL})`);
  expect(n).toBeLessThanOrEqual(POOL);
});
