import { describe, expect, it } from 'vitest';
import type { ColdStartResult } from './cold-start.ts';
import type { ComparisonResult } from './comparison.ts';
import { evaluateGoals, type Goal } from './goals.ts';
import type { HashRate } from './hash-limit.ts';
import { loginLimits } from './login-limit.ts';
import { compareRuns, spreadOf, type RoundFigures, type RunResult } from './run.ts';
import { distribution, summarize } from './stats.ts';

// Made-up figures: these check the pass rule, never a speed.
function run(throughput: number, p99: number): RunResult {
  const usage = { cpuMsPerRequest: 1, dbCpuMsPerRequest: 0.1, clientCpuMsPerRequest: 0.05, machineBusyPercent: 90, othersPercent: 5, peakMemoryMiB: 100, peakMemoryLargestMiB: 60, processes: 2 };
  return { concurrency: 64, throughput, responses: 1000, non2xx: 0, socketErrors: 0, statuses: { 200: 1000 }, errors: {}, latency: summarize(Float64Array.of(p99)), usage, windowMs: 1000, capped: false };
}

/** Rounds whose second side does `ratios[i]` times the first side's throughput, at `p99Ratios[i]` times its p99. */
function rounds(ratios: number[], p99Ratios = ratios.map(() => 0.1)): Array<[RoundFigures, RoundFigures]> {
  return ratios.map((r, i) => [{ answers: 100, throughput: 100, p99: 50 }, { answers: 100, throughput: 100 * r, p99: 50 * p99Ratios[i]! }]);
}

function scenario(id: string, fn: string, throughputRatios: number[], p99Ratios?: number[]): ComparisonResult {
  const r = rounds(throughputRatios, p99Ratios);
  const [monolith, f] = [run(100, 50), run(100 * throughputRatios[2]!, 5)];
  return { id, title: id, fn, skipped: null, runs: [{ concurrency: 64, monolith, fn: f, ratios: compareRuns(monolith, f), rounds: r, spread: spreadOf(r) }] };
}

function cold(samplesMs: number[]): ColdStartResult {
  return { target: 'users', runtime: 'minimal', probe: 'GET /api/users/1/', skipped: null, samplesMs, ms: distribution(samplesMs) };
}

function judged(goals: Goal[], prefix: string): Goal {
  return goals.find((g) => g.goal.startsWith(prefix))!;
}

describe('goals pass only when the whole interval clears them', () => {
  it('misses a throughput goal whose median clears it but whose worst round does not', () => {
    const straddling = evaluateGoals({ coldStarts: [], scenarios: [scenario('orders-list', 'orders', [2.8, 3.4, 3.3, 3.1, 3.6])], contention: [] });
    const clear = evaluateGoals({ coldStarts: [], scenarios: [scenario('orders-list', 'orders', [3.2, 3.4, 3.3, 3.1, 3.6])], contention: [] });
    expect(judged(straddling, 'orders list').pass).toBe(false);
    expect(judged(straddling, 'orders list').interval?.median).toBe(3.3);
    expect(judged(straddling, 'orders list').figure).toMatch(/^3\.30x \[2\.80x, 3\.60x\] over 5 rounds/);
    expect(judged(clear, 'orders list').pass).toBe(true);
  });

  it('misses users detail when its p99 ratio straddles 1/3 though its throughput clears', () => {
    const p99Straddling = evaluateGoals({ coldStarts: [], scenarios: [scenario('users-detail', 'users', [4, 4, 4, 4, 4], [0.2, 0.25, 0.3, 0.2, 0.4])], contention: [] });
    expect(judged(p99Straddling, 'users detail').pass).toBe(false);
    const clear = evaluateGoals({ coldStarts: [], scenarios: [scenario('users-detail', 'users', [4, 4, 4, 4, 4], [0.2, 0.25, 0.3, 0.2, 0.33])], contention: [] });
    expect(judged(clear, 'users detail').pass).toBe(true);
  });

  it('misses a cold start whose median is under 100 ms when its interval reaches past it', () => {
    expect(judged(evaluateGoals({ coldStarts: [cold([90, 95, 97, 98, 104])], scenarios: [], contention: [] }), 'users cold start').pass).toBe(false);
    const ten = [80, 84, 88, 90, 91, 93, 95, 96, 99, 130]; // the slowest launch lies outside the 97.9 % interval of ten
    const goal = judged(evaluateGoals({ coldStarts: [cold(ten)], scenarios: [], contention: [] }), 'users cold start');
    expect(goal.pass).toBe(true);
    expect(goal.figure).toMatch(/^92\.0 \[84\.0, 99\.0\] ms over 10 launches \(97\.9 % interval/);
  });

  it('judges mixed traffic and order placement p99 on the gain, reciprocal of each round ratio', () => {
    const offered = scenario('order-placement', 'orders', [25, 25, 25, 25, 25]);
    const r = rounds([1, 1, 1, 1, 1], [1 / 12, 1 / 8, 1 / 14, 1 / 13, 1 / 11]);
    offered.offered = { ratePerSecond: 36, fraction: 0.9, monolithMax: { throughput: 40, concurrency: 64 }, durationMs: 1200, monolith: run(36, 900), fn: run(36, 80), ratios: compareRuns(run(36, 900), run(36, 80)), rounds: r, spread: spreadOf(r) };
    const goals = evaluateGoals({ coldStarts: [], scenarios: [offered], contention: [] });
    expect(judged(goals, 'order placement >= 20x').pass).toBe(true);
    const p99 = judged(goals, 'order placement p99');
    expect([p99.interval?.median, p99.interval?.low, p99.interval?.high]).toEqual([12, 8, 14].map((v) => expect.closeTo(v, 9)));
    expect(p99.pass).toBe(false);
  });
});

describe('login throughput against the hashing limit beside each round', () => {
  const hashRate = (hashesPerSecond: number, parallel: number): HashRate => ({ parallel, hashesPerSecond, hashes: 100, cpuMsPerHash: 100 });
  // The same rate right before and right after the round.
  const rate = (hashesPerSecond: number, parallel: number) => ({ before: hashRate(hashesPerSecond, parallel), after: hashRate(hashesPerSecond, parallel) });
  // Monolith first, function second: logins/s in each of five rounds.
  const logins = (monolith: number[], fn: number[]): Array<[RoundFigures, RoundFigures]> => monolith.map((m, i) => [{ answers: 10, throughput: m, p99: 1 }, { answers: 10, throughput: fn[i]!, p99: 1 }]);
  const parallel = { monolith: 5, fn: 4 };

  function loginResult(limits: ReturnType<typeof loginLimits>): ComparisonResult {
    const result = scenario('login', 'identity', [1, 1, 1, 1, 1]);
    result.runs[0]!.ofHashLimit = limits;
    return result;
  }

  it('divides each round by the limit measured beside it, and compares both against the higher of the two', () => {
    const limits = loginLimits(parallel, { monolith: [20, 20, 10, 20, 20].map((r) => rate(r, 5)), fn: [20, 25, 10, 20, 20].map((r) => rate(r, 4)) }, logins([18, 18, 9, 18, 18], [19, 20, 9.5, 19, 19]));
    expect(limits.own.monolith.samples).toEqual([90, 90, 90, 90, 90]);
    expect(limits.own.fn.samples).toEqual([95, 80, 95, 95, 95]);
    expect(limits.common.monolith.samples).toEqual([90, 72, 90, 90, 90]);
    expect(limits.common.fn.samples).toEqual([95, 80, 95, 95, 95]);
    expect(limits.lead.samples).toEqual([5, -10, 5, 5, 5]);
    // A noisy round (its limit halved, and its logins with it) still reads 90 % and 95 %: the limit moved with it.
    expect(limits.own.fn.median).toBe(95);
  });

  it('takes each round\'s limit as the mean of the rates right before and right after it', () => {
    const bracketed = { before: hashRate(16, 4), after: hashRate(24, 4) };
    const limits = loginLimits(parallel, { monolith: [rate(20, 5)], fn: [bracketed] }, logins([18], [19]));
    expect(limits.own.fn.samples).toEqual([95]);
  });

  it('misses when one round of the function falls under 85 % of its limit, however good the others', () => {
    const limits = loginLimits(parallel, { monolith: [20, 20, 20, 20, 20].map((r) => rate(r, 5)), fn: [20, 20, 20, 20, 20].map((r) => rate(r, 4)) }, logins([16, 16, 16, 16, 16], [19, 19, 16.8, 19, 19]));
    const goal = judged(evaluateGoals({ coldStarts: [], scenarios: [loginResult(limits)], contention: [] }), 'login throughput');
    expect(limits.own.fn.low).toBe(84);
    expect(goal.pass).toBe(false);
    expect(goal.figure).toMatch(/^95\.0 % \[84\.0 %, 95\.0 %\] over 5 rounds/);
  });

  it('misses when the function clears 85 % but its share is below the monolith\'s in the median round', () => {
    const limits = loginLimits(parallel, { monolith: [20, 20, 20, 20, 20].map((r) => rate(r, 5)), fn: [20, 20, 20, 20, 20].map((r) => rate(r, 4)) }, logins([19.6, 19.6, 19.6, 19.6, 19.6], [19, 19, 19, 19.8, 19]));
    expect(judged(evaluateGoals({ coldStarts: [], scenarios: [loginResult(limits)], contention: [] }), 'login throughput').pass).toBe(false);
    const ahead = loginLimits(parallel, { monolith: [20, 20, 20, 20, 20].map((r) => rate(r, 5)), fn: [20, 20, 20, 20, 20].map((r) => rate(r, 4)) }, logins([18, 18, 18, 18, 18], [19, 19, 19, 19, 19]));
    expect(judged(evaluateGoals({ coldStarts: [], scenarios: [loginResult(ahead)], contention: [] }), 'login throughput').pass).toBe(true);
  });
});
