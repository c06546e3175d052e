/** Latency percentiles of one side, in milliseconds (NaN without samples). */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The q-quantile (0..1) of ascending values, interpolated between neighbours (numpy's default, PostgreSQL's percentile_cont). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Ascending copy of the values. */
export function ascending(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** p50, p95 and p99 of the values. */
export function summarizeLatency(values: Iterable<number>): LatencySummary {
  const sorted = ascending(values);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
}
