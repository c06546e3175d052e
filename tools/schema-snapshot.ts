/**
 * The schema snapshot: what Django's migrations produce, dumped by pg_dump,
 * so a stack without Django can still create the monolith's tables. Django
 * owns the schema; `npm run schema:snapshot` rewrites the file after a
 * migration and a test fails while the two disagree.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openSql } from '../shared/db.ts';
import { DEV_SECRET_KEY, DJANGO_PACKAGES, findDjangoPython, manage } from './stack/monolith.ts';
import { createDatabase, openDatabaseServer } from './stack/postgres.ts';

const run = promisify(execFile);
export const SNAPSHOT_PATH = fileURLToPath(new URL('../test/monolith/schema.sql', import.meta.url));

// Rows that migrations and their post_migrate signal write; part of "the schema" for Django.
const DATA_TABLES = ['django_migrations', 'django_content_type', 'auth_permission'];

function pgDump(): string {
  const debian = '/usr/lib/postgresql/15/bin/pg_dump';
  return existsSync(debian) ? debian : 'pg_dump';
}

/** Dumps a migrated database as the snapshot text: schema, migration bookkeeping rows, no comments. */
export async function dumpSchema(databaseUrl: string): Promise<string> {
  const sql = openSql(databaseUrl, { max: 1 });
  // Applied-at times differ per run; pin them so the dump is reproducible.
  await sql`update django_migrations set applied = '2026-01-01 00:00:00+00'`;
  await sql.end();
  const base = ['--no-owner', '--no-privileges', '--no-comments', databaseUrl];
  const schema = await run(pgDump(), ['--schema-only', ...base], { maxBuffer: 64 << 20 });
  const data = await run(pgDump(), ['--data-only', '--inserts', ...DATA_TABLES.flatMap((t) => ['--table', t]), ...base], { maxBuffer: 64 << 20 });
  return normalise(schema.stdout + data.stdout);
}

/** Drops comments, psql meta-commands (pg_dump's random \restrict keys) and blank-line runs. */
function normalise(dump: string): string {
  return `${dump
    .split('\n')
    .filter((line) => !line.startsWith('--') && !line.startsWith('\\'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Migrates a scratch database with the monolith's Django and dumps it. */
export async function snapshotFromMigrations(adminUrl: string, urlFor: (db: string) => string, python: string): Promise<string> {
  const name = `canopy_schema_${process.pid}`;
  await createDatabase(adminUrl, name);
  await manage(python, { databaseUrl: urlFor(name), secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9' }, 'migrate', '--noinput');
  return dumpSchema(urlFor(name));
}

async function main(): Promise<void> {
  const python = await findDjangoPython();
  if (!python) throw new Error(`Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
  const db = await openDatabaseServer({ quiet: true });
  try {
    writeFileSync(SNAPSHOT_PATH, await snapshotFromMigrations(db.adminUrl, db.urlFor, python));
    console.log(`wrote ${SNAPSHOT_PATH}`);
  } finally {
    await db.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(`canopy schema:snapshot: ${error.message}`);
    process.exit(1);
  });
}
