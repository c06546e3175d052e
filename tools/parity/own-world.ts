import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import { openSql } from '../../shared/db.ts';
import { buildFunction, DIST } from '../build.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import { functionEntry, type FunctionSpec, type Manifest } from '../manifest.ts';
import { assertExternalMonolith, monolithSecrets, type ExternalMonolith } from '../stack/external-monolith.ts';
import { devSecrets, startFunction } from '../stack/functions.ts';
import { freePort } from '../stack/ports.ts';
import type { Service } from '../stack/processes.ts';
import { startSeededMonolith, type SeededMonolith } from '../stack/seeded-monolith.ts';

/** A throwaway world for a parity run: the monolith, its database and the functions the sample needs. */
export interface OwnWorld {
  sql: postgres.Sql;
  functions: Record<string, string>;
  stop(): Promise<void>;
}

/** The monolith a world's functions shadow, and the values of the secrets they share with it. */
interface Monolith {
  url: string;
  databaseUrl: string;
  settingsExport: string;
  secrets: (spec: Pick<FunctionSpec, 'secrets'>) => Record<string, string>;
}

/**
 * Starts what a parity run needs when no local stack is running: the named
 * functions, built (with the monolith's settings export) into a folder of
 * their own (the stack's dist/ is left alone), in front of your monolith
 * (`external`: checked, never started or stopped) or else the seeded
 * reference monolith on a database of its own (tools/stack/seeded-monolith.ts);
 * Canopy's tables in its database. stop() removes what it started.
 */
export async function startOwnWorld(manifest: Manifest, names: readonly string[], say: (line: string) => void, external: ExternalMonolith | null = null): Promise<OwnWorld> {
  const builds = join(DIST, '..', `parity-${process.pid}`);
  const services: Service[] = [];
  let sql: postgres.Sql | null = null;
  let seeded: SeededMonolith | null = null;
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await sql?.end({ timeout: 1 });
    await seeded?.stop();
    rmSync(builds, { recursive: true, force: true });
  };
  try {
    let monolith: Monolith;
    if (external) {
      say(`starting the functions in front of your monolith at ${external.url}…`);
      await assertExternalMonolith(external);
      monolith = { ...external, secrets: monolithSecrets };
    } else {
      say('starting a world of its own: PostgreSQL, the seeded monolith, the functions…');
      seeded = await startSeededMonolith();
      monolith = { ...seeded, secrets: devSecrets };
    }
    process.env.CANOPY_SETTINGS_EXPORT = monolith.settingsExport;
    await migrateCanopySchema(monolith.databaseUrl);
    const functions: Record<string, string> = {};
    for (const name of names) {
      const dir = join(builds, name);
      const spec = manifest.functions[name]!;
      await buildFunction(name, functionEntry(name), manifest, dir);
      const fn = await startFunction(name, { databaseUrl: monolith.databaseUrl, extra: { ...monolith.secrets(spec), MONOLITH_URL: monolith.url } }, { port: await freePort(), dir });
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
