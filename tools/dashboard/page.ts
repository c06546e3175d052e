import { TOKEN_HEADER } from './guard.ts';

/**
 * The dashboard page: static HTML whose script polls `state` every second
 * and updates one row per route in place (so a button is never swapped out
 * from under a click). Everything from requests is written as text, never
 * as HTML: recorded paths and headers are attacker-controlled.
 */
const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
  .muted { color: #6e6e73; } .status.error { color: #b3261e; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e5ea; vertical-align: top; }
  th { font-weight: 600; background: #f5f5f7; }
  td.num, .figures td { font-variant-numeric: tabular-nums; }
  .figures { width: auto; } .figures td, .figures th { border: 0; padding: 0 .6rem 0 0; background: none; font-weight: normal; }
  .mode-bypass { color: #b3261e; font-weight: 600; } .mode-shadow { color: #8a5a00; }
  button { font: inherit; padding: .25rem .7rem; border-radius: 6px; border: 1px solid #b3261e; background: #fff; color: #b3261e; cursor: pointer; }
  button[data-action="undo"] { border-color: #1d6f42; color: #1d6f42; }
  pre { background: #f5f5f7; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  .difference { border: 1px solid #e5e5ea; border-radius: 8px; padding: .5rem .8rem; margin: .5rem 0; }
  .verdict-pass { color: #1d6f42; } .verdict-hold { color: #8a5a00; } .verdict-fail { color: #b3261e; } .verdict-inconclusive { color: #8a5a00; }
  .gate { margin: 0 0 .2rem; } .gate .detail { color: #6e6e73; font-size: .85em; }
  td.gates { min-width: 22rem; } td.cohort { min-width: 9rem; }
  tr.charts td { border-bottom: 2px solid #d1d1d6; padding-bottom: .8rem; }
  figure.chart { display: inline-block; margin: 0 1.2rem 0 0; } figure.chart figcaption { font-size: .8em; color: #6e6e73; }
  .legend span { margin-right: 1rem; font-size: .85em; } .swatch { display: inline-block; width: .8em; height: .25em; vertical-align: middle; margin-right: .3em; }
`;

const SCRIPT = `
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const stage = (r) => (r.stage === 'canary' ? 'canary ' + r.weight / 10 + ' %' : r.stage) + ' (' + r.weight + '/1000)';
const figures = (rows) => rows.length === 0 ? el('span', { class: 'muted' }, 'no requests') : el('table', { class: 'figures' },
  el('tr', {}, el('th', {}, 'backend'), el('th', {}, 'n'), el('th', {}, '5xx'), el('th', {}, 'p50'), el('th', {}, 'p95'), el('th', {}, 'p99')),
  ...rows.map((b) => el('tr', { 'data-backend': b.backend }, el('td', {}, b.backend), el('td', { class: 'n' }, String(b.n)), el('td', {}, String(b.errors)),
    el('td', { class: 'p50' }, ms(b.p50)), el('td', { class: 'p95' }, ms(b.p95)), el('td', { class: 'p99' }, ms(b.p99)))));
const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs) => {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
};
const colour = (backend) => (backend === 'monolith' ? '#8e8e93' : '#0a66c2');
const pct = (v) => (v === null || v === undefined ? '–' : (100 * v).toFixed(v < 0.1 ? 2 : 1) + ' %');
// One small chart of the window: a line per backend, x from the window's start to now, y from 0 to the largest value.
function chart(name, series, pick, chartAxis, windowMinutes, format) {
  const W = 230, H = 70;
  const end = chartAxis.now, start = end - windowMinutes * 60;
  const peak = Math.max(0, ...Object.values(series).flat().map(pick).filter(Number.isFinite));
  const max = peak || 1; // all zero: a flat line along the bottom
  const box = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': name });
  box.append(svg('rect', { x: 0, y: 0, width: W, height: H, fill: '#fafafa', stroke: '#e5e5ea' }));
  // A bucket is drawn at its middle, the newest (still filling) one no later than now.
  const x = (t) => (Math.min(t + chartAxis.bucketSeconds / 2, end) - start) / (end - start) * W;
  const y = (v) => H - 3 - (v / max) * (H - 8);
  for (const [backend, points] of Object.entries(series)) {
    const coords = points.map((p) => x(p.t).toFixed(1) + ',' + y(pick(p)).toFixed(1));
    box.append(svg('polyline', { 'data-backend': backend, fill: 'none', stroke: colour(backend), 'stroke-width': 1.6, points: coords.join(' ') }));
    for (const c of coords) { const [cx, cy] = c.split(','); box.append(svg('circle', { cx, cy, r: 1.8, fill: colour(backend) })); }
  }
  return el('figure', { class: 'chart', 'data-chart': name }, el('figcaption', {}, name + ' · max ' + format(peak)), box);
}
function chartsRow(r, state) {
  const backends = Object.keys(r.series);
  const legend = el('div', { class: 'legend' }, el('strong', {}, r.id + ', last ' + state.windowMinutes + ' min: '),
    ...(backends.length === 0 ? [el('span', { class: 'muted' }, 'no requests through the load balancer')] :
      backends.map((b) => el('span', {}, el('span', { class: 'swatch', style: 'background:' + colour(b) }), b))));
  return el('td', { colspan: '10' }, legend,
    chart('requests per second', r.series, (p) => p.rps, state.chart, state.windowMinutes, (v) => v.toFixed(1) + '/s'),
    chart('5xx share', r.series, (p) => p.errorShare, state.chart, state.windowMinutes, pct),
    chart('p50 latency', r.series, (p) => p.p50, state.chart, state.windowMinutes, (v) => ms(v) + ' ms'),
    chart('p99 latency', r.series, (p) => p.p99, state.chart, state.windowMinutes, (v) => ms(v) + ' ms'));
}
const gates = (g) => el('div', {}, el('strong', { class: 'verdict verdict-' + g.verdict }, g.verdict),
  g.why ? el('div', { class: 'muted' }, g.why) : null,
  ...g.results.map((result) => el('div', { class: 'gate', 'data-gate': result.gate },
    el('span', { class: 'verdict-' + result.verdict }, result.gate + ': ' + result.verdict), el('div', { class: 'detail' }, result.detail))));
const cohort = (c) => el('div', {}, el('strong', {}, pct(c.observed)), ' of requests to the function',
  el('div', { class: 'muted' }, 'weight ' + pct(c.weight / 1000)),
  ...c.cohorts.map((k) => el('div', { class: 'muted' }, 'sticky by ' + (k.header === 'cookie' ? 'session' : 'token') + ': ' + pct(k.share) + ' of clients')));
const rows = new Map();
const status = () => document.getElementById('status');

// This run's token comes in the link npm start printed (#token=...), never sent to the server in the URL; kept for reloads.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? sessionStorage.getItem('canopy-token') ?? '';
sessionStorage.setItem('canopy-token', token);
if (location.hash) history.replaceState(null, '', location.pathname);

async function flip(id, on) {
  const res = await fetch('routes/' + encodeURIComponent(id) + '/kill-switch', { method: 'POST', headers: { 'content-type': 'application/json', '${TOKEN_HEADER}': token }, body: JSON.stringify({ on }) });
  if (!res.ok) status().textContent = 'kill switch: ' + (await res.json()).error;
  await refresh();
}

function routeRow(r, state) {
  let row = rows.get(r.id);
  if (!row) {
    row = { tr: el('tr', { 'data-route': r.id }), charts: el('tr', { class: 'charts', 'data-charts': r.id }), button: el('button', { onclick: () => flip(r.id, row.button.dataset.action === 'kill') }) };
    rows.set(r.id, row);
    document.getElementById('routes').append(row.tr, row.charts);
  }
  row.charts.replaceChildren(chartsRow(r, state));
  const bypassed = r.mode === 'bypass';
  row.button.dataset.action = bypassed ? 'undo' : 'kill';
  row.button.textContent = bypassed ? 'Undo kill switch' : 'Kill switch';
  const rate = r.parity.n ? (100 * r.parity.agreed / r.parity.n).toFixed(1) + ' %' : '–';
  row.tr.replaceChildren(
    el('td', {}, el('strong', {}, r.id), el('div', { class: 'muted' }, r.path + ' → ' + r.function)),
    el('td', { class: 'stage' }, stage(r)),
    el('td', { class: 'mode mode-' + r.mode, title: r.modeReason }, r.mode, el('div', { class: 'muted' }, r.modeReason)),
    el('td', { class: 'requests num' }, String(r.backends.reduce((sum, b) => sum + b.n, 0))),
    el('td', { class: 'parity num' }, rate, el('div', { class: 'muted' }, r.parity.agreed + ' of ' + r.parity.n + ' agreed')),
    el('td', { class: 'gates' }, gates(r.gates)),
    el('td', { class: 'cohort' }, cohort(r.cohort)),
    el('td', { class: 'latency' }, figures(r.backends)),
    el('td', { class: 'shadow' }, figures(r.parity.shadow)),
    el('td', {}, row.button),
  );
}

let newestDifference = null;
function differences(list) {
  if ((list[0]?.id ?? null) === newestDifference) return;
  newestDifference = list[0]?.id ?? null;
  const box = document.getElementById('differences');
  box.replaceChildren(...(list.length === 0 ? [el('p', { class: 'muted' }, 'No differences recorded.')] : list.map((d) => {
    const copy = el('button', { onclick: () => navigator.clipboard.writeText(d.curl).then(() => (copy.textContent = 'Copied')) }, 'Copy as curl');
    return el('div', { class: 'difference', 'data-route': d.route },
      el('div', {}, el('strong', {}, d.route), ' ', d.method + ' ' + d.path, ' ', el('span', { class: 'muted' }, new Date(d.at).toLocaleTimeString())),
      el('table', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'monolith'), el('th', {}, 'function')),
        ...d.differences.slice(0, 8).map((f) => el('tr', {}, el('td', { class: 'path' }, f.path), el('td', {}, f.a ?? '(absent)'), el('td', {}, f.b ?? '(absent)')))),
      el('pre', { class: 'curl' }, d.curl), copy);
  })));
}

async function refresh() {
  try {
    const res = await fetch('state', { cache: 'no-store' });
    const state = await res.json();
    if (!res.ok) throw new Error(state.error);
    document.getElementById('window').textContent = String(state.windowMinutes);
    for (const r of state.routes) routeRow(r, state);
    differences(state.differences);
    status().className = 'status muted';
    status().textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    status().className = 'status error';
    status().textContent = 'cannot read the figures: ' + error.message;
  }
}
refresh();
setInterval(refresh, 1000);
`;

/** The page's HTML. */
export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canopy — routes</title><style>${STYLE}</style></head>
<body>
<h1>Canopy — routes</h1>
<p class="muted">Figures over the last <span id="window">15</span> minutes, refreshed every second. Under each route: requests per second, 5xx share, p50 and p99 per backend as the load balancer saw them. The gates are judged as <code>npm run rollout -- &lt;route&gt; --check</code> judges them. The kill switch sends a route's requests back to the monolith within seconds, without a load-balancer change. <span id="status" class="status muted">loading…</span></p>
<table>
  <thead><tr><th>route</th><th>stage</th><th>mode</th><th>requests</th><th>parity</th><th>gates (as rollout --check)</th><th>function's share</th><th>load balancer latency (ms)</th><th>shadowed latency (ms)</th><th></th></tr></thead>
  <tbody id="routes"></tbody>
</table>
<h2>Recent differences</h2>
<div id="differences"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
