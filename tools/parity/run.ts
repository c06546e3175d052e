import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { MODE_REFRESH_MS } from '../../shared/modes/store.ts';
import type { Difference } from '../../shared/parity/index.ts';
import { defaultMode, routeMatcher, type RouteMode } from '../../shared/routing.ts';
import type { Manifest, Route } from '../manifest.ts';
import { setMode } from '../modes.ts';
import { replay, RUN_HEADER, type Planned } from './replay.ts';
import type { StoredRequest } from './stored-request.ts';
import type { TrafficEntry } from './traffic.ts';

/** One shadowed request's verdict, from canopy.parity_results. */
export interface ParityRow {
  route: string;
  agreed: boolean;
  differences: Difference[];
  noise: Difference[];
  monolithStatus: number;
  functionStatus: number | null;
  monolithMs: number;
  functionMs: number | null;
  request: StoredRequest;
}

export interface ParityRunOptions {
  sql: postgres.Sql;
  manifest: Manifest;
  /** Base URL of each running function, by name. */
  functions: Record<string, string>;
  entries: readonly TrafficEntry[];
  concurrency: number;
  signal?: AbortSignal;
  /** Called once the plan is known, then after each request. */
  onPlan?(total: number): void;
  onDone?(route: string, status: number | null): void;
  /** One line for the operator (skipped routes, late verdicts). */
  note(line: string): void;
}

export interface ParityRun {
  runId: string;
  /** Requests sent, per route. */
  sent: Record<string, number>;
  failed: number;
  /** Requests that matched no manifest route with a running function (not sent). */
  unmatched: number;
  rows: ParityRow[];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Whether shadow mode records a verdict for this request (unsafe methods only on dry-run routes). */
const recorded = (route: Route, method: string) => SAFE.has(method) || route.shadowUnsafe === 'dry-run';

/**
 * Puts the routes the sample touches in shadow mode (routes under the kill
 * switch are left alone and skipped), waits until every instance has read
 * it, replays the sample straight to the functions, waits for the verdicts
 * (recorded after each answer is sent), and restores every mode it changed.
 */
export async function runParity(options: ParityRunOptions): Promise<ParityRun> {
  const { sql, manifest } = options;
  const match = routeMatcher(manifest.routes.filter((r) => options.functions[r.function]));
  const byId = new Map(manifest.routes.map((r) => [r.id, r]));
  const stored = new Map(
    (await sql<{ route_id: string; mode: RouteMode; reason: string }[]>`select route_id, mode, reason from canopy.route_modes`).map((r) => [r.route_id, r]),
  );
  const killed = new Set<string>();
  const planned: Array<Planned & { route: Route }> = [];
  let unmatched = 0;
  for (const entry of options.entries) {
    const route = byId.get(match(entry.path.split('?')[0]!)?.id ?? '');
    if (!route) unmatched++;
    else if (stored.get(route.id)?.mode === 'bypass') killed.add(route.id);
    else planned.push({ entry, baseUrl: options.functions[route.function]!, route });
  }
  for (const id of killed) options.note(`${id} is under the kill switch (${stored.get(id)!.reason}): not shadowed, its requests are skipped`);
  if (unmatched) options.note(`${unmatched} requests match no migrated route with a running function: skipped`);
  const routes = [...new Map(planned.map((p) => [p.route.id, p.route])).values()];
  const runId = randomBytes(6).toString('hex');
  const restore: Array<() => Promise<unknown>> = [];
  try {
    for (const route of routes) {
      const before = stored.get(route.id);
      if ((before?.mode ?? defaultMode(route.stage)) === 'shadow') continue;
      await setMode(sql, route.id, 'shadow', `parity run ${runId}`);
      restore.push(() => setMode(sql, route.id, before?.mode ?? defaultMode(route.stage), before?.reason ?? `stage ${route.stage}`));
    }
    // Every instance re-reads the modes on this interval; a request before then might be served, not shadowed.
    if (restore.length) await new Promise((r) => setTimeout(r, MODE_REFRESH_MS + 500));
    options.onPlan?.(planned.length);
    const sent: Record<string, number> = {};
    const result = await replay(planned, {
      runId,
      concurrency: options.concurrency,
      signal: options.signal,
      onDone: (p, status) => {
        sent[p.route.id] = (sent[p.route.id] ?? 0) + 1;
        options.onDone?.(p.route.id, status);
      },
    });
    const expected = planned.slice(0, result.sent).filter((p) => recorded(p.route, p.entry.method)).length;
    const rows = await awaitVerdicts(sql, runId, expected);
    if (rows.length < expected) options.note(`${expected - rows.length} of ${expected} verdicts were not recorded in time; the report covers ${rows.length}`);
    return { runId, sent, failed: result.failed, unmatched, rows };
  } finally {
    for (const undo of restore) await undo();
  }
}

/** Polls for the run's verdicts until `expected` are in, or none arrived for 5 s (at most 60 s in all). */
async function awaitVerdicts(sql: postgres.Sql, runId: string, expected: number): Promise<ParityRow[]> {
  const started = Date.now();
  let count = -1;
  let changedAt = Date.now();
  for (;;) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from canopy.parity_results where request->'headers'->>${RUN_HEADER}::text = ${runId}`;
    if (row!.n !== count) [count, changedAt] = [row!.n, Date.now()];
    if (count >= expected || Date.now() - changedAt > 5000 || Date.now() - started > 60_000) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const rows = await sql<{ route_id: string; agreed: boolean; differences: Difference[]; noise: Difference[]; monolith_status: number; function_status: number | null; monolith_ms: number; function_ms: number | null; request: StoredRequest }[]>`
    select route_id, agreed, differences, noise, monolith_status, function_status, monolith_ms, function_ms, request
    from canopy.parity_results where request->'headers'->>${RUN_HEADER}::text = ${runId} order by id`;
  return rows.map((r) => ({
    route: r.route_id,
    agreed: r.agreed,
    differences: r.differences,
    noise: r.noise,
    monolithStatus: r.monolith_status,
    functionStatus: r.function_status,
    monolithMs: r.monolith_ms,
    functionMs: r.function_ms,
    request: r.request,
  }));
}
