/** The one-screen terminal summary of a bench run. */
import type { ColdStartResult } from './cold-start.ts';
import type { ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { MixedResult } from './mixed.ts';
import { count, kib, mib, ms, percent, rps, spread, times } from './format.ts';
import { medianInterval } from './interval.ts';
import { roundLimit } from './login-limit.ts';
import { slowestProbe } from './machine-speed.ts';
import type { BenchResults } from './results.ts';
import type { Ratios, RunResult, Spread } from './run.ts';
import { DECISION_RULE } from './runtimes.ts';
import { distribution } from './stats.ts';
import { table } from './table.ts';

const arrow = (a: string, b: string) => `${a} → ${b}`;
const errors = (r: RunResult) => `${r.non2xx}+${r.socketErrors}`;
/** The concurrency cell: the number, or the fixed arrival rate of an open-loop run. */
export const load = (r: RunResult) => (r.offeredPerSecond === undefined ? String(r.concurrency) : `open ${rps(r.offeredPerSecond)}/s`);
const windowNote = (w: { warmupMs: number; durationMs: number } | undefined) => (w ? `, ${w.durationMs / 1000} s runs after ${w.warmupMs / 1000} s` : '');

export function scenarioLines(s: ComparisonResult): string[] {
  const head = `${s.id}  ${s.title}  (monolith → ${s.fn}${windowNote(s.window)})`;
  if (s.skipped) return [head, `  skipped: ${s.skipped}`];
  const hashBound = s.runs.some((r) => r.ofHashLimit);
  const rows = [[s.offered ? 'conc / load' : 'conc', 'req/s', '× [interval]', 'p50 ms', 'p99 ms', '× [interval]', 'cpu ms/req', '×', 'peak MiB', '×', ...(hashBound ? ['% of own limit'] : []), 'non2xx+socket']];
  const compared = [...s.runs, ...(s.offered ? [{ concurrency: 0, monolith: s.offered.monolith, fn: s.offered.fn, ratios: s.offered.ratios, spread: s.offered.spread, ofHashLimit: undefined }] : [])];
  for (const r of compared) {
    rows.push([
      load(r.monolith),
      arrow(rps(r.monolith.throughput), rps(r.fn.throughput)),
      spread(r.spread.throughput, times),
      arrow(ms(r.monolith.latency.p50), ms(r.fn.latency.p50)),
      arrow(ms(r.monolith.latency.p99), ms(r.fn.latency.p99)),
      spread(r.spread.p99, times),
      arrow(ms(r.monolith.usage.cpuMsPerRequest), ms(r.fn.usage.cpuMsPerRequest)),
      times(r.ratios.cpuPerRequest),
      arrow(mib(r.monolith.usage.peakMemoryMiB), mib(r.fn.usage.peakMemoryMiB)),
      times(r.ratios.memory),
      ...(r.ofHashLimit ? [arrow(percent(r.ofHashLimit.own.monolith.median), percent(r.ofHashLimit.own.fn.median))] : []),
      arrow(errors(r.monolith), errors(r.fn)),
    ]);
  }
  const offered = s.offered
    ? [
        `  open loop: ${rps(s.offered.ratePerSecond)} req/s offered to both = ${percent(100 * s.offered.fraction)} of the monolith's best ${rps(s.offered.monolithMax.throughput)} req/s (concurrency ${s.offered.monolithMax.concurrency}); latency from scheduled arrival;`,
        `  ${s.offered.durationMs / 1000} s per side in ${s.offered.rounds.length} rounds, p99 over ${count(s.offered.monolith.responses)} → ${count(s.offered.fn.responses)} answers`,
      ]
    : [];
  return [head, ...table(rows), ...offered, ...loginLimitLines(s)];
}

/** The hashing limits measured beside the rounds of a hash-bound scenario, at its highest concurrency. */
function loginLimitLines(s: ComparisonResult): string[] {
  const top = s.runs.reduce<ComparisonResult['runs'][number] | undefined>((a, b) => (a && a.concurrency >= b.concurrency ? a : b), undefined);
  const limits = top?.ofHashLimit;
  if (!top || !limits) return [];
  const rate = (side: 'monolith' | 'fn') => {
    const rates = limits.rates[side];
    const cpu = medianInterval(rates.flatMap((r) => [r.before.cpuMsPerHash, r.after.cpuMsPerHash])).median;
    return `${spread(medianInterval(rates.map((r) => roundLimit(r) ?? NaN)), rps)} hashes/s with ${limits.parallel[side]} at once (${ms(cpu)} ms CPU per hash)`;
  };
  // What a login costs beyond its hash: the server's CPU per login against a hash's, and PostgreSQL's.
  const perLogin = (r: RunResult) => `${ms(r.usage.cpuMsPerRequest)} ms + PostgreSQL ${ms(r.usage.dbCpuMsPerRequest)} ms`;
  return [
    `  hashing limit around each round (mean of right before and right after) at concurrency ${top.concurrency}: monolith ${rate('monolith')}, function ${rate('fn')}`,
    `  CPU per login: monolith ${perLogin(top.monolith)}, function ${perLogin(top.fn)}`,
    `  share of its own limit: monolith ${spread(limits.own.monolith, percent)} → function ${spread(limits.own.fn, percent)}; of one limit per round (the higher): ${spread(limits.common.monolith, percent)} → ${spread(limits.common.fn, percent)}`,
  ];
}

export function mixedLines(m: MixedResult): string[] {
  const head = `${m.id}  mixed traffic through the local load balancer  (before → after migration${windowNote(m.window)}; × is after/before)`;
  if (!m.before || !m.after || !m.ratios) return [head, `  skipped: ${m.skipped ?? 'not measured'}`];
  const { before: b, after: a, ratios } = m;
  const rows = [['route', 'share', 'served after by', 'answers', 'req/s', 'p50 ms', 'p99 ms', 'p99 ×', 'non2xx+socket']];
  const line = (label: string, share: string, backend: string, rb: RunResult, ra: RunResult, r: Ratios, spreadP99?: Spread['p99']) => [
    label, share, backend, arrow(count(rb.responses), count(ra.responses)), arrow(rps(rb.throughput), rps(ra.throughput)),
    arrow(ms(rb.latency.p50), ms(ra.latency.p50)), arrow(ms(rb.latency.p99), ms(ra.latency.p99)), spreadP99 ? spread(spreadP99, times) : times(r.p99), arrow(errors(rb), errors(ra)),
  ];
  const migratedShare = m.mix.filter((e) => e.migrated).reduce((sum, e) => sum + e.share, 0);
  rows.push(line('migrated routes', `${migratedShare} %`, 'functions', b.migrated, a.migrated, ratios.migrated, m.spread?.p99));
  for (const e of m.mix) {
    const rb = b.byLabel[e.label];
    const ra = a.byLabel[e.label];
    if (rb && ra) rows.push(line(`  ${e.label}`, `${e.share} %`, m.routing?.after[e.label] ?? '?', rb, ra, ratios.byLabel[e.label]!));
  }
  rows.push(line('all', '100 %', '', b.all, a.all, ratios.all));
  return [
    head,
    `  ${rps(m.ratePerSecond)} req/s offered open loop = ${percent(100 * m.fraction)} of the mix's best ${rps(m.max?.throughput)} req/s before migration (closed loop, concurrency ${m.max?.concurrency}); ${m.rounds?.length ?? 0} rounds per configuration, the migrated routes' p99 over ${count(b.migrated.responses)} → ${count(a.migrated.responses)} answers`,
    ...table(rows, [2]),
    `  whole stack (load balancer + gunicorn + functions): cpu ms/req ${arrow(ms(b.all.usage.cpuMsPerRequest), ms(a.all.usage.cpuMsPerRequest))} (${times(ratios.all.cpuPerRequest)}), peak MiB ${arrow(mib(b.all.usage.peakMemoryMiB), mib(a.all.usage.peakMemoryMiB))} (${times(ratios.all.memory)})`,
  ];
}

export function contentionLines(c: ContentionResult): string[] {
  const head = `${c.id}  ${c.title}  (monolith → ${c.fn})`;
  if (!c.sides) return [head, `  skipped: ${c.skipped}`];
  const { monolith: m, fn: f } = c.sides;
  const rows = [
    ['load', 'conc', 'answers', 'req/s', 'p50 ms', 'p99 ms', 'p99 ×', 'non2xx+socket'],
    ['measured', String(m.measured.concurrency), arrow(count(m.measured.responses), count(f.measured.responses)), arrow(rps(m.measured.throughput), rps(f.measured.throughput)), arrow(ms(m.measured.latency.p50), ms(f.measured.latency.p50)), arrow(ms(m.measured.latency.p99), ms(f.measured.latency.p99)), c.spread ? spread(c.spread.p99, times) : times(c.ratios?.p99), arrow(errors(m.measured), errors(f.measured))],
    ['background', String(m.background.concurrency), arrow(count(m.background.responses), count(f.background.responses)), arrow(rps(m.background.throughput), rps(f.background.throughput)), arrow(ms(m.background.latency.p50), ms(f.background.latency.p50)), arrow(ms(m.background.latency.p99), ms(f.background.latency.p99)), '', arrow(errors(m.background), errors(f.background))],
  ];
  return [head, ...table(rows)];
}

function coldLine(c: ColdStartResult): string {
  if (!c.ms) return `skipped: ${c.skipped}`;
  return `${spread(medianInterval(c.samplesMs), ms)} ms`;
}

export function coldStartLines(coldStarts: ColdStartResult[]): string[] {
  const runs = coldStarts.find((c) => c.ms)?.ms?.runs ?? 0;
  // Functions without a probe are named on one line rather than a skipped row per runtime.
  const unprobed = [...new Set(coldStarts.filter((c) => c.skipped?.startsWith('no cold-start probe')).map((c) => c.target))];
  const rows = coldStarts.filter((c) => !unprobed.includes(c.target)).map((c) => [c.target === 'monolith' ? 'gunicorn + Django' : `${c.target} (${c.runtime})`, c.probe, coldLine(c)]);
  const note = unprobed.length ? [`  no cold-start probe declared (tools/bench/scenarios.ts): ${unprobed.join(', ')}`] : [];
  const coverage = percent(100 * medianInterval(coldStarts.find((c) => c.ms)?.samplesMs ?? []).coverage);
  return [`cold start: spawn → first 200 of a database-backed request, ${runs} runs, median [${coverage} interval for the median]`, ...table(rows, [1, 2]), ...note, ...coldPhaseLines(coldStarts)];
}

// The phases each function's start-up line reports (medians), so a slow cold start says where its time went.
function coldPhaseLines(coldStarts: ColdStartResult[]): string[] {
  const measured = coldStarts.filter((c) => c.phasesMs);
  if (!measured.length) return [];
  const phases = [...new Set(measured.flatMap((c) => Object.keys(c.phasesMs!)))];
  const header = ['function', ...phases.map((p) => p.replace(/Ms$/, ''))];
  const rows = measured.map((c) => [c.target, ...phases.map((p) => ms(c.phasesMs![p]?.median))]);
  return ['  where it goes (medians, ms): Node start, bundle evaluation, settings, handler + first query, listen, first answer', ...table([header, ...rows]).map((line) => `  ${line}`)];
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
    ...results.scenarios.flatMap((s) => (s.offered ? [s.offered.monolith, s.offered.fn] : [])),
    ...results.contention.flatMap((c) => (c.sides ? [c.sides.monolith.measured, c.sides.fn.measured] : [])),
    ...(results.mixed ?? []).flatMap((m) => (m.before && m.after ? [m.before.all, m.after.all] : [])),
    ...[results.runtimes.minimal, results.runtimes.framework].filter((r) => r !== undefined),
  ];
  if (runs.length === 0) return 'noise: no runs';
  const others = distribution(runs.map((r) => r.usage.othersPercent));
  return `noise: processes outside the bench used ${percent(others.median)} of the machine in the median run, ${percent(others.max)} at most`;
}

// Whether the host kept the machine's speed: the noise no process of this machine shows.
function speedLine(results: BenchResults): string {
  const slowest = slowestProbe(results.machineSpeed);
  if (!slowest) return 'machine speed: not probed';
  const { probe, percentOfFastest } = slowest;
  const probes = results.machineSpeed.length;
  return `machine speed (pbkdf2 on every core, ${probes} probes before and after each scenario): the slowest ${percent(percentOfFastest)} of the fastest (${probe.when} ${probe.scenario})`;
}

/** Renders the summary; about 70 lines of at most about 130 columns. */
export function summary(results: BenchResults, files: { json: string; html: string }, elapsedMs: number): string {
  const { machine, settings, hashLimit } = results;
  const lines = [
    `Canopy bench (${results.mode}): ${settings.durationMs / 1000} s per side in ${settings.rounds} alternating rounds after ${settings.warmupMs / 1000} s warm-up, ${machine.cores} cores, ${machine.database}, ${Math.round(elapsedMs / 1000)} s in all`,
    `figures: median [interval] over the rounds; a goal passes only when its whole interval clears it`,
    `monolith: gunicorn, ${settings.gunicornWorkers} sync workers · function: one node process, DB pool ${settings.functionDbPoolMax} · cells are monolith → function, × is function/monolith`,
    '',
  ];
  for (const s of results.scenarios) lines.push(...scenarioLines(s), '');
  lines.push(
    `login limit: pbkdf2_sha256 at ${hashLimit.iterations} iterations, as many hashes at once as each side runs (monolith: ${hashLimit.parallel.monolith} sync workers, function: ${hashLimit.parallel.fn} libuv threads; fewer at lower concurrency) on ${hashLimit.cores} cores, measured right before and right after each of its rounds`,
    '',
  );
  for (const c of results.contention) lines.push(...contentionLines(c), '');
  for (const m of results.mixed ?? []) lines.push(...mixedLines(m), '');
  lines.push(...coldStartLines(results.coldStarts), '', ...runtimeLines(results), noiseLine(results), speedLine(results));
  lines.push(`bundles: ${results.bundles.map((b) => `${b.fn} ${b.bytes === null ? `(${b.skipped})` : kib(b.bytes)}`).join(' · ')}`, '', 'goals:');
  for (const g of results.goals) lines.push(`  ${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'MISS'}  ${g.goal}: ${g.figure}`);
  lines.push('', `wrote ${files.json} and ${files.html}`);
  return lines.join('\n');
}
