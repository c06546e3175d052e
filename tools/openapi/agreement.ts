import { compareDocuments, facts, type Difference } from './compare.ts';
import { BEYOND_DJANGO, DELIBERATE_DIFFERENCES } from './deliberate-differences.ts';

const same = (a: Difference, b: Difference) => a.key === b.key && a.drf === b.drf && a.canopy === b.canopy;

/** A fact about `operation`: the operation itself, or one of its parameters and answers. */
const about = (operation: string, key: string) => key === operation || key.startsWith(`${operation} `);

/**
 * The differences between DRF's document and Canopy's that are not listed as
 * deliberate, and the listed ones that no longer hold (a stale list hides nothing):
 * a deliberate difference that no longer differs, or an operation listed as beyond
 * Django that DRF documents after all (it is then compared like any other).
 */
export function unexpectedDifferences(drf: object, canopy: object): { unexpected: Difference[]; stale: Difference[] } {
  type Doc = Parameters<typeof compareDocuments>[0];
  const found = compareDocuments(drf as Doc, canopy as Doc);
  const listed = DELIBERATE_DIFFERENCES.flatMap((group) => group.differences);
  const drfDocuments = facts(drf as Doc, new Set(BEYOND_DJANGO.map(({ operation }) => operation)));
  const beyond = BEYOND_DJANGO.map(({ operation }) => operation).filter((operation) => !drfDocuments.has(operation));
  const stillDocumented = BEYOND_DJANGO.filter(({ operation }) => drfDocuments.has(operation)).map(({ operation }) => ({ key: operation, drf: 'documented', canopy: 'beyond Django' }));
  return {
    unexpected: found.filter((d) => !listed.some((l) => same(l, d)) && !beyond.some((operation) => about(operation, d.key))),
    stale: [...listed.filter((l) => !found.some((d) => same(l, d))), ...stillDocumented],
  };
}
