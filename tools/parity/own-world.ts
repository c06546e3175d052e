import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import { openSql } from '../../shared/db.ts';
import { buildFunction, DIST } from '../build.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import type { Manifest } from '../manifest.ts';
import { startFunction } from '../stack/functions.ts';
import { DEV_SECRET_KEY } from '../stack/monolith.ts';
import { freePort } from '../stack/ports.ts';
import type { Service } from '../stack/processes.ts';
import { startSeededMonolith, type SeededMonolith } from '../stack/seeded-monolith.ts';

/** A throwaway world for a parity run: a seeded database, the monolith and the functions the sample needs. */
export interface OwnWorld {
  sql: postgres.Sql;
  functions: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts what a parity run needs when no local stack is running: the seeded
 * reference monolith on a database of its own (tools/stack/seeded-monolith.ts),
 * Canopy's tables, and the named functions, built into a folder of their own
 * (the stack's dist/ is left alone). stop() removes all of it.
 */
export async function startOwnWorld(manifest: Manifest, names: readonly string[], say: (line: string) => void): Promise<OwnWorld> {
  const builds = join(DIST, '..', `parity-${process.pid}`);
  const services: Service[] = [];
  let sql: postgres.Sql | null = null;
  let monolith: SeededMonolith | null = null;
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await sql?.end({ timeout: 1 });
    await monolith?.stop();
    rmSync(builds, { recursive: true, force: true });
  };
  try {
    say('starting a world of its own: PostgreSQL, the seeded monolith, the functions…');
    monolith = await startSeededMonolith();
    await migrateCanopySchema(monolith.databaseUrl);
    const functions: Record<string, string> = {};
    for (const name of names) {
      const dir = join(builds, name);
      await buildFunction(name, manifest.functions[name]!.entry, manifest, dir);
      const fn = await startFunction(name, { databaseUrl: monolith.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: monolith.url } }, { port: await freePort(), dir });
      services.push(fn);
      functions[name] = fn.url;
    }
    sql = openSql(monolith.databaseUrl, { max: 2 });
    return { sql, functions, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
