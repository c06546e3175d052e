import * as functions from '@google-cloud/functions-framework';
import { loadConfig, type FunctionConfig } from './config.ts';
import { connect, type Sql } from './db.ts';
import type { ApiView } from './drf/view.ts';
import { createHandler } from './pipeline/handler.ts';
import { toNodeHandler, type NodeHandler } from './pipeline/node-adapter.ts';
import type { CanopyRequest, CanopyResponse } from './http/types.ts';
import type { UrlPattern } from './http/urls.ts';
import { createParityRecorder } from './modes/record.ts';
import { withRouteModes } from './modes/route-modes.ts';
import { createModeStore } from './modes/store.ts';
import type { RouteSpec } from './routing.ts';

// The function's own routes and secrets from the manifest, injected by the build (tools/build.ts).
declare const __CANOPY_ROUTES__: RouteSpec[] | undefined;
declare const __CANOPY_SECRETS__: string[] | undefined;
const ROUTES: RouteSpec[] = typeof __CANOPY_ROUTES__ === 'undefined' ? [] : __CANOPY_ROUTES__;
const SECRETS: string[] | undefined = typeof __CANOPY_SECRETS__ === 'undefined' ? undefined : __CANOPY_SECRETS__;

/** A registered function: its Node handler, and the cold-start work it waits for. */
export type FunctionHandler = NodeHandler & { ready: Promise<void> };

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
  build(context: RouteContext): Promise<(req: CanopyRequest) => Promise<CanopyResponse>>;
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
 * Builds a function and registers it with the Functions Framework under
 * `name`. The same handler is exported for the minimal node:http entrypoint
 * (as `export { handler as '<name>' }`), so both serve identical code.
 * Configuration and secrets are read once; the entrypoint awaits `ready`
 * before it listens, so an operator mistake stops start-up instead of failing
 * requests.
 */
export function defineFunction<C = undefined>(name: string, spec: FunctionSpec<C>): FunctionHandler {
  const serve = loadConfig(process.env, SECRETS).then(async (shared) => {
    const config = (await spec.config?.(process.env, shared)) as C;
    const handle = await spec.routes(config).build({ name, shared, sql: openPool(shared) });
    return toNodeHandler(handle, shared.requestTimeoutMs);
  });
  return register(name, serve);
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
 * same body reading, error boundary and request log.
 */
export function handler(make: (context: { shared: FunctionConfig; sql: Sql }) => (req: CanopyRequest) => Promise<CanopyResponse>): Routes {
  return { build: async ({ shared, sql }) => make({ shared, sql }) };
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

/** Registers the handler with the Functions Framework; requests wait for the cold-start work. */
function register(name: string, serve: Promise<NodeHandler>): FunctionHandler {
  const handler = (async (req, res) => (await serve)(req, res)) as FunctionHandler;
  handler.ready = serve.then(() => undefined);
  functions.http(name, handler);
  return handler;
}
