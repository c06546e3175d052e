import type { BenchOptions } from './options.ts';

/**
 * Planned time of each kind of step, for the progress bar only (measured
 * on the 2-core machine; nothing depends on them being right).
 */
export const BUDGET = {
  postgresMs: 1_500,
  migrateMs: 4_000,
  buildMs: 1_000,
  monolithStartMs: 2_500,
  functionStartMs: 400,
  hashMs: (o: BenchOptions) => o.hashRuns * 150,
  runMs: (o: BenchOptions) => o.warmupMs + o.durationMs + 300,
};
