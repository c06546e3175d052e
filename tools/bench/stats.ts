/** Latency figures of one run, in milliseconds; `curve` is [percentile, latency] pairs for plots. */
export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  curve: Array<[number, number]>;
}

/** Median and spread of a few samples (cold starts, hash timings). */
export interface Distribution {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartiles. */
  q1: number;
  q3: number;
}

// Percentiles plotted: dense towards the tail, where the sides differ most.
const CURVE = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100];

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Summarises latencies (NaN throughout when there are none). */
export function summarize(latencies: Float64Array): LatencySummary {
  const sorted = latencies.slice().sort();
  const at = (p: number) => percentile(sorted, p);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    min: at(0),
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
    curve: sorted.length ? CURVE.map((p) => [p, at(p)]) : [],
  };
}

// Interpolated between neighbours, so the median of ten runs is the mean of the middle two.
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

/** Median, extremes and quartiles of samples. */
export function distribution(samples: number[]): Distribution {
  const sorted = Float64Array.from(samples).sort();
  return {
    runs: samples.length,
    median: quantile(sorted, 0.5),
    min: quantile(sorted, 0),
    max: quantile(sorted, 1),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}

/** a / b (function / monolith, minimal / framework), or null when either is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}
