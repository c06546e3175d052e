/**
 * Canopy's own tables (throttles, outbox, route modes, parity records) live in
 * the `canopy` schema beside Django's, which owns everything in `public`.
 * Migrations are plain SQL files in infra/sql, applied in name order, once
 * each, inside a transaction; `npm run db:migrate` runs them against
 * DATABASE_URL (Cloud Build runs it before deploying). Then every function's
 * database role gets exactly the grants the manifest lists (tools/db-roles.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSql } from '../shared/db.ts';
import { TOOL_POOLS } from './db-pools.ts';
import { roleLogins, syncRoles } from './db-roles.ts';
import { loadManifest, type Manifest } from './manifest.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../infra/sql', import.meta.url));

/**
 * Applies every migration not applied yet, then the functions' roles and
 * grants (with `logins`: function name to its role's password); returns the
 * names of the migrations applied now.
 */
export async function migrateCanopySchema(databaseUrl: string, options: { manifest?: Manifest; logins?: Map<string, string> } = {}): Promise<string[]> {
  const sql = openSql(databaseUrl, { max: TOOL_POOLS['db-migrate'] });
  try {
    await sql`create schema if not exists canopy`;
    await sql`create table if not exists canopy.schema_migrations (name text primary key, applied_at timestamptz not null default now())`;
    const applied = new Set((await sql<{ name: string }[]>`select name from canopy.schema_migrations`).map((r) => r.name));
    const pending = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && !applied.has(f)).sort();
    for (const name of pending) {
      await sql.begin(async (tx) => {
        await tx.unsafe(readFileSync(join(MIGRATIONS_DIR, name), 'utf8'));
        await tx`insert into canopy.schema_migrations (name) values (${name})`;
      });
    }
    await syncRoles(sql, options.manifest ?? loadManifest(), options.logins);
    return pending;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('canopy db:migrate: DATABASE_URL is not set: point it at the monolith\'s PostgreSQL');
    process.exit(1);
  }
  let logins: Map<string, string>;
  try {
    logins = roleLogins(loadManifest(), process.env);
  } catch (error) {
    // A bad manifest or function URL: one line saying what to fix.
    console.error(`canopy db:migrate: ${(error as Error).message}`);
    process.exit(1);
  }
  migrateCanopySchema(url, { logins }).then(
    (names) => {
      console.log(names.length ? `applied ${names.join(', ')}` : 'canopy schema is up to date');
      console.log(`function roles granted as infra/routes.json lists${logins.size ? `; login set for ${[...logins.keys()].join(', ')}` : ''}`);
    },
    (error: Error) => {
      console.error(`canopy db:migrate: ${error.message}`);
      process.exit(1);
    },
  );
}
