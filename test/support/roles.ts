/**
 * The functions' database roles as production sets them up: db:migrate run as
 * Cloud Build runs it, with the owner's URL and every function's own URL
 * (its role and password), so each role may log in.
 */
import { migrateCanopySchema } from '../../tools/db-migrate.ts';
import { roleFor, roleLogins, roleUrlVariable } from '../../tools/db-roles.ts';
import { loadManifest } from '../../tools/manifest.ts';

/** A function's role and the password its DATABASE_URL secret holds in the tests. */
export const roleLogin = (fn: string) => ({ name: roleFor(fn), password: `${fn}-role-password` });

/** `databaseUrl` (a server's database, in any form shared/database-url.ts reads) as `fn`'s role. */
export function roleUrl(databaseUrl: string, fn: string): string {
  const { name, password } = roleLogin(fn);
  return databaseUrl.replace(/^(postgres(?:ql)?:\/\/)(?:[^@/?#]*@)?/, `$1${encodeURIComponent(name)}:${encodeURIComponent(password)}@`);
}

/** db:migrate on `databaseUrl` with every function's own URL beside the owner's: roles, grants and logins. */
export async function grantRoles(databaseUrl: string): Promise<void> {
  const manifest = loadManifest();
  const env = Object.fromEntries(Object.keys(manifest.functions).map((fn) => [roleUrlVariable(fn), roleUrl(databaseUrl, fn)]));
  await migrateCanopySchema(databaseUrl, { manifest, logins: roleLogins(manifest, env) });
}
