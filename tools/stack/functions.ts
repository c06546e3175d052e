import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DIST, RELAY_DIST } from '../build.ts';
import type { FunctionSpec } from '../manifest.ts';
import { DEV_SECRET_KEY, DEV_WEBHOOK_SECRET } from './monolith.ts';
import { startProcess, waitForHttp, type Service } from './processes.ts';

export interface FunctionEnv {
  databaseUrl: string;
  /** SECRET_KEY, for a function started by hand; devSecrets() gives what the manifest declares. */
  secretKey?: string;
  extra?: Record<string, string>;
}

// The local stack's value of each secret a function may declare.
const DEV_SECRETS: Record<string, string> = { SECRET_KEY: DEV_SECRET_KEY, PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET };

/** The secrets a function's manifest entry lists, with local values: what its Cloud Run service gets, and no more. */
export function devSecrets(spec: Pick<FunctionSpec, 'secrets'>): Record<string, string> {
  return Object.fromEntries(
    spec.secrets.map((name) => {
      if (!(name in DEV_SECRETS)) throw new Error(`no local value for secret ${name}: add one to DEV_SECRETS in tools/stack/functions.ts`);
      return [name, DEV_SECRETS[name]!];
    }),
  );
}

/**
 * Starts a built image folder exactly as its container does: `node main.js`
 * in the folder, with only `env` (and PATH), listening on `port`; `nodeArgs`
 * go to node before main.js (the profiler's --cpu-prof, which NODE_OPTIONS refuses).
 */
async function startBundle(
  name: string,
  dir: string,
  env: Record<string, string>,
  options: { port: number; echo?: boolean; what: string; nodeArgs?: string[] },
): Promise<Service> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startProcess(name, process.execPath, [...(options.nodeArgs ?? []), 'main.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', K_SERVICE: name, PORT: String(options.port), ...env },
    echo: options.echo,
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`${options.what} ${error.message}`);
  });
  return { name, url, ...proc };
}

const functionVars = (name: string, env: FunctionEnv) => ({
  FUNCTION_TARGET: name,
  DATABASE_URL: env.databaseUrl,
  ...(env.secretKey !== undefined && { SECRET_KEY: env.secretKey }),
  ...env.extra,
});

/** Starts a built function exactly as its container does: `node main.js` in its bundle folder. */
export function startFunction(name: string, env: FunctionEnv, options: { port: number; echo?: boolean; dir?: string; nodeArgs?: string[] }): Promise<Service> {
  return startBundle(name, options.dir ?? join(DIST, name), functionVars(name, env), { ...options, what: `function ${name}` });
}

// The framework's CLI, from its package's own "bin" field (its "exports" hide package.json, so walk up from the main module).
function frameworkCli(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(dir, bin['functions-framework']!);
}

/**
 * The same bundle under `functions-framework --target=<name>` (its image's
 * `npm run start:framework`), which serves the bundle's export of that name
 * and loads the ESM bundle by path (the folder's package.json says "type": "module").
 */
export async function startFunctionUnderFramework(name: string, env: FunctionEnv, options: { port: number; dir?: string }): Promise<Service> {
  const dir = options.dir ?? join(DIST, name);
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startProcess(`${name}-framework`, process.execPath, [frameworkCli(), `--target=${name}`, `--source=${join(dir, 'index.js')}`, `--port=${options.port}`], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', K_SERVICE: name, ...functionVars(name, env) },
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`function ${name} under the Functions Framework ${error.message}`);
  });
  return { name, url, ...proc };
}

/**
 * Starts the built outbox relay exactly as its container does (`node main.js`
 * in dist/relay), configured by `env` (relay/config.ts), its health on `port`.
 */
export function startRelayService(env: Record<string, string>, options: { port: number; echo?: boolean; dir?: string }): Promise<Service> {
  return startBundle('relay', options.dir ?? RELAY_DIST, env, { ...options, what: 'relay' });
}
