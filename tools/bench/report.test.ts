import { describe, expect, it } from 'vitest';
import type { ComparedRun, ComparisonResult } from './comparison.ts';
import { evaluateGoals } from './goals.ts';
import { loginLimits } from './login-limit.ts';
import { renderHtml } from './html.ts';
import { NOTES, type BenchResults } from './results.ts';
import { compareRuns, spreadOf, type RoundFigures, type RunResult } from './run.ts';
import { distribution, summarize } from './stats.ts';
import { summary } from './summary.ts';

// Made-up figures: these check the reports' shape, never a speed.
function run(concurrency: number, throughput: number, latencyMs: number): RunResult {
  const usage = { cpuMsPerRequest: 1, dbCpuMsPerRequest: 0.1, clientCpuMsPerRequest: 0.05, machineBusyPercent: 90, othersPercent: 5, peakMemoryMiB: 100, peakMemoryLargestMiB: 60, processes: 2 };
  return { concurrency, throughput, responses: 10, non2xx: 1, socketErrors: 2, statuses: { 200: 9, 503: 1 }, errors: { ECONNRESET: 2 }, latency: summarize(Float64Array.of(latencyMs, latencyMs * 2)), usage, windowMs: 1000, capped: false };
}

/** Five rounds, each as the merged runs are: every round's ratio the same. */
function steadyRounds(first: RunResult, second: RunResult): Array<[RoundFigures, RoundFigures]> {
  const figures = (r: RunResult): RoundFigures => ({ answers: r.responses, throughput: r.throughput, p99: r.latency.p99 });
  return Array.from({ length: 5 }, () => [figures(first), figures(second)]);
}

function compared(concurrency: number, monolith: RunResult, fn: RunResult): ComparedRun {
  const rounds = steadyRounds(monolith, fn);
  return { concurrency, monolith, fn, ratios: compareRuns(monolith, fn), rounds, spread: spreadOf(rounds) };
}

const measured: ComparisonResult = {
  id: 'users-detail',
  title: 'GET /api/users/1/ by DRF token',
  fn: 'users',
  skipped: null,
  runs: [compared(64, run(64, 100, 50), run(64, 400, 5))],
};
const skipped = { id: 'login', title: 'POST /api/auth/login/', fn: 'identity', skipped: 'function not built (build failed: x)', runs: [] };

const results: BenchResults = {
  version: 1,
  mode: 'quick',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:02:00Z',
  machine: { cores: 2, cpu: 'test <cpu>', node: 'v20', database: 'embedded PostgreSQL' },
  settings: { warmupMs: 500, durationMs: 3000, trimmedWindow: { warmupMs: 300, durationMs: 1200 }, concurrencies: [64], rounds: 5, coldStartRuns: 5, gunicornWorkers: 5, functionDbPoolMax: 10, notes: NOTES },
  hashLimit: { cores: 2, iterations: 260000, parallel: { monolith: 5, fn: 4 } },
  scenarios: [measured, skipped],
  contention: [{ id: 'session-under-logins', title: 'session while logging in', fn: 'identity', skipped: 'function not built (build failed: x)' }],
  mixed: [],
  coldStarts: [
    { target: 'monolith', runtime: 'gunicorn', probe: 'GET /api/users/1/', skipped: null, samplesMs: [900, 950, 1000, 1050, 1100], ms: distribution([900, 950, 1000, 1050, 1100]) },
    { target: 'users', runtime: 'minimal', probe: 'GET /api/users/1/', skipped: null, samplesMs: [80, 85, 90, 95, 99], ms: distribution([80, 85, 90, 95, 99]) },
  ],
  runtimes: { fn: 'users', scenario: 'users-detail', skipped: 'function not built', concurrency: 64, throughputRatio: null, coldStartGainMs: null, minimalWins: null },
  machineSpeed: [
    { scenario: 'users-detail', when: 'before', hashesPerSecond: 400 },
    { scenario: 'users-detail', when: 'after', hashesPerSecond: 300 },
  ],
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
    expect(text).toContain('4.00x [4.00x, 4.00x]');
    expect(text).toContain('90.0 [80.0, 99.0] ms');
    expect(text).toContain('1+2 → 1+2');
    expect(text).toContain('skipped: function not built (build failed: x)');
    expect(text).toMatch(/PASS {2}users cold start median <= 100 ms/);
    expect(text).toContain('machine speed (pbkdf2 on every core, 2 probes before and after each scenario): the slowest 75.0 % of the fastest (after users-detail)');
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
      runs: [compared(64, run(64, 40, 1500), run(64, 1000, 60))],
      offered: { ratePerSecond: 36, fraction: 0.9, monolithMax: { throughput: 40, concurrency: 64 }, durationMs: 1200, monolith: open(36, 900), fn: open(36, 8), ratios: compareRuns(open(36, 900), open(36, 8)), rounds: steadyRounds(open(36, 900), open(36, 8)), spread: spreadOf(steadyRounds(open(36, 900), open(36, 8))) },
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
        rounds: steadyRounds(before.migrated, after.migrated),
        spread: spreadOf(steadyRounds(before.migrated, after.migrated)),
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

  it('shows the login shares against the hashing limits measured beside the rounds, with their intervals', () => {
    const limits = loginLimits(
      { monolith: 5, fn: 4 },
      { monolith: [20, 20, 20, 20, 20].map((r) => ({ before: { parallel: 5, hashesPerSecond: r, hashes: 40, cpuMsPerHash: 98 }, after: { parallel: 5, hashesPerSecond: r, hashes: 40, cpuMsPerHash: 98 } })), fn: [18, 20, 20, 20, 20].map((r) => ({ before: { parallel: 4, hashesPerSecond: r, hashes: 40, cpuMsPerHash: 99 }, after: { parallel: 4, hashesPerSecond: 40 - r, hashes: 40, cpuMsPerHash: 99 } })) },
      [18, 18, 18, 18, 18].map((m, i) => [{ answers: 36, throughput: m, p99: 3000 }, { answers: 38, throughput: [19, 19, 18.6, 19.4, 19][i]!, p99: 2900 }]),
    );
    const login: ComparisonResult = { ...measured, id: 'login', title: 'POST /api/auth/login/', fn: 'identity', runs: [{ ...measured.runs[0]!, ofHashLimit: limits }] };
    const withLogin = { ...results, scenarios: [measured, login] };
    const text = summary({ ...withLogin, goals: evaluateGoals(withLogin) }, { json: 'j', html: 'h' }, 1000);
    expect(text).toContain('share of its own limit: monolith 90.0 % [90.0 %, 90.0 %] → function 95.0 % [93.0 %, 97.0 %]');
    expect(text).toMatch(/PASS {2}login throughput >= 85 %.*: 95\.0 % \[93\.0 %, 97\.0 %\]/);
    expect(renderHtml({ ...withLogin, goals: [] })).toContain('function <b>95.0 % [93.0 %, 97.0 %]</b>');
  });

  it('renders a self-contained page with inline SVG and escaped text', () => {
    const html = renderHtml(results);
    expect(html).toContain('<svg');
    expect(html).toContain('test &#60;cpu&#62;');
    expect(html).toContain('4.00x [4.00x, 4.00x]');
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
  });
});
