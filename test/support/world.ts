import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { inject } from 'vitest';
import { startFunction } from '../../tools/stack/functions.ts';
import { DEV_SECRET_KEY, DEV_WEBHOOK_SECRET, startMonolith } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { createDatabase, withDatabase } from '../../tools/stack/postgres.ts';
import type { Service } from '../../tools/stack/processes.ts';

/** One suite's world: its own copy of the seeded database, the monolith and the functions on it. */
export interface World {
  databaseUrl: string;
  sql: postgres.Sql;
  monolith: Service;
  functions: Record<string, Service>;
  stop(): Promise<void>;
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
  const monolith = await startMonolith(
    inject('djangoPython'),
    { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: options.dispatchUrl ?? 'http://127.0.0.1:9' },
    { port: await freePort() },
  );
  const functions: Record<string, Service> = {};
  for (const name of functionNames) {
    // As infra's function_extra_secrets: only the webhook gets its key.
    const secrets: Record<string, string> = name === 'payments-webhook' ? { PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET } : {};
    const extra = { MONOLITH_URL: monolith.url, ...secrets, ...env[name] };
    functions[name] = await startFunction(name, { databaseUrl, secretKey: DEV_SECRET_KEY, extra }, { port: await freePort() });
  }
  const sql = openSql(databaseUrl, { max: 2 });
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
