import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import { runLoad } from './load.ts';
import { metered } from './meter.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { alternate, mergeLoads, mergeUsage, roundWindow, type Metered } from './rounds.ts';
import { compareRuns, plan, roundFigures, spreadOf, toRunResult, type Ratios, type RoundFigures, type RunContext, type RunResult, type Spread } from './run.ts';
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
  /** The measured load's figures in each round, monolith then function. */
  rounds?: Array<[RoundFigures, RoundFigures]>;
  /** The measured load's function / monolith per round: median and interval. */
  spread?: Spread;
}

/** Planned time, for the progress bar. */
export function contentionBudget(options: BenchOptions): number {
  return BUDGET.monolithStartMs + BUDGET.functionStartMs + 2 * BUDGET.roundsMs(options);
}

type ContendedRound = { background: Metered; measured: Metered };

async function contend(server: Server, scenario: ContentionScenario, ctx: RunContext): Promise<ContendedRound> {
  const { background, measured } = scenario;
  const loads = () =>
    Promise.all([
      runLoad(plan(server.url, background.requests(ctx.credentials), background.concurrency, ctx.options)),
      runLoad(plan(server.url, measured.requests(ctx.credentials), measured.concurrency, ctx.options)),
    ]);
  const watched = { server: server.pid, database: ctx.postmasterPid };
  const { result, usage } = await metered(watched, ctx.options, loads, ([b, m]) => b.responses + m.responses);
  return { background: { load: result[0], usage }, measured: { load: result[1], usage } };
}

// One side's rounds as one run of each load; usage is the server's over both loads, weighted by all their answers.
function merged(rounds: ContendedRound[], scenario: ContentionScenario): ContendedRun {
  const usage = mergeUsage(rounds.map((r) => ({ load: mergeLoads([r.background.load, r.measured.load]), usage: r.measured.usage })));
  const load = (pick: (r: ContendedRound) => Metered) => mergeLoads(rounds.map((r) => pick(r).load));
  return { background: toRunResult(scenario.background.concurrency, load((r) => r.background), usage), measured: toRunResult(scenario.measured.concurrency, load((r) => r.measured), usage) };
}

/** Runs the saturating load and the measured one at the same time, on each side in turn. */
export async function runContention(scenario: ContentionScenario, env: BenchEnvironment, ctx: RunContext, progress: Progress): Promise<ContentionResult> {
  const result: ContentionResult = { id: scenario.id, title: scenario.title, fn: scenario.fn, skipped: unavailable(env, scenario.fn) };
  if (result.skipped) return result;
  progress.step(`${scenario.id}: starting gunicorn and ${scenario.fn}`, BUDGET.monolithStartMs + BUDGET.functionStartMs);
  const launches = [async () => launchMonolith(env, await freePort()), async () => launchFunction(env, scenario.fn, 'minimal', await freePort())];
  await withServers(launches, async ([monolith, fn]) => {
    progress.step(`${scenario.id}: monolith and ${scenario.fn}, ${ctx.options.rounds} rounds each`, 2 * BUDGET.roundsMs(ctx.options));
    const round = (server: Server) => (n: number) => contend(server, scenario, { ...ctx, options: roundWindow(ctx.options, n) });
    const { first, second } = await alternate(ctx.options.rounds, round(monolith!), round(fn!));
    const [m, f] = [merged(first, scenario), merged(second, scenario)];
    result.sides = { monolith: m, fn: f };
    result.ratios = compareRuns(m.measured, f.measured);
    const figures = (r: ContendedRound) => roundFigures(toRunResult(scenario.measured.concurrency, r.measured.load, r.measured.usage));
    result.rounds = first.map((r, i) => [figures(r), figures(second[i]!)]);
    result.spread = spreadOf(result.rounds);
  });
  return result;
}
