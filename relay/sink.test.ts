import { describe, expect, it } from 'vitest';
import { backoffMs } from './sink.ts';

describe('backoffMs', () => {
  it('doubles from the minimum up to the maximum, as a subscription retry policy does', () => {
    const policy = { minBackoffMs: 10_000, maxBackoffMs: 600_000, maxAttempts: 5 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffMs(policy, attempt))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
  });
});
