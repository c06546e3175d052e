import type postgres from 'postgres';
import type { Route } from '../manifest.ts';
import type { RouteMode } from '../../shared/routing.ts';

/** One shadowed request's verdict (canopy.parity_results). */
export interface ShadowSample {
  agreed: boolean;
  monolithStatus: number;
  /** Null when the function's own handling failed. */
  functionStatus: number | null;
  monolithMs: number;
  functionMs: number | null;
}

/** One answer the load balancer relayed (canopy.route_observations). */
export interface Observed {
  status: number;
  latencyMs: number;
}

/** What a route did on the judging window, from the two tables the gates read. */
export interface RouteWindow {
  start: Date;
  seconds: number;
  /** The stored mode (null: the stage's default applies). */
  mode: { mode: RouteMode; reason: string } | null;
  shadow: ShadowSample[];
  /** Observed answers of the route's function backend and of the monolith backend (the newest 2·MAX_ROWS together, so both sides span the same time). */
  fn: Observed[];
  monolith: Observed[];
  /** Every answer the load balancer relayed for the route in the window, for its request rate. */
  requests: number;
}

// The newest rows suffice to judge; a cap keeps a busy route's window bounded in memory.
const MAX_ROWS = 50_000;

/**
 * Reads a route's window: the last `maxSeconds`, but never before its mode
 * last changed (canopy.route_modes.updated_at), since answers from before
 * (shadowed, or bypassed by the kill switch) are not what the current stage
 * does. Times are the database's own, so no clock skew enters.
 */
export async function readWindow(sql: postgres.Sql, route: Route, maxSeconds: number): Promise<RouteWindow> {
  const [bounds] = await sql<{ start: Date; seconds: number; mode: RouteMode | null; reason: string | null }[]>`
    select greatest(now() - make_interval(secs => ${maxSeconds}), coalesce(m.updated_at, '-infinity')) as start,
           extract(epoch from now() - greatest(now() - make_interval(secs => ${maxSeconds}), coalesce(m.updated_at, '-infinity')))::float8 as seconds,
           m.mode, m.reason
    from (select 1) one left join canopy.route_modes m on m.route_id = ${route.id}`;
  const { start, seconds, mode, reason } = bounds!;
  const shadow = await sql<{ agreed: boolean; monolith_status: number; function_status: number | null; monolith_ms: number; function_ms: number | null }[]>`
    select agreed, monolith_status, function_status, monolith_ms, function_ms from canopy.parity_results
    where route_id = ${route.id} and recorded_at >= ${start} order by id desc limit ${MAX_ROWS}`;
  const observed = await sql<{ backend: string; status: number; latency_ms: number }[]>`
    select backend, status, latency_ms from canopy.route_observations
    where route_id = ${route.id} and observed_at >= ${start} and backend in (${route.function}, 'monolith') order by id desc limit ${2 * MAX_ROWS}`;
  const [counted] = await sql<{ requests: number }[]>`
    select count(*)::int as requests from canopy.route_observations where route_id = ${route.id} and observed_at >= ${start}`;
  const side = (backend: string) => observed.filter((o) => o.backend === backend).map((o) => ({ status: o.status, latencyMs: o.latency_ms }));
  return {
    start,
    seconds,
    mode: mode ? { mode, reason: reason ?? '' } : null,
    shadow: shadow.map((r) => ({ agreed: r.agreed, monolithStatus: r.monolith_status, functionStatus: r.function_status, monolithMs: r.monolith_ms, functionMs: r.function_ms })),
    fn: side(route.function),
    monolith: side('monolith'),
    requests: counted!.requests,
  };
}
