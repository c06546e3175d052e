import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { routeMatcher } from '../../shared/routing.ts';
import type { Manifest } from '../manifest.ts';

/** The response header naming the backend that answered (production backends add it as a custom response header). */
export const BACKEND_HEADER = 'x-canopy-backend';

/** Where the local stack serves its own page (tools/dashboard): a path the monolith never uses. */
export const DASHBOARD_PREFIX = '/_canopy/';

export interface Backends {
  /** The default service: the monolith's base URL, or null when it is not running. */
  monolith: string | null;
  functions: Record<string, string>;
}

/**
 * Picks the backend for a path as the URL map does: route rules in manifest
 * order (first match wins), a matched route split between its function and
 * the monolith by weight out of 1000, and the monolith as default service.
 */
export function createRouter(manifest: Manifest): (path: string) => { backend: string; route: string | null } {
  const match = routeMatcher(manifest.routes.filter((r) => r.stage !== 'off'));
  return (path) => {
    const route = match(path);
    if (!route) return { backend: 'monolith', route: null };
    return { backend: randomInt(1000) < route.weight ? route.function : 'monolith', route: route.id };
  };
}

function traceContext(): string {
  return `${randomBytes(16).toString('hex')}/${BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n};o=1`;
}

/** One answer the load balancer relayed, for the rollout gates. */
export interface Observation {
  route: string;
  backend: string;
  status: number;
  latencyMs: number;
}

function forward(target: string, req: IncomingMessage, res: ServerResponse, backend: string, done: (status: number) => void): void {
  const url = new URL(target);
  const client = req.socket.remoteAddress ?? '127.0.0.1';
  const headers = { ...req.headers };
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  headers['x-cloud-trace-context'] ??= traceContext();
  const upstream = httpRequest(
    { host: url.hostname, port: url.port, method: req.method, path: req.url, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [BACKEND_HEADER]: backend });
      answer.pipe(res);
      answer.on('end', () => done(answer.statusCode ?? 502));
    },
  );
  upstream.on('error', () => {
    unavailable(res, backend);
    done(502);
  });
  req.pipe(upstream);
}

function unavailable(res: ServerResponse, backend: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', [BACKEND_HEADER]: backend });
  res.end(`502 Bad Gateway: backend "${backend}" is not reachable\n`);
}

/**
 * Starts the local load balancer on one port. `manifest` may be a getter,
 * read per request, so a reloaded manifest's weights and stages apply at
 * once; `dashboard` answers everything under DASHBOARD_PREFIX.
 */
export function startLoadBalancer(
  manifest: Manifest | (() => Manifest),
  backends: Backends,
  port: number,
  observe: (observation: Observation) => void = () => {},
  dashboard?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const current = typeof manifest === 'function' ? manifest : () => manifest;
  let routedBy = current();
  let route = createRouter(routedBy);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // `${path}/` so that /_canopy itself reaches the dashboard too (which redirects it).
    if (dashboard && `${path}/`.startsWith(DASHBOARD_PREFIX)) return dashboard(req, res);
    if (current() !== routedBy) {
      routedBy = current();
      route = createRouter(routedBy);
    }
    const { backend, route: routeId } = route(path);
    const started = performance.now();
    const done = (status: number) => routeId && observe({ route: routeId, backend, status, latencyMs: performance.now() - started });
    const target = backend === 'monolith' ? backends.monolith : backends.functions[backend];
    if (!target) {
      unavailable(res, backend);
      return void done(502);
    }
    forward(target, req, res, backend, done);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is in use: stop what listens there or pass --port` : error.message)),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
