import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import type { HashLimit } from './hash-limit.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { withDispatchPartner } from './dispatch.ts';
import { compareRuns, measureOpenRun, measureRun, type Ratios, type RunContext, type RunResult } from './run.ts';
import type { Scenario } from './scenarios.ts';
import { launchFunction, launchMonolith, withServers, type Server } from './servers.ts';

/** Both sides at one concurrency. */
export interface ComparedRun {
  concurrency: number;
  monolith: RunResult;
  fn: RunResult;
  ratios: Ratios;
  /** For hash-bound scenarios: throughput as a percentage of the machine's login limit. */
  ofHashLimit?: { monolith: number; fn: number };
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
  monolith: RunResult;
  fn: RunResult;
  ratios: Ratios;
}

/** The run context of a scenario: trimmed scenarios run in options.trimmedWindow. */
export function scenarioContext(ctx: RunContext, trimmed: boolean | undefined): RunContext {
  return trimmed ? { ...ctx, options: { ...ctx.options, ...ctx.options.trimmedWindow } } : ctx;
}

/** Planned time of a scenario, for the progress bar. */
export function comparisonBudget(options: BenchOptions, scenario?: Scenario): number {
  const timing = scenario?.trimmed ? { ...options, ...options.trimmedWindow } : options;
  const offered = scenario?.offeredFraction ? 2 * BUDGET.runMs(timing) : 0;
  return BUDGET.monolithStartMs + BUDGET.functionStartMs + options.concurrencies.length * 2 * BUDGET.runMs(timing) + offered;
}

/**
 * Measures one scenario on fresh servers of both sides, alternating sides at
 * each concurrency so that drift on a noisy machine hits both alike.
 */
export async function runComparison(scenario: Scenario, baseEnv: BenchEnvironment, baseCtx: RunContext, limit: HashLimit, progress: Progress): Promise<ComparisonResult> {
  const result: ComparisonResult = { id: scenario.id, title: scenario.title, fn: scenario.fn, skipped: unavailable(baseEnv, scenario.fn), runs: [] };
  if (result.skipped) return result;
  const ctx = scenarioContext(baseCtx, scenario.trimmed);
  const run = BUDGET.runMs(ctx.options);
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
        progress.step(`${scenario.id}: monolith at concurrency ${concurrency}`, run);
        const m = await measureRun(monolith!, requests, concurrency, ctx);
        progress.step(`${scenario.id}: ${scenario.fn} at concurrency ${concurrency}`, run);
        const f = await measureRun(fn!, requests, concurrency, ctx);
        const ofLimit = (r: RunResult) => (100 * r.throughput) / limit.loginsPerSecond;
        result.runs.push({
          concurrency,
          monolith: m,
          fn: f,
          ratios: compareRuns(m, f),
          ...(scenario.hashBound ? { ofHashLimit: { monolith: ofLimit(m), fn: ofLimit(f) } } : {}),
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
  progress.step(`${scenario.id}: monolith offered ${Math.round(ratePerSecond)} req/s open loop`, BUDGET.runMs(ctx.options));
  const m = await measureOpenRun({ url: monolith.url, pids: [monolith.pid] }, requests, ratePerSecond, ctx);
  progress.step(`${scenario.id}: ${scenario.fn} offered ${Math.round(ratePerSecond)} req/s open loop`, BUDGET.runMs(ctx.options));
  const f = await measureOpenRun({ url: fn.url, pids: [fn.pid] }, requests, ratePerSecond, ctx);
  return { ratePerSecond, fraction, monolithMax: { throughput: best.monolith.throughput, concurrency: best.concurrency }, monolith: m.all, fn: f.all, ratios: compareRuns(m.all, f.all) };
}
