import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { inject } from 'vitest';
import { loadManifest } from '../../tools/manifest.ts';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, DEV_WEBHOOK_SECRET, startMonolith } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { bundleFor } from './planted.ts';

/** One suite's world: its own copy of the seeded database, the monolith and the functions on it. */
export interface World {
  databaseUrl: string;
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

/** Starts one of the world's functions, from the planted bundle when this run plants a difference in it. */
export async function startWorldFunction(name: string, databaseUrl: string, extra: Record<string, string>, port: number): Promise<Service> {
  return startFunction(name, { databaseUrl, secretKey: DEV_SECRET_KEY, extra }, { port, dir: await bundleFor(name) });
}

/**
 * Starts a world for a suite (with extra environment per function, and the
 * dispatch partner the monolith calls, none by default); call stop() in afterAll.
 */
export async function startWorld(
  functionNames: string[],
  env: Record<string, Record<string, string>> = {},
  options: { dispatchUrl?: string } = {},
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
  const functions: Record<string, Service> = {};
  for (const name of functionNames) {
    // As infra's function_extra_secrets: only the webhook gets its key.
    const secrets: Record<string, string> = name === 'payments-webhook' ? { PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET } : {};
    const extra = { MONOLITH_URL: monolith.url, ...secrets, ...env[name] };
    functions[name] = await startWorldFunction(name, databaseUrl, extra, await freePort());
  }
  return {
    databaseUrl,
    sql,
    monolith,
    functions,
    async stop() {
      await Promise.all([monolith.stop(), ...Object.values(functions).map((f) => f.stop())]);
      await sql.end({ timeout: 1 });
    },
  };
}
