import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../stack/ports.ts';
import { BUDGET } from './budget.ts';
import { requestOnce, SocketError } from './connection.ts';
import { unavailable, type BenchEnvironment } from './environment.ts';
import type { RequestSpec } from './http-wire.ts';
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import type { RunContext } from './run.ts';
import { COLD_START_PROBES, type ColdStartProbe } from './scenarios.ts';
import { launchFunction, launchMonolith, type Runtime, type Server } from './servers.ts';
import { distribution, type Distribution } from './stats.ts';

const GIVE_UP_MS = 30_000;

/** `--only cold-start`: the cold starts alone. */
export const COLD_START_ONLY = 'cold-start';

/** Spawn to first 200, per target: gunicorn with Django, or one function under one runtime. */
export interface ColdStartResult {
  /** "monolith" or the function's name. */
  target: string;
  runtime: Runtime | 'gunicorn';
  probe: string;
  skipped: string | null;
  samplesMs: number[];
  ms: Distribution | null;
  /**
   * Where a function's cold start goes, from its start-up log line (minimal runtime): Node's own
   * start (bootMs), the bundle's evaluation (importMs), settings (configMs), the handler with its
   * first query (routesMs), listening (listenMs), and the first answer after that (firstAnswerMs).
   */
  phasesMs?: Record<string, Distribution>;
}

interface Launch {
  ms: number;
  phases: Record<string, number> | null;
}

interface Target {
  result: ColdStartResult;
  probe: () => ColdStartProbe;
  launch(port: number): Promise<Server>;
}

/**
 * Milliseconds from spawning a server to its first served answer (200, or the
 * probe's okStatus) for `probe`, made afresh for every attempt, polled every
 * 2 ms on fresh connections (a refused connection answers at once).
 */
async function timeToFirstOk(launch: (port: number) => Promise<Server>, makeProbe: () => ColdStartProbe): Promise<Launch> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const launching = launch(port); // spawns before its first await
  let failure: Error | null = null;
  launching.catch((error: Error) => (failure = error));
  let last = 'nothing';
  try {
    while (performance.now() - spawnedAt < GIVE_UP_MS) {
      if (failure) throw failure;
      const probe = makeProbe();
      try {
        const response = await requestOnce(url, probe, GIVE_UP_MS);
        if (response.status === (probe.okStatus ?? 200)) {
          const ms = performance.now() - spawnedAt;
          return { ms, phases: startupPhases((await launching).output(), ms) };
        }
        last = `status ${response.status}`;
      } catch (error) {
        last = error instanceof SocketError ? error.code : String(error);
      }
      await sleep(2);
    }
    const probe = makeProbe();
    throw new Error(`no ${probe.okStatus ?? 200} for ${probe.method} ${probe.path} within ${GIVE_UP_MS / 1000} s (last: ${last})`);
  } finally {
    await launching.then((server) => server.stop(), () => {});
  }
}

/** The phases of a function's start-up log line (shared/entrypoint.ts), and the first answer's share of the rest. */
export function startupPhases(output: string, totalMs: number): Record<string, number> | null {
  for (const line of output.split('\n')) {
    if (!line.includes('"startup"')) continue;
    try {
      const { startup } = JSON.parse(line) as { startup?: Record<string, number> };
      if (!startup) continue;
      const served = Object.values(startup).reduce((sum, ms) => sum + ms, 0);
      return { ...startup, firstAnswerMs: Math.max(0, totalMs - served) };
    } catch {
      // not a JSON line: keep looking
    }
  }
  return null;
}

function targets(env: BenchEnvironment, ctx: RunContext): Target[] {
  const monolithProbe = () => COLD_START_PROBES.monolith(ctx.credentials);
  const list: Target[] = [
    { result: blank('monolith', 'gunicorn', monolithProbe(), null), probe: monolithProbe, launch: (port) => launchMonolith(env, port) },
  ];
  for (const fn of Object.keys(env.functions)) {
    const declared = COLD_START_PROBES.functions[fn];
    const probe = () => declared?.(ctx.credentials) ?? { method: 'GET' as const, path: '/' };
    const skipped = declared ? unavailable(env, fn) : `no cold-start probe declared for ${fn} (tools/bench/scenarios.ts)`;
    for (const runtime of ['minimal', 'framework'] as const) {
      list.push({ result: blank(fn, runtime, probe(), skipped), probe, launch: (port) => launchFunction(env, fn, runtime, port) });
    }
  }
  return list;
}

function blank(target: string, runtime: ColdStartResult['runtime'], probe: RequestSpec, skipped: string | null): ColdStartResult {
  return { target, runtime, probe: `${probe.method} ${probe.path}`, skipped, samplesMs: [], ms: null };
}

/** Planned time, for the progress bar. */
export function coldStartBudget(functions: number, options: BenchOptions): number {
  return options.coldStartRuns * (BUDGET.monolithStartMs + functions * 2 * BUDGET.functionStartMs);
}

/** Cold starts of every target, `coldStartRuns` times each, interleaved so that noise spreads over all targets. */
export async function measureColdStarts(env: BenchEnvironment, ctx: RunContext, progress: Progress): Promise<ColdStartResult[]> {
  const list = targets(env, ctx);
  const phases = new Map<ColdStartResult, Array<Record<string, number>>>();
  for (let run = 1; run <= ctx.options.coldStartRuns; run++) {
    for (const { result, probe, launch } of list) {
      if (result.skipped) continue;
      const label = result.target === 'monolith' ? 'gunicorn' : `${result.target} (${result.runtime})`;
      progress.step(`cold start ${run}/${ctx.options.coldStartRuns}: ${label}`, result.target === 'monolith' ? BUDGET.monolithStartMs : BUDGET.functionStartMs);
      try {
        const launched = await timeToFirstOk(launch, probe);
        result.samplesMs.push(launched.ms);
        if (launched.phases) phases.set(result, [...(phases.get(result) ?? []), launched.phases]);
      } catch (error) {
        result.skipped = `failed: ${(error as Error).message.split('\n')[0]}`;
      }
    }
  }
  for (const { result } of list) {
    if (result.skipped) continue;
    result.ms = distribution(result.samplesMs);
    const logged = phases.get(result);
    if (logged?.length) result.phasesMs = Object.fromEntries(Object.keys(logged[0]!).map((phase) => [phase, distribution(logged.map((p) => p[phase] ?? 0))]));
  }
  return list.map((t) => t.result);
}
