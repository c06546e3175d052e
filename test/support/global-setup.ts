/**
 * Once per test run: a real PostgreSQL (embedded, or the server in
 * DATABASE_URL), a template database migrated by the monolith's own Django
 * migrations and seeded by its seed command, and freshly built function
 * and relay bundles. Each suite then copies the template into a database of its own.
 */
import type { TestProject } from 'vitest/node';
import { buildFunction, buildRelay } from '../../tools/build.ts';
import { migrateCanopySchema } from '../../tools/db-migrate.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { ensureDjango, selectedDjangoVersion } from '../../tools/stack/django-versions.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage } from '../../tools/stack/monolith.ts';
import { exportMonolithSettings } from '../../tools/stack/monolith-settings.ts';
import { createDatabase, openDatabaseServer } from '../../tools/stack/postgres.ts';

export const TEMPLATE_DB = 'canopy_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateUrl: string;
    djangoPython: string;
    /** PYTHONPATH for the Django CANOPY_DJANGO selects; '' for the system's. */
    djangoPythonPath: string;
    /** The monolith's settings export every bundle of the run embeds (CANOPY_SETTINGS_EXPORT). */
    settingsExport: string;
  }
}

export default async function setup(project: TestProject) {
  // CANOPY_DJANGO=5.2 runs the monolith (migrations, seed, gunicorn) on Django 5.2 for the whole run.
  const version = selectedDjangoVersion();
  const pythonPath = await ensureDjango(version);
  const python = await findDjangoPython(pythonPath);
  if (!python) throw new Error(`Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const db = await openDatabaseServer({ quiet: true });
  await createDatabase(db.adminUrl, TEMPLATE_DB);
  const env = { databaseUrl: db.urlFor(TEMPLATE_DB), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath };
  await manage(python, env, 'migrate', '--noinput');
  await manage(python, env, 'seed');
  await migrateCanopySchema(env.databaseUrl);
  // The functions follow the monolith this run starts: every bundle built in this run (here, and the
  // planted ones the suites build in their workers, which inherit the environment) embeds its export.
  const settingsExport = await exportMonolithSettings(python, env, version);
  process.env.CANOPY_SETTINGS_EXPORT = settingsExport;
  for (const name of Object.keys(loadManifest().functions)) await buildFunction(name);
  await buildRelay();
  project.provide('pgAdminUrl', db.adminUrl);
  project.provide('pgTemplateUrl', db.urlFor(TEMPLATE_DB));
  project.provide('djangoPython', python);
  project.provide('djangoPythonPath', pythonPath ?? '');
  project.provide('settingsExport', settingsExport);
  return () => db.stop();
}
