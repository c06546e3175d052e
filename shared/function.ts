import * as functions from '@google-cloud/functions-framework';
import { loadConfig } from './config.ts';
import { connect } from './db.ts';
import type { ApiView } from './drf/view.ts';
import { createHandler } from './http/handler.ts';
import { toNodeHandler, type NodeHandler } from './http/node-adapter.ts';
import type { UrlPattern } from './http/urls.ts';

/**
 * Builds a function from its URL patterns and registers it with the Functions
 * Framework under `name`. The same handler is exported for the minimal
 * node:http entrypoint, so both serve identical code.
 */
export function defineFunction(name: string, urlPatterns: ReadonlyArray<UrlPattern<ApiView>>): NodeHandler {
  const config = loadConfig();
  const sql = connect({
    url: config.databaseUrl,
    poolSize: config.poolSize,
    connectTimeoutSeconds: config.connectTimeoutSeconds,
  });
  const handler = toNodeHandler(createHandler({ urlPatterns, sql, secretKey: config.secretKey }));
  functions.http(name, handler);
  return handler;
}
