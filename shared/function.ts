import { loadConfig, type FunctionConfig } from './config.ts';
import { connect, type Sql } from './db.ts';
import type { ApiView } from './drf/view.ts';
import { createHandler } from './pipeline/handler.ts';
import { toNodeHandler, type NodeHandler } from './pipeline/node-adapter.ts';
import type { CanopyRequest, CanopyResponse } from './http/types.ts';
import type { UrlPattern } from './http/urls.ts';
import { log } from './log.ts';
import { createParityRecorder } from './modes/record.ts';
import { withRouteModes } from './modes/route-modes.ts';
import { createModeStore } from './modes/store.ts';
import type { RouteSpec } from './routing.ts';

// The function's own routes and secrets from the manifest, injected by the build (tools/build.ts).
declare const __CANOPY_ROUTES__: RouteSpec[] | undefined;
declare const __CANOPY_SECRETS__: string[] | undefined;
const ROUTES: RouteSpec[] = typeof __CANOPY_ROUTES__ === 'undefined' ? [] : __CANOPY_ROUTES__;
const SECRETS: string[] | undefined = typeof __CANOPY_SECRETS__ === 'undefined' ? undefined : __CANOPY_SECRETS__;

/**
 * Milliseconds each cold-start phase took: `configMs` (settings and secrets), `routesMs` (the
 * handler and, for views, the first query: the route modes). The entrypoint logs them.
 */
export type StartupPhases = Partial<Record<'configMs' | 'routesMs', number>>;

/** A registered function: its Node handler, the cold-start work it waits for, and how long that took. */
export type FunctionHandler = NodeHandler & { ready: Promise<void>; startup: StartupPhases };

/** What a function's request handler is made from, once, at cold start. */
interface RouteContext {
  name: string;
  shared: FunctionConfig;
  sql: Sql;
}

/**
 * How a function answers: `views(...)` (DRF views behind their route modes) or `handler(...)` (a
 * plain request handler). Each is its own export so a bundle carries only the one it uses: a push
 * consumer's bundle has no DRF pipeline in it.
 */
export interface Routes {
  build(context: RouteContext): Promise<RequestHandler>;
}

/** A function's one shape: its own settings and its routes. */
export interface FunctionSpec<C> {
  /**
   * Reads the function's own settings (the env and secrets its manifest entry declares) after the
   * shared ones; a ConfigError stops start-up with its one line. Omitted when it has none.
   */
  config?: (env: NodeJS.ProcessEnv, shared: FunctionConfig) => C | Promise<C>;
  /** The function's routes, given its settings: `views([...])` or `handler(...)`. */
  routes: (config: C) => Routes;
}

/**
 * Builds a function: the handler a function's index.ts exports under its
 * name (`export { handler as '<name>' }`). The minimal node:http entrypoint
 * serves that export, and so does `functions-framework --target=<name>`,
 * which takes a module's export of that name as an HTTP function: nothing is
 * registered with the framework, so an instance started by `node main.js`
 * never loads it (about 15 ms of cold start). Configuration and secrets are read once; the entrypoint awaits `ready`
 * before it listens, so an operator mistake stops start-up instead of failing
 * requests.
 */
export function defineFunction<C = undefined>(name: string, spec: FunctionSpec<C>): FunctionHandler {
  const startup: StartupPhases = {};
  const serve = (async () => {
    const { shared, config } = await timed(startup, 'configMs', async () => {
      const shared = await loadConfig(process.env, SECRETS);
      return { shared, config: (await spec.config?.(process.env, shared)) as C };
    });
    const handle = await timed(startup, 'routesMs', () => spec.routes(config).build({ name, shared, sql: openPool(shared) }));
    return toNodeHandler(handle, shared.requestTimeoutMs);
  })();
  return handlerOf(serve, startup);
}

async function timed<T>(phases: StartupPhases, phase: keyof StartupPhases, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  phases[phase] = performance.now() - started;
  return value;
}

/**
 * DRF views at their URL patterns, in the monolith's urls.py order. Each request
 * goes through its route's mode (serve, shadow, bypass) first; the modes are
 * read once before the first request, so a cold instance honours a kill switch
 * from its first answer.
 */
export function views(urlPatterns: ReadonlyArray<UrlPattern<ApiView>>): Routes {
  return {
    async build({ name, shared, sql }) {
      // Without SECRET_KEY in its manifest entry a function signs nothing: no authenticators, no session it reads.
      const django = createHandler({ urlPatterns, secretKey: shared.secretKey ?? '' });
      const store = createModeStore(sql);
      await store.loaded;
      return withRouteModes(django, {
        routes: ROUTES.filter((r) => r.function === name),
        store,
        sql,
        monolithUrl: shared.monolithUrl,
        originToken: shared.originToken,
        record: createParityRecorder(sql),
        noiseSample: shared.noiseSample,
      });
    },
  };
}

/**
 * A plain request handler for a function that serves no DRF views (a Pub/Sub
 * push consumer), made once from its settings and the pool; requests get the
 * same body reading, error boundary and request log. While it is made, the
 * pool opens its first connection, as views' first read of the route modes
 * does, so the first request does not wait for one.
 */
export function handler(make: (context: { shared: FunctionConfig; sql: Sql }) => RequestHandler | Promise<RequestHandler>): Routes {
  return {
    build: async ({ shared, sql }) => (await Promise.all([make({ shared, sql }), openFirstConnection(sql)]))[0],
  };
}

type RequestHandler = (req: CanopyRequest) => Promise<CanopyResponse>;

// A database that cannot be reached at start is retried by the first request, which answers 503 if it still cannot.
async function openFirstConnection(sql: Sql): Promise<void> {
  await sql`select 1`.catch((error: unknown) => log.warning('no database connection at start; the first request will try again', { error: String(error) }));
}

function openPool(config: FunctionConfig): Sql {
  return connect({
    url: config.databaseUrl,
    poolSize: config.poolSize,
    connectTimeoutSeconds: config.connectTimeoutSeconds,
    statementTimeoutMs: config.statementTimeoutMs,
    transactionPooling: config.transactionPooling,
  });
}

/** The exported handler; requests wait for the cold-start work. */
function handlerOf(serve: Promise<NodeHandler>, startup: StartupPhases): FunctionHandler {
  const handler = (async (req, res) => (await serve)(req, res)) as FunctionHandler;
  handler.ready = serve.then(() => undefined);
  handler.startup = startup;
  return handler;
}
