/** The one-screen terminal summary of a bench run. */
import type { ColdStartResult } from './cold-start.ts';
import type { ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import { count, kib, mib, ms, percent, rps, times } from './format.ts';
import type { BenchResults } from './results.ts';
import type { RunResult } from './run.ts';
import { DECISION_RULE } from './runtimes.ts';
import { distribution } from './stats.ts';
import { table } from './table.ts';

const arrow = (a: string, b: string) => `${a} → ${b}`;
const errors = (r: RunResult) => `${r.non2xx}+${r.socketErrors}`;

function scenarioLines(s: ComparisonResult): string[] {
  const head = `${s.id}  ${s.title}  (monolith → ${s.fn})`;
  if (s.skipped) return [head, `  skipped: ${s.skipped}`];
  const hashBound = s.runs.some((r) => r.ofHashLimit);
  const rows = [['conc', 'req/s', '×', 'p50 ms', 'p99 ms', '×', 'cpu ms/req', '×', 'peak MiB', '×', ...(hashBound ? ['% of limit'] : []), 'non2xx+socket']];
  for (const r of s.runs) {
    rows.push([
      String(r.concurrency),
      arrow(rps(r.monolith.throughput), rps(r.fn.throughput)),
      times(r.ratios.throughput),
      arrow(ms(r.monolith.latency.p50), ms(r.fn.latency.p50)),
      arrow(ms(r.monolith.latency.p99), ms(r.fn.latency.p99)),
      times(r.ratios.p99),
      arrow(ms(r.monolith.usage.cpuMsPerRequest), ms(r.fn.usage.cpuMsPerRequest)),
      times(r.ratios.cpuPerRequest),
      arrow(mib(r.monolith.usage.peakMemoryMiB), mib(r.fn.usage.peakMemoryMiB)),
      times(r.ratios.memory),
      ...(r.ofHashLimit ? [arrow(percent(r.ofHashLimit.monolith), percent(r.ofHashLimit.fn))] : []),
      arrow(errors(r.monolith), errors(r.fn)),
    ]);
  }
  return [head, ...table(rows)];
}

function contentionLines(c: ContentionResult): string[] {
  const head = `${c.id}  ${c.title}  (monolith → ${c.fn})`;
  if (!c.sides) return [head, `  skipped: ${c.skipped}`];
  const { monolith: m, fn: f } = c.sides;
  const rows = [
    ['load', 'conc', 'answers', 'req/s', 'p50 ms', 'p99 ms', 'p99 ×', 'non2xx+socket'],
    ['measured', String(m.measured.concurrency), arrow(count(m.measured.responses), count(f.measured.responses)), arrow(rps(m.measured.throughput), rps(f.measured.throughput)), arrow(ms(m.measured.latency.p50), ms(f.measured.latency.p50)), arrow(ms(m.measured.latency.p99), ms(f.measured.latency.p99)), times(c.ratios?.p99), arrow(errors(m.measured), errors(f.measured))],
    ['background', String(m.background.concurrency), arrow(count(m.background.responses), count(f.background.responses)), arrow(rps(m.background.throughput), rps(f.background.throughput)), arrow(ms(m.background.latency.p50), ms(f.background.latency.p50)), arrow(ms(m.background.latency.p99), ms(f.background.latency.p99)), '', arrow(errors(m.background), errors(f.background))],
  ];
  return [head, ...table(rows)];
}

function coldLine(c: ColdStartResult): string {
  if (!c.ms) return `skipped: ${c.skipped}`;
  return `${ms(c.ms.median)} ms [${ms(c.ms.min)}–${ms(c.ms.max)}]`;
}

function coldStartLines(results: BenchResults): string[] {
  const runs = results.coldStarts.find((c) => c.ms)?.ms?.runs ?? 0;
  const rows = results.coldStarts.map((c) => [c.target === 'monolith' ? 'gunicorn + Django' : `${c.target} (${c.runtime})`, c.probe, coldLine(c)]);
  return [`cold start: spawn → first 200 of a database-backed request, ${runs} runs, median [min–max]`, ...table(rows, [1, 2])];
}

function runtimeLines(results: BenchResults): string[] {
  const r = results.runtimes;
  if (r.skipped) return [`runtimes: skipped: ${r.skipped}`];
  return [
    `runtimes (${r.fn}, ${r.scenario} at concurrency ${r.concurrency}): minimal ${rps(r.minimal?.throughput)} req/s, framework ${rps(r.framework?.throughput)} req/s (${times(r.throughputRatio)}); cold start gain ${ms(r.coldStartGainMs)} ms`,
    `  "${DECISION_RULE}": ${r.minimalWins ? 'YES' : 'NO'}`,
  ];
}

// How much of the machine other processes took during the runs: the noise behind every figure.
function noiseLine(results: BenchResults): string {
  const runs = [
    ...results.scenarios.flatMap((s) => s.runs.flatMap((r) => [r.monolith, r.fn])),
    ...results.contention.flatMap((c) => (c.sides ? [c.sides.monolith.measured, c.sides.fn.measured] : [])),
    ...[results.runtimes.minimal, results.runtimes.framework].filter((r) => r !== undefined),
  ];
  if (runs.length === 0) return 'noise: no runs';
  const others = distribution(runs.map((r) => r.usage.othersPercent));
  return `noise: processes outside the bench used ${percent(others.median)} of the machine in the median run, ${percent(others.max)} at most`;
}

/** Renders the summary; at most about 50 lines of at most about 130 columns. */
export function summary(results: BenchResults, files: { json: string; html: string }, elapsedMs: number): string {
  const { machine, settings, hashLimit } = results;
  const lines = [
    `Canopy bench (${results.mode}): ${settings.durationMs / 1000} s runs after ${settings.warmupMs / 1000} s warm-up, ${machine.cores} cores, ${machine.database}, ${Math.round(elapsedMs / 1000)} s in all`,
    `monolith: gunicorn, ${settings.gunicornWorkers} sync workers · function: one node process, DB pool ${settings.functionDbPoolMax} · cells are monolith → function, × is function/monolith`,
    '',
  ];
  for (const s of results.scenarios) lines.push(...scenarioLines(s), '');
  lines.push(
    `login limit: ${hashLimit.cores} cores / ${ms(hashLimit.hashCpuMs.median)} ms CPU per pbkdf2_sha256 260000 hash (median of ${hashLimit.hashCpuMs.runs}; wall ${ms(hashLimit.hashWallMs.median)} ms) = ${rps(hashLimit.loginsPerSecond)} logins/s`,
    '',
  );
  for (const c of results.contention) lines.push(...contentionLines(c), '');
  lines.push(...coldStartLines(results), '', ...runtimeLines(results), noiseLine(results));
  lines.push(`bundles: ${results.bundles.map((b) => `${b.fn} ${b.bytes === null ? `(${b.skipped})` : kib(b.bytes)}`).join(' · ')}`, '', 'goals:');
  for (const g of results.goals) lines.push(`  ${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'MISS'}  ${g.goal}: ${g.figure}`);
  lines.push('', `wrote ${files.json} and ${files.html}`);
  return lines.join('\n');
}
