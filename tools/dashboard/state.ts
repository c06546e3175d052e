import type postgres from 'postgres';
import type { Difference } from '../../shared/parity/index.ts';
import { defaultMode, type RouteMode } from '../../shared/routing.ts';
import { cohortShares } from '../infra-check/cohorts.ts';
import type { Manifest } from '../manifest.ts';
import { DEFAULT_GATES, type GateResult, type Verdict } from '../rollout/gates.ts';
import { evaluateRoute } from '../rollout/step.ts';
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

/** One backend's figures in one time bucket of the charts. */
export interface SeriesPoint {
  /** The bucket's start, in Unix seconds. */
  t: number;
  rps: number;
  /** Share of answers that were 5xx, 0-1. */
  errorShare: number;
  p50: number;
  p99: number;
}

/** How much of the route the function serves: what the load balancer saw, against the weight and its cohorts. */
export interface CohortFigures {
  /** The function's share of the requests the load balancer relayed in the window (null: none). */
  observed: number | null;
  /** The weight's share (of 1000). */
  weight: number;
  /** The share of clients each cohort key puts on the function at this weight (a canary's sticky cohorts). */
  cohorts: Array<{ header: string; share: number }>;
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
  /** Per backend, the window in buckets of SERIES_BUCKET_SECONDS (buckets without answers are left out). */
  series: Record<string, SeriesPoint[]>;
  /** The rollout gates as `npm run rollout -- <route> --check` judges them now; `why` says why there are none. */
  gates: { verdict: Verdict; results: GateResult[]; why: string | null };
  cohort: CohortFigures;
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

/** The charts' bucket: 30 points over 15 minutes. */
export const SERIES_BUCKET_SECONDS = 30;

export interface DashboardState {
  windowMinutes: number;
  /** The charts' time axis: buckets of `bucketSeconds` up to `now` (Unix seconds). */
  chart: { now: number; bucketSeconds: number };
  routes: RouteFigures[];
  differences: RecentDifference[];
}

/** Every figure the page shows, over the last `windowMinutes`; curl commands replay against `baseUrl`. */
export async function readState(sql: postgres.Sql, manifest: Manifest, baseUrl: string, windowMinutes = 15): Promise<DashboardState> {
  const since = sql`now() - make_interval(mins => ${windowMinutes})`;
  const [modes, observed, parity, shadowLatency, recent, buckets, [clock], evaluations] = await Promise.all([
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
    sql<{ route_id: string; backend: string; t: number; n: number; errors: number; p50: number; p99: number }[]>`
      select route_id, backend, (floor(extract(epoch from observed_at) / ${SERIES_BUCKET_SECONDS}) * ${SERIES_BUCKET_SECONDS})::int as t,
             count(*)::int as n, (count(*) filter (where status >= 500))::int as errors,
             percentile_cont(0.5) within group (order by latency_ms) as p50,
             percentile_cont(0.99) within group (order by latency_ms) as p99
      from canopy.route_observations where observed_at > ${since} group by 1, 2, 3 order by 3`,
    sql<{ now: number }[]>`select extract(epoch from now())::float8 as now`,
    Promise.all(manifest.routes.map((route) => evaluateRoute(sql, route, { windowSeconds: windowMinutes * 60, gates: DEFAULT_GATES }))),
  ]);
  const modeOf = new Map(modes.map((m) => [m.route_id, m]));
  const byRoute = <T extends { route_id: string }>(rows: T[], id: string) => rows.filter((r) => r.route_id === id).map(({ route_id: _, ...rest }) => rest);
  return {
    windowMinutes,
    chart: { now: clock!.now, bucketSeconds: SERIES_BUCKET_SECONDS },
    routes: manifest.routes.map((r, i) => {
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
        series: seriesOf(buckets.filter((b) => b.route_id === r.id)),
        gates: gatesOf(evaluations[i]!.gates, evaluations[i]!.verdict, r.stage, modeOf.get(r.id)?.mode ?? null),
        cohort: cohortOf(byRoute(observed, r.id), r),
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

function seriesOf(rows: Array<{ backend: string; t: number; n: number; errors: number; p50: number; p99: number }>): Record<string, SeriesPoint[]> {
  const series: Record<string, SeriesPoint[]> = {};
  for (const row of rows) {
    (series[row.backend] ??= []).push({ t: row.t, rps: row.n / SERIES_BUCKET_SECONDS, errorShare: row.errors / row.n, p50: row.p50, p99: row.p99 });
  }
  return series;
}

/** The gates, or why the rollout tool judges none (the reason its --check would give). */
function gatesOf(results: GateResult[], verdict: Verdict, stage: string, mode: RouteMode | null): RouteFigures['gates'] {
  if (results.length > 0) return { verdict, results, why: null };
  const why = stage === 'off' ? 'not judged: the route is off' : mode === 'bypass' ? 'not judged: the kill switch is on' : 'not judged: the last step has not taken effect yet';
  return { verdict, results, why };
}

function cohortOf(backends: BackendFigures[], route: Manifest['routes'][number]): CohortFigures {
  const total = backends.reduce((sum, b) => sum + b.n, 0);
  const toFunction = backends.find((b) => b.backend === route.function)?.n ?? 0;
  const weight = route.stage === 'canary' ? route.weight : route.stage === 'off' ? 0 : 1000;
  return { observed: total ? toFunction / total : null, weight, cohorts: route.stage === 'canary' ? cohortShares(route.weight) : [] };
}
