import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest.ts';
import { usageFromLogs } from './from-logs.ts';
import { costOf, gib, memorySettingFor, type Rates } from './model.ts';

const PRICES: Rates = { description: 'request-based', vcpuSecond: 0.000024, gibSecond: 0.0000025, perMillionRequests: 0.4 };

describe('cost per request', () => {
  it('prices vCPU-seconds and GiB-seconds over the billable time plus the request fee', () => {
    // 1000 requests in 2 busy seconds on 1 vCPU / 0.5 GiB:
    // 2 × 0.000024 + 2 × 0.5 × 0.0000025 + 0.001 × 0.4 = 0.000048 + 0.0000025 + 0.0004
    const cost = costOf({ requests: 1000, billableSeconds: 2, vcpus: 1, memoryGiB: 0.5, concurrency: 80, cpuSeconds: 0.1 }, PRICES);
    expect(cost.cpuDollars).toBeCloseTo(0.000048, 12);
    expect(cost.memoryDollars).toBeCloseTo(0.0000025, 12);
    expect(cost.requestDollars).toBeCloseTo(0.0004, 12);
    expect(cost.perMillion).toBeCloseTo(0.4505, 9);
  });

  it('reads memory settings and picks the setting that holds a peak', () => {
    expect(gib('256Mi')).toBe(0.25);
    expect(gib('2Gi')).toBe(2);
    expect(memorySettingFor(354)).toBe('512Mi');
    expect(memorySettingFor(1500)).toBe('2Gi');
  });

  it('bills logged requests by their share of the instance, per route', () => {
    const line = (url: string, wallMs: number, inFlight: number) =>
      JSON.stringify({ httpRequest: { requestUrl: url }, billing: { function: 'users', wallMs, cpuMs: 1, inFlight } });
    const usage = usageFromLogs(
      [line('/api/users/me/', 10, 1), line('/api/users/me/?x=1', 10, 2), JSON.stringify({ jsonPayload: JSON.parse(line('/api/users/7/', 30, 3)) }), 'not json', line('/nowhere/', 5, 1)],
      loadManifest(),
    );
    expect(usage.get('users-me')).toMatchObject({ requests: 2, vcpus: 1, memoryGiB: 0.25 });
    expect(usage.get('users-me')!.billableSeconds).toBeCloseTo(0.015, 9);
    expect(usage.get('users-detail')!.billableSeconds).toBeCloseTo(0.01, 9);
    expect(usage.size).toBe(2);
  });
});
