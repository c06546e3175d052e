import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import { runLoad } from './load.ts';
import { metered } from './meter.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { compareRuns, plan, toRunResult, type Ratios, type RunContext, type RunResult } from './run.ts';
import type { ContentionScenario } from './scenarios.ts';
import { launchFunction, launchMonolith, withServers, type Server } from './servers.ts';

/** Both loads against one server; their usage is the server's over both loads together. */
export interface ContendedRun {
  background: RunResult;
  measured: RunResult;
}

export interface ContentionResult {
  id: string;
  title: string;
  fn: string;
  skipped: string | null;
  sides?: { monolith: ContendedRun; fn: ContendedRun };
  /** Ratios of the measured load (function / monolith). */
  ratios?: Ratios;
}

/** Planned time, for the progress bar. */
export function contentionBudget(options: BenchOptions): number {
  return BUDGET.monolithStartMs + BUDGET.functionStartMs + 2 * BUDGET.runMs(options);
}

async function contend(server: Server, scenario: ContentionScenario, ctx: RunContext): Promise<ContendedRun> {
  const { background, measured } = scenario;
  const loads = () =>
    Promise.all([
      runLoad(plan(server.url, background.requests(ctx.credentials), background.concurrency, ctx.options)),
      runLoad(plan(server.url, measured.requests(ctx.credentials), measured.concurrency, ctx.options)),
    ]);
  const watched = { server: server.pid, database: ctx.postmasterPid };
  const { result, usage } = await metered(watched, ctx.options, loads, ([b, m]) => b.responses + m.responses);
  return { background: toRunResult(background.concurrency, result[0], usage), measured: toRunResult(measured.concurrency, result[1], usage) };
}

/** Runs the saturating load and the measured one at the same time, on each side in turn. */
export async function runContention(scenario: ContentionScenario, env: BenchEnvironment, ctx: RunContext, progress: Progress): Promise<ContentionResult> {
  const result: ContentionResult = { id: scenario.id, title: scenario.title, fn: scenario.fn, skipped: unavailable(env, scenario.fn) };
  if (result.skipped) return result;
  progress.step(`${scenario.id}: starting gunicorn and ${scenario.fn}`, BUDGET.monolithStartMs + BUDGET.functionStartMs);
  const launches = [async () => launchMonolith(env, await freePort()), async () => launchFunction(env, scenario.fn, 'minimal', await freePort())];
  await withServers(launches, async ([monolith, fn]) => {
    progress.step(`${scenario.id}: monolith`, BUDGET.runMs(ctx.options));
    const m = await contend(monolith!, scenario, ctx);
    progress.step(`${scenario.id}: ${scenario.fn}`, BUDGET.runMs(ctx.options));
    const f = await contend(fn!, scenario, ctx);
    result.sides = { monolith: m, fn: f };
    result.ratios = compareRuns(m.measured, f.measured);
  });
  return result;
}
