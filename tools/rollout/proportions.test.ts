import { describe, expect, it } from 'vitest';
import { proportionGreaterP, wilsonLower } from './proportions.ts';

describe('wilsonLower', () => {
  it('matches the score interval worked out by hand', () => {
    // k = n: the bound is n / (n + z²) = 50 / (50 + 2.3263²).
    expect(wilsonLower(50, 50, 2.3263)).toBeCloseTo(50 / (50 + 2.3263 ** 2), 12);
    expect(wilsonLower(0, 50, 2.3263)).toBe(0);
    expect(wilsonLower(5, 100, 2.3263)).toBeCloseTo(0.018583565, 8);
  });
});

describe('proportionGreaterP', () => {
  it('is the pooled one-sided z-test', () => {
    // 10/100 against 5/100: pooled 0.075, z = 0.05 / sqrt(0.075 · 0.925 · 0.02) = 1.34231; P(Z > z) from scipy.
    expect(proportionGreaterP(10, 100, 5, 100)).toBeCloseTo(0.08974740918651525, 6);
    expect(proportionGreaterP(5, 100, 10, 100)).toBeCloseTo(1 - 0.08974740918651525, 6);
  });

  it('has nothing to tell apart when neither or both sides always fail', () => {
    expect(proportionGreaterP(0, 100, 0, 300)).toBe(1);
    expect(proportionGreaterP(100, 100, 300, 300)).toBe(1);
  });
});
