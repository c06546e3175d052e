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
  settings: { warmupMs: 500, durationMs: 3000, concurrencies: [64], coldStartRuns: 2, gunicornWorkers: 5, functionDbPoolMax: 10, notes: NOTES },
  hashLimit: { cores: 2, hashCpuMs: { runs: 3, median: 50, min: 49, max: 51, q1: 49.5, q3: 50.5 }, hashWallMs: { runs: 3, median: 52, min: 50, max: 60, q1: 51, q3: 55 }, loginsPerSecond: 40 },
  scenarios: [measured, skipped],
  contention: [{ id: 'session-under-logins', title: 'session while logging in', fn: 'identity', skipped: 'function not built (build failed: x)' }],
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
    expect(results.goals.map((g) => g.pass)).toEqual([true, true, null, null]);
    expect(results.goals[3]!.figure).toBe('not measured: function not built (build failed: x)');
  });

  it('prints ratios, errors and skipped scenarios in the terminal summary', () => {
    const text = summary(results, { json: 'results/bench.json', html: 'results/bench.html' }, 120_000);
    expect(text).toContain('100 → 400');
    expect(text).toContain('4.00x');
    expect(text).toContain('1+2 → 1+2');
    expect(text).toContain('skipped: function not built (build failed: x)');
    expect(text).toMatch(/PASS {2}users cold start median <= 100 ms/);
  });

  it('renders a self-contained page with inline SVG and escaped text', () => {
    const html = renderHtml(results);
    expect(html).toContain('<svg');
    expect(html).toContain('test &#60;cpu&#62;');
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
  });
});
