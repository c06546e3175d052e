/**
 * The Mann-Whitney U test against known values: one worked by hand, the
 * rest computed with scipy.stats.mannwhitneyu (scipy 1.17.1,
 * method='asymptotic', use_continuity=True, its defaults for samples with
 * ties or over eight values).
 */
import { describe, expect, it } from 'vitest';
import { mannWhitneyU, type Alternative } from './mann-whitney.ts';
import { normalSf } from './normal.ts';

const generatedX = Array.from({ length: 40 }, (_, i) => ((i * 37) % 23) + 10);
const generatedY = Array.from({ length: 55 }, (_, j) => ((j * 53) % 29) + 8);
const shiftedX = Array.from({ length: 300 }, (_, i) => 5 + ((i * 7919) % 101) / 10);
const shiftedY = Array.from({ length: 250 }, (_, j) => 6.5 + ((j * 104729) % 97) / 10);

// [name, x, y, U of x, p-values by alternative] from scipy.
const KNOWN: Array<[string, number[], number[], number, Record<Alternative, number>]> = [
  ['no ties (textbook sizes 5 and 4)', [19, 22, 16, 29, 24], [20, 11, 17, 12], 17, { 'two-sided': 0.11134688653314041, greater: 0.055673443266570206, less: 0.9669037101389033 }],
  ['ties across the samples', [12, 15, 15, 18, 20, 20, 20, 25, 31], [10, 12, 12, 14, 15, 17, 20, 22], 52.5, { 'two-sided': 0.11950187396900541, greater: 0.059750936984502706, less: 0.9509537195386876 }],
  ['many ties, 40 and 55 integers', generatedX, generatedY, 990, { 'two-sided': 0.40884331348690406, greater: 0.7977111617598727, less: 0.20442165674345203 }],
  ['a shift, 300 and 250 values', shiftedX, shiftedY, 28535, { 'two-sided': 1.3590250491210223e-6, greater: 0.9999993223244752, less: 6.795125245605112e-7 }],
];

describe('Mann-Whitney U', () => {
  it('matches a case worked by hand', () => {
    // x = 1,2,3 and y = 4,5,6: U1 = 0, U2 = 9, mean 4.5, sd = sqrt(3·3·7/12) = 2.2913;
    // "less": z = (9 - 4.5 - 0.5) / 2.2913 = 1.7457, p = P(Z > 1.7457) = 0.040428.
    const result = mannWhitneyU([1, 2, 3], [4, 5, 6], 'less');
    expect(result.u).toBe(0);
    expect(result.p).toBeCloseTo(0.040428, 5);
    expect(result.effect).toBe(0);
  });

  for (const [name, x, y, u, pValues] of KNOWN) {
    it(`matches scipy: ${name}`, () => {
      for (const alternative of ['two-sided', 'greater', 'less'] as const) {
        const result = mannWhitneyU(x, y, alternative);
        expect(result.u).toBe(u);
        // Relative agreement to 1e-5 (the normal tail is accurate to ~1e-7 relative).
        expect(Math.abs(result.p - pValues[alternative]) / pValues[alternative], `${alternative}: ${result.p} vs ${pValues[alternative]}`).toBeLessThan(1e-5);
      }
    });
  }

  it('reports the effect size as the share of pairs where x is larger, ties counting half', () => {
    expect(mannWhitneyU([2, 3], [1, 2]).effect).toBeCloseTo((1 + 1 + 0.5 + 1) / 4, 12);
    expect(mannWhitneyU([5, 5, 5], [5, 5]).p).toBe(1); // nothing to tell apart
  });

  it('has a normal tail accurate far out, where small p-values live', () => {
    expect(normalSf(0)).toBeCloseTo(0.5, 7);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 7);
    expect(Math.abs(normalSf(6) - 9.865876450376946e-10) / 9.865876450376946e-10).toBeLessThan(1e-6);
  });
});
