import { normalisePath, type Difference } from '../../shared/parity/index.ts';
import { summarizeLatency, type LatencySummary } from './quantiles.ts';
import type { ParityRow } from './run.ts';
import { storedRequestCurl, storedRequestTarget } from './stored-request.ts';

/** One differing request shown in the report. */
export interface Example {
  method: string;
  path: string;
  monolithStatus: number;
  functionStatus: number | null;
  differences: Difference[];
  curl: string;
}

/** A route's parity figures for the report. */
export interface RouteSummary {
  route: string;
  n: number;
  /** Requests with no real difference (noise set aside). */
  agreed: number;
  /** Agreed requests that differed only in fields learned as noise. */
  noiseOnly: number;
  /** Normalised field paths of real differences, most frequent first, with the number of requests showing each. */
  topPaths: Array<{ path: string; count: number }>;
  examples: Example[];
  monolith: LatencySummary & { values: number[] };
  fn: LatencySummary & { values: number[] };
}

const TOP_PATHS = 10;
const EXAMPLES = 3;

/**
 * Per route: the agreement rate after noise, the field paths that differ
 * most, a few examples (each a different set of paths first, so one
 * repeated difference does not hide the others), and both sides' latencies.
 */
export function summarizeRun(rows: readonly ParityRow[], baseUrl: string): RouteSummary[] {
  const byRoute = new Map<string, ParityRow[]>();
  for (const row of rows) byRoute.set(row.route, [...(byRoute.get(row.route) ?? []), row]);
  return [...byRoute.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, list]) => {
      const counts = new Map<string, number>();
      for (const row of list) for (const path of new Set(row.differences.map((d) => normalisePath(d.path)))) counts.set(path, (counts.get(path) ?? 0) + 1);
      const differing = list.filter((r) => !r.agreed);
      const shapes = new Set<string>();
      const distinct = differing.filter((r) => {
        const shape = [...new Set(r.differences.map((d) => normalisePath(d.path)))].sort().join();
        return !shapes.has(shape) && shapes.add(shape);
      });
      const examples = [...distinct, ...differing.filter((r) => !distinct.includes(r))].slice(0, EXAMPLES);
      const monolithMs = list.map((r) => r.monolithMs);
      const fnMs = list.flatMap((r) => (r.functionMs === null ? [] : [r.functionMs]));
      return {
        route,
        n: list.length,
        agreed: list.length - differing.length,
        noiseOnly: list.filter((r) => r.agreed && r.noise.length > 0).length,
        topPaths: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_PATHS).map(([path, count]) => ({ path, count })),
        examples: examples.map((r) => ({
          method: r.request.method,
          path: storedRequestTarget(r.request),
          monolithStatus: r.monolithStatus,
          functionStatus: r.functionStatus,
          differences: r.differences,
          curl: storedRequestCurl(r.request, baseUrl),
        })),
        monolith: { ...summarizeLatency(monolithMs), values: monolithMs },
        fn: { ...summarizeLatency(fnMs), values: fnMs },
      };
    });
}
