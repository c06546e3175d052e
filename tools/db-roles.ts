/**
 * Least privilege at runtime: every function connects as a database role of
 * its own, canopy_<function>, granted exactly the tables and privileges its
 * manifest entry lists (`tables`), nothing else. db:migrate applies them after
 * the schema migrations, in one transaction, so a role never sees a moment
 * without its grants, and a privilege removed from the manifest is revoked.
 *
 * Passwords: a role is created NOLOGIN. When db:migrate is given the
 * function's own DATABASE_URL as <FUNCTION>_DATABASE_URL (Cloud Build passes
 * each function's secret), the role gets LOGIN with that URL's password, so
 * the secret is the one place the password lives and rotating it is a new
 * secret version plus the next deploy. Without it an existing role's login is
 * left as it is (an operator may have set it by hand).
 */
import type postgres from 'postgres';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../shared/config.ts';
import { parseDatabaseUrl } from '../shared/database-url.ts';
import type { Manifest } from './manifest.ts';

/** The database role of a function: canopy_<name>, dashes as underscores. */
export const roleFor = (fn: string) => `canopy_${fn.replace(/-/g, '_')}`;

/** The environment variable db:migrate reads a function's own DATABASE_URL from (its role's login). */
export const roleUrlVariable = (fn: string) => `${fn.replace(/-/g, '_').toUpperCase()}_DATABASE_URL`;

// Django's tables are unqualified (schema public), Canopy's are canopy.<table>.
const qualified = (table: string) => (table.includes('.') ? table : `public.${table}`);

/** Raised for a function's URL that does not name its role: one line saying what to fix. */
export class RoleUrlError extends Error {}

/** The login each function's role gets from its <FUNCTION>_DATABASE_URL, if given; throws RoleUrlError for a URL that does not fit. */
export function roleLogins(manifest: Manifest, env: NodeJS.ProcessEnv): Map<string, string> {
  const logins = new Map<string, string>();
  for (const fn of Object.keys(manifest.functions)) {
    const variable = roleUrlVariable(fn);
    const url = env[variable];
    if (!url) continue;
    let found: { username: string; password: string };
    try {
      // The parser every client uses; only the user and password are read here (no CA file is opened).
      found = parseDatabaseUrl(url, () => '');
    } catch (error) {
      throw new RoleUrlError(`${variable}: ${(error as Error).message.replace(/^DATABASE_URL: /, '')}`);
    }
    if (found.password === '') throw new RoleUrlError(`${variable}: needs a user and password (postgres://${roleFor(fn)}:<password>@...)`);
    if (found.username !== roleFor(fn)) throw new RoleUrlError(`${variable}: the user must be ${roleFor(fn)}, the ${fn} function's role, not ${found.username}`);
    logins.set(fn, found.password);
  }
  return logins;
}

/** Creates or updates every function's role and sets its grants to exactly what the manifest lists. */
export async function syncRoles(sql: postgres.Sql, manifest: Manifest, logins: Map<string, string> = new Map()): Promise<string[]> {
  await sql.begin(async (tx) => {
    for (const [fn, spec] of Object.entries(manifest.functions)) {
      const role = tx(roleFor(fn));
      // Several runs may race to create it (parallel test suites share a server): either wins.
      await tx`do $$ begin create role ${role} nologin; exception when duplicate_object then null; end $$`;
      const password = logins.get(fn);
      if (password !== undefined) await tx`alter role ${role} login password ${tx.unsafe(quoteLiteral(password))}`;
      // Behind a transaction pooler the function cannot send statement_timeout at connect: the role carries it.
      await tx`alter role ${role} set statement_timeout = ${tx.unsafe(String(DEFAULT_STATEMENT_TIMEOUT_MS))}`;
      await tx`revoke all on all tables in schema public, canopy from ${role}`;
      await tx`revoke all on all sequences in schema public, canopy from ${role}`;
      await tx`grant usage on schema public, canopy to ${role}`;
      for (const [table, privileges] of Object.entries(spec.tables)) {
        const name = tx(qualified(table));
        await tx`grant ${tx.unsafe(privileges.join(', '))} on table ${name} to ${role}`;
        if (!privileges.includes('INSERT')) continue;
        // Django's bigserial ids draw from a sequence owned by the table: inserting needs it.
        const sequences = await tx<{ name: string }[]>`
          select s.oid::regclass::text as name from pg_class s join pg_depend d on d.objid = s.oid
           where s.relkind = 'S' and d.refobjid = ${qualified(table)}::regclass and d.deptype in ('a', 'i')`;
        for (const s of sequences) await tx`grant usage on sequence ${tx.unsafe(s.name)} to ${role}`;
      }
    }
  });
  return Object.keys(manifest.functions).map(roleFor);
}

// ALTER ROLE ... PASSWORD takes a literal, not a bind parameter.
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
