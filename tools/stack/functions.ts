import { join } from 'node:path';
import { DIST } from '../build.ts';
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

/** Starts a built function exactly as its container does: `node main.js` in its bundle folder. */
export async function startFunction(name: string, env: FunctionEnv, options: { port: number; echo?: boolean; dir?: string }): Promise<Service> {
  const dir = options.dir ?? join(DIST, name);
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startProcess(name, process.execPath, ['main.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      FUNCTION_TARGET: name,
      K_SERVICE: name,
      PORT: String(options.port),
      DATABASE_URL: env.databaseUrl,
      ...(env.secretKey !== undefined && { SECRET_KEY: env.secretKey }),
      ...env.extra,
    },
    echo: options.echo,
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`function ${name} ${error.message}`);
  });
  return { name, url, ...proc };
}
