import { describe, expect, it } from 'vitest';
import { measureHashRate } from './hash-limit.ts';

describe('hashing limit', () => {
  it('hashes with as many threads as asked and counts what they finished', async () => {
    const rate = await measureHashRate(2, 1000, 150);
    expect(rate.parallel).toBe(2);
    expect(rate.hashes).toBeGreaterThan(0);
    expect(rate.hashesPerSecond).toBeGreaterThan(0);
    expect(rate.cpuMsPerHash).toBeGreaterThan(0);
  });
});
