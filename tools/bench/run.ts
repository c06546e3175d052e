import type { Credentials } from './credentials.ts';
import type { RequestSpec } from './http-wire.ts';
import { runLoad, type LoadPlan, type LoadResult } from './load.ts';
import { metered, type Usage, type Watched } from './meter.ts';
import { runOpenLoad, type LabelledRequest } from './open-load.ts';
import type { BenchOptions } from './options.ts';
import { ratio, summarize, type LatencySummary } from './stats.ts';

/** One measured load against one server at one concurrency. */
export interface RunResult extends Omit<LoadResult, 'latenciesMs'> {
  concurrency: number;
  /** Successful (2xx) answers per second over the window. */
  throughput: number;
  latency: LatencySummary;
  usage: Usage;
  /** Open-loop runs only: the fixed arrival rate offered (concurrency is then 0). */
  offeredPerSecond?: number;
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
export async function measureRun(server: { url: string; pid: number | number[] }, requests: RequestSpec[], concurrency: number, ctx: RunContext): Promise<RunResult> {
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

/** Requests in flight an open-loop run allows before it counts arrivals as EOVERLOAD. */
export const OPEN_LOOP_MAX_IN_FLIGHT = 256;
/** How long an open-loop run waits for answers to its window's arrivals (then ETIMEDOUT). */
const OPEN_LOOP_DRAIN_MS = 10_000;

/** An open-loop run: the figures over all its requests and per label of a mix. */
export interface OpenRunResult {
  all: RunResult;
  byLabel: Record<string, RunResult>;
  byGroup: Record<string, RunResult>;
}

/**
 * Offers `ratePerSecond` arrivals per second, open loop, for the run's window,
 * while metering `servers` (one process, or a whole stack) and PostgreSQL.
 * Usage per request is over all answers, so each label's usage is the run's.
 */
export async function measureOpenRun(servers: { url: string; pids: number[] }, requests: LabelledRequest[], ratePerSecond: number, ctx: RunContext): Promise<OpenRunResult> {
  const watched: Watched = { server: servers.pids, database: ctx.postmasterPid };
  const { warmupMs, durationMs } = ctx.options;
  const openPlan = { url: servers.url, requests, ratePerSecond, warmupMs, durationMs, maxInFlight: OPEN_LOOP_MAX_IN_FLIGHT, timeoutMs: Math.min(ctx.options.timeoutMs, OPEN_LOOP_DRAIN_MS) };
  const { result, usage } = await metered(watched, ctx.options, () => runOpenLoad(openPlan), (r) => r.all.responses);
  const open = (load: typeof result.all): RunResult => ({ ...toRunResult(0, load, usage), offeredPerSecond: ratePerSecond });
  const each = (loads: Record<string, typeof result.all>) => Object.fromEntries(Object.entries(loads).map(([key, load]) => [key, open(load)]));
  return { all: open(result.all), byLabel: each(result.byLabel), byGroup: each(result.byGroup) };
}
