import type { Credentials } from './credentials.ts';
import type { RequestSpec } from './http-wire.ts';
import { runLoad, type LoadPlan, type LoadResult } from './load.ts';
import { metered, type Usage, type Watched } from './meter.ts';
import { medianInterval, type Interval } from './interval.ts';
import type { LabelledRequest, OpenLoadResult } from './open-load.ts';
import { runOpenLoadOnThread } from './open-load-thread.ts';
import type { BenchOptions } from './options.ts';
import { alternate, mergeLoads, mergeUsage, openLoopDurationMs, roundWindow, type Metered } from './rounds.ts';
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

type Target = { url: string; pid: number | number[] };

// One closed-loop load in the context's window, metered, not yet summarised.
async function meterRun(server: Target, requests: RequestSpec[], concurrency: number, ctx: RunContext): Promise<Metered> {
  const watched: Watched = { server: server.pid, database: ctx.postmasterPid };
  const { result, usage } = await metered(watched, ctx.options, () => runLoad(plan(server.url, requests, concurrency, ctx.options)), (r) => r.responses);
  return { load: result, usage };
}

/** Runs one load against a server while metering its processes and PostgreSQL. */
export async function measureRun(server: Target, requests: RequestSpec[], concurrency: number, ctx: RunContext): Promise<RunResult> {
  const { load, usage } = await meterRun(server, requests, concurrency, ctx);
  return toRunResult(concurrency, load, usage);
}

/** What one round of one side contributes to an interval. */
export interface RoundFigures {
  answers: number;
  throughput: number;
  p99: number;
}

export function roundFigures(run: RunResult): RoundFigures {
  return { answers: run.responses, throughput: run.throughput, p99: run.latency.p99 };
}

/** The spread over rounds of a comparison's ratios (each round's second side / first side). */
export interface Spread {
  throughput: Interval;
  p99: Interval;
}

export function spreadOf(rounds: Array<[RoundFigures, RoundFigures]>): Spread {
  const each = (pick: (r: RoundFigures) => number) => medianInterval(rounds.map(([a, b]) => ratio(pick(b), pick(a)) ?? NaN));
  return { throughput: each((r) => r.throughput), p99: each((r) => r.p99) };
}

/** Both sides of a comparison over alternating rounds: each side merged over its rounds, and each round's figures. */
export interface RoundsOf<T> {
  first: T;
  second: T;
  rounds: Array<[RoundFigures, RoundFigures]>;
}

/**
 * The closed-loop load at `concurrency` on two servers in ctx.options.rounds
 * alternating rounds; `beside` runs right before and right after each
 * side's round (the login scenario's hash limit) and gets that round's window.
 */
export async function measureRounds(
  sides: [Target, Target],
  requests: RequestSpec[],
  concurrency: number,
  ctx: RunContext,
  beside?: (side: 0 | 1, window: BenchOptions, when: 'before' | 'after') => Promise<void>,
): Promise<RoundsOf<RunResult>> {
  const round = (side: 0 | 1) => async (n: number) => {
    const options = roundWindow(ctx.options, n);
    await beside?.(side, options, 'before');
    const metered = await meterRun(sides[side], requests, concurrency, { ...ctx, options });
    await beside?.(side, options, 'after');
    return metered;
  };
  const { first, second } = await alternate(ctx.options.rounds, round(0), round(1));
  const merged = (parts: Metered[]) => toRunResult(concurrency, mergeLoads(parts.map((p) => p.load)), mergeUsage(parts));
  const figures = (p: Metered) => roundFigures(toRunResult(concurrency, p.load, p.usage));
  return { first: merged(first), second: merged(second), rounds: first.map((a, i) => [figures(a), figures(second[i]!)]) };
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
type OpenTarget = { url: string; pids: number[] };

async function meterOpenRun(servers: OpenTarget, requests: LabelledRequest[], ratePerSecond: number, ctx: RunContext): Promise<{ result: OpenLoadResult; usage: Usage }> {
  const watched: Watched = { server: servers.pids, database: ctx.postmasterPid };
  const { warmupMs, durationMs } = ctx.options;
  const openPlan = { url: servers.url, requests, ratePerSecond, warmupMs, durationMs, maxInFlight: OPEN_LOOP_MAX_IN_FLIGHT, timeoutMs: Math.min(ctx.options.timeoutMs, OPEN_LOOP_DRAIN_MS) };
  return metered(watched, ctx.options, () => runOpenLoadOnThread(openPlan), (r) => r.all.responses);
}

function toOpenRunResult({ result, usage }: { result: Omit<OpenLoadResult, 'arrivals'>; usage: Usage }, ratePerSecond: number): OpenRunResult {
  const open = (load: LoadResult): RunResult => ({ ...toRunResult(0, load, usage), offeredPerSecond: ratePerSecond });
  const each = (loads: Record<string, LoadResult>) => Object.fromEntries(Object.entries(loads).map(([key, load]) => [key, open(load)]));
  return { all: open(result.all), byLabel: each(result.byLabel), byGroup: each(result.byGroup) };
}

/** Offers `ratePerSecond` arrivals per second, open loop, for the run's window, while metering `servers` and PostgreSQL. */
export async function measureOpenRun(servers: OpenTarget, requests: LabelledRequest[], ratePerSecond: number, ctx: RunContext): Promise<OpenRunResult> {
  return toOpenRunResult(await meterOpenRun(servers, requests, ratePerSecond, ctx), ratePerSecond);
}

// Every key's loads merged over the rounds.
function mergeByKey(parts: Array<Record<string, LoadResult>>): Record<string, LoadResult> {
  return Object.fromEntries(Object.keys(parts[0] ?? {}).map((key) => [key, mergeLoads(parts.map((p) => p[key]!))]));
}

/**
 * The same open-loop load on two stacks in alternating rounds; `figure` picks
 * the part of a run (all, a label, a group) whose figures make each round's
 * ratio, `share` the fraction of arrivals it gets. Each side runs at least
 * the window, longer when that would give the figure fewer answers than
 * ctx.options.openLoopSamples asks for; `durationMs` is what it ran.
 */
export async function measureOpenRounds(
  sides: [OpenTarget, OpenTarget],
  requests: LabelledRequest[],
  ratePerSecond: number,
  ctx: RunContext,
  { figure, share }: { figure: (r: OpenRunResult) => RunResult; share: number },
): Promise<RoundsOf<OpenRunResult> & { durationMs: number }> {
  const durationMs = openLoopDurationMs(ctx.options.durationMs, ratePerSecond * share, ctx.options.openLoopSamples, ctx.options.rounds);
  const options = { ...ctx.options, durationMs };
  const round = (side: 0 | 1) => (n: number) => meterOpenRun(sides[side], requests, ratePerSecond, { ...ctx, options: roundWindow(options, n, { warmEveryRound: true }) });
  const { first, second } = await alternate(ctx.options.rounds, round(0), round(1));
  const merged = (parts: Array<{ result: OpenLoadResult; usage: Usage }>) => {
    const usage = mergeUsage(parts.map((p) => ({ load: p.result.all, usage: p.usage })));
    const result = { all: mergeLoads(parts.map((p) => p.result.all)), byLabel: mergeByKey(parts.map((p) => p.result.byLabel)), byGroup: mergeByKey(parts.map((p) => p.result.byGroup)) };
    return toOpenRunResult({ result, usage }, ratePerSecond);
  };
  const figures = (p: { result: OpenLoadResult; usage: Usage }) => roundFigures(figure(toOpenRunResult(p, ratePerSecond)));
  return { first: merged(first), second: merged(second), rounds: first.map((a, i) => [figures(a), figures(second[i]!)]), durationMs };
}
