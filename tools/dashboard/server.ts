import type { IncomingMessage, ServerResponse } from 'node:http';
import type postgres from 'postgres';
import { defaultMode } from '../../shared/routing.ts';
import type { Manifest } from '../manifest.ts';
import { setMode } from '../modes.ts';
import { DASHBOARD_PREFIX } from '../stack/load-balancer.ts';
import { hasToken, isLoopbackHost } from './guard.ts';
import { dashboardPage } from './page.ts';
import { readState } from './state.ts';

export interface DashboardOptions {
  sql: postgres.Sql;
  /** The manifest in force (the stack reloads it when the file changes). */
  manifest: () => Manifest;
  /** The load balancer's URL, for copy-as-curl; its port is the only one the dashboard answers on. */
  baseUrl: string;
  /** This run's token: a change (the kill switch) must carry it (npm start prints it in the dashboard's link). */
  token: string;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk).length > 10_000 && req.destroy());
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/**
 * A cross-site page cannot flip the kill switch: it would need a JSON content
 * type (which forces a CORS preflight this server never grants), and an
 * Origin, when sent, must be this server's own.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return req.headers['content-type'] === 'application/json' && (origin === undefined || origin === `http://${req.headers.host}`);
}

/**
 * The local stack's page under /_canopy/: the page itself, its figures as
 * JSON (`state`), and the kill switch (`POST routes/<id>/kill-switch` with
 * `{"on": true|false}` and this run's token in X-Canopy-Token): on stores the
 * bypass mode, off the stage's own. Only loopback host names are answered.
 */
export function createDashboard(options: DashboardOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const port = new URL(options.baseUrl).port;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req, port)) return json(res, 403, { error: `the dashboard answers only as 127.0.0.1:${port}, localhost:${port} or [::1]:${port}` });
    const path = (req.url ?? '/').split('?')[0]!;
    const sub = path.slice(DASHBOARD_PREFIX.length);
    if (path === DASHBOARD_PREFIX.slice(0, -1)) {
      res.writeHead(301, { location: DASHBOARD_PREFIX });
      return void res.end();
    }
    if (req.method === 'GET' && sub === '') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(dashboardPage());
    }
    if (req.method === 'GET' && sub === 'state') return json(res, 200, await readState(options.sql, options.manifest(), options.baseUrl));
    const kill = /^routes\/([a-z0-9-]+)\/kill-switch$/.exec(sub);
    if (req.method === 'POST' && kill) {
      if (!sameOrigin(req)) return json(res, 403, { error: 'send JSON from the dashboard itself' });
      if (!hasToken(req, options.token)) return json(res, 403, { error: 'no token for this run: open the dashboard link npm start printed (also in .canopy/stack.json)' });
      const route = options.manifest().routes.find((r) => r.id === kill[1]);
      if (!route) return json(res, 404, { error: `no route "${kill[1]}" in the manifest` });
      const { on } = JSON.parse((await readBody(req)) || '{}') as { on?: unknown };
      if (typeof on !== 'boolean') return json(res, 400, { error: 'send {"on": true} or {"on": false}' });
      const mode = on ? 'bypass' : defaultMode(route.stage);
      await setMode(options.sql, route.id, mode, on ? 'kill switch: dashboard' : 'kill switch undone: dashboard');
      return json(res, 200, { route: route.id, mode });
    }
    json(res, 404, { error: `nothing at ${path}` });
  };
  return (req, res) =>
    void handle(req, res).catch((error: Error) => {
      if (res.headersSent) return void res.destroy();
      json(res, error instanceof SyntaxError ? 400 : 503, { error: error instanceof SyntaxError ? 'the body is not JSON' : `the database did not answer: ${error.message}` });
    });
}
