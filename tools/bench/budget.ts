import type { BenchOptions } from './options.ts';

/**
 * Planned time of each kind of step, for the progress bar only (measured
 * on the 2-core machine; nothing depends on them being right).
 */
export const BUDGET = {
  postgresMs: 1_500,
  migrateMs: 4_000,
  /** Copying the database back and the two speed probes around a scenario. */
  restoreMs: 2_200,
  buildMs: 1_000,
  monolithStartMs: 2_500,
  functionStartMs: 400,
  runMs: (o: BenchOptions) => o.warmupMs + o.durationMs + 300,
  /** One side's rounds (rounds.ts): a full warm-up, then a short one before each later round. */
  roundsMs: (o: BenchOptions) => o.warmupMs + ((o.rounds - 1) * o.warmupMs) / 4 + o.durationMs + o.rounds * 300,
  /** One side's open-loop rounds: each warms up fully. */
  openRoundsMs: (o: BenchOptions) => o.rounds * (o.warmupMs + 300) + o.durationMs,
};
