/**
 * Login throughput against the machine's hashing limit under the same
 * conditions: before each round of each side, as many pbkdf2 hashes as that
 * side runs at once hash for the round's window (hash-limit.ts), so a noisy
 * neighbour weighs on the limit and the logins alike.
 */
import type { HashRate } from './hash-limit.ts';
import { medianInterval, type Interval } from './interval.ts';
import type { RoundFigures } from './run.ts';

export interface LoginLimits {
  /** Hashes at once: the monolith's sync workers, the function's libuv thread pool (at most the concurrency). */
  parallel: { monolith: number; fn: number };
  /** The rate measured right before each of the side's rounds: the most logins/s it could do then. */
  rates: { monolith: HashRate[]; fn: HashRate[] };
  /** Each side's logins/s as a percentage of its own limit of the same round. */
  own: { monolith: Interval; fn: Interval };
  /** Both as a percentage of one limit per round, the higher of the two sides': comparable with each other. */
  common: { monolith: Interval; fn: Interval };
  /** Per round, the function's percentage of its own limit minus the monolith's, in points. */
  lead: Interval;
}

/** The shares of each round (monolith first, function second) against the rates measured beside them. */
export function loginLimits(parallel: LoginLimits['parallel'], rates: LoginLimits['rates'], rounds: Array<[RoundFigures, RoundFigures]>): LoginLimits {
  const share = (logins: number, limit: number | undefined) => (limit ? (100 * logins) / limit : NaN);
  const own = rounds.map(([m, f], i) => [share(m.throughput, rates.monolith[i]?.hashesPerSecond), share(f.throughput, rates.fn[i]?.hashesPerSecond)] as const);
  const common = rounds.map(([m, f], i) => {
    const limit = Math.max(rates.monolith[i]?.hashesPerSecond ?? 0, rates.fn[i]?.hashesPerSecond ?? 0);
    return [share(m.throughput, limit), share(f.throughput, limit)] as const;
  });
  return {
    parallel,
    rates,
    own: { monolith: medianInterval(own.map(([m]) => m)), fn: medianInterval(own.map(([, f]) => f)) },
    common: { monolith: medianInterval(common.map(([m]) => m)), fn: medianInterval(common.map(([, f]) => f)) },
    lead: medianInterval(own.map(([m, f]) => f - m)),
  };
}
