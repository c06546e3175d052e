import type { Credentials } from './credentials.ts';
import type { RequestSpec } from './http-wire.ts';
import { runLoad, type LoadPlan, type LoadResult } from './load.ts';
import { metered, type Usage, type Watched } from './meter.ts';
import type { BenchOptions } from './options.ts';
import { ratio, summarize, type LatencySummary } from './stats.ts';

/** One measured load against one server at one concurrency. */
export interface RunResult {
  concurrency: number;
  /** Successful (2xx) answers per second over the window. */
  throughput: number;
  responses: number;
  non2xx: number;
  socketErrors: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latency: LatencySummary;
  usage: Usage;
  windowMs: number;
  capped: boolean;
}

/** What runs need besides the server: timing options, the credentials the requests carry, and PostgreSQL to watch. */
export interface RunContext {
  options: BenchOptions;
  credentials: Credentials;
  postmasterPid: number | null;
}

/** The figures of one load, with the usage measured over the same window. */
export function toRunResult(concurrency: number, load: LoadResult, usage: Usage): RunResult {
  const { latenciesMs, ...counts } = load;
  return { concurrency, throughput: (load.responses - load.non2xx) / (load.windowMs / 1000), ...counts, latency: summarize(latenciesMs), usage };
}

/** The load plan for `requests` at `concurrency` with the run's timing. */
export function plan(url: string, requests: RequestSpec[], concurrency: number, options: BenchOptions): LoadPlan {
  return { url, requests, concurrency, warmupMs: options.warmupMs, durationMs: options.durationMs, maxRequests: options.maxRequests, timeoutMs: options.timeoutMs };
}

/** Runs one load against a server while metering its processes and PostgreSQL. */
export async function measureRun(server: { url: string; pid: number }, requests: RequestSpec[], concurrency: number, ctx: RunContext): Promise<RunResult> {
  const watched: Watched = { server: server.pid, database: ctx.postmasterPid };
  const { result, usage } = await metered(watched, ctx.options, () => runLoad(plan(server.url, requests, concurrency, ctx.options)), (r) => r.responses);
  return toRunResult(concurrency, result, usage);
}

/** function / monolith for every figure of a run (below 1 is better for all but throughput). */
export interface Ratios {
  throughput: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  cpuPerRequest: number | null;
  memory: number | null;
}

/** The ratios of a function's run to the monolith's. */
export function compareRuns(monolith: RunResult, fn: RunResult): Ratios {
  return {
    throughput: ratio(fn.throughput, monolith.throughput),
    p50: ratio(fn.latency.p50, monolith.latency.p50),
    p95: ratio(fn.latency.p95, monolith.latency.p95),
    p99: ratio(fn.latency.p99, monolith.latency.p99),
    cpuPerRequest: ratio(fn.usage.cpuMsPerRequest, monolith.usage.cpuMsPerRequest),
    memory: ratio(fn.usage.peakMemoryMiB, monolith.usage.peakMemoryMiB),
  };
}
