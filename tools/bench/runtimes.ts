import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import type { ColdStartResult } from './cold-start.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { measureRun, type RunContext, type RunResult } from './run.ts';
import { RUNTIME_SCENARIO } from './scenarios.ts';
import { launchFunction, withServers, type Runtime } from './servers.ts';
import { ratio } from './stats.ts';

/** The rule the container's entrypoint was chosen by. */
export const DECISION_RULE = 'minimal entrypoint wins by >1.5x throughput or >50 ms cold start';

/** The two runtimes of one function: throughput at the highest concurrency and cold start. */
export interface RuntimeComparison {
  fn: string;
  scenario: string;
  skipped: string | null;
  concurrency: number;
  minimal?: RunResult;
  framework?: RunResult;
  /** minimal / framework throughput. */
  throughputRatio: number | null;
  /** framework - minimal median cold start, in ms. */
  coldStartGainMs: number | null;
  minimalWins: boolean | null;
}

/** Planned time, for the progress bar. */
export function runtimesBudget(options: BenchOptions): number {
  return 2 * (BUDGET.functionStartMs + BUDGET.runMs(options));
}

/** Measures the scenario's function under both runtimes, then applies the decision rule with the cold starts. */
export async function compareRuntimes(env: BenchEnvironment, ctx: RunContext, coldStarts: ColdStartResult[], progress: Progress): Promise<RuntimeComparison> {
  const fn = RUNTIME_SCENARIO.fn;
  const concurrency = Math.max(...ctx.options.concurrencies);
  const result: RuntimeComparison = { fn, scenario: RUNTIME_SCENARIO.id, skipped: unavailable(env, fn), concurrency, throughputRatio: null, coldStartGainMs: null, minimalWins: null };
  if (result.skipped) return result;
  const runs: Partial<Record<Runtime, RunResult>> = {};
  for (const runtime of ['minimal', 'framework'] as const) {
    progress.step(`runtimes: ${fn} (${runtime}) at concurrency ${concurrency}`, BUDGET.functionStartMs + BUDGET.runMs(ctx.options));
    try {
      runs[runtime] = await withServers([async () => launchFunction(env, fn, runtime, await freePort())], ([server]) =>
        measureRun(server!, RUNTIME_SCENARIO.requests(ctx.credentials), concurrency, ctx),
      );
    } catch (error) {
      return { ...result, skipped: `failed: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  const cold = (runtime: Runtime) => coldStarts.find((c) => c.target === fn && c.runtime === runtime)?.ms?.median ?? null;
  const minimalCold = cold('minimal');
  const frameworkCold = cold('framework');
  result.minimal = runs.minimal;
  result.framework = runs.framework;
  result.throughputRatio = ratio(runs.minimal?.throughput, runs.framework?.throughput);
  result.coldStartGainMs = minimalCold !== null && frameworkCold !== null ? frameworkCold - minimalCold : null;
  result.minimalWins = (result.throughputRatio ?? 0) > 1.5 || (result.coldStartGainMs ?? 0) > 50;
  return result;
}
