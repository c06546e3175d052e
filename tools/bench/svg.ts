/** Inline SVG charts for the HTML report: no scripts, no external assets. */

export const COLORS = { monolith: '#c4512b', fn: '#2471a3' };

const W = 560;
const H = 290;
const PAD = { left: 52, right: 130, top: 14, bottom: 40 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function frame(body: string, title: string, height = H): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">${body}</svg>`;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

/** Powers of ten (and 2x, 5x) spanning [lo, hi], for log axes. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}

function logScale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const a = Math.log10(lo);
  const span = Math.log10(hi) - a || 1;
  return (v) => from + ((Math.log10(Math.max(v, lo)) - a) / span) * (to - from);
}

function legend(items: Array<{ label: string; color: string; dash?: string }>): string {
  return items
    .map((item, i) => {
      const y = PAD.top + 10 + i * 16;
      const x = W - PAD.right + 14;
      return `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${item.color}" stroke-width="2" stroke-dasharray="${item.dash ?? ''}"/>${text(x + 30, y + 4, item.label)}`;
    })
    .join('');
}

export interface CurveSeries {
  label: string;
  color: string;
  dash?: string;
  /** [percentile 0..100, latency ms] pairs. */
  curve: Array<[number, number]>;
}

// Percentile on a "nines" axis: 0 → 0, 90 → 1, 99 → 2, 99.9 → 3, 99.99 → 4; the maximum just past the last.
const NINES_MAX = 4.5;
function nines(p: number): number {
  return p >= 100 ? NINES_MAX : Math.min(4, -Math.log10(1 - p / 100));
}

/** Latency by percentile, log latency over a "nines" axis, one line per series. */
export function percentileChart(series: CurveSeries[], title: string): string {
  const values = series.flatMap((s) => s.curve.map(([, v]) => v)).filter((v) => v > 0);
  if (values.length === 0) return '';
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const y = logScale(lo, hi, PAD.top + plotH, PAD.top);
  const x = (p: number) => PAD.left + (nines(p) / NINES_MAX) * plotW;
  let body = '';
  for (const t of logTicks(lo, hi)) {
    body += `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`;
    body += text(PAD.left - 6, y(t) + 4, `${t}`, 'text-anchor="end"');
  }
  for (const [p, label] of [[0, '0'], [90, '90'], [99, '99'], [99.9, '99.9'], [99.99, '99.99'], [100, 'max']] as const) {
    body += `<line x1="${x(p).toFixed(1)}" x2="${x(p).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#eeeeee"/>`;
    body += text(x(p), PAD.top + plotH + 14, label, 'text-anchor="middle"');
  }
  body += text(PAD.left + plotW / 2, H - 6, 'percentile', 'text-anchor="middle"');
  body += text(12, PAD.top + plotH / 2, 'latency (ms, log)', `text-anchor="middle" transform="rotate(-90 12 ${PAD.top + plotH / 2})"`);
  for (const s of series) {
    const points = s.curve.map(([p, v]) => `${x(p).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    body += `<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="1.8" stroke-dasharray="${s.dash ?? ''}"/>`;
  }
  return frame(body + legend(series), title);
}

export interface BarGroup {
  label: string;
  bars: Array<{ label: string; value: number; color: string }>;
}

/** Grouped vertical bars on a linear axis from zero, each labelled with its value. */
export function barChart(groups: BarGroup[], unit: string, title: string, format: (v: number) => string): string {
  const max = Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
  if (!(max > 0)) return '';
  const groupW = plotW / groups.length;
  const y = (v: number) => PAD.top + plotH - (v / max) * (plotH - 12);
  let body = `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#999"/>`;
  body += text(12, PAD.top + plotH / 2, unit, `text-anchor="middle" transform="rotate(-90 12 ${PAD.top + plotH / 2})"`);
  groups.forEach((g, gi) => {
    const barW = (groupW * 0.7) / g.bars.length;
    g.bars.forEach((b, bi) => {
      const bx = PAD.left + gi * groupW + groupW * 0.15 + bi * barW;
      body += `<rect x="${bx.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(PAD.top + plotH - y(b.value)).toFixed(1)}" fill="${b.color}"/>`;
      body += text(bx + barW / 2 - 1, y(b.value) - 3, format(b.value), 'text-anchor="middle" font-size="10"');
    });
    body += text(PAD.left + gi * groupW + groupW / 2, PAD.top + plotH + 14, g.label, 'text-anchor="middle"');
  });
  const seen = new Map(groups.flatMap((g) => g.bars.map((b) => [b.label, b.color] as const)));
  return frame(body + legend([...seen].map(([label, color]) => ({ label, color }))), title);
}

/** One row of dots per target on a log axis (cold-start samples), the median marked. */
export function dotChart(rows: Array<{ label: string; samples: number[]; median: number; color: string }>, title: string): string {
  const values = rows.flatMap((r) => r.samples).filter((v) => v > 0);
  if (values.length === 0) return '';
  const left = 150;
  const rowH = 22;
  const height = PAD.top + rows.length * rowH + PAD.bottom;
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const x = logScale(lo, hi, left, W - 20);
  let body = '';
  for (const t of logTicks(lo, hi)) {
    body += `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${PAD.top}" y2="${height - PAD.bottom}" stroke="#e3e3e3"/>`;
    body += text(x(t), height - PAD.bottom + 14, `${t}`, 'text-anchor="middle"');
  }
  body += text((left + W - 20) / 2, height - 8, 'ms from spawn to first 200 (log)', 'text-anchor="middle"');
  rows.forEach((r, i) => {
    const cy = PAD.top + i * rowH + rowH / 2;
    body += text(left - 8, cy + 4, r.label, 'text-anchor="end"');
    for (const s of r.samples) body += `<circle cx="${x(s).toFixed(1)}" cy="${cy}" r="3" fill="${r.color}" fill-opacity="0.55"/>`;
    body += `<line x1="${x(r.median).toFixed(1)}" x2="${x(r.median).toFixed(1)}" y1="${cy - 8}" y2="${cy + 8}" stroke="#222" stroke-width="2"/>`;
  });
  return frame(body, title, height);
}
