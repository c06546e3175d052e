import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { pooledPoolSize } from '../../tools/db-pools.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { devSecrets, startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, startMonolith } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase } from '../../tools/stack/postgres.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startPgBouncer, type PgBouncer } from './pgbouncer.ts';

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
  /** What the functions connect with: databaseUrl, or the pooler's URL for it under CANOPY_TEST_PGBOUNCER=1. */
  functionDatabase: { url: string; env: Record<string, string> };
  sql: postgres.Sql;
  monolith: Service;
  functions: Record<string, Service>;
  stop(): Promise<void>;
}

function urlWithDb(url: string, dbname: string): string {
  const u = new URL(url);
  u.pathname = `/${dbname}`;
  return u.toString();
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
  const template = new URL(inject('pgTemplateUrl')).pathname.slice(1);
  const dbname = `canopy_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgAdminUrl'), dbname, template);
  const databaseUrl = urlWithDb(inject('pgAdminUrl'), dbname);
  const monolith = await startMonolith(
    inject('djangoPython'),
    { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: options.dispatchUrl ?? 'http://127.0.0.1:9' },
    { port: await freePort() },
  );
  const pgbouncer: PgBouncer | null = (options.pgbouncer ?? THROUGH_PGBOUNCER) ? await startPgBouncer(databaseUrl) : null;
  const functionDatabase: World['functionDatabase'] = pgbouncer ? { url: pgbouncer.urlFor(dbname), env: { DB_POOLING: 'transaction' } } : { url: databaseUrl, env: {} };
  const functions: Record<string, Service> = {};
  const manifest = loadManifest();
  for (const name of functionNames) {
    // As infra gives them: only the secrets the manifest lists for the function.
    const spec = manifest.functions[name]!;
    // Behind the pooler, as infra sizes the pool there (tools/db-pools.ts).
    const pooled: Record<string, string> = pgbouncer ? { DB_POOL_MAX: String(pooledPoolSize(spec)) } : {};
    const extra = { MONOLITH_URL: monolith.url, ...functionDatabase.env, ...pooled, ...devSecrets(spec), ...env[name] };
    functions[name] = await startFunction(name, { databaseUrl: functionDatabase.url, extra }, { port: await freePort() });
  }
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
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
