import { readFileSync } from 'node:fs';
import { openSql } from '../../../shared/db.ts';
import { SNAPSHOT_PATH } from '../../schema-snapshot.ts';
import { ensureDjango, type DjangoVersion } from '../django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage, startMonolith } from '../monolith.ts';
import type { StackDatabase } from './database.ts';
import type { Running } from './shutdown.ts';

/** The stack's monolith: its URL (null when none runs) and how the summary describes it. */
export interface StackMonolith {
  url: string | null;
  summary: string;
}

/**
 * The reference monolith on `django`: migrated, seeded and under gunicorn on
 * `port`. Without Django installed, says so in one line and loads the schema
 * snapshot into a new database, so the functions still serve.
 */
export async function startReferenceMonolith(
  options: { django: DjangoVersion; port: number; database: StackDatabase; dispatchUrl: string },
  running: Running,
): Promise<StackMonolith> {
  const pythonPath = await ensureDjango(options.django);
  const python = await findDjangoPython(pythonPath);
  if (!python) {
    console.log(`canopy: Django is not installed, so the monolith is not running (apt-get install ${DJANGO_PACKAGES}); functions still serve on the schema snapshot.`);
    if (options.database.created) await loadSchemaSnapshot(options.database.url);
    return { url: null, summary: 'not running (Django not installed)' };
  }
  const env = { databaseUrl: options.database.url, secretKey: DEV_SECRET_KEY, dispatchUrl: options.dispatchUrl, pythonPath };
  await manage(python, env, 'migrate', '--noinput');
  process.stdout.write(await manage(python, env, 'seed'));
  const monolith = await startMonolith(python, env, { port: options.port });
  running.add(monolith);
  return { url: monolith.url, summary: `${monolith.url}   (Django ${options.django})` };
}

async function loadSchemaSnapshot(databaseUrl: string): Promise<void> {
  const sql = openSql(databaseUrl, { max: 1 });
  await sql.unsafe(readFileSync(SNAPSHOT_PATH, 'utf8'));
  await sql.end();
}
