/**
 * Login throughput against the machine's hashing limit under the same
 * conditions: right before and right after each round of each side, as many
 * pbkdf2 hashes as that side runs at once hash for the round's window
 * (hash-limit.ts), and the round's limit is the mean of the two, so a noisy
 * neighbour, or the machine speeding up or slowing down, weighs on the limit
 * and the logins alike.
 */
import type { HashRate } from './hash-limit.ts';
import { medianInterval, type Interval } from './interval.ts';
import type { RoundFigures } from './run.ts';

export interface BracketedRate {
  before: HashRate;
  after: HashRate;
}

/** A round's limit: the mean of the rates right before and right after it, the most logins/s it could do then. */
export function roundLimit(rate: BracketedRate | undefined): number | undefined {
  return rate && (rate.before.hashesPerSecond + rate.after.hashesPerSecond) / 2;
}

export interface LoginLimits {
  /** Hashes at once: the monolith's sync workers, the function's libuv thread pool (at most the concurrency). */
  parallel: { monolith: number; fn: number };
  /** The rates measured right before and right after each of the side's rounds. */
  rates: { monolith: BracketedRate[]; fn: BracketedRate[] };
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
  const own = rounds.map(([m, f], i) => [share(m.throughput, roundLimit(rates.monolith[i])), share(f.throughput, roundLimit(rates.fn[i]))] as const);
  const common = rounds.map(([m, f], i) => {
    const limit = Math.max(roundLimit(rates.monolith[i]) ?? 0, roundLimit(rates.fn[i]) ?? 0);
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
