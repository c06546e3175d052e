import { join } from 'node:path';
import { DIST } from '../build.ts';
import { startProcess, waitForHttp, type Service } from './processes.ts';

export interface FunctionEnv {
  databaseUrl: string;
  secretKey: string;
  extra?: Record<string, string>;
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
      SECRET_KEY: env.secretKey,
      ...env.extra,
    },
    echo: options.echo,
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`function ${name} ${error.message}`);
  });
  return { name, url, ...proc };
}
