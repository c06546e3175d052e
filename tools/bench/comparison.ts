import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import { measureHashRate, type HashRate } from './hash-limit.ts';
import { loginLimits, type LoginLimits } from './login-limit.ts';
import { openLoopDurationMs } from './rounds.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { withDispatchPartner } from './dispatch.ts';
import { compareRuns, measureOpenRounds, measureRounds, spreadOf, type Ratios, type RoundFigures, type RunContext, type RunResult, type Spread } from './run.ts';
import type { Scenario } from './scenarios.ts';
import { functionThreadPool, GUNICORN_WORKERS, launchFunction, launchMonolith, withServers, type Server } from './servers.ts';

/** Both sides at one concurrency, over ctx.options.rounds alternating rounds. */
export interface ComparedRun {
  concurrency: number;
  /** Each side over all its rounds. */
  monolith: RunResult;
  fn: RunResult;
  /** Of the merged figures. */
  ratios: Ratios;
  /** Each round's figures, monolith then function. */
  rounds: Array<[RoundFigures, RoundFigures]>;
  /** Function / monolith per round: median and interval. */
  spread: Spread;
  /** For hash-bound scenarios: logins/s against the hashing limit measured beside each round. */
  ofHashLimit?: LoginLimits;
}

export interface ComparisonResult {
  id: string;
  title: string;
  fn: string;
  /** Why it did not run ("function not built …"), or null. */
  skipped: string | null;
  runs: ComparedRun[];
  /** The window of its runs when it differs from the run's settings (trimmed scenarios). */
  window?: { warmupMs: number; durationMs: number };
  /** The dispatch partner stand-in's latency, when the monolith called it. */
  dispatchLatencyMs?: number;
  /** The open-loop run at a load the monolith can only just sustain. */
  offered?: OfferedLoad;
}

/** Both sides under the same fixed arrival rate: a share of the monolith's best closed-loop throughput. */
export interface OfferedLoad {
  ratePerSecond: number;
  fraction: number;
  /** The monolith's best closed-loop throughput and the concurrency it was reached at. */
  monolithMax: { throughput: number; concurrency: number };
  /** Each side's measured time over its rounds: the window, or longer for enough answers (options.openLoopSamples). */
  durationMs: number;
  monolith: RunResult;
  fn: RunResult;
  ratios: Ratios;
  rounds: Array<[RoundFigures, RoundFigures]>;
  spread: Spread;
}

/** The run context of a scenario: trimmed scenarios run in options.trimmedWindow. */
export function scenarioContext(ctx: RunContext, trimmed: boolean | undefined): RunContext {
  return trimmed ? { ...ctx, options: { ...ctx.options, ...ctx.options.trimmedWindow } } : ctx;
}

/** Planned time of a scenario, for the progress bar. */
export function comparisonBudget(options: BenchOptions, scenario?: Scenario): number {
  const timing = scenario?.trimmed ? { ...options, ...options.trimmedWindow } : options;
  const offered = scenario?.offeredFraction ? 2 * BUDGET.openRoundsMs(timing) : 0;
  const limits = scenario?.hashBound ? 2 * timing.durationMs : 0;
  return BUDGET.monolithStartMs + BUDGET.functionStartMs + options.concurrencies.length * 2 * (BUDGET.roundsMs(timing) + limits) + offered;
}

/** How many hashes each side runs at once at `concurrency`: its workers or thread pool, or fewer clients. */
function hashParallelism(fn: string, concurrency: number): LoginLimits['parallel'] {
  return { monolith: Math.min(GUNICORN_WORKERS, concurrency), fn: Math.min(functionThreadPool(fn), concurrency) };
}

/**
 * Measures one scenario on fresh servers of both sides, in rounds that
 * alternate the sides at each concurrency so that drift on a noisy machine
 * hits both alike. A hash-bound scenario measures the hashing limit of each
 * side right before and after each of its rounds (`iterations`: the monolith's pbkdf2).
 */
export async function runComparison(scenario: Scenario, baseEnv: BenchEnvironment, baseCtx: RunContext, iterations: number, progress: Progress): Promise<ComparisonResult> {
  const result: ComparisonResult = { id: scenario.id, title: scenario.title, fn: scenario.fn, skipped: unavailable(baseEnv, scenario.fn), runs: [] };
  if (result.skipped) return result;
  const ctx = scenarioContext(baseCtx, scenario.trimmed);
  const run = BUDGET.roundsMs(ctx.options);
  if (scenario.trimmed) result.window = { warmupMs: ctx.options.warmupMs, durationMs: ctx.options.durationMs };
  progress.step(`${scenario.id}: starting gunicorn and ${scenario.fn}`, BUDGET.monolithStartMs + BUDGET.functionStartMs);
  const partner = scenario.dispatchLatencyMs === undefined ? null : await withDispatchPartner(baseEnv, scenario.dispatchLatencyMs);
  if (partner) result.dispatchLatencyMs = scenario.dispatchLatencyMs;
  const env = partner?.env ?? baseEnv;
  const launches = [async () => launchMonolith(env, await freePort()), async () => launchFunction(env, scenario.fn, 'minimal', await freePort())];
  try {
    await withServers(launches, async ([monolith, fn]) => {
      const requests = scenario.requests(ctx.credentials);
      for (const concurrency of ctx.options.concurrencies) {
        const parallel = hashParallelism(scenario.fn, concurrency);
        const rates: LoginLimits['rates'] = { monolith: [], fn: [] };
        const side = (n: 0 | 1) => (n === 0 ? 'monolith' : 'fn');
        const before: Partial<Record<'monolith' | 'fn', HashRate>> = {};
        const hashLimit = async (n: 0 | 1, window: BenchOptions, when: 'before' | 'after') => {
          const rate = await measureHashRate(parallel[side(n)], iterations, window.durationMs);
          if (when === 'before') before[side(n)] = rate;
          else rates[side(n)].push({ before: before[side(n)]!, after: rate });
        };
        const limits = scenario.hashBound ? ` (each round between ${parallel.monolith} or ${parallel.fn} pbkdf2 hashes at once)` : '';
        progress.step(`${scenario.id}: monolith and ${scenario.fn} at concurrency ${concurrency}, ${ctx.options.rounds} rounds each${limits}`, 2 * run + (scenario.hashBound ? 4 * ctx.options.durationMs : 0));
        const measured = await measureRounds([monolith!, fn!], requests, concurrency, ctx, scenario.hashBound ? hashLimit : undefined);
        result.runs.push({
          concurrency,
          monolith: measured.first,
          fn: measured.second,
          ratios: compareRuns(measured.first, measured.second),
          rounds: measured.rounds,
          spread: spreadOf(measured.rounds),
          ...(scenario.hashBound ? { ofHashLimit: loginLimits(parallel, rates, measured.rounds) } : {}),
        });
      }
      if (scenario.offeredFraction) result.offered = await offer(scenario, scenario.offeredFraction, result.runs, monolith!, fn!, ctx, progress);
    });
  } finally {
    await partner?.stop();
  }
  return result;
}

/** The monolith's best closed-loop run sets the rate; both sides then get the same arrivals for the same window. */
async function offer(scenario: Scenario, fraction: number, runs: ComparedRun[], monolith: Server, fn: Server, ctx: RunContext, progress: Progress): Promise<OfferedLoad | undefined> {
  const best = runs.reduce<ComparedRun | undefined>((a, b) => (a && a.monolith.throughput >= b.monolith.throughput ? a : b), undefined);
  if (!best || !(best.monolith.throughput > 0)) return undefined;
  const ratePerSecond = fraction * best.monolith.throughput;
  const requests = scenario.requests(ctx.credentials).map((spec) => ({ label: scenario.id, spec }));
  const plannedMs = openLoopDurationMs(ctx.options.durationMs, ratePerSecond, ctx.options.openLoopSamples, ctx.options.rounds);
  progress.step(`${scenario.id}: monolith and ${scenario.fn} offered ${Math.round(ratePerSecond)} req/s open loop for ${plannedMs / 1000} s each in ${ctx.options.rounds} rounds`, 2 * BUDGET.openRoundsMs({ ...ctx.options, durationMs: plannedMs }));
  const sides: [{ url: string; pids: number[] }, { url: string; pids: number[] }] = [{ url: monolith.url, pids: [monolith.pid] }, { url: fn.url, pids: [fn.pid] }];
  const measured = await measureOpenRounds(sides, requests, ratePerSecond, ctx, { figure: (r) => r.all, share: 1 });
  const [m, f] = [measured.first.all, measured.second.all];
  const monolithMax = { throughput: best.monolith.throughput, concurrency: best.concurrency };
  return { ratePerSecond, fraction, monolithMax, durationMs: measured.durationMs, monolith: m, fn: f, ratios: compareRuns(m, f), rounds: measured.rounds, spread: spreadOf(measured.rounds) };
}
