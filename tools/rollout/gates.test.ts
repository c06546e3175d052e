import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, errorGate, judge, latencyGate, overall, parityGate } from './gates.ts';
import type { RouteWindow, ShadowSample } from './window.ts';

const settings = { ...DEFAULT_GATES, minRequests: 100, minSeconds: 0 };
const shadowed = (n: number, differing: number): ShadowSample[] =>
  Array.from({ length: n }, (_, i) => ({ agreed: i >= differing, monolithStatus: 200, functionStatus: 200, monolithMs: 10 + (i % 7), functionMs: 3 + (i % 5) }));
// Deterministic spread-out latencies around a centre.
const latencies = (n: number, centre: number, spread = 11) => Array.from({ length: n }, (_, i) => centre + ((((i * 37) % 23) - 11) * spread) / 11);

describe('parity gate', () => {
  it('is inconclusive below the minimum sample, whatever it saw, and says so', () => {
    expect(parityGate(shadowed(99, 99), settings)).toMatchObject({ verdict: 'inconclusive', why: 'too-few-requests' });
    expect(parityGate(shadowed(99, 99), settings).detail).toContain('99 shadowed requests; 100 needed');
  });

  it('passes full agreement, fails a function that surely disagrees, holds in between', () => {
    expect(parityGate(shadowed(200, 0), settings).verdict).toBe('pass');
    expect(parityGate(shadowed(200, 2), settings).verdict).toBe('pass'); // 99.0 %
    expect(parityGate(shadowed(200, 200), settings).verdict).toBe('fail');
    expect(parityGate(shadowed(200, 10), settings).verdict).toBe('fail'); // 5 %: the lower bound is past 1 %
    expect(parityGate(shadowed(200, 4), settings)).toMatchObject({ verdict: 'inconclusive', why: 'undecided' }); // 98 %: could still be within 1 %
  });
});

describe('error gate', () => {
  it('fails a significantly and meaningfully higher 5xx share', () => {
    expect(errorGate({ errors: 20, n: 200 }, { errors: 1, n: 2000 }, settings).verdict).toBe('fail');
  });

  it('passes noise: a higher share that is not significant', () => {
    expect(errorGate({ errors: 3, n: 100 }, { errors: 1, n: 100 }, settings).verdict).toBe('pass');
    expect(errorGate({ errors: 0, n: 100 }, { errors: 0, n: 100 }, settings).verdict).toBe('pass');
  });

  // Kayenta's zero-baseline case: a baseline with no errors leaves a significance test nothing to compare, and the canary passed.
  it('fails a function with errors against a monolith with none, even when a test would call it noise', () => {
    for (const [errors, n] of [[1, 100], [4, 200], [1, 5000]] as const) {
      const gate = errorGate({ errors, n }, { errors: 0, n: 10_000 }, settings);
      expect(gate).toMatchObject({ verdict: 'fail' });
      expect(gate.detail).toContain('the monolith answered no 5xx');
    }
    expect(errorGate({ errors: 0, n: 100 }, { errors: 0, n: 100 }, settings).verdict).toBe('pass');
  });

  it('is inconclusive when either side has too few requests (1 % canary)', () => {
    const gate = errorGate({ errors: 0, n: 3 }, { errors: 0, n: 297 }, settings);
    expect(gate).toMatchObject({ gate: 'errors', verdict: 'inconclusive', why: 'too-few-requests' });
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
    expect(overall(judge('canary', window({ fn: ok(5, 5), monolith: ok(1000, 20) }), settings))).toBe('inconclusive');
  });

  const ok = (n: number, centre: number) => latencies(n, centre).map((latencyMs) => ({ status: 200, latencyMs }));

  it('is inconclusive with too little time: a pass waits for minSeconds, a fail does not', () => {
    const early = { ...settings, minSeconds: 300 };
    const gates = judge('canary', window({ seconds: 120, fn: ok(120, 5), monolith: ok(1000, 20) }), early);
    expect(gates.map((g) => [g.verdict, g.why])).toEqual(Array(3).fill(['inconclusive', 'too-little-time']));
    expect(gates[1]!.detail).toContain('the window spans 120 s of the 300 s needed');
    const failing = judge('canary', window({ seconds: 120, fn: ok(120, 200), monolith: ok(1000, 20) }), early);
    expect(failing.find((g) => g.gate === 'latency')!.verdict).toBe('fail');
    expect(judge('canary', window({ seconds: 300, fn: ok(120, 5), monolith: ok(1000, 20) }), early).map((g) => g.verdict)).toEqual(['pass', 'pass', 'pass']);
  });

  it('measures a dry-run gate and reports it, but leaves it out of the verdict', () => {
    const dry = { ...settings, dryRun: ['latency'] as const };
    const gates = judge('canary', window({ fn: ok(120, 200), monolith: ok(1000, 20) }), dry);
    expect(gates.find((g) => g.gate === 'latency')).toMatchObject({ verdict: 'fail', dryRun: true });
    expect(overall(gates)).toBe('pass');
    expect(overall(judge('canary', window({ fn: ok(120, 200), monolith: ok(1000, 20) }), settings))).toBe('fail');
  });
});
