import { describePosition } from './ladder.ts';
import type { Decision, Evaluation } from './step.ts';

const VERDICT = { pass: 'pass', inconclusive: 'INCONCLUSIVE', fail: 'FAIL' } as const;

/** "2m14s". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The evaluation as lines: the route, its window, one line per gate. */
export function formatEvaluation({ route, position, window, gates }: Evaluation): string[] {
  const since = window.mode ? `since its mode became ${window.mode.mode}` : 'no stored mode';
  const lines = [`${route.id}: ${describePosition(position)}; window ${duration(window.seconds)} (${since}, at most --window)`];
  for (const g of gates) {
    const verdict = `${VERDICT[g.verdict]}${g.why ? ` (${g.why})` : ''}${g.dryRun ? ' [dry run: not acted on]' : ''}`;
    lines.push(`  ${g.gate.padEnd(8)} ${verdict}  ${g.detail}`);
  }
  return lines;
}

/** The decision as one line. */
export function formatDecision(evaluation: Evaluation, decision: Decision): string {
  const from = describePosition(evaluation.position);
  switch (decision.action) {
    case 'advance':
      return `advance: ${from} -> ${describePosition(decision.to)} (${decision.reason})`;
    case 'rollback':
      return `ROLLBACK: ${from} -> off, kill switch on: ${decision.reason}`;
    case 'pause':
      return `PAUSED at ${from} (--on-fail pause: nothing rolled back, nothing advanced; roll back with npm run kill -- ${evaluation.route.id}): ${decision.reason}`;
    case 'hold': {
      // The gates' own lines above say why; a hold without gates (the mode) says it here.
      const held = evaluation.gates.filter((g) => g.verdict === 'inconclusive' && !g.dryRun).map((g) => g.gate);
      return held.length ? `hold: not advanced (${held.join(', ')} inconclusive)` : `hold: not advanced: ${decision.reason}`;
    }
    case 'refuse':
      return `refused: ${decision.reason}`;
    case 'none':
      return decision.reason;
  }
}
