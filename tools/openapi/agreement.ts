import { compareDocuments, type Difference } from './compare.ts';
import { DELIBERATE_DIFFERENCES } from './deliberate-differences.ts';

const same = (a: Difference, b: Difference) => a.key === b.key && a.drf === b.drf && a.canopy === b.canopy;

/**
 * The differences between DRF's document and Canopy's that are not listed as
 * deliberate, and the listed ones that no longer hold (a stale list hides nothing).
 */
export function unexpectedDifferences(drf: object, canopy: object): { unexpected: Difference[]; stale: Difference[] } {
  const found = compareDocuments(drf as Parameters<typeof compareDocuments>[0], canopy as Parameters<typeof compareDocuments>[1]);
  const listed = DELIBERATE_DIFFERENCES.flatMap((group) => group.differences);
  return {
    unexpected: found.filter((d) => !listed.some((l) => same(l, d))),
    stale: listed.filter((l) => !found.some((d) => same(l, d))),
  };
}
