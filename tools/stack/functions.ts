import { join } from 'node:path';
import { DIST, RELAY_DIST } from '../build.ts';
import { startProcess, waitForHttp, type Service } from './processes.ts';

export interface FunctionEnv {
  databaseUrl: string;
  secretKey: string;
  extra?: Record<string, string>;
}

/**
 * Starts a built image folder exactly as its container does: `node main.js`
 * in the folder, with only `env` (and PATH), listening on `port`.
 */
async function startBundle(name: string, dir: string, env: Record<string, string>, options: { port: number; echo?: boolean; what: string }): Promise<Service> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = startProcess(name, process.execPath, ['main.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', K_SERVICE: name, PORT: String(options.port), ...env },
    echo: options.echo,
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`${options.what} ${error.message}`);
  });
  return { name, url, ...proc };
}

/** Starts a built function exactly as its container does: `node main.js` in its bundle folder. */
export function startFunction(name: string, env: FunctionEnv, options: { port: number; echo?: boolean; dir?: string }): Promise<Service> {
  const vars = { FUNCTION_TARGET: name, DATABASE_URL: env.databaseUrl, SECRET_KEY: env.secretKey, ...env.extra };
  return startBundle(name, options.dir ?? join(DIST, name), vars, { ...options, what: `function ${name}` });
}

/**
 * Starts the built outbox relay exactly as its container does (`node main.js`
 * in dist/relay), configured by `env` (relay/config.ts), its health on `port`.
 */
export function startRelayService(env: Record<string, string>, options: { port: number; echo?: boolean; dir?: string }): Promise<Service> {
  return startBundle('relay', options.dir ?? RELAY_DIST, env, { ...options, what: 'relay' });
}
