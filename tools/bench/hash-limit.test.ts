import { describe, expect, it } from 'vitest';
import { combinedRate, measureHashRate } from './hash-limit.ts';

describe('hashing limit', () => {
  it('hashes with as many threads as asked and counts what they finished', async () => {
    const rate = await measureHashRate(2, 1000, 150);
    expect(rate.parallel).toBe(2);
    expect(rate.hashes).toBeGreaterThan(0);
    expect(rate.hashesPerSecond).toBeGreaterThan(0);
    expect(rate.cpuMsPerHash).toBeGreaterThan(0);
  });
});

describe('combinedRate', () => {
  it('reads all threads together from the last start to the window end, hashes cut by the edges in part', () => {
    // Two threads, one started late, each finishing a hash every 200 ms out of phase; the window ends at 1000.
    const a = { startedAt: 0, done: [200, 400, 600, 800, 1000, 1200] };
    const b = { startedAt: 100, done: [300, 500, 700, 900, 1100] };
    expect(combinedRate([a, b], 1000)).toBeCloseTo(10, 9);
  });

  it('is not fooled by threads that finish their hashes in step', () => {
    // Both finish every 200 ms at the same moments: 10 hashes/s. Counting from the first finish to the last
    // (9 intervals over 800 ms) would say 11.25.
    const inStep = () => ({ startedAt: 0, done: [200, 400, 600, 800, 1000, 1200] });
    expect(combinedRate([inStep(), inStep()], 1000)).toBeCloseTo(10, 9);
  });

  it('is not fooled by a thread that got the cores for a stretch and then waited', () => {
    // On one core: a hashes 0-500 (every 100 ms), then b 500-1000; together 10 hashes/s, each alone 10/s while running.
    const a = { startedAt: 0, done: [100, 200, 300, 400, 500] };
    const b = { startedAt: 0, done: [600, 700, 800, 900, 1000] };
    expect(combinedRate([a, b], 1000)).toBeCloseTo(10, 9);
  });

  it('counts a lone hash over the whole span', () => {
    expect(combinedRate([{ startedAt: 0, done: [600] }, { startedAt: 0, done: [] }], 1000)).toBeCloseTo(1, 9);
  });
});
