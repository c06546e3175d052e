import { describe, expect, it } from 'vitest';
import { clears, medianInterval, reciprocal } from './interval.ts';

// Exact binomial tail, written out independently of interval.ts: P(Binomial(n, ½) <= k).
function binomialCdf(n: number, k: number): number {
  let total = 0;
  for (let i = 0; i <= k; i++) {
    let c = 1;
    for (let m = 0; m < i; m++) c = (c * (n - m)) / (m + 1);
    total += c;
  }
  return total / 2 ** n;
}

describe('medianInterval', () => {
  it('gives min..max of five samples, which holds the median 93.75 % of the time', () => {
    const i = medianInterval([3.4, 2.8, 3.6, 3.1, 3.3]);
    expect([i.median, i.low, i.high, i.n]).toEqual([3.3, 2.8, 3.6, 5]);
    expect(i.coverage).toBeCloseTo(1 - 2 / 32, 12);
  });

  it('drops the outermost samples once enough of them give 95 % without', () => {
    const i = medianInterval([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect([i.median, i.low, i.high]).toEqual([5.5, 2, 9]);
    expect(i.coverage).toBeCloseTo(1 - 2 * binomialCdf(10, 1), 12);
  });

  it('takes the narrowest order-statistic interval with at least 95 % for every sample count', () => {
    for (let n = 1; n <= 40; n++) {
      const samples = Array.from({ length: n }, (_, k) => n - k); // n..1, so the j-th smallest is j
      const i = medianInterval(samples);
      const j = i.low;
      expect(i.high).toBe(n + 1 - j);
      expect(i.coverage).toBeCloseTo(1 - 2 * binomialCdf(n, j - 1), 12);
      // Either it reaches 95 % and one step narrower would not, or it is min..max and still short of it.
      if (i.coverage >= 0.95) expect(j + 1 > Math.ceil(n / 2) || 1 - 2 * binomialCdf(n, j) < 0.95).toBe(true);
      else expect(j).toBe(1);
    }
  });

  it('ignores samples that are not finite numbers and has nothing to say about none', () => {
    expect(medianInterval([NaN, 4, Infinity, 2, 6]).n).toBe(3);
    const none = medianInterval([NaN]);
    expect([none.n, none.coverage]).toEqual([0, 0]);
    expect(none.median).toBeNaN();
  });

  it('reads a p99 ratio as a gain by taking reciprocals of every sample', () => {
    const gain = reciprocal(medianInterval([0.1, 0.05, 0.2, 0.08, 0.125]));
    expect([gain.median, gain.low, gain.high]).toEqual([10, 5, 20]);
  });
});

describe('clears', () => {
  const straddling = medianInterval([2.8, 3.1, 3.3, 3.4, 3.6]);

  it('fails a figure whose median meets the bound while its interval straddles it', () => {
    expect(straddling.median).toBeGreaterThan(3);
    expect(clears(straddling, { atLeast: 3 })).toBe(false);
    expect(clears(medianInterval([90, 95, 97, 98, 104]), { atMost: 100 })).toBe(false);
  });

  it('passes a figure whose whole interval is on the right side, the bound itself included', () => {
    expect(clears(straddling, { atLeast: 2.8 })).toBe(true);
    expect(clears(medianInterval([90, 95, 97, 98, 100]), { atMost: 100 })).toBe(true);
  });

  it('never passes a figure without samples', () => {
    expect(clears(medianInterval([]), { atLeast: 0 })).toBe(false);
    expect(clears(medianInterval([]), { atMost: Infinity })).toBe(false);
  });
});
