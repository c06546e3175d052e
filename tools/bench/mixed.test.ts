import { describe, expect, it } from 'vitest';
import { mixedDurationMs } from './mixed.ts';

describe('mixed traffic duration', () => {
  const samples = { min: 1000, maxMs: 40_000 };

  it('keeps the window when it already gives enough migrated answers', () => {
    expect(mixedDurationMs(5000, 400, 0.95, samples)).toBe(5000);
  });

  it('runs long enough for the minimum at the offered rate, up to the cap', () => {
    const ms = mixedDurationMs(5000, 100, 0.95, samples);
    expect(ms * 0.1 * 0.95).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(11_000);
    expect(mixedDurationMs(5000, 5, 0.95, samples)).toBe(40_000);
  });
});
