/**
 * Starts the two sides on free ports: the monolith under gunicorn with its
 * production defaults, and a built function as one Cloud Run instance, under
 * either runtime. Each started server is registered for clean-up.
 */
import { cpus } from 'node:os';
import { loadManifest } from '../manifest.ts';
import { startFunction, startFunctionUnderFramework } from '../stack/functions.ts';
import { DEV_WEBHOOK_SECRET, startMonolith } from '../stack/monolith.ts';
import type { Service } from '../stack/processes.ts';
import { onCleanup } from './cleanup.ts';
import type { BenchEnvironment } from './environment.ts';
import { benchPushIdentity } from './push-identity.ts';

/** How a function process starts: `node main.js` as its container does, or the Functions Framework's own server. */
export type Runtime = 'minimal' | 'framework';

export interface Server {
  url: string;
  /** The serving process: gunicorn's master or the function's node process. */
  pid: number;
  /** Its recent output: a function's start-up line carries its cold-start phases. */
  output(): string;
  stop(): Promise<void>;
}

/** gunicorn.conf.py's default WEB_CONCURRENCY (2 × cores + 1); startMonolith would otherwise pass its own 2. */
export const GUNICORN_WORKERS = cpus().length * 2 + 1;

/** Every function runs as one Cloud Run instance with a database pool this size. */
export const FUNCTION_DB_POOL_MAX = 10;

const FUNCTION_ENV: { all: Record<string, string>; [name: string]: Record<string, string> } = {
  all: { DB_POOL_MAX: String(FUNCTION_DB_POOL_MAX) },
  // The login throttle (failures only) must never be what the bench measures.
  identity: { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '1000000/900', LOGIN_THROTTLE_ACCOUNT: '1000000/900', LOGIN_THROTTLE_ADDRESS: '1000000/900' },
  // The local stack's webhook secret, which the monolith is given too.
  'payments-webhook': { PAYMENTS_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET },
  // Required; the cold-start probe names an order that does not exist, so it is never called.
  // Its push identity is added at launch (tools/bench/push-identity.ts).
  'order-events': { DISPATCH_URL: 'http://127.0.0.1:9/dispatch' },
  // Streams hold no connection: measured with the pool its manifest entry gives it, not the bench's 10.
  'order-stream': { DB_POOL_MAX: String(loadManifest().functions['order-stream']?.dbPoolSize ?? FUNCTION_DB_POOL_MAX) },
};

/** libuv's default thread pool: the threads a function hashes passwords on unless UV_THREADPOOL_SIZE says otherwise. */
const LIBUV_DEFAULT_POOL = 4;

/** How many password hashes the function runs at once: its libuv thread pool, as the bench starts it. */
export function functionThreadPool(name: string): number {
  const env = { ...FUNCTION_ENV.all, ...FUNCTION_ENV[name] };
  return Number(env.UV_THREADPOOL_SIZE) || LIBUV_DEFAULT_POOL;
}

function registered(what: string, service: Service): Server {
  const stop = onCleanup(what, () => service.stop());
  return { url: service.url, pid: service.child.pid!, output: service.output, stop };
}

/** Starts gunicorn with the monolith's gunicorn.conf.py (sync workers) on `port`. */
export async function launchMonolith(env: BenchEnvironment, port: number): Promise<Server> {
  const service = await startMonolith(env.python, env.monolithEnv, { port, workers: GUNICORN_WORKERS });
  return registered('gunicorn', service);
}

/**
 * Starts one built function under the given runtime on `port`; `dir` is another
 * build of it and `nodeArgs` go to node (the minimal runtime only).
 */
export async function launchFunction(
  env: BenchEnvironment,
  name: string,
  runtime: Runtime,
  port: number,
  { dir, nodeArgs }: { dir?: string; nodeArgs?: string[] } = {},
): Promise<Server> {
  const push = name === 'order-events' ? (await benchPushIdentity()).consumerEnv : {};
  const functionEnv = { databaseUrl: env.databaseUrl, secretKey: env.monolithEnv.secretKey, extra: { ...FUNCTION_ENV.all, ...FUNCTION_ENV[name], ...push } };
  const service = runtime === 'minimal' ? await startFunction(name, functionEnv, { port, dir, nodeArgs }) : await startFunctionUnderFramework(name, functionEnv, { port });
  return registered(`${name} (${runtime})`, service);
}

/** Starts servers one after another, runs `body` with them, and stops every one that started, whatever happens. */
export async function withServers<T>(launches: Array<() => Promise<Server>>, body: (servers: Server[]) => Promise<T>): Promise<T> {
  const started: Server[] = [];
  try {
    for (const launch of launches) started.push(await launch());
    return await body(started);
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}
