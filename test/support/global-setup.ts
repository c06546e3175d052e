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
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage } from '../../tools/stack/monolith.ts';
import { createDatabase, openDatabaseServer } from '../../tools/stack/postgres.ts';

export const TEMPLATE_DB = 'canopy_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateUrl: string;
    djangoPython: string;
  }
}

export default async function setup(project: TestProject) {
  const python = await findDjangoPython();
  if (!python) throw new Error(`Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const db = await openDatabaseServer({ quiet: true });
  await createDatabase(db.adminUrl, TEMPLATE_DB);
  const env = { databaseUrl: db.urlFor(TEMPLATE_DB), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9' };
  await manage(python, env, 'migrate', '--noinput');
  await manage(python, env, 'seed');
  await migrateCanopySchema(env.databaseUrl);
  for (const [name, spec] of Object.entries(loadManifest().functions)) await buildFunction(name, spec.entry);
  await buildRelay();
  project.provide('pgAdminUrl', db.adminUrl);
  project.provide('pgTemplateUrl', db.urlFor(TEMPLATE_DB));
  project.provide('djangoPython', python);
  return () => db.stop();
}
