/**
 * Secrets at cold start. Two ways, both from Secret Manager in production:
 * - the plain variable (SECRET_KEY), which Cloud Run fills from a Secret
 *   Manager reference before the process starts (what infra/ deploys: no
 *   client library in the hot path, nothing to load);
 * - `<NAME>_SECRET` holding a version's resource name
 *   (projects/p/secrets/s/versions/latest), read here once with
 *   @google-cloud/secret-manager, loaded only when used so bundles that
 *   never need it stay small.
 * Values are never logged.
 */

/** What accessSecretVersion needs; the real client satisfies it. */
export interface SecretVersionReader {
  accessSecretVersion(request: { name: string }): Promise<[{ payload?: { data?: Uint8Array | string | null } | null }, ...unknown[]]>;
}

async function defaultReader(): Promise<SecretVersionReader> {
  const { SecretManagerServiceClient } = await import('@google-cloud/secret-manager');
  return new SecretManagerServiceClient() as unknown as SecretVersionReader;
}

/** The value of secret `name`: the variable itself, else the Secret Manager version named by `<name>_SECRET`. */
export async function readSecret(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  reader: () => Promise<SecretVersionReader> = defaultReader,
): Promise<string | undefined> {
  if (env[name]) return env[name];
  const resource = env[`${name}_SECRET`];
  if (!resource) return undefined;
  const [version] = await (await reader()).accessSecretVersion({ name: resource });
  const data = version.payload?.data;
  if (data === undefined || data === null) throw new Error(`${name}_SECRET: secret version ${resource} has no payload`);
  return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
}
