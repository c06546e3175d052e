import * as functions from '@google-cloud/functions-framework';
import { loadConfig } from './config.ts';
import { connect } from './db.ts';
import type { ApiView } from './drf/view.ts';
import { createHandler } from './http/handler.ts';
import { toNodeHandler, type NodeHandler } from './http/node-adapter.ts';
import type { UrlPattern } from './http/urls.ts';

/** A registered function: its Node handler, and the cold-start work it waits for. */
export type FunctionHandler = NodeHandler & { ready: Promise<void> };

/**
 * Builds a function from its URL patterns and registers it with the Functions
 * Framework under `name`. The same handler is exported for the minimal
 * node:http entrypoint, so both serve identical code. Configuration and
 * secrets are read once; the entrypoint awaits `ready` before it listens, so
 * an operator mistake stops start-up instead of failing requests.
 */
export function defineFunction(name: string, urlPatterns: ReadonlyArray<UrlPattern<ApiView>>): FunctionHandler {
  const serve = loadConfig().then((config) => {
    const sql = connect({ url: config.databaseUrl, poolSize: config.poolSize, connectTimeoutSeconds: config.connectTimeoutSeconds });
    return toNodeHandler(createHandler({ urlPatterns, sql, secretKey: config.secretKey }));
  });
  const handler = (async (req, res) => (await serve)(req, res)) as FunctionHandler;
  handler.ready = serve.then(() => undefined);
  functions.http(name, handler);
  return handler;
}
