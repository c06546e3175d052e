/**
 * The spread of a figure over repeated windows: the median of k samples (one
 * ratio per round, one cold start per launch) and a distribution-free
 * confidence interval for that median, read off the sorted samples.
 *
 * Why order statistics: the samples are few (5 to 10) and far from normal
 * (a noisy neighbour makes one round slow, not all of them a little), so no
 * mean ± t·s. For n samples, the interval from the j-th smallest to the j-th
 * largest holds the true median with probability 1 - 2·P(Binomial(n, ½) < j);
 * the narrowest such interval with at least 95 % is taken, or min..max when
 * even that falls short (5 samples: 93.75 %).
 */

export interface Interval {
  median: number;
  low: number;
  high: number;
  /** How many samples it is drawn from. */
  n: number;
  /** The probability that [low, high] holds the true median (0 without samples). */
  coverage: number;
  samples: number[];
}

export const CONFIDENCE = 0.95;

// P(Binomial(n, ½) < j): the chance that fewer than j samples fall below the median.
function tailBelow(n: number, j: number): number {
  let sum = 0;
  let choose = 1; // C(n, i)
  for (let i = 0; i < j; i++) {
    sum += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return sum / 2 ** n;
}

/** The median of `samples` with its order-statistic confidence interval; NaNs throughout when there are none. */
export function medianInterval(samples: number[], confidence = CONFIDENCE): Interval {
  const finite = samples.filter(Number.isFinite);
  const sorted = [...finite].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, low: NaN, high: NaN, n: 0, coverage: 0, samples };
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let j = 1;
  while (j + 1 <= Math.ceil(n / 2) && 1 - 2 * tailBelow(n, j + 1) >= confidence) j++;
  return { median, low: sorted[j - 1]!, high: sorted[n - j]!, n, coverage: 1 - 2 * tailBelow(n, j), samples };
}

/** A goal on a figure: at least or at most a bound. */
export type Bound = { atLeast: number } | { atMost: number };

/**
 * Whether the whole interval clears the bound: a figure whose interval
 * straddles the goal has not shown that it meets it, however good its median.
 */
export function clears(interval: Interval, bound: Bound): boolean {
  if (interval.n === 0) return false;
  return 'atLeast' in bound ? interval.low >= bound.atLeast : interval.high <= bound.atMost;
}

/** The interval of the samples' reciprocals: a p99 ratio (function / monolith) read as a gain (monolith / function). */
export function reciprocal(interval: Interval): Interval {
  return medianInterval(interval.samples.map((x) => 1 / x));
}
