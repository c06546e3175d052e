/** The readable report, results/bench.html: one self-contained page, charts as inline SVG. */
import type { ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { MixedResult } from './mixed.ts';
import { kib, mib, ms, percent, rps, spread, times } from './format.ts';
import { medianInterval } from './interval.ts';
import { roundLimit, type LoginLimits } from './login-limit.ts';
import type { BenchResults } from './results.ts';
import type { Ratios, RunResult, Spread } from './run.ts';
import { DECISION_RULE } from './runtimes.ts';
import { load } from './summary.ts';
import { barChart, COLORS, dotChart, escapeXml as esc, percentileChart, type CurveSeries } from './svg.ts';

const DASH: Record<number, string> = { 1: '2 3', 16: '7 3' };

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1180px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.6em 0 1em;font-size:13px}th,td{padding:3px 7px;border-bottom:1px solid #e5e5e5;text-align:right;white-space:nowrap}
th{background:#f6f6f6;font-weight:600;white-space:normal;vertical-align:bottom}th:first-child,td:first-child,table.text td,table.text th{text-align:left}table.text td{white-space:normal}
tr.ratio td{color:#555;font-style:italic}
.pass{color:#17803d;font-weight:700}.miss{color:#b3261e;font-weight:700}.na{color:#777}.charts{display:flex;flex-wrap:wrap;gap:1em}
small,.note{color:#666}h2{margin-top:2em;border-bottom:2px solid #ddd}code{background:#f3f3f3;padding:0 3px}`;

function row(cells: string[], tag = 'td', cls = ''): string {
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

const FIGURE_HEAD = ['side', 'conc', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'cpu ms/req', 'PostgreSQL cpu ms/req', 'load generator cpu ms/req', 'machine busy', 'others (noise)', 'peak MiB: sum · largest · processes', 'non-2xx', 'socket errors'];

function detail(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? ` <small>${esc(entries.map(([k, n]) => `${k}:${n}`).join(' '))}</small>` : '';
}

function figureRow(side: string, r: RunResult): string {
  const u = r.usage;
  const non2xx = Object.fromEntries(Object.entries(r.statuses).filter(([s]) => Number(s) < 200 || Number(s) >= 300));
  return row([
    esc(side), esc(load(r)), rps(r.throughput), ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99), ms(r.latency.p999), ms(r.latency.max),
    ms(u.cpuMsPerRequest), ms(u.dbCpuMsPerRequest), ms(u.clientCpuMsPerRequest), percent(u.machineBusyPercent), percent(u.othersPercent),
    `${mib(u.peakMemoryMiB)} · ${mib(u.peakMemoryLargestMiB)} · ${u.processes}`, `${r.non2xx}${detail(non2xx)}`, `${r.socketErrors}${detail(r.errors)}`,
  ]);
}

// The merged figures' ratios; throughput and p99 as the median [interval] over the rounds when there were rounds.
function ratioRow(r: Ratios, concurrency: number | string, label = 'function / monolith', rounds?: Partial<Spread>): string {
  const throughput = rounds?.throughput ? spread(rounds.throughput, times) : times(r.throughput);
  const p99 = rounds?.p99 ? spread(rounds.p99, times) : times(r.p99);
  return row([esc(label), esc(String(concurrency)), throughput, times(r.p50), times(r.p95), p99, '', '', times(r.cpuPerRequest), '', '', '', '', times(r.memory), '', ''], 'td', 'ratio');
}

function limitsParagraph(concurrency: number, l: LoginLimits): string {
  const rate = (side: 'monolith' | 'fn') =>
    `${spread(medianInterval(l.rates[side].map((r) => roundLimit(r) ?? NaN)), rps)} hashes/s with ${l.parallel[side]} at once (${ms(medianInterval(l.rates[side].flatMap((r) => [r.before.cpuMsPerHash, r.after.cpuMsPerHash])).median)} ms CPU per hash)`;
  return `<li>concurrency ${concurrency}: limit beside the monolith ${rate('monolith')}, beside the function ${rate('fn')}; share of its own limit: monolith <b>${spread(l.own.monolith, percent)}</b>, function <b>${spread(l.own.fn, percent)}</b> (function − monolith ${spread(l.lead, (v) => v.toFixed(1))} points); of one limit per round, the higher of the two: monolith ${spread(l.common.monolith, percent)}, function ${spread(l.common.fn, percent)}</li>`;
}

function scenarioSection(s: ComparisonResult): string {
  const window = s.window ? ` Runs of ${s.window.durationMs / 1000} s after ${s.window.warmupMs / 1000} s of warm-up.` : '';
  const partner = s.dispatchLatencyMs !== undefined ? ` The monolith calls the dispatch partner stand-in, answering in ${s.dispatchLatencyMs} ms, synchronously; the function writes an outbox event.` : '';
  const head = `<h2>${esc(s.id)}</h2><p>${esc(s.title)}: monolith vs <code>${esc(s.fn)}</code>.${esc(window)}${esc(partner)}</p>`;
  if (s.skipped) return `${head}<p class="na">skipped: ${esc(s.skipped)}</p>`;
  const o = s.offered;
  const rows = [
    ...s.runs.flatMap((r) => [figureRow('monolith', r.monolith), figureRow(s.fn, r.fn), ratioRow(r.ratios, r.concurrency, undefined, r.spread)]),
    ...(o ? [figureRow('monolith (open loop)', o.monolith), figureRow(`${s.fn} (open loop)`, o.fn), ratioRow(o.ratios, load(o.fn), undefined, o.spread)] : []),
  ].join('');
  const offered = o
    ? `<p>Open loop: <b>${rps(o.ratePerSecond)} req/s</b> offered to both sides, ${percent(100 * o.fraction)} of the monolith's best closed-loop throughput (${rps(o.monolithMax.throughput)} req/s at concurrency ${o.monolithMax.concurrency}); latency runs from each scheduled arrival. p99 monolith / function: <b>${times(o.monolith.latency.p99 / o.fn.latency.p99)}</b>.</p>`
    : '';
  const offeredCurves = o
    ? percentileChart([{ label: 'monolith (open loop)', color: COLORS.monolith, curve: o.monolith.latency.curve }, { label: `${s.fn} (open loop)`, color: COLORS.fn, curve: o.fn.latency.curve }], `${s.id} latency at ${rps(o.ratePerSecond)} req/s offered`)
    : '';
  const limit = s.runs.some((r) => r.ofHashLimit)
    ? `<p>Logins/s against the hashing limit measured right before and right after each round of each side (their mean), with as many pbkdf2 hashes at once as that side runs:</p><ul>${s.runs.map((r) => (r.ofHashLimit ? limitsParagraph(r.concurrency, r.ofHashLimit) : '')).join('')}</ul>`
    : '';
  const bars = barChart(
    s.runs.map((r) => ({ label: `concurrency ${r.concurrency}`, bars: [{ label: 'monolith', value: r.monolith.throughput, color: COLORS.monolith }, { label: s.fn, value: r.fn.throughput, color: COLORS.fn }] })),
    'req/s',
    `${s.id} throughput`,
    rps,
  );
  const curves: CurveSeries[] = s.runs.flatMap((r) => [
    { label: `monolith c=${r.concurrency}`, color: COLORS.monolith, dash: DASH[r.concurrency], curve: r.monolith.latency.curve },
    { label: `${s.fn} c=${r.concurrency}`, color: COLORS.fn, dash: DASH[r.concurrency], curve: r.fn.latency.curve },
  ]);
  return `${head}<table>${row(FIGURE_HEAD, 'th')}${rows}</table>${limit}${offered}<div class="charts">${bars}${percentileChart(curves, `${s.id} latency by percentile`)}${offeredCurves}</div>`;
}

function mixedSection(m: MixedResult): string {
  const mixRows = m.mix.map((e) => row([esc(e.label), `${e.share} %`, esc(e.request), e.migrated ? 'yes' : 'no', esc(m.routing?.before[e.label] ?? ''), esc(m.routing?.after[e.label] ?? '')])).join('');
  const head = `<h2>${esc(m.id)}</h2><p>${esc(m.title)}. The load balancer runs in a process of its own; the monolith calls the dispatch partner stand-in (${m.dispatchLatencyMs} ms). Runs of ${m.window.durationMs / 1000} s after ${m.window.warmupMs / 1000} s of warm-up. CPU and memory are the whole stack's (load balancer, gunicorn, functions); ratios are after / before.</p>
<table class="text">${row(['entry', 'share', 'request', 'migrated', 'answered before by', 'answered after by'], 'th')}${mixRows}</table>`;
  if (!m.before || !m.after || !m.ratios) return `${head}<p class="na">skipped: ${esc(m.skipped ?? 'not measured')}</p>`;
  const { before: b, after: a, ratios } = m;
  const pair = (label: string, rb: RunResult, ra: RunResult, r: Ratios, rounds?: Spread) => [figureRow(`${label}: before`, rb), figureRow(`${label}: after`, ra), ratioRow(r, load(ra), 'after / before', rounds && { p99: rounds.p99 })];
  const rows = [
    ...pair('migrated routes', b.migrated, a.migrated, ratios.migrated, m.spread),
    ...m.mix.flatMap((e) => (b.byLabel[e.label] && a.byLabel[e.label] ? pair(e.label, b.byLabel[e.label]!, a.byLabel[e.label]!, ratios.byLabel[e.label]!) : [])),
    ...pair('all', b.all, a.all, ratios.all),
  ].join('');
  const max = m.max ? `<p>Best closed-loop throughput of the mix before migration: ${rps(m.max.throughput)} req/s at concurrency ${m.max.concurrency} (p99 ${ms(m.max.latency.p99)} ms); offered to both: <b>${rps(m.ratePerSecond)} req/s</b> (${percent(100 * m.fraction)}). Migrated routes' p99 before / after: <b>${times(b.migrated.latency.p99 / a.migrated.latency.p99)}</b> over ${b.migrated.responses} and ${a.migrated.responses} answers in ${m.rounds?.length ?? 0} rounds each (after / before per round: ${spread(m.spread?.p99, times)}).</p>` : '';
  const monolithOnly = m.mix.filter((e) => !e.migrated && b.byLabel[e.label] && a.byLabel[e.label]);
  const curves: CurveSeries[] = [
    { label: 'migrated: before', color: COLORS.monolith, curve: b.migrated.latency.curve },
    { label: 'migrated: after', color: COLORS.fn, curve: a.migrated.latency.curve },
    ...monolithOnly.flatMap((e) => [
      { label: `${e.label}: before`, color: COLORS.monolith, dash: DASH[1], curve: b.byLabel[e.label]!.latency.curve },
      { label: `${e.label}: after`, color: COLORS.fn, dash: DASH[1], curve: a.byLabel[e.label]!.latency.curve },
    ]),
  ];
  return `${head}${max}<table>${row(FIGURE_HEAD, 'th')}${rows}</table><div class="charts">${percentileChart(curves, `${m.id} latency by percentile`)}</div>`;
}

function contentionSection(c: ContentionResult): string {
  const head = `<h2>${esc(c.id)}</h2><p>${esc(c.title)}: monolith vs <code>${esc(c.fn)}</code>. CPU and memory are the server's over both loads together.</p>`;
  if (!c.sides) return `${head}<p class="na">skipped: ${esc(c.skipped ?? '')}</p>`;
  const { monolith: m, fn: f } = c.sides;
  const rows = [figureRow('monolith: measured', m.measured), figureRow('monolith: background', m.background), figureRow(`${c.fn}: measured`, f.measured), figureRow(`${c.fn}: background`, f.background)].join('');
  const ratios = c.ratios ? ratioRow(c.ratios, m.measured.concurrency, undefined, c.spread && { p99: c.spread.p99 }) : '';
  const curves: CurveSeries[] = [
    { label: 'monolith', color: COLORS.monolith, curve: m.measured.latency.curve },
    { label: c.fn, color: COLORS.fn, curve: f.measured.latency.curve },
  ];
  return `${head}<table>${row(FIGURE_HEAD, 'th')}${rows}${ratios}</table><div class="charts">${percentileChart(curves, `${c.id} measured latency`)}</div>`;
}

function coldStartSection(results: BenchResults): string {
  const rows = results.coldStarts.map((c) =>
    c.ms
      ? row([esc(c.target), esc(c.runtime), esc(c.probe), String(c.ms.runs), spread(medianInterval(c.samplesMs), ms), ms(c.ms.min), ms(c.ms.q1), ms(c.ms.q3), ms(c.ms.max)])
      : row([esc(c.target), esc(c.runtime), esc(c.probe), `<span class="na">skipped: ${esc(c.skipped ?? '')}</span>`, '', '', '', '', '']),
  );
  const dots = dotChart(
    results.coldStarts.filter((c) => c.ms).map((c) => ({ label: c.target === 'monolith' ? 'gunicorn + Django' : `${c.target} (${c.runtime})`, samples: c.samplesMs, median: c.ms!.median, color: c.target === 'monolith' ? COLORS.monolith : COLORS.fn })),
    'cold starts',
  );
  return `<h2>Cold start</h2><p>Process spawn to the first answer of a database-backed request (200, or the probe's own status), polled every 2 ms.</p><table class="text">${row(['target', 'runtime', 'probe', 'runs', 'median ms [95 % interval]', 'min', 'q1', 'q3', 'max'], 'th')}${rows.join('')}</table>${dots}`;
}

function runtimeSection(results: BenchResults): string {
  const r = results.runtimes;
  const head = `<h2>Runtimes: minimal entrypoint vs Functions Framework</h2>`;
  if (r.skipped) return `${head}<p class="na">skipped: ${esc(r.skipped)}</p>`;
  const rows = [r.minimal && figureRow(`${r.fn} (minimal: node main.js)`, r.minimal), r.framework && figureRow(`${r.fn} (functions-framework)`, r.framework)].filter(Boolean).join('');
  return `${head}<p>${esc(r.scenario)} at concurrency ${r.concurrency}.</p><table>${row(FIGURE_HEAD, 'th')}${rows}</table>
<p>Throughput minimal / framework: <b>${times(r.throughputRatio)}</b>; median cold start gain: <b>${ms(r.coldStartGainMs)} ms</b>.
"${esc(DECISION_RULE)}": <b>${r.minimalWins ? 'yes' : 'no'}</b>.</p>`;
}

// pbkdf2 on every core around each scenario: whether the host kept the machine's speed.
function speedSection(results: BenchResults): string {
  const fastest = Math.max(...results.machineSpeed.map((p) => p.hashesPerSecond));
  const rows = results.machineSpeed.map((p) => row([esc(p.scenario), p.when, rps(p.hashesPerSecond), percent((100 * p.hashesPerSecond) / fastest)]));
  return `<h2>Machine speed</h2><p>pbkdf2 hashes per second with a thread on every core, half a second right before and right after each scenario: the host can give this machine less than its cores without any process here showing it.</p><table>${row(['scenario', 'probe', 'hashes/s', 'of the fastest'], 'th')}${rows.join('')}</table>`;
}

/** Renders the whole report from the results. */
export function renderHtml(results: BenchResults): string {
  const { machine, settings, hashLimit } = results;
  const goals = results.goals
    .map((g) => row([g.pass === null ? '<span class="na">n/a</span>' : g.pass ? '<span class="pass">PASS</span>' : '<span class="miss">MISS</span>', esc(g.goal), esc(g.figure)]))
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canopy bench ${esc(results.startedAt)}</title><style>${STYLE}</style></head><body>
<h1>Canopy bench</h1>
<p>${esc(results.mode)} run, ${esc(results.startedAt)} to ${esc(results.finishedAt)}. ${machine.cores} cores (${esc(machine.cpu)}), Node ${esc(machine.node)}, ${esc(machine.database)}.
Each side's ${settings.durationMs / 1000} s split into ${settings.rounds} rounds alternating with the other side's, after ${settings.warmupMs / 1000} s of warm-up (order and mixed-traffic scenarios: ${(settings.trimmedWindow?.durationMs ?? settings.durationMs) / 1000} s after ${(settings.trimmedWindow?.warmupMs ?? settings.warmupMs) / 1000} s) at concurrency ${settings.concurrencies.join(', ')}; gunicorn with ${settings.gunicornWorkers} sync workers; each function one process with DB_POOL_MAX=${settings.functionDbPoolMax}.</p>
<h2>Goals</h2><table class="text">${row(['', 'goal', 'figure'], 'th')}${goals}</table>
${results.scenarios.map(scenarioSection).join('\n')}
<h2>Login limit</h2><p>pbkdf2_sha256 at ${hashLimit.iterations} iterations, run for a round's window right before and right after each round of each side (the round's limit is their mean) with as many hashes at once as that side runs (monolith: ${hashLimit.parallel.monolith} sync workers; function: ${hashLimit.parallel.fn} libuv threads; at most the concurrency), each on a thread of its own, on ${hashLimit.cores} cores: the most logins per second that side could do then. Figures in the login section.</p>
${results.contention.map(contentionSection).join('\n')}
${(results.mixed ?? []).map(mixedSection).join('\n')}
${coldStartSection(results)}
${runtimeSection(results)}
${speedSection(results)}
<h2>Bundles</h2><table class="text">${row(['function', 'dist/functions/&lt;name&gt;/index.js'], 'th')}${results.bundles.map((b) => row([esc(b.fn), b.bytes === null ? `<span class="na">${esc(b.skipped ?? '')}</span>` : kib(b.bytes)])).join('')}</table>
<h2>How it was measured</h2><ul>${settings.notes.map((n) => `<li class="note">${esc(n)}</li>`).join('')}</ul>
</body></html>
`;
}
