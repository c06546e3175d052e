/**
 * Cost of serving a steady request rate on Cloud Run under each billing mode,
 * from what one instance was measured to do:
 *
 * - instances alive: max(1, rate / (60 % of one instance's capacity)). Cloud
 *   Run's autoscaler keeps instances at a 60 % CPU and concurrency target
 *   (https://cloud.google.com/run/docs/about-instance-autoscaling), and under
 *   any steady rate at least one instance stays up;
 * - request-based billing bills each instance while it has a request in flight:
 *   with requests arriving at random (Poisson) and each holding the instance
 *   for its solo latency, rounded up to the 100 ms billing granularity, an
 *   instance is busy 1 - e^(-rate per instance × that time) of the time; plus
 *   the fee per request;
 * - instance-based billing bills every instance for its whole lifetime, idle
 *   time included, at a lower rate and with no fee per request.
 *
 * Instance-based is dearer at a trickle (an idle instance is billed) and
 * cheaper from some rate on; breakEvenRate finds it.
 */
import type { BillingMode } from '../manifest.ts';
import type { Prices, Rates } from './model.ts';

/** Cloud Run's default autoscaling target for CPU and concurrency utilisation. */
export const TARGET_UTILISATION = 0.6;

/** What one instance of a service does, as measured, and what it is allocated. */
export interface LoadProfile {
  /** Requests one instance answers per second when it is kept busy (the bench's best closed-loop throughput). */
  capacityPerSecond: number;
  /** How long one request alone holds an instance (mean latency at concurrency 1), in seconds. */
  soloSeconds: number;
  vcpus: number;
  memoryGiB: number;
}

export const BILLING_MODES: readonly BillingMode[] = ['request', 'instance'];

/** Instances the autoscaler keeps up for `rate` requests per second. */
export function instancesFor(profile: LoadProfile, rate: number): number {
  return Math.max(1, rate / (TARGET_UTILISATION * profile.capacityPerSecond));
}

/** Instance-seconds billed per second of serving `rate` requests per second. */
export function billedInstanceSeconds(profile: LoadProfile, rate: number, mode: BillingMode, prices: Prices): number {
  const n = instancesFor(profile, rate);
  if (mode === 'instance') return n;
  const held = Math.max(profile.soloSeconds, prices.billingGranularitySeconds);
  return n * (1 - Math.exp((-rate / n) * held));
}

/** Dollars per second of serving `rate` requests per second. */
export function dollarsPerSecond(profile: LoadProfile, rate: number, mode: BillingMode, prices: Prices): number {
  const rates: Rates = prices[mode];
  const perInstanceSecond = profile.vcpus * rates.vcpuSecond + profile.memoryGiB * rates.gibSecond;
  return billedInstanceSeconds(profile, rate, mode, prices) * perInstanceSecond + (rate * rates.perMillionRequests) / 1e6;
}

/** Dollars per million requests at `rate` requests per second. */
export function perMillion(profile: LoadProfile, rate: number, mode: BillingMode, prices: Prices): number {
  return (dollarsPerSecond(profile, rate, mode, prices) / rate) * 1e6;
}

/** The mode that costs less at `rate`. */
export function cheaperMode(profile: LoadProfile, rate: number, prices: Prices): BillingMode {
  return dollarsPerSecond(profile, rate, 'instance', prices) < dollarsPerSecond(profile, rate, 'request', prices) ? 'instance' : 'request';
}

/**
 * The request rate above which instance-based billing costs less, or null when
 * request-based costs less at any rate. Request-based minus instance-based cost
 * grows with the rate up to one instance's share of the load and then scales
 * with the instance count, so there is at most one crossing, below that share.
 */
export function breakEvenRate(profile: LoadProfile, prices: Prices): number | null {
  const gap = (rate: number) => dollarsPerSecond(profile, rate, 'request', prices) - dollarsPerSecond(profile, rate, 'instance', prices);
  let high = TARGET_UTILISATION * profile.capacityPerSecond;
  if (gap(high) <= 0) return null;
  let low = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (gap(mid) > 0) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * One profile for a function serving several routes at their loads: the
 * instance time each request takes is the load-weighted mix of its routes',
 * and so is the solo latency.
 */
export function combineProfiles(routes: Array<{ profile: LoadProfile; rate: number }>): { profile: LoadProfile; rate: number } {
  const rate = routes.reduce((sum, r) => sum + r.rate, 0);
  const instanceSecondsPerSecond = routes.reduce((sum, r) => sum + r.rate / r.profile.capacityPerSecond, 0);
  const first = routes[0]!.profile;
  return {
    rate,
    profile: {
      capacityPerSecond: rate / instanceSecondsPerSecond,
      soloSeconds: routes.reduce((sum, r) => sum + r.rate * r.profile.soloSeconds, 0) / rate,
      vcpus: first.vcpus,
      memoryGiB: first.memoryGiB,
    },
  };
}
