import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';
import { openSql } from '../../shared/db.ts';
import { buildFunction, DIST } from '../build.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import { functionEntry, type Manifest } from '../manifest.ts';
import { startFunction } from '../stack/functions.ts';
import { ensureDjango, selectedDjangoVersion } from '../stack/django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage, startMonolith } from '../stack/monolith.ts';
import { freePort } from '../stack/ports.ts';
import { createDatabase, openDatabaseServer } from '../stack/postgres.ts';
import type { Service } from '../stack/processes.ts';

/** A throwaway world for a parity run: a seeded database, the monolith and the functions the sample needs. */
export interface OwnWorld {
  sql: postgres.Sql;
  functions: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts what a parity run needs when no local stack is running: PostgreSQL
 * (embedded in a temporary folder, or a new database beside DATABASE_URL),
 * migrated and seeded by the monolith itself, gunicorn, and the named
 * functions, built into a folder of their own (the stack's dist/ is left
 * alone). stop() removes all of it.
 */
export async function startOwnWorld(manifest: Manifest, names: readonly string[], say: (line: string) => void): Promise<OwnWorld> {
  const pythonPath = await ensureDjango(selectedDjangoVersion()); // CANOPY_DJANGO=5.2: the monolith on Django 5.2
  const python = await findDjangoPython(pythonPath);
  if (!python) throw new Error(`the monolith needs Django for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const scratch = mkdtempSync(join(tmpdir(), 'canopy-parity-'));
  chmodSync(scratch, 0o755); // the postgres system user must enter it
  const builds = join(DIST, '..', `parity-${process.pid}`);
  const services: Service[] = [];
  let sql: postgres.Sql | null = null;
  const db = await openDatabaseServer({ dataDir: join(scratch, 'pg'), quiet: true });
  const dbname = `canopy_parity_${randomBytes(4).toString('hex')}`;
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await sql?.end({ timeout: 1 });
    const admin = openSql(db.adminUrl, { max: 1 });
    await admin.unsafe(`drop database if exists "${dbname}" with (force)`).catch(() => {});
    await admin.end({ timeout: 1 });
    await db.stop();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(builds, { recursive: true, force: true });
  };
  try {
    say('starting a world of its own: PostgreSQL, the seeded monolith, the functions…');
    await createDatabase(db.adminUrl, dbname);
    const env = { databaseUrl: db.urlFor(dbname), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath };
    await manage(python, env, 'migrate', '--noinput');
    await manage(python, env, 'seed');
    await migrateCanopySchema(env.databaseUrl);
    const monolith = await startMonolith(python, env, { port: await freePort() });
    services.push(monolith);
    const functions: Record<string, string> = {};
    for (const name of names) {
      const dir = join(builds, name);
      await buildFunction(name, functionEntry(name), manifest, dir);
      const fn = await startFunction(name, { databaseUrl: env.databaseUrl, secretKey: DEV_SECRET_KEY, extra: { MONOLITH_URL: monolith.url } }, { port: await freePort(), dir });
      services.push(fn);
      functions[name] = fn.url;
    }
    sql = openSql(env.databaseUrl, { max: 2 });
    return { sql, functions, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
