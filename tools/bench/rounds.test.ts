import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import type { Usage } from './meter.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { alternate, mergeLoads, mergeUsage, openLoopDurationMs, roundWindow } from './rounds.ts';

function load(latencies: number[], windowMs: number, statuses: Record<string, number>): LoadResult {
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const non2xx = Object.entries(statuses).filter(([s]) => Number(s) >= 300).reduce((n, [, c]) => n + c, 0);
  return { latenciesMs: Float64Array.from(latencies), responses, non2xx, socketErrors: 1, statuses, errors: { ECONNRESET: 1 }, windowMs, capped: false };
}

function usage(cpuMsPerRequest: number | null, othersPercent: number, peakMemoryMiB: number): Usage {
  return { cpuMsPerRequest, dbCpuMsPerRequest: null, clientCpuMsPerRequest: 0.1, machineBusyPercent: 50, othersPercent, peakMemoryMiB, peakMemoryLargestMiB: peakMemoryMiB / 2, processes: 3 };
}

describe('rounds', () => {
  it('splits the window between the rounds and warms up fully only before the first', () => {
    const options = parseOptions([]) as BenchOptions;
    const [first, later] = [roundWindow(options, 0), roundWindow(options, 3)];
    expect(first.durationMs * options.rounds).toBe(options.durationMs);
    expect(first.warmupMs).toBe(options.warmupMs);
    expect(later.warmupMs).toBeLessThan(options.warmupMs);
    expect(later.durationMs).toBe(first.durationMs);
    expect(roundWindow(options, 3, { warmEveryRound: true }).warmupMs).toBe(options.warmupMs);
  });

  it('alternates the two sides round by round', async () => {
    const order: string[] = [];
    const out = await alternate(3, async (n) => void order.push(`a${n}`), async (n) => void order.push(`b${n}`));
    expect(order).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(out.first).toHaveLength(3);
  });

  it('merges rounds into one load over every answer and every error', () => {
    const merged = mergeLoads([load([1, 2], 500, { 200: 2 }), load([3], 500, { 200: 1, 503: 1 })]);
    expect([...merged.latenciesMs]).toEqual([1, 2, 3]);
    expect([merged.responses, merged.non2xx, merged.socketErrors, merged.windowMs]).toEqual([4, 1, 2, 1000]);
    expect(merged.statuses).toEqual({ 200: 3, 503: 1 });
    expect(merged.errors).toEqual({ ECONNRESET: 2 });
  });

  it('weighs per-request CPU by answers and machine shares by window, and keeps the highest peak', () => {
    const merged = mergeUsage([
      { load: load([1], 1000, { 200: 30 }), usage: usage(1, 10, 100) },
      { load: load([1], 3000, { 200: 10 }), usage: usage(5, 30, 80) },
      { load: load([1], 1000, { 200: 5 }), usage: usage(null, 10, 90) },
    ]);
    expect(merged.cpuMsPerRequest).toBe((30 * 1 + 10 * 5) / 40);
    expect(merged.othersPercent).toBe((1000 * 10 + 3000 * 30 + 1000 * 10) / 5000);
    expect(merged.dbCpuMsPerRequest).toBeNull();
    expect([merged.peakMemoryMiB, merged.peakMemoryLargestMiB, merged.processes]).toEqual([100, 50, 3]);
  });
});

describe('open-loop duration', () => {
  const samples = { perRound: 200, maxMs: 40_000 };

  it('keeps the window when it already gives every round enough answers', () => {
    expect(openLoopDurationMs(5000, 400, samples, 5)).toBe(5000);
  });

  it('runs long enough for the minimum in each round at the rate the figure gets, up to the cap', () => {
    const ms = openLoopDurationMs(5000, 95, samples, 5);
    expect((ms / 1000 / 5) * 95).toBeGreaterThanOrEqual(200);
    expect(ms).toBeLessThanOrEqual(10_600);
    expect(openLoopDurationMs(5000, 95, samples, 10)).toBeGreaterThan(ms);
    expect(openLoopDurationMs(5000, 5, samples, 5)).toBe(40_000);
  });
});
