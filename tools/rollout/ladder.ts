import type { Route } from '../manifest.ts';

/** Where a route stands: its manifest stage and the function's weight out of 1000. */
export interface Position {
  stage: Route['stage'];
  weight: number;
}

/** The steps a route climbs, one per rollout call: shadow, canary 1 %, 5 %, 25 %, live. */
export const LADDER: readonly Position[] = [
  { stage: 'off', weight: 0 },
  { stage: 'shadow', weight: 1000 },
  { stage: 'canary', weight: 10 },
  { stage: 'canary', weight: 50 },
  { stage: 'canary', weight: 250 },
  { stage: 'live', weight: 1000 },
];

/**
 * Where a failed gate sends a route: nowhere near the function. `off` makes
 * the load balancer send everything straight to the monolith, so a broken
 * function is not even a proxy in the path (shadow would keep it there).
 */
export const ROLLBACK: Position = { stage: 'off', weight: 0 };

/** The step after `from`; a canary weight set by hand moves to the next larger ladder weight. Null when live. */
export function nextStep(from: Position): Position | null {
  if (from.stage === 'live') return null;
  if (from.stage === 'canary') return LADDER.find((p) => p.stage === 'live' || (p.stage === 'canary' && p.weight > from.weight))!;
  return LADDER[LADDER.findIndex((p) => p.stage === from.stage) + 1]!;
}

/** "canary 5 % (50/1000)", "shadow", "live". */
export function describePosition(p: Position): string {
  return p.stage === 'canary' ? `canary ${p.weight / 10} % (${p.weight}/1000)` : p.stage;
}
