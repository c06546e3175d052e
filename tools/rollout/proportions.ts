import { normalSf } from './normal.ts';

/**
 * The lower bound of Wilson's score interval for a proportion k/n at `z`
 * standard deviations (z = 2.326 is one-sided 99 %). Unlike k/n - z·se it
 * stays inside [0, 1] and behaves at k = 0 or k = n, where rollouts live.
 */
export function wilsonLower(k: number, n: number, z: number): number {
  if (n === 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/**
 * One-sided two-proportion z-test (pooled): the p-value of "the first
 * share, k1/n1, is larger than the second, k2/n2". 1 when both are zero or
 * both are everything (nothing to tell apart).
 */
export function proportionGreaterP(k1: number, n1: number, k2: number, n2: number): number {
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 1;
  return normalSf((k1 / n1 - k2 / n2) / se);
}
