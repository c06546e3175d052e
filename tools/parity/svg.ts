import { ascending, quantile } from './quantiles.ts';

/** One side's latencies in a plot. */
export interface Series {
  label: string;
  color: string;
  values: readonly number[];
}

const W = 640;
const H = 260;
const PAD = { left: 48, right: 16, top: 28, bottom: 40 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
// Points per curve: quantiles, so a sample of any size draws the same small path.
const STEPS = 200;

/** Text safe inside SVG or HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Ticks at 1, 2 and 5 times each power of ten within [lo, hi]. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) if (m * 10 ** e >= lo && m * 10 ** e <= hi) ticks.push(Number((m * 10 ** e).toPrecision(1)));
  }
  return ticks;
}

/**
 * Latency distributions as cumulative curves, inline SVG without scripts:
 * for each side, the share of requests (y) answered within a time (x, log
 * scale). A curve to the left is faster; the gap at the top is the tail.
 */
export function latencyPlot(series: readonly Series[], title: string): string {
  const drawn = series.filter((s) => s.values.some((v) => v > 0));
  const positive = drawn.flatMap((s) => s.values.filter((v) => v > 0));
  const head = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11"><title>${escapeXml(title)}</title>`;
  if (positive.length === 0) return `${head}<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no latencies recorded</text></svg>`;
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  const x = (v: number) => PAD.left + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1)) * PLOT_W;
  const y = (share: number) => PAD.top + (1 - share) * PLOT_H;
  let body = `<text x="${PAD.left}" y="16" font-weight="600">${escapeXml(title)}</text>`;
  for (const t of logTicks(lo, hi)) {
    body += `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + PLOT_H}" stroke="#e5e5ea"/>`;
    body += `<text x="${x(t).toFixed(1)}" y="${PAD.top + PLOT_H + 14}" text-anchor="middle">${t}</text>`;
  }
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    body += `<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y(share).toFixed(1)}" y2="${y(share).toFixed(1)}" stroke="#eeeeee"/>`;
    body += `<text x="${PAD.left - 6}" y="${(y(share) + 4).toFixed(1)}" text-anchor="end">${share * 100}%</text>`;
  }
  body += `<text x="${PAD.left + PLOT_W / 2}" y="${H - 6}" text-anchor="middle">milliseconds (log scale)</text>`;
  drawn.forEach((s, i) => {
    const sorted = ascending(s.values);
    const points = Array.from({ length: STEPS + 1 }, (_, k) => `${x(quantile(sorted, k / STEPS)).toFixed(1)},${y(k / STEPS).toFixed(1)}`);
    body += `<polyline class="series" data-series="${escapeXml(s.label)}" fill="none" stroke="${s.color}" stroke-width="2" points="${points.join(' ')}"/>`;
    const legendY = PAD.top + 14 + i * 16;
    body += `<line x1="${PAD.left + 10}" x2="${PAD.left + 30}" y1="${legendY}" y2="${legendY}" stroke="${s.color}" stroke-width="2"/>`;
    body += `<text x="${PAD.left + 36}" y="${legendY + 4}">${escapeXml(s.label)}</text>`;
  });
  return `${head}${body}</svg>`;
}
