import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import type { HashLimit } from './hash-limit.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { compareRuns, measureRun, type Ratios, type RunContext, type RunResult } from './run.ts';
import type { Scenario } from './scenarios.ts';
import { launchFunction, launchMonolith, withServers } from './servers.ts';

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
}

/** Planned time of a scenario, for the progress bar. */
export function comparisonBudget(options: BenchOptions): number {
  return BUDGET.monolithStartMs + BUDGET.functionStartMs + options.concurrencies.length * 2 * BUDGET.runMs(options);
}

/**
 * Measures one scenario on fresh servers of both sides, alternating sides at
 * each concurrency so that drift on a noisy machine hits both alike.
 */
export async function runComparison(scenario: Scenario, env: BenchEnvironment, ctx: RunContext, limit: HashLimit, progress: Progress): Promise<ComparisonResult> {
  const result: ComparisonResult = { id: scenario.id, title: scenario.title, fn: scenario.fn, skipped: unavailable(env, scenario.fn), runs: [] };
  if (result.skipped) return result;
  progress.step(`${scenario.id}: starting gunicorn and ${scenario.fn}`, BUDGET.monolithStartMs + BUDGET.functionStartMs);
  const launches = [async () => launchMonolith(env, await freePort()), async () => launchFunction(env, scenario.fn, 'minimal', await freePort())];
  await withServers(launches, async ([monolith, fn]) => {
    const requests = scenario.requests(ctx.credentials);
    for (const concurrency of ctx.options.concurrencies) {
      progress.step(`${scenario.id}: monolith at concurrency ${concurrency}`, BUDGET.runMs(ctx.options));
      const m = await measureRun(monolith!, requests, concurrency, ctx);
      progress.step(`${scenario.id}: ${scenario.fn} at concurrency ${concurrency}`, BUDGET.runMs(ctx.options));
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
  });
  return result;
}
