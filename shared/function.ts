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

/**
 * Builds a function from its URL patterns and registers it with the Functions
 * Framework under `name`. The same handler is exported for the minimal
 * node:http entrypoint, so both serve identical code. Configuration and
 * secrets are read once; the entrypoint awaits `ready` before it listens, so
 * an operator mistake stops start-up instead of failing requests. Each
 * request goes through its route's mode (serve, shadow, bypass) first; the
 * modes are read once before the first request, so a cold instance honours
 * a kill switch from its first answer.
 */
export function defineFunction(name: string, urlPatterns: ReadonlyArray<UrlPattern<ApiView>>): FunctionHandler {
  const serve = loadConfig(process.env, SECRETS).then(async (config) => {
    const sql = openPool(config);
    // Without SECRET_KEY in its manifest entry a function signs nothing: no authenticators, no session it reads.
    const django = createHandler({ urlPatterns, secretKey: config.secretKey ?? '' });
    const store = createModeStore(sql);
    await store.loaded;
    return toNodeHandler(
      withRouteModes(django, {
        routes: ROUTES.filter((r) => r.function === name),
        store,
        sql,
        monolithUrl: config.monolithUrl,
        originToken: config.originToken,
        record: createParityRecorder(sql),
        noiseSample: config.noiseSample,
      }),
      config.requestTimeoutMs,
    );
  });
  return register(name, serve);
}

/**
 * Registers a function that serves no DRF views (a Pub/Sub push consumer):
 * `build` makes its request handler once, from the configuration and the
 * pool; requests get the same body reading, error boundary and request log.
 */
export function defineHttpFunction(
  name: string,
  build: (context: { config: FunctionConfig; sql: Sql }) => (req: CanopyRequest) => Promise<CanopyResponse>,
): FunctionHandler {
  return register(
    name,
    loadConfig(process.env, SECRETS).then((config) => toNodeHandler(build({ config, sql: openPool(config) }), config.requestTimeoutMs)),
  );
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
