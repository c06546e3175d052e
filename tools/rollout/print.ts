import { describePosition } from './ladder.ts';
import type { Decision, Evaluation } from './step.ts';

const VERDICT = { pass: 'pass', hold: 'HOLD', fail: 'FAIL' } as const;

/** "2m14s". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The evaluation as lines: the route, its window, one line per gate. */
export function formatEvaluation({ route, position, window, gates }: Evaluation): string[] {
  const since = window.mode ? `since its mode became ${window.mode.mode}` : 'no stored mode';
  const lines = [`${route.id}: ${describePosition(position)}; window ${duration(window.seconds)} (${since}, at most --window)`];
  for (const g of gates) lines.push(`  ${g.gate.padEnd(8)} ${VERDICT[g.verdict].padEnd(4)}  ${g.detail}`);
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
    case 'hold': {
      // The gates' own lines above say why; a hold without gates (the mode) says it here.
      const held = evaluation.gates.filter((g) => g.verdict === 'hold').map((g) => g.gate);
      return held.length ? `hold: not advanced (${held.join(', ')} ${held.length > 1 ? 'hold' : 'holds'})` : `hold: not advanced: ${decision.reason}`;
    }
    case 'refuse':
      return `refused: ${decision.reason}`;
    case 'none':
      return decision.reason;
  }
}
