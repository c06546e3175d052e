import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, errorGate, judge, latencyGate, overall, parityGate } from './gates.ts';
import type { RouteWindow, ShadowSample } from './window.ts';

const settings = { ...DEFAULT_GATES, minRequests: 100 };
const shadowed = (n: number, differing: number): ShadowSample[] =>
  Array.from({ length: n }, (_, i) => ({ agreed: i >= differing, monolithStatus: 200, functionStatus: 200, monolithMs: 10 + (i % 7), functionMs: 3 + (i % 5) }));
// Deterministic spread-out latencies around a centre.
const latencies = (n: number, centre: number, spread = 11) => Array.from({ length: n }, (_, i) => centre + ((((i * 37) % 23) - 11) * spread) / 11);

describe('parity gate', () => {
  it('holds below the minimum sample, whatever it saw', () => {
    expect(parityGate(shadowed(99, 99), settings)).toMatchObject({ verdict: 'hold' });
    expect(parityGate(shadowed(99, 99), settings).detail).toContain('99 shadowed requests; 100 needed');
  });

  it('passes full agreement, fails a function that surely disagrees, holds in between', () => {
    expect(parityGate(shadowed(200, 0), settings).verdict).toBe('pass');
    expect(parityGate(shadowed(200, 2), settings).verdict).toBe('pass'); // 99.0 %
    expect(parityGate(shadowed(200, 200), settings).verdict).toBe('fail');
    expect(parityGate(shadowed(200, 10), settings).verdict).toBe('fail'); // 5 %: the lower bound is past 1 %
    expect(parityGate(shadowed(200, 4), settings).verdict).toBe('hold'); // 98 %: could still be within 1 %
  });
});

describe('error gate', () => {
  it('fails a significantly and meaningfully higher 5xx share', () => {
    expect(errorGate({ errors: 20, n: 200 }, { errors: 1, n: 2000 }, settings).verdict).toBe('fail');
  });

  it('passes noise: one more error, or a higher share that is not significant', () => {
    expect(errorGate({ errors: 1, n: 100 }, { errors: 0, n: 100 }, settings).verdict).toBe('pass');
    expect(errorGate({ errors: 3, n: 100 }, { errors: 1, n: 100 }, settings).verdict).toBe('pass');
    expect(errorGate({ errors: 0, n: 100 }, { errors: 0, n: 100 }, settings).verdict).toBe('pass');
  });

  it('holds when either side has too few requests (1 % canary)', () => {
    const gate = errorGate({ errors: 0, n: 3 }, { errors: 0, n: 297 }, settings);
    expect(gate).toMatchObject({ gate: 'errors', verdict: 'hold' });
    expect(gate.detail).toContain('3 function and 297 monolith requests');
  });
});

describe('latency gate', () => {
  it('fails a function clearly slower by a meaningful amount', () => {
    expect(latencyGate(latencies(150, 60), latencies(300, 20), settings).verdict).toBe('fail');
  });

  it('passes a faster function and the same distribution', () => {
    expect(latencyGate(latencies(150, 5), latencies(300, 20), settings).verdict).toBe('pass');
    expect(latencyGate(latencies(300, 20), latencies(300, 20), settings).verdict).toBe('pass');
  });

  it('passes a consistent slowdown below the meaningful size', () => {
    // Nearly every function request 2 ms slower: significant and a large effect, but under latencySlowdownMs.
    const fn = latencies(300, 22, 1);
    const monolith = latencies(300, 20, 1);
    expect(latencyGate(fn, monolith, settings).verdict).toBe('pass');
    expect(latencyGate(fn, monolith, { ...settings, latencySlowdownMs: 1 }).verdict).toBe('fail');
  });
});

describe('judge', () => {
  const window = (over: Partial<RouteWindow>): RouteWindow => ({ start: new Date(), seconds: 60, mode: null, shadow: [], fn: [], monolith: [], requests: 0, ...over });

  it('judges shadow from the shadowed requests, a failed function counting as a 5xx', () => {
    const shadow = shadowed(150, 0).map((s, i) => (i < 30 ? { ...s, functionStatus: null, functionMs: null } : s));
    const gates = judge('shadow', window({ shadow }), settings);
    expect(gates.map((g) => [g.gate, g.verdict])).toEqual([['parity', 'pass'], ['errors', 'fail'], ['latency', 'pass']]);
    expect(overall(gates)).toBe('fail');
  });

  it('judges a canary from the load balancer per backend; parity is not required there', () => {
    const ok = (n: number, centre: number) => latencies(n, centre).map((latencyMs) => ({ status: 200, latencyMs }));
    const gates = judge('canary', window({ fn: ok(120, 5), monolith: ok(1000, 20) }), settings);
    expect(gates.map((g) => g.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(overall(judge('canary', window({ fn: ok(5, 5), monolith: ok(1000, 20) }), settings))).toBe('hold');
  });
});
