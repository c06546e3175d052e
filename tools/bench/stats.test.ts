import { describe, expect, it } from 'vitest';
import { distribution, percentile, ratio, summarize } from './stats.ts';

describe('stats', () => {
  it('takes nearest-rank percentiles of sorted values', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0), percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([1, 50, 99, 100]);
  });

  it('summarises unsorted latencies without touching them', () => {
    const latencies = Float64Array.from([5, 1, 4, 2, 3]);
    const s = summarize(latencies);
    expect([s.min, s.p50, s.max, s.mean]).toEqual([1, 3, 5, 3]);
    expect(s.curve[0]).toEqual([0, 1]);
    expect(latencies[0]).toBe(5);
  });

  it('summarises no latencies as NaN with an empty curve', () => {
    const s = summarize(new Float64Array(0));
    expect(s.p99).toBeNaN();
    expect(s.curve).toEqual([]);
  });

  it('gives the median of an even number of samples as the mean of the middle two', () => {
    expect(distribution([40, 10, 30, 20])).toEqual({ runs: 4, median: 25, min: 10, max: 40, q1: 17.5, q3: 32.5 });
  });

  it('has no ratio when a side is missing or zero', () => {
    expect(ratio(6, 2)).toBe(3);
    expect(ratio(6, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(NaN, 2)).toBeNull();
  });
});
