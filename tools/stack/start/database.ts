import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, databaseExists, openDatabaseServer } from '../postgres.ts';
import { STATE_DIR } from '../state.ts';
import type { Running } from './shutdown.ts';

const DB_NAME = 'canopy';

/** The stack's database, and whether it was just created (empty: no schema, no data). */
export interface StackDatabase {
  url: string;
  created: boolean;
}

/**
 * PostgreSQL for the stack: embedded, its data in .canopy/pg (emptied by
 * --fresh), or the server DATABASE_URL names; the `canopy` database on it,
 * created when missing. Stopped last on Ctrl-C.
 */
export async function startDatabase(fresh: boolean, running: Running): Promise<StackDatabase> {
  mkdirSync(STATE_DIR, { recursive: true });
  const server = await openDatabaseServer({ dataDir: join(STATE_DIR, 'pg'), port: Number(process.env.PGPORT ?? 54329), fresh });
  running.addDatabase(server);
  const created = !(await databaseExists(server.adminUrl, DB_NAME));
  if (created) await createDatabase(server.adminUrl, DB_NAME);
  return { url: server.urlFor(DB_NAME), created };
}
