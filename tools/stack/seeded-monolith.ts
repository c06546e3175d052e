import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSql } from '../../shared/db.ts';
import { ensureDjango, selectedDjangoVersion } from './django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage, startMonolith } from './monolith.ts';
import { exportMonolithSettings } from './monolith-settings.ts';
import { freePort } from './ports.ts';
import { createDatabase, openDatabaseServer } from './postgres.ts';

/** A throwaway reference monolith: its own seeded database and gunicorn. */
export interface SeededMonolith {
  databaseUrl: string;
  url: string;
  /** Its `manage.py canopy_export`, for the functions' build (CANOPY_SETTINGS_EXPORT). */
  settingsExport: string;
  /** Stops gunicorn and drops the database (and the embedded server, with its folder). */
  stop(): Promise<void>;
}

/**
 * Starts the reference monolith (on the Django CANOPY_DJANGO names) on a new
 * database, migrated and seeded by the monolith itself, its settings
 * exported: PostgreSQL embedded
 * in a temporary folder, or a new database beside DATABASE_URL. For tools
 * that need one when no local stack runs.
 */
export async function startSeededMonolith(): Promise<SeededMonolith> {
  const version = selectedDjangoVersion();
  const pythonPath = await ensureDjango(version);
  const python = await findDjangoPython(pythonPath);
  if (!python) throw new Error(`the monolith needs Django for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const scratch = mkdtempSync(join(tmpdir(), 'canopy-monolith-'));
  chmodSync(scratch, 0o755); // the postgres system user must enter it
  const db = await openDatabaseServer({ dataDir: join(scratch, 'pg'), quiet: true });
  const dbname = `canopy_${randomBytes(4).toString('hex')}`;
  let monolith: { stop(): Promise<void> } | null = null;
  const stop = async () => {
    await monolith?.stop();
    const admin = openSql(db.adminUrl, { max: 1 });
    await admin.unsafe(`drop database if exists "${dbname}" with (force)`).catch(() => {});
    await admin.end({ timeout: 1 });
    await db.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await createDatabase(db.adminUrl, dbname);
    const env = { databaseUrl: db.urlFor(dbname), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath };
    await manage(python, env, 'migrate', '--noinput');
    await manage(python, env, 'seed');
    const settingsExport = await exportMonolithSettings(python, env, version);
    const started = await startMonolith(python, env, { port: await freePort() });
    monolith = started;
    return { databaseUrl: env.databaseUrl, url: started.url, settingsExport, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
