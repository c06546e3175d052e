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
  it('reads each thread between its first and last hash while all were running', () => {
    // Two threads, one started late; hashes every 100 ms and 200 ms. Window ends at 1000.
    const fast = { startedAt: 0, done: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050] };
    const slow = { startedAt: 50, done: [250, 450, 650, 850, 1040] };
    expect(combinedRate([fast, slow], 1000)).toBeCloseTo(10 + 5, 9);
  });

  it('counts a thread with fewer than two hashes over the whole span', () => {
    expect(combinedRate([{ startedAt: 0, done: [600] }, { startedAt: 0, done: [] }], 1000)).toBeCloseTo(1, 9);
  });
});
