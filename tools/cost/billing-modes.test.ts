import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { billedInstanceSeconds, breakEvenRate, cheaperMode, combineProfiles, dollarsPerSecond, instancesFor, perMillion, type LoadProfile } from './billing-modes.ts';
import { loadsFromBench, type BenchResults } from './from-bench.ts';
import { loadPrices } from './model.ts';
import { costReport } from './report.ts';

const prices = loadPrices();
// A users-like function: 1 vCPU, 256 MiB, 100 req/s per instance, 20 ms alone.
const fast: LoadProfile = { capacityPerSecond: 100, soloSeconds: 0.02, vcpus: 1, memoryGiB: 0.25 };

describe('Cloud Run prices', () => {
  it('carry both billing modes with their source: instance-based cheaper per second and without a request fee', () => {
    expect(prices.source).toMatch(/^https:\/\/cloud\.google\.com\/run\/pricing/);
    expect(prices.instance.vcpuSecond).toBeLessThan(prices.request.vcpuSecond);
    expect(prices.instance.gibSecond).toBeLessThan(prices.request.gibSecond);
    expect(prices.instance.perMillionRequests).toBe(0);
    expect(prices.request.perMillionRequests).toBeGreaterThan(0);
  });
});

describe('billing modes at a steady request rate', () => {
  it('keeps at least one instance, and more past 60 % of one instance\'s capacity', () => {
    expect(instancesFor(fast, 1)).toBe(1);
    expect(instancesFor(fast, 120)).toBeCloseTo(2, 9);
  });

  it('bills request-based by busy time (each lone request at least 100 ms), instance-based by lifetime', () => {
    // A trickle: each request alone, billed 100 ms.
    expect(billedInstanceSeconds(fast, 0.1, 'request', prices)).toBeCloseTo(0.1 * 0.1, 4);
    expect(billedInstanceSeconds(fast, 0.1, 'instance', prices)).toBe(1);
    // Busy instances: request-based bills nearly all of their time too.
    expect(billedInstanceSeconds(fast, 120, 'request', prices)).toBeCloseTo(2 * (1 - Math.exp(-6)), 9);
  });

  it('prices a second of traffic from the published rates', () => {
    // 120 req/s on 2 instances of 1 vCPU / 0.25 GiB.
    const request = 2 * (1 - Math.exp(-6)) * (0.000024 + 0.25 * 0.0000025) + 120 * 0.4e-6;
    const instance = 2 * (0.000018 + 0.25 * 0.000002);
    expect(dollarsPerSecond(fast, 120, 'request', prices)).toBeCloseTo(request, 12);
    expect(dollarsPerSecond(fast, 120, 'instance', prices)).toBeCloseTo(instance, 12);
    expect(perMillion(fast, 120, 'instance', prices)).toBeCloseTo((instance / 120) * 1e6, 9);
  });

  it('finds the rate where both modes cost the same: request-based below it, instance-based above', () => {
    const rate = breakEvenRate(fast, prices)!;
    expect(rate).toBeGreaterThan(1);
    expect(rate).toBeLessThan(60);
    expect(dollarsPerSecond(fast, rate, 'request', prices)).toBeCloseTo(dollarsPerSecond(fast, rate, 'instance', prices), 12);
    expect(cheaperMode(fast, rate * 0.9, prices)).toBe('request');
    expect(cheaperMode(fast, rate * 1.1, prices)).toBe('instance');
    expect(cheaperMode(fast, 1000, prices)).toBe('instance');
  });

  it('has no break-even for work that keeps an instance busy only part of the time even at its target', () => {
    // A CPU-bound hash: 2 req/s per instance, 400 ms alone.
    const hashing: LoadProfile = { capacityPerSecond: 2, soloSeconds: 0.4, vcpus: 1, memoryGiB: 0.5 };
    expect(breakEvenRate(hashing, prices)).toBeNull();
    expect(cheaperMode(hashing, 50, prices)).toBe('request');
  });

  it('combines a function\'s routes by the instance time each request takes', () => {
    const slow: LoadProfile = { ...fast, capacityPerSecond: 25, soloSeconds: 0.1 };
    const { profile, rate } = combineProfiles([{ profile: fast, rate: 30 }, { profile: slow, rate: 10 }]);
    expect(rate).toBe(40);
    // 30/100 + 10/25 = 0.7 instance-seconds per second for 40 req/s.
    expect(profile.capacityPerSecond).toBeCloseTo(40 / 0.7, 9);
    expect(profile.soloSeconds).toBeCloseTo((30 * 0.02 + 10 * 0.1) / 40, 9);
  });
});

// A bench shaped like results/bench.json: the users function serving ~6x the
// monolith, a hash-bound login where both sides are CPU-bound.
const run = (throughput: number, meanMs: number, mib: number) => ({ throughput, latency: { mean: meanMs }, usage: { peakMemoryMiB: mib } });
const BENCH: BenchResults = {
  mode: 'quick',
  startedAt: 'x',
  machine: { cores: 2 },
  scenarios: [
    { id: 'users-detail', title: 't', fn: 'users', skipped: null, runs: [
      { concurrency: 1, monolith: run(46, 21.6, 337), fn: run(81, 11.7, 60) },
      { concurrency: 64, monolith: run(51, 1262, 339), fn: run(289, 209, 67) },
    ] },
    { id: 'login', title: 't', fn: 'identity', skipped: null, runs: [
      { concurrency: 1, monolith: run(0.4, 2266, 333), fn: run(3, 383, 72) },
      { concurrency: 16, monolith: run(2, 2268, 338), fn: run(2.9, 2376, 71) },
    ] },
    { id: 'gone', title: 't', fn: 'orders', skipped: 'function not built', runs: [] },
  ],
};

describe('the cost report from a bench', () => {
  const manifest = loadManifest();
  const loads = loadsFromBench(BENCH, manifest);

  it('takes each route at the monolith\'s best throughput, each side\'s best throughput and solo latency', () => {
    expect(loads.map((l) => l.route)).toEqual(['users-detail', 'login']);
    expect(loads[0]).toMatchObject({
      rate: 51,
      monolith: { capacityPerSecond: 51, soloSeconds: expect.closeTo(0.0216, 9), vcpus: 2, memoryGiB: 0.5 },
      function: { capacityPerSecond: 289, soloSeconds: expect.closeTo(0.0117, 9), vcpus: 1, memoryGiB: 0.25 },
    });
  });

  it('recommends a mode per function, judges each route under it against the monolith\'s cheaper mode, and leaves unmeasured functions alone', () => {
    const report = costReport(loads, manifest, prices);
    const users = report.functions.find((f) => f.fn === 'users')!;
    expect(users.recommended).toBe('instance');
    expect(users.breakEven).toBeLessThan(51);
    expect(report.functions.find((f) => f.fn === 'identity')).toMatchObject({ recommended: 'request', breakEven: null });
    expect(report.functions.find((f) => f.fn === 'orders')).toMatchObject({ recommended: null, rate: null });
    const [detail, login] = report.routes;
    expect(detail).toMatchObject({ mode: 'instance', monolithMode: 'instance', meetsGoal: true });
    expect(detail!.saving).toBeCloseTo(1 - detail!.function.instance / detail!.monolith.instance, 12);
    expect(login).toMatchObject({ mode: 'request', meetsGoal: true });
    // Judged against the monolith's cheaper mode, never the dearer one.
    expect(login!.saving).toBeCloseTo(1 - login!.function.request / Math.min(login!.monolith.request, login!.monolith.instance), 12);
  });

  it('shows a function deployed per instance while a route of it is in shadow', () => {
    const shadowed = { ...manifest, routes: manifest.routes.map((r) => (r.id === 'login' || r.function === 'identity' ? { ...r, stage: 'shadow' as const, weight: 1000 } : r)) };
    expect(costReport(loads, shadowed, prices).functions.find((f) => f.fn === 'identity')!.deployed).toMatchObject({ mode: 'instance' });
  });
});
