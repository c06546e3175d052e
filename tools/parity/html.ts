import type { RouteSummary } from './summarize.ts';
import { escapeXml, latencyPlot } from './svg.ts';

/** What the report says about the run as a whole. */
export interface ReportContext {
  generatedAt: Date;
  /** Where the sample came from ("generated, 500 requests, seed 1", a file name). */
  source: string;
  /** What answered ("the local stack at …", "a world of its own"). */
  target: string;
  sent: number;
  failed: number;
  notes: string[];
}

const COLORS = { monolith: '#c4512b', fn: '#2471a3' };
const e = escapeXml;
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');
const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));

function routeSection(s: RouteSummary): string {
  const paths = s.topPaths.length
    ? `<table class="paths"><tr><th>field path</th><th>requests</th></tr>${s.topPaths.map((p) => `<tr><td><code>${e(p.path)}</code></td><td class="num">${p.count}</td></tr>`).join('')}</table>`
    : '<p class="ok">No real differences.</p>';
  const examples = s.examples
    .map(
      (x) => `<div class="example"><div><strong>${e(x.method)} ${e(x.path)}</strong> — monolith ${x.monolithStatus}, function ${x.functionStatus ?? 'failed'}</div>
<table><tr><th>field</th><th>monolith</th><th>function</th></tr>${x.differences
        .slice(0, 10)
        .map((d) => `<tr><td><code>${e(d.path)}</code></td><td>${e(d.a ?? '(absent)')}</td><td>${e(d.b ?? '(absent)')}</td></tr>`)
        .join('')}</table>
<pre class="curl">${e(x.curl)}</pre></div>`,
    )
    .join('');
  const plot = latencyPlot(
    [
      { label: `monolith  p50 ${ms(s.monolith.p50)}  p95 ${ms(s.monolith.p95)}  p99 ${ms(s.monolith.p99)} ms`, color: COLORS.monolith, values: s.monolith.values },
      { label: `function  p50 ${ms(s.fn.p50)}  p95 ${ms(s.fn.p95)}  p99 ${ms(s.fn.p99)} ms`, color: COLORS.fn, values: s.fn.values },
    ],
    `${s.route}: latency, ${s.n} shadowed requests`,
  );
  return `<section class="route" id="route-${e(s.route)}" data-route="${e(s.route)}">
<h2>${e(s.route)} <span class="rate ${s.agreed === s.n ? 'ok' : 'bad'}">${pct(s.agreed, s.n)} agree</span></h2>
<p>${s.agreed} of ${s.n} shadowed requests agree after noise${s.noiseOnly ? ` (${s.noiseOnly} differed only in fields learned as noise)` : ''}.</p>
<div class="columns"><div><h3>Top differing fields</h3>${paths}</div><figure>${plot}</figure></div>
${examples ? `<h3>Examples (copy as curl; secrets come back as [redacted])</h3>${examples}` : ''}
</section>`;
}

/** The parity report: a summary table, then per route its differences, examples and latency plot. Self-contained, no scripts. */
export function parityReportHtml(summaries: readonly RouteSummary[], context: ReportContext): string {
  const rows = summaries
    .map(
      (s) => `<tr data-route="${e(s.route)}"><td><a href="#route-${e(s.route)}">${e(s.route)}</a></td><td class="num">${s.n}</td><td class="num agreement">${pct(s.agreed, s.n)}</td>
<td><code>${e(s.topPaths[0]?.path ?? '')}</code></td><td class="num">${ms(s.monolith.p50)} / ${ms(s.monolith.p99)}</td><td class="num">${ms(s.fn.p50)} / ${ms(s.fn.p99)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canopy parity report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 1100px; color: #1d1d1f; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e5e5ea; vertical-align: top; }
th { background: #f5f5f7; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1d6f42; } .bad { color: #b3261e; } .rate { font-size: .95rem; margin-left: .6rem; }
.columns { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; } figure { margin: 0; }
.example { border: 1px solid #e5e5ea; border-radius: 8px; padding: .6rem .8rem; margin: .6rem 0; }
pre { background: #f5f5f7; padding: .5rem; white-space: pre-wrap; word-break: break-all; }
.muted { color: #6e6e73; }
</style></head><body>
<h1>Canopy parity report</h1>
<p class="muted">${e(context.generatedAt.toISOString())} · sample: ${e(context.source)} · answered by ${e(context.target)} · ${context.sent} requests sent${context.failed ? `, ${context.failed} without an answer` : ''}</p>
${context.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('')}
<table class="summary"><tr><th>route</th><th>shadowed</th><th>agreement after noise</th><th>most frequent difference</th><th>monolith p50 / p99 ms</th><th>function p50 / p99 ms</th></tr>${rows}</table>
${summaries.map(routeSection).join('\n')}
</body></html>
`;
}
