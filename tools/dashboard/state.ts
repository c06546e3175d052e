import type postgres from 'postgres';
import type { Difference } from '../../shared/parity/index.ts';
import { defaultMode, type RouteMode } from '../../shared/routing.ts';
import type { Manifest } from '../manifest.ts';
import { storedRequestCurl, storedRequestTarget, type StoredRequest } from '../parity/stored-request.ts';

/** Latency percentiles and 5xx count of one backend (or one side of shadowing), in milliseconds. */
export interface BackendFigures {
  backend: string;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface RouteFigures {
  id: string;
  path: string;
  function: string;
  stage: string;
  weight: number;
  mode: RouteMode;
  modeReason: string;
  /** What the load balancer relayed, per backend. */
  backends: BackendFigures[];
  /** Shadowed requests: how many agreed with the monolith after noise, and each side's own latency. */
  parity: { n: number; agreed: number; shadow: BackendFigures[] };
}

export interface RecentDifference {
  id: number;
  route: string;
  at: string;
  method: string;
  path: string;
  differences: Difference[];
  curl: string;
}

export interface DashboardState {
  windowMinutes: number;
  routes: RouteFigures[];
  differences: RecentDifference[];
}

/** Every figure the page shows, over the last `windowMinutes`; curl commands replay against `baseUrl`. */
export async function readState(sql: postgres.Sql, manifest: Manifest, baseUrl: string, windowMinutes = 15): Promise<DashboardState> {
  const since = sql`now() - make_interval(mins => ${windowMinutes})`;
  const [modes, observed, parity, shadowLatency, recent] = await Promise.all([
    sql<{ route_id: string; mode: RouteMode; reason: string }[]>`select route_id, mode, reason from canopy.route_modes`,
    sql<(BackendFigures & { route_id: string })[]>`
      select route_id, backend, count(*)::int as n, (count(*) filter (where status >= 500))::int as errors,
             percentile_cont(0.5) within group (order by latency_ms) as p50,
             percentile_cont(0.95) within group (order by latency_ms) as p95,
             percentile_cont(0.99) within group (order by latency_ms) as p99
      from canopy.route_observations where observed_at > ${since} group by route_id, backend order by backend`,
    sql<{ route_id: string; n: number; agreed: number }[]>`
      select route_id, count(*)::int as n, (count(*) filter (where agreed))::int as agreed
      from canopy.parity_results where recorded_at > ${since} group by route_id`,
    sql<(BackendFigures & { route_id: string })[]>`
      select route_id, side as backend, count(ms)::int as n, (count(*) filter (where status is null or status >= 500))::int as errors,
             percentile_cont(0.5) within group (order by ms) as p50,
             percentile_cont(0.95) within group (order by ms) as p95,
             percentile_cont(0.99) within group (order by ms) as p99
      from canopy.parity_results
      cross join lateral (values ('monolith', monolith_ms, monolith_status), ('function', function_ms, function_status)) as s(side, ms, status)
      where recorded_at > ${since} group by route_id, side order by side desc`,
    sql<{ id: string; route_id: string; recorded_at: Date; method: string; differences: Difference[]; request: StoredRequest }[]>`
      select id, route_id, recorded_at, method, differences, request from canopy.parity_results where not agreed order by id desc limit 20`,
  ]);
  const modeOf = new Map(modes.map((m) => [m.route_id, m]));
  const byRoute = <T extends { route_id: string }>(rows: T[], id: string) => rows.filter((r) => r.route_id === id).map(({ route_id: _, ...rest }) => rest);
  return {
    windowMinutes,
    routes: manifest.routes.map((r) => {
      const counts = parity.find((p) => p.route_id === r.id);
      return {
        id: r.id,
        path: r.pathTemplate,
        function: r.function,
        stage: r.stage,
        weight: r.weight,
        mode: modeOf.get(r.id)?.mode ?? defaultMode(r.stage),
        modeReason: modeOf.get(r.id)?.reason ?? '(stage default)',
        backends: byRoute(observed, r.id),
        parity: { n: counts?.n ?? 0, agreed: counts?.agreed ?? 0, shadow: byRoute(shadowLatency, r.id) },
      };
    }),
    differences: recent.map((row) => ({
      id: Number(row.id),
      route: row.route_id,
      at: row.recorded_at.toISOString(),
      method: row.method,
      path: storedRequestTarget(row.request),
      differences: row.differences,
      curl: storedRequestCurl(row.request, baseUrl),
    })),
  };
}
