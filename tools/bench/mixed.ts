/**
 * Mixed traffic through the local load balancer, before and after migration,
 * at the same open-loop offered load: before, a manifest copy with every route
 * off (everything to the monolith); after, the checked-in manifest (hot routes
 * to functions). The rate is a share of the mix's best closed-loop throughput
 * before migration, i.e. a load the monolith can only just sustain.
 */
import { fileURLToPath } from 'node:url';
import { loadManifest, type Manifest } from '../manifest.ts';
import { BACKEND_HEADER } from '../stack/load-balancer.ts';
import { freePort } from '../stack/ports.ts';
import { startProcess, waitForHttp } from '../stack/processes.ts';
import { BUDGET } from './budget.ts';
import { onCleanup } from './cleanup.ts';
import { scenarioContext } from './comparison.ts';
import { requestOnce } from './connection.ts';
import { withDispatchPartner } from './dispatch.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import { openLoopDurationMs } from './rounds.ts';
import { compareRuns, measureOpenRounds, measureRun, spreadOf, type OpenRunResult, type Ratios, type RoundFigures, type RunContext, type RunResult, type Spread } from './run.ts';
import { mixSequence, type MixedScenario } from './scenarios.ts';
import { launchFunction, launchMonolith, withServers, type Server } from './servers.ts';

/** The group every migrated entry of the mix is also counted in. */
export const MIGRATED = 'migrated routes';

/** One configuration's open-loop run: over the whole mix, over its migrated routes together, and per entry. */
export interface MixedSide {
  all: RunResult;
  migrated: RunResult;
  byLabel: Record<string, RunResult>;
}

export interface MixedResult {
  id: string;
  title: string;
  skipped: string | null;
  mix: Array<{ label: string; share: number; migrated: boolean; request: string }>;
  dispatchLatencyMs: number;
  window: { warmupMs: number; durationMs: number };
  fraction: number;
  /** The mix's closed-loop run before migration at the highest concurrency: its throughput sets the rate. */
  max?: RunResult;
  ratePerSecond?: number;
  /** The backend (X-Canopy-Backend) that answered one probe of each entry, per configuration. */
  routing?: { before: Record<string, string>; after: Record<string, string> };
  before?: MixedSide;
  after?: MixedSide;
  /** after / before (below 1 is better for all but throughput). */
  ratios?: { all: Ratios; migrated: Ratios; byLabel: Record<string, Ratios> };
  /** The migrated routes' figures in each round, before then after migration. */
  rounds?: Array<[RoundFigures, RoundFigures]>;
  /** The migrated routes' after / before per round: median and interval. */
  spread?: Spread;
}

/** Planned time, for the progress bar (mixed traffic may run longer for enough answers: options.openLoopSamples). */
export function mixedBudget(options: BenchOptions, scenario: MixedScenario): number {
  const window = { ...options, ...options.trimmedWindow };
  return BUDGET.monolithStartMs + scenario.functions.length * BUDGET.functionStartMs + 2 * BUDGET.functionStartMs + BUDGET.runMs(window) + 2 * BUDGET.openRoundsMs(window);
}

/** The checked-in manifest with every route off and weight 0: the URL map before migration. */
export function beforeMigration(manifest: Manifest): Manifest {
  return { ...manifest, routes: manifest.routes.map((r) => ({ ...r, stage: 'off' as const, weight: 0 })) };
}

const LB_SCRIPT = fileURLToPath(new URL('./load-balancer-process.ts', import.meta.url));

/** Starts the local load balancer in a process of its own (see load-balancer-process.ts). */
async function launchLoadBalancer(what: string, manifest: Manifest, backends: { monolith: string; functions: Record<string, string> }): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(`load-balancer (${what})`, process.execPath, ['--import', 'tsx', LB_SCRIPT, JSON.stringify({ port, manifest, backends })], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
  });
  await waitForHttp(`${url}/`, proc.child, proc.output, 15_000).catch((error: Error) => {
    throw new Error(`the load balancer (${what}) ${error.message}`);
  });
  const stop = onCleanup(`load balancer (${what})`, () => proc.stop());
  return { url, pid: proc.child.pid!, output: proc.output, stop };
}

function side(run: OpenRunResult): MixedSide {
  return { all: run.all, migrated: run.byGroup[MIGRATED]!, byLabel: run.byLabel };
}

/** Which backend answers each entry of the mix through a load balancer (one request each). */
async function routing(lb: Server, scenario: MixedScenario, ctx: RunContext): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const entry of scenario.mix) {
    const response = await requestOnce(lb.url, entry.request(ctx.credentials));
    const backend = response.headers.find(([name]) => name === BACKEND_HEADER)?.[1] ?? '?';
    seen[entry.label] = response.status < 300 ? backend : `${backend} (status ${response.status})`;
  }
  return seen;
}

/** Runs the mix before and after migration at the same offered load. */
export async function runMixed(scenario: MixedScenario, baseEnv: BenchEnvironment, baseCtx: RunContext, progress: Progress): Promise<MixedResult> {
  const ctx = scenarioContext(baseCtx, true);
  const result: MixedResult = {
    id: scenario.id,
    title: scenario.title,
    skipped: scenario.functions.map((fn) => unavailable(baseEnv, fn)).find((why) => why !== null) ?? null,
    mix: scenario.mix.map((e) => {
      const r = e.request(ctx.credentials);
      return { label: e.label, share: e.share, migrated: e.migrated, request: `${r.method} ${r.path}` };
    }),
    dispatchLatencyMs: scenario.dispatchLatencyMs,
    window: { warmupMs: ctx.options.warmupMs, durationMs: ctx.options.durationMs },
    fraction: scenario.offeredFraction,
  };
  if (result.skipped) return result;
  progress.step(`${scenario.id}: starting gunicorn, ${scenario.functions.join(', ')} and two load balancers`, BUDGET.monolithStartMs + (scenario.functions.length + 2) * BUDGET.functionStartMs);
  const partner = await withDispatchPartner(baseEnv, scenario.dispatchLatencyMs);
  const env = partner.env;
  const launches = [async () => launchMonolith(env, await freePort()), ...scenario.functions.map((fn) => async () => launchFunction(env, fn, 'minimal', await freePort()))];
  try {
    await withServers(launches, async ([monolith, ...fns]) => {
      const backends = { monolith: monolith!.url, functions: Object.fromEntries(scenario.functions.map((fn, i) => [fn, fns[i]!.url])) };
      const manifest = loadManifest();
      await withServers(
        [() => launchLoadBalancer('before migration', beforeMigration(manifest), backends), () => launchLoadBalancer('after migration', manifest, backends)],
        async ([before, after]) => {
          const stack = (lb: Server) => ({ url: lb.url, pids: [lb.pid, monolith!.pid, ...fns.map((f) => f.pid)] });
          result.routing = { before: await routing(before!, scenario, ctx), after: await routing(after!, scenario, ctx) };
          const migrated = new Set(scenario.mix.filter((e) => e.migrated).map((e) => e.label));
          const sequence = mixSequence(scenario.mix, ctx.credentials).map((r) => (migrated.has(r.label) ? { ...r, group: MIGRATED } : r));
          const concurrency = Math.max(...ctx.options.concurrencies);
          progress.step(`${scenario.id}: best throughput before migration (closed loop, concurrency ${concurrency})`, BUDGET.runMs(ctx.options));
          const { pids, url } = stack(before!);
          result.max = await measureRun({ url, pid: pids }, sequence.map((r) => r.spec), concurrency, ctx);
          if (!(result.max.throughput > 0)) throw new Error('no 2xx answers through the load balancer before migration');
          const rate = scenario.offeredFraction * result.max.throughput;
          result.ratePerSecond = rate;
          const migratedShare = scenario.mix.filter((e) => e.migrated).reduce((sum, e) => sum + e.share, 0) / 100;
          const durationMs = openLoopDurationMs(ctx.options.durationMs, rate * migratedShare, ctx.options.openLoopSamples, ctx.options.rounds);
          progress.step(`${scenario.id}: before and after migration, ${Math.round(rate)} req/s open loop for ${durationMs / 1000} s each in ${ctx.options.rounds} rounds`, 2 * BUDGET.openRoundsMs({ ...ctx.options, durationMs }));
          const measured = await measureOpenRounds([stack(before!), stack(after!)], sequence, rate, ctx, { figure: (r) => r.byGroup[MIGRATED]!, share: migratedShare });
          result.window = { warmupMs: ctx.options.warmupMs, durationMs: measured.durationMs };
          result.before = side(measured.first);
          result.after = side(measured.second);
          result.rounds = measured.rounds;
          result.spread = spreadOf(measured.rounds);
          const b = result.before;
          const a = result.after;
          result.ratios = {
            all: compareRuns(b.all, a.all),
            migrated: compareRuns(b.migrated, a.migrated),
            byLabel: Object.fromEntries(Object.keys(b.byLabel).map((label) => [label, compareRuns(b.byLabel[label]!, a.byLabel[label]!)])),
          };
        },
      );
    });
  } finally {
    await partner.stop();
  }
  return result;
}
