/**
 * Repeated windows: each comparison runs as k short rounds, the two sides
 * alternating (A B A B …), so a burst of noise on the shared machine lands in
 * one round of one side rather than in a whole side's figure. Each round
 * gives a ratio; the spread of the k ratios is the figure's interval
 * (interval.ts). The rounds of one side are also merged into one result
 * over all its answers: the figure tables and the cost model read those.
 */
import type { LoadResult } from './load.ts';
import type { Usage } from './meter.ts';
import type { BenchOptions } from './options.ts';

/** A measured load with the usage over its window, before it is summarised. */
export interface Metered {
  load: LoadResult;
  usage: Usage;
}

/**
 * The window of round `round` (from 0): the side's share of the measured
 * window. The first round warms up as a single run would; later closed-loop
 * rounds only briefly (the server is warm, only the connections are new),
 * open-loop ones fully again (`warmEveryRound`), so that every round's queue
 * has built up at the offered rate before it is measured.
 */
export function roundWindow(options: BenchOptions, round: number, { warmEveryRound = false } = {}): BenchOptions {
  return { ...options, warmupMs: round === 0 || warmEveryRound ? options.warmupMs : options.warmupMs / 4, durationMs: options.durationMs / options.rounds };
}

/**
 * An open-loop load's measured time per side, over its `rounds`: the window,
 * or longer when the window would give a round fewer than `samples.perRound`
 * answers at `answersPerSecond` (up to `samples.maxMs`). Each round's p99 is
 * one sample of a goal's interval, so each must rest on enough answers: of
 * 170, the p99 is the second slowest, and one stall decides it.
 */
export function openLoopDurationMs(windowMs: number, answersPerSecond: number, samples: { perRound: number; maxMs: number }, rounds: number): number {
  const neededMs = (1000 * samples.perRound * rounds) / answersPerSecond;
  return Math.min(samples.maxMs, Math.max(windowMs, Math.ceil(neededMs / 100) * 100));
}

/** Runs `rounds` rounds of the two sides, alternating, and returns each side's results in order. */
export async function alternate<A, B>(rounds: number, first: (round: number) => Promise<A>, second: (round: number) => Promise<B>): Promise<{ first: A[]; second: B[] }> {
  const out = { first: [] as A[], second: [] as B[] };
  for (let round = 0; round < rounds; round++) {
    out.first.push(await first(round));
    out.second.push(await second(round));
  }
  return out;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}

/** Several windows' loads as one: every answer, every error, the windows' lengths added up. */
export function mergeLoads(loads: LoadResult[]): LoadResult {
  const latencies = new Float64Array(loads.reduce((n, l) => n + l.latenciesMs.length, 0));
  let at = 0;
  for (const l of loads) {
    latencies.set(l.latenciesMs, at);
    at += l.latenciesMs.length;
  }
  return {
    latenciesMs: latencies,
    responses: loads.reduce((n, l) => n + l.responses, 0),
    non2xx: loads.reduce((n, l) => n + l.non2xx, 0),
    socketErrors: loads.reduce((n, l) => n + l.socketErrors, 0),
    statuses: loads.reduce((all, l) => addCounts(all, l.statuses), {}),
    errors: loads.reduce((all, l) => addCounts(all, l.errors), {}),
    windowMs: loads.reduce((n, l) => n + l.windowMs, 0),
    capped: loads.some((l) => l.capped),
  };
}

// Weighted mean of per-request figures (by answers) or shares of the machine (by window); null when no part has one.
function weighted(parts: Array<{ value: number | null; weight: number }>): number | null {
  const known = parts.filter((p): p is { value: number; weight: number } => p.value !== null && p.weight > 0);
  const total = known.reduce((n, p) => n + p.weight, 0);
  return total > 0 ? known.reduce((sum, p) => sum + p.value * p.weight, 0) / total : null;
}

/** The usage over several windows: per-request CPU over all their answers, machine shares over all their time, the highest peak. */
export function mergeUsage(parts: Metered[]): Usage {
  const perAnswer = (pick: (u: Usage) => number | null) => weighted(parts.map((p) => ({ value: pick(p.usage), weight: p.load.responses })));
  const perWindow = (pick: (u: Usage) => number) => weighted(parts.map((p) => ({ value: pick(p.usage), weight: p.load.windowMs }))) ?? 0;
  return {
    cpuMsPerRequest: perAnswer((u) => u.cpuMsPerRequest),
    dbCpuMsPerRequest: perAnswer((u) => u.dbCpuMsPerRequest),
    clientCpuMsPerRequest: perAnswer((u) => u.clientCpuMsPerRequest),
    machineBusyPercent: perWindow((u) => u.machineBusyPercent),
    othersPercent: perWindow((u) => u.othersPercent),
    peakMemoryMiB: Math.max(0, ...parts.map((p) => p.usage.peakMemoryMiB)),
    peakMemoryLargestMiB: Math.max(0, ...parts.map((p) => p.usage.peakMemoryLargestMiB)),
    processes: Math.max(0, ...parts.map((p) => p.usage.processes)),
  };
}
