import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from './comparison.ts';
import { evaluateGoals } from './goals.ts';
import { renderHtml } from './html.ts';
import { NOTES, type BenchResults } from './results.ts';
import { compareRuns, type RunResult } from './run.ts';
import { summarize } from './stats.ts';
import { summary } from './summary.ts';

// Made-up figures: these check the reports' shape, never a speed.
function run(concurrency: number, throughput: number, latencyMs: number): RunResult {
  const usage = { cpuMsPerRequest: 1, dbCpuMsPerRequest: 0.1, clientCpuMsPerRequest: 0.05, machineBusyPercent: 90, othersPercent: 5, peakMemoryMiB: 100, peakMemoryLargestMiB: 60, processes: 2 };
  return { concurrency, throughput, responses: 10, non2xx: 1, socketErrors: 2, statuses: { 200: 9, 503: 1 }, errors: { ECONNRESET: 2 }, latency: summarize(Float64Array.of(latencyMs, latencyMs * 2)), usage, windowMs: 1000, capped: false };
}

const measured: ComparisonResult = {
  id: 'users-detail',
  title: 'GET /api/users/1/ by DRF token',
  fn: 'users',
  skipped: null,
  runs: [64].map((c) => ({ concurrency: c, monolith: run(c, 100, 50), fn: run(c, 400, 5), ratios: compareRuns(run(c, 100, 50), run(c, 400, 5)) })),
};
const skipped = { id: 'login', title: 'POST /api/auth/login/', fn: 'identity', skipped: 'function not built (build failed: x)', runs: [] };

const results: BenchResults = {
  version: 1,
  mode: 'quick',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:02:00Z',
  machine: { cores: 2, cpu: 'test <cpu>', node: 'v20', database: 'embedded PostgreSQL' },
  settings: { warmupMs: 500, durationMs: 3000, trimmedWindow: { warmupMs: 300, durationMs: 1200 }, concurrencies: [64], coldStartRuns: 2, gunicornWorkers: 5, functionDbPoolMax: 10, notes: NOTES },
  hashLimit: { cores: 2, iterations: 260000, hashCpuMs: { runs: 3, median: 50, min: 49, max: 51, q1: 49.5, q3: 50.5 }, hashWallMs: { runs: 3, median: 52, min: 50, max: 60, q1: 51, q3: 55 }, loginsPerSecond: 40 },
  scenarios: [measured, skipped],
  contention: [{ id: 'session-under-logins', title: 'session while logging in', fn: 'identity', skipped: 'function not built (build failed: x)' }],
  mixed: [],
  coldStarts: [
    { target: 'monolith', runtime: 'gunicorn', probe: 'GET /api/users/1/', skipped: null, samplesMs: [900, 1100], ms: { runs: 2, median: 1000, min: 900, max: 1100, q1: 950, q3: 1050 } },
    { target: 'users', runtime: 'minimal', probe: 'GET /api/users/1/', skipped: null, samplesMs: [80, 120], ms: { runs: 2, median: 100, min: 80, max: 120, q1: 90, q3: 110 } },
  ],
  runtimes: { fn: 'users', scenario: 'users-detail', skipped: 'function not built', concurrency: 64, throughputRatio: null, coldStartGainMs: null, minimalWins: null },
  bundles: [{ fn: 'users', bytes: 75_000, skipped: null }, { fn: 'identity', bytes: null, skipped: 'build failed: x' }],
  goals: [],
};
results.goals = evaluateGoals(results);

describe('reports', () => {
  it('judges the goals it has figures for and says why the others are not measured', () => {
    expect(results.goals.map((g) => g.pass)).toEqual([true, true, null, null, null, null, null, null]);
    expect(results.goals[3]!.figure).toBe('not measured: function not built (build failed: x)');
    expect(results.goals[4]!.goal).toMatch(/^orders list >= 3x/);
  });

  it('prints ratios, errors and skipped scenarios in the terminal summary', () => {
    const text = summary(results, { json: 'results/bench.json', html: 'results/bench.html' }, 120_000);
    expect(text).toContain('100 → 400');
    expect(text).toContain('4.00x');
    expect(text).toContain('1+2 → 1+2');
    expect(text).toContain('skipped: function not built (build failed: x)');
    expect(text).toMatch(/PASS {2}users cold start median <= 100 ms/);
  });

  it('reports the order scenarios and mixed traffic with their ratios and goals', () => {
    const open = (rate: number, latencyMs: number): RunResult => ({ ...run(0, rate, latencyMs), offeredPerSecond: rate });
    const placement: ComparisonResult = {
      id: 'order-placement',
      title: 'POST /api/orders/',
      fn: 'orders',
      skipped: null,
      window: { warmupMs: 300, durationMs: 1200 },
      dispatchLatencyMs: 100,
      runs: [{ concurrency: 64, monolith: run(64, 40, 1500), fn: run(64, 1000, 60), ratios: compareRuns(run(64, 40, 1500), run(64, 1000, 60)) }],
      offered: { ratePerSecond: 36, fraction: 0.9, monolithMax: { throughput: 40, concurrency: 64 }, monolith: open(36, 900), fn: open(36, 8), ratios: compareRuns(open(36, 900), open(36, 8)) },
    };
    const side = (latencyMs: number) => ({ all: open(200, latencyMs), migrated: open(180, latencyMs), byLabel: { 'users detail': open(80, latencyMs), 'sites (monolith only)': open(20, latencyMs / 4) } });
    const before = side(400);
    const after = side(10);
    const withOrders: BenchResults = {
      ...results,
      scenarios: [measured, placement],
      mixed: [{
        id: 'mixed',
        title: 'mixed traffic',
        skipped: null,
        mix: [{ label: 'users detail', share: 90, migrated: true, request: 'GET /api/users/1/' }, { label: 'sites (monolith only)', share: 10, migrated: false, request: 'GET /api/sites/' }],
        dispatchLatencyMs: 100,
        window: { warmupMs: 300, durationMs: 1200 },
        fraction: 0.9,
        max: run(64, 222, 300),
        ratePerSecond: 200,
        routing: { before: { 'users detail': 'monolith', 'sites (monolith only)': 'monolith' }, after: { 'users detail': 'users', 'sites (monolith only)': 'monolith' } },
        before,
        after,
        ratios: {
          all: compareRuns(before.all, after.all),
          migrated: compareRuns(before.migrated, after.migrated),
          byLabel: { 'users detail': compareRuns(before.byLabel['users detail'], after.byLabel['users detail']), 'sites (monolith only)': compareRuns(before.byLabel['sites (monolith only)'], after.byLabel['sites (monolith only)']) },
        },
      }],
    };
    const goals = evaluateGoals(withOrders);
    const judged = (prefix: string) => goals.find((g) => g.goal.startsWith(prefix))?.pass;
    expect(judged('order placement >= 20x')).toBe(true);
    expect(judged('order placement p99')).toBe(true);
    expect(judged('mixed traffic')).toBe(true);
    expect(judged('orders list')).toBe(null);
    const text = summary({ ...withOrders, goals }, { json: 'j', html: 'h' }, 1000);
    expect(text).toContain('open 36.0/s');
    expect(text).toContain('migrated routes');
    expect(text).toContain('400 → 10.0');
    expect(text).toMatch(/users detail +90 % +users/);
    const html = renderHtml({ ...withOrders, goals });
    expect(html).toContain('after / before');
    expect(html).toContain('open loop');
  });

  it('renders a self-contained page with inline SVG and escaped text', () => {
    const html = renderHtml(results);
    expect(html).toContain('<svg');
    expect(html).toContain('test &#60;cpu&#62;');
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
  });
});
