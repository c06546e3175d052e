import { describePosition, type Position } from './ladder.ts';

/** Past this weight a rollback would move more than a quarter of the route at once: the capacity rule applies. */
export const CAPACITY_CHECK_ABOVE = 250;

/** Where the monolith's spare capacity comes from when no flag gives it. */
export const SPARE_RPS_VARIABLE = 'CANOPY_MONOLITH_SPARE_RPS';

/**
 * The capacity rule: a rollback sends the function's whole share of the
 * route back to the monolith at once, so a step past 25 % is refused unless
 * the monolith could absorb that share on top of what it serves
 * (`spareRps`: requests per second it can take beyond its current load).
 * Returns the refusal, one line saying what to do, or null when the step may go.
 */
export function capacityRefusal(routeId: string, routeRps: number, to: Position, spareRps: number | undefined): string | null {
  if (to.weight <= CAPACITY_CHECK_ABOVE) return null;
  if (spareRps === undefined) {
    return `${routeId}: the monolith's spare capacity is unknown, so a step past 25 % is refused: pass --monolith-spare-rps <requests/s> or set ${SPARE_RPS_VARIABLE}`;
  }
  const returning = routeRps * (to.weight / 1000);
  if (returning <= spareRps) return null;
  return `${routeId}: a rollback from ${describePosition(to)} would send ${returning.toFixed(1)} req/s back to the monolith at once, more than its ${spareRps} req/s to spare; add monolith capacity first (and raise --monolith-spare-rps)`;
}
