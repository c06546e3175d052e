import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { hopByHopHeaders } from '../../shared/http/hop-by-hop.ts';
import { templateMatcher } from '../../shared/routing.ts';
import { isDocsPath, MONOLITH, urlMapRouteRules, type HeaderMatch, type RuleKind } from '../infra-check/url-map.ts';
import { DOCS_PREFIX } from '../openapi/serve.ts';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';
import type { Manifest } from '../manifest.ts';

/** The response header naming the backend that answered (production backends add it as a custom response header). */
export const BACKEND_HEADER = 'x-canopy-backend';

/** Where the local stack serves its own page (tools/dashboard): a path the monolith never uses. */
export const DASHBOARD_PREFIX = '/_canopy/';

// Where the API reference is served (the docs service's route rules in production): defined beside its server.
export { DOCS_PREFIX };

export interface Backends {
  /** The default service: the monolith's base URL, or null when it is not running. */
  monolith: string | null;
  functions: Record<string, string>;
}

/** A request as the URL map's route rules see it: header names lower-case. */
export interface RoutedRequest {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Where a request goes, the route it matched (null: the default service) and which rule of the route sent it. */
export interface Routing {
  backend: string;
  route: string | null;
  kind: RuleKind | null;
  /** Request headers the rule removes before forwarding (the tester key). */
  removeHeaders: readonly string[];
}

/** A header match as the URL map applies it: an exact value, or a regular expression the whole value matches. */
function headerMatches(match: HeaderMatch): (headers: RoutedRequest['headers']) => boolean {
  const whole = match.regex_match === null ? null : new RegExp(`^(?:${match.regex_match})$`);
  return (headers) => {
    const raw = headers[match.header_name];
    if (raw === undefined) return false;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    return whole ? whole.test(value) : value === match.exact_match;
  };
}

/**
 * Picks the backend for a request as the URL map does: its route rules
 * (urlMapRouteRules, checked against the Terraform) in priority order, a rule
 * matching when its path template matches, the method is exactly one of its
 * methods (the URL map has one `:method` exact match per method) and every
 * header match holds (the tester key, a sticky cohort's credential); the first
 * such rule's weighted backends chosen out of 1000, and the monolith, the
 * default service, when no rule matches.
 */
export function createRouter(manifest: Manifest, testerKey: string | null = null): (request: RoutedRequest) => Routing {
  const rules = urlMapRouteRules(manifest, testerKey)
    .sort((a, b) => a.priority - b.priority)
    .map((rule) => ({ ...rule, matcher: templateMatcher(rule.path_template), headersMatch: rule.header_matches.map(headerMatches) }));
  return ({ path, method, headers }) => {
    const rule = rules.find((r) => r.matcher.test(path) && r.methods.includes(method) && r.headersMatch.every((holds) => holds(headers)));
    if (!rule) return { backend: MONOLITH, route: null, kind: null, removeHeaders: [] };
    let pick = randomInt(1000);
    const chosen = rule.backends.find((b) => (pick -= b.weight) < 0) ?? rule.backends.at(-1)!;
    return { backend: chosen.name, route: rule.id, kind: rule.kind, removeHeaders: rule.request_headers_to_remove };
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

function forward(target: string, req: IncomingMessage, res: ServerResponse, backend: string, removed: readonly string[], scheme: 'http' | 'https', done: (status: number) => void): void {
  const url = new URL(target);
  const client = req.socket.remoteAddress ?? '127.0.0.1';
  // A proxy drops hop-by-hop headers both ways, as Google's load balancer does, and those the route rule removes.
  const hopByHop = hopByHopHeaders(req.headers.connection);
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !hopByHop.has(name) && !removed.includes(name)));
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-proto'] = scheme;
  headers['x-cloud-trace-context'] ??= traceContext();
  const upstream = httpRequest(
    { host: url.hostname, port: url.port, method: req.method, path: req.url, headers },
    (answer) => {
      const answerHopByHop = hopByHopHeaders(answer.headers.connection);
      const answerHeaders = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !answerHopByHop.has(name)));
      res.writeHead(answer.statusCode ?? 502, { ...answerHeaders, [BACKEND_HEADER]: backend });
      answer.pipe(res);
      let ended = false;
      answer.on('end', () => {
        ended = true;
        done(answer.statusCode ?? 502);
      });
      // A client that leaves mid-answer (an event stream it stops following) ends the backend's answer too.
      res.on('close', () => {
        if (!ended) upstream.destroy();
      });
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
 * once; `dashboard` answers everything under DASHBOARD_PREFIX; `loginThrottle`
 * answers 429, as Cloud Armor's rule does, to a client over its login limit;
 * `testerKey` is the tester routing key (none: no tester routing), as the URL map's;
 * `docs` answers everything under DOCS_PREFIX, as the URL map's docs rules send it to the docs service;
 * `scheme` is what it tells the backends the client spoke (X-Forwarded-Proto): 'https' stands in for
 * the HTTPS front end a monolith with Secure cookies sits behind.
 */
export function startLoadBalancer(
  manifest: Manifest | (() => Manifest),
  backends: Backends,
  port: number,
  observe: (observation: Observation) => void = () => {},
  dashboard?: (req: IncomingMessage, res: ServerResponse) => void,
  edge: { loginThrottle?: LoginThrottle; testerKey?: string | null; docs?: (req: IncomingMessage, res: ServerResponse) => void; scheme?: 'http' | 'https' } = {},
): Promise<Server> {
  const { loginThrottle, testerKey = null, docs, scheme = 'http' } = edge;
  const overLimit = loginThrottle ? createLoginThrottle(loginThrottle) : () => false;
  const current = typeof manifest === 'function' ? manifest : () => manifest;
  let routedBy = current();
  let route = createRouter(routedBy, testerKey);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // `${path}/` so that /_canopy itself reaches the dashboard too (which redirects it).
    if (dashboard && `${path}/`.startsWith(DASHBOARD_PREFIX)) return dashboard(req, res);
    if (docs && isDocsPath(path)) return docs(req, res);
    // Cloud Armor judges a request before the URL map routes it, whichever backend it would reach.
    if (overLimit(req.socket.remoteAddress ?? '', path)) {
      res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('429 Too Many Requests: login throttled at the edge\n');
    }
    if (current() !== routedBy) {
      routedBy = current();
      route = createRouter(routedBy, testerKey);
    }
    const { backend, route: routeId, removeHeaders } = route({ path, method: req.method ?? 'GET', headers: req.headers });
    const started = performance.now();
    const done = (status: number) => routeId && observe({ route: routeId, backend, status, latencyMs: performance.now() - started });
    const target = backend === 'monolith' ? backends.monolith : backends.functions[backend];
    if (!target) {
      unavailable(res, backend);
      return void done(502);
    }
    forward(target, req, res, backend, removeHeaders, scheme, done);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is in use: stop what listens there or pass --port` : error.message)),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
