import { readFileSync } from 'node:fs';
import { openSql } from '../../../shared/db.ts';
import type { FunctionSpec, Manifest } from '../../manifest.ts';
import { SNAPSHOT_PATH } from '../../schema-snapshot.ts';
import { ensureDjango, type DjangoVersion } from '../django-versions.ts';
import { assertExternalMonolith, monolithSecrets, type ExternalMonolith } from '../external-monolith.ts';
import { devSecrets } from '../functions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage, startMonolith } from '../monolith.ts';
import { exportMonolithSettings } from '../monolith-settings.ts';
import { startDatabase, type StackDatabase } from './database.ts';
import { requirePort } from './ports.ts';
import type { Running } from './shutdown.ts';

/** The stack's monolith: its URL (null when none runs), how the summary describes it, and the values of the secrets the functions share with it. */
export interface StackMonolith {
  url: string | null;
  summary: string;
  secrets: (spec: Pick<FunctionSpec, 'secrets'>) => Record<string, string>;
}

/** Where the stack's functions keep their data, and the monolith beside them. */
export interface StackBackend {
  database: StackDatabase;
  monolith: StackMonolith;
}

/**
 * The reference monolith on `django` (MONOLITH_PORT, 8000) on the stack's
 * database: migrated, seeded, its settings exported for the build
 * (CANOPY_SETTINGS_EXPORT) and under gunicorn. Without Django installed, says
 * so in one line and loads the schema snapshot into a new database, so the
 * functions still serve (built with the committed export).
 */
export async function startReferenceMonolith(options: { fresh: boolean; django: DjangoVersion; dispatchUrl: string }, running: Running): Promise<StackBackend> {
  const port = await requirePort(Number(process.env.MONOLITH_PORT ?? 8000), 'monolith', 'MONOLITH_PORT');
  const database = await startDatabase(options.fresh, running);
  const pythonPath = await ensureDjango(options.django);
  const python = await findDjangoPython(pythonPath);
  if (!python) {
    console.log(`canopy: Django is not installed, so the monolith is not running (apt-get install ${DJANGO_PACKAGES}); functions still serve on the schema snapshot.`);
    if (database.created) await loadSchemaSnapshot(database.url);
    return { database, monolith: { url: null, summary: 'not running (Django not installed)', secrets: devSecrets } };
  }
  const env = { databaseUrl: database.url, secretKey: DEV_SECRET_KEY, dispatchUrl: options.dispatchUrl, pythonPath };
  await manage(python, env, 'migrate', '--noinput');
  process.stdout.write(await manage(python, env, 'seed'));
  // The functions are built with the settings of the monolith they stand in front of.
  process.env.CANOPY_SETTINGS_EXPORT = await exportMonolithSettings(python, env, options.django);
  const monolith = await startMonolith(python, env, { port });
  running.add(monolith);
  return { database, monolith: { url: monolith.url, summary: `${monolith.url}   (Django ${options.django})`, secrets: devSecrets } };
}

/**
 * Your monolith and its database, which you run: checked (it answers, the
 * database connects, the export is valid, every secret the functions list is
 * set), and its export named for the build (CANOPY_SETTINGS_EXPORT). Nothing
 * is started or stopped; the schema and data are its own.
 */
export async function useExternalMonolith(external: ExternalMonolith, manifest: Manifest): Promise<StackBackend> {
  await assertExternalMonolith(external);
  for (const spec of Object.values(manifest.functions)) monolithSecrets(spec);
  process.env.CANOPY_SETTINGS_EXPORT = external.settingsExport;
  return {
    database: { url: external.databaseUrl, created: false },
    monolith: { url: external.url, summary: `${external.url}   (yours; the functions follow ${external.settingsExport})`, secrets: monolithSecrets },
  };
}

async function loadSchemaSnapshot(databaseUrl: string): Promise<void> {
  const sql = openSql(databaseUrl, { max: 1 });
  await sql.unsafe(readFileSync(SNAPSHOT_PATH, 'utf8'));
  await sql.end();
}
