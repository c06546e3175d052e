import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { inject } from 'vitest';
import { behindPooler, pooledPoolSize } from '../../tools/db-pools.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { devSecrets, startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, startMonolith } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startPgBouncer, type PgBouncer } from './pgbouncer.ts';
import { bundleFor } from './planted.ts';

/**
 * CANOPY_TEST_PGBOUNCER=1: the functions reach the suite's database through a
 * real PgBouncer in transaction mode, configured as infra's db_pooling
 * configures them (DB_POOLING=transaction). The monolith and the suite's own
 * connection stay direct.
 */
const THROUGH_PGBOUNCER = process.env.CANOPY_TEST_PGBOUNCER === '1';

/** One suite's world: its own copy of the seeded database, the monolith and the functions on it. */
export interface World {
  databaseUrl: string;
  /** What the functions connect with: databaseUrl, or the pooler's URL for it under CANOPY_TEST_PGBOUNCER=1 (a streaming function stays on databaseUrl). */
  functionDatabase: { url: string; env: Record<string, string> };
  sql: postgres.Sql;
  monolith: Service;
  functions: Record<string, Service>;
  stop(): Promise<void>;
}

/**
 * The functions' routes in mode `serve`: whatever stage the manifest gives a
 * route, a suite talks to the function itself, never through it to the
 * monolith (a parity suite would compare Django with Django). Suites that
 * test other modes set them explicitly.
 */
async function serveRoutesOf(sql: postgres.Sql, functionNames: string[]): Promise<void> {
  for (const route of loadManifest().routes.filter((r) => functionNames.includes(r.function))) {
    await sql`
      insert into canopy.route_modes (route_id, mode, reason) values (${route.id}, 'serve', 'test world: suites talk to the function itself')
      on conflict (route_id) do update set mode = 'serve', reason = excluded.reason`;
  }
}

/**
 * Starts one of the world's functions, from the planted bundle when this run
 * plants a difference in it, with the secrets infra gives it: only those its
 * manifest entry lists.
 */
export async function startWorldFunction(name: string, databaseUrl: string, extra: Record<string, string>, port: number): Promise<Service> {
  const secrets = devSecrets(loadManifest().functions[name]!);
  return startFunction(name, { databaseUrl, extra: { ...secrets, ...extra } }, { port, dir: await bundleFor(name) });
}

/**
 * Starts a world for a suite (with extra environment per function, the
 * dispatch partner the monolith calls, none by default, and PgBouncer in front
 * of the functions' database when asked or CANOPY_TEST_PGBOUNCER=1); call
 * stop() in afterAll.
 */
export async function startWorld(
  functionNames: string[],
  env: Record<string, Record<string, string>> = {},
  options: { dispatchUrl?: string; pgbouncer?: boolean } = {},
): Promise<World> {
  const template = parseDatabaseUrl(inject('pgTemplateUrl')).database;
  const dbname = `canopy_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgAdminUrl'), dbname, template);
  const databaseUrl = withDatabase(inject('pgAdminUrl'), dbname);
  const sql = openSql(databaseUrl, { max: 2 });
  await serveRoutesOf(sql, functionNames);
  const monolith = await startMonolith(
    inject('djangoPython'),
    { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: options.dispatchUrl ?? 'http://127.0.0.1:9', pythonPath: inject('djangoPythonPath') || undefined },
    { port: await freePort() },
  );
  const pgbouncer: PgBouncer | null = (options.pgbouncer ?? THROUGH_PGBOUNCER) ? await startPgBouncer(databaseUrl) : null;
  const functionDatabase: World['functionDatabase'] = pgbouncer ? { url: pgbouncer.urlFor(dbname), env: { DB_POOLING: 'transaction' } } : { url: databaseUrl, env: {} };
  const functions: Record<string, Service> = {};
  const manifest = loadManifest();
  for (const name of functionNames) {
    const spec = manifest.functions[name]!;
    // Behind the pooler, as infra sizes the pool there (tools/db-pools.ts); a streaming function (it LISTENs) stays direct, as infra keeps it.
    const viaPooler = pgbouncer !== null && behindPooler(spec);
    const pooled: Record<string, string> = viaPooler ? { ...functionDatabase.env, DB_POOL_MAX: String(pooledPoolSize(spec)) } : {};
    const extra = { MONOLITH_URL: monolith.url, ...pooled, ...env[name] };
    functions[name] = await startWorldFunction(name, viaPooler ? functionDatabase.url : databaseUrl, extra, await freePort());
  }
  return {
    databaseUrl,
    functionDatabase,
    sql,
    monolith,
    functions,
    async stop() {
      await Promise.all([monolith.stop(), ...Object.values(functions).map((f) => f.stop())]);
      await Promise.all([sql.end({ timeout: 1 }), pgbouncer?.stop()]);
    },
  };
}
