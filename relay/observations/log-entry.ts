import * as z from 'zod/mini';
import { templateMatcher, type RouteSpec } from '../../shared/routing.ts';

/**
 * The part of an external Application Load Balancer request log entry
 * (resource.type http_load_balancer, jsonPayload @type
 * type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry)
 * that the gates need, as a log sink delivers it to Pub/Sub: one LogEntry as
 * JSON per message.
 */
const entrySchema = z.object({
  insertId: z.string(),
  timestamp: z.string(),
  resource: z.object({
    type: z.literal('http_load_balancer'),
    labels: z.object({ backend_service_name: z.optional(z.string()) }),
  }),
  httpRequest: z.object({
    requestMethod: z.string(),
    requestUrl: z.string(),
    status: z.optional(z.number()),
    // A protobuf Duration in JSON: "0.123456s". Absent when no response was sent.
    latency: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?s$/))),
  }),
  jsonPayload: z.optional(z.object({ statusDetails: z.optional(z.string()) })),
});

/** A row of canopy.route_observations. */
export interface LoggedObservation {
  route_id: string;
  backend: string;
  status: number;
  latency_ms: number;
  /** ISO 8601, as the log entry's timestamp (the pool's type options send strings, not Dates). */
  observed_at: string;
  log_insert_id: string;
}

/** The routes the observations are for: only path and methods matter (stage and weight change with every step). */
export type ObservedRoute = Pick<RouteSpec, 'id' | 'pathTemplate' | 'methods'>;

/** Backend services are named canopy-<function> and canopy-monolith (infra/modules/load-balancer). */
const BACKEND_PREFIX = 'canopy-';

/**
 * Answers the load balancer gave without any backend deciding them: Cloud
 * Armor's refusals, and clients that left before any answer. A failure to
 * reach a backend (failed_to_connect_to_backend, backend_timeout...) is kept:
 * it is the backend's 5xx.
 */
const NOT_THE_BACKENDS = /^(denied_by_security_policy|client_disconnected_before_any_response|client_timed_out)/;

/**
 * Reads one log entry into the observation the gates use, matching the
 * request to a route as the URL map does (first route whose template matches
 * and whose methods include the method). Null for anything else: traffic the
 * manifest does not route, another load balancer's backends, or answers no
 * backend gave.
 */
export function createEntryReader(routes: readonly ObservedRoute[]): (data: unknown) => LoggedObservation | null {
  const compiled = routes.map((route) => ({ route, matcher: templateMatcher(route.pathTemplate) }));
  return (data) => {
    const parsed = entrySchema.safeParse(data);
    if (!parsed.success) return null;
    const { insertId, timestamp, resource, httpRequest, jsonPayload } = parsed.data;
    const service = resource.labels.backend_service_name ?? '';
    if (!service.startsWith(BACKEND_PREFIX) || httpRequest.status === undefined || httpRequest.latency === undefined) return null;
    if (NOT_THE_BACKENDS.test(jsonPayload?.statusDetails ?? '')) return null;
    let path: string;
    try {
      path = new URL(httpRequest.requestUrl).pathname;
    } catch {
      return null;
    }
    const route = compiled.find((c) => c.matcher.test(path) && c.route.methods.includes(httpRequest.requestMethod))?.route;
    const observedAt = new Date(timestamp);
    if (!route || Number.isNaN(observedAt.getTime())) return null;
    return {
      route_id: route.id,
      backend: service.slice(BACKEND_PREFIX.length),
      status: httpRequest.status,
      latency_ms: Number(httpRequest.latency.slice(0, -1)) * 1000,
      observed_at: observedAt.toISOString(),
      log_insert_id: insertId,
    };
  };
}
