import type { RouteSummary } from './summarize.ts';

const ms = (v: number) => (Number.isNaN(v) ? '–' : `${v.toFixed(1)}ms`);

/** The run on one screen: a line per route, its most frequent differences under it. */
export function terminalSummary(summaries: readonly RouteSummary[], reportPath: string): string {
  const lines = [`${'route'.padEnd(18)} ${'shadowed'.padStart(8)} ${'agree'.padStart(7)}   monolith p50/p99   function p50/p99`];
  for (const s of summaries) {
    const rate = s.n ? `${((100 * s.agreed) / s.n).toFixed(1)}%` : '–';
    lines.push(`${s.route.padEnd(18)} ${String(s.n).padStart(8)} ${rate.padStart(7)}   ${`${ms(s.monolith.p50)}/${ms(s.monolith.p99)}`.padEnd(18)} ${ms(s.fn.p50)}/${ms(s.fn.p99)}`);
    for (const p of s.topPaths.slice(0, 3)) lines.push(`    ${p.path} differs in ${p.count}`);
  }
  if (summaries.length === 0) lines.push('(no shadowed requests were recorded)');
  lines.push(`report: ${reportPath}  (open file://${reportPath} in a browser)`);
  return lines.join('\n');
}
