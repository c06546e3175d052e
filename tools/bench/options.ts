import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** How long and how often the bench measures. */
export interface BenchOptions {
  mode: 'quick' | 'full';
  warmupMs: number;
  durationMs: number;
  /**
   * The window of the order and mixed-traffic scenarios: each adds several runs
   * (closed and open loop), so they run shorter to keep --quick short.
   */
  trimmedWindow: { warmupMs: number; durationMs: number };
  concurrencies: number[];
  /**
   * Each comparison's measured window is split into this many rounds, the
   * sides alternating; the spread of the rounds' ratios is each figure's
   * interval (interval.ts: 5 rounds give min..max at 93.75 %, 6 at 96.9 %).
   */
  rounds: number;
  /**
   * Open-loop loads (order placement's offered load, mixed traffic's migrated
   * routes): answers each round of each side needs at least for its p99 to
   * mean something (the p99 of 500 is their fifth slowest); the load runs
   * longer than the window when the window would give fewer, up to `maxMs`
   * per side over all its rounds.
   */
  openLoopSamples: { perRound: number; maxMs: number };
  /** Launches per target for the cold-start figures. */
  coldStartRuns: number;
  /** A hard bound on requests per run, warm-up included. */
  maxRequests: number;
  timeoutMs: number;
  outDir: string;
  /** --only <scenario>: that one scenario (an id of SCENARIOS, CONTENTION or MIXED), nothing else; its result in DIR/bench-<id>.json. */
  only: string | null;
}

export const USAGE = `usage: npm run bench [-- --quick] [-- --out DIR] [-- --only <scenario>]

Measures the functions side by side with the reference monolith on one
PostgreSQL and one seeded database, and writes DIR/bench.json and
DIR/bench.html (default results/). --quick: 3 s per side in 5 rounds, about 5 minutes.
--only <scenario>: one scenario of tools/bench/scenarios.ts (say sites-list,
mixed or session-under-logins), written to DIR/bench-<scenario>.json;
bench.json is left as it was.
--only cold-start: the cold starts alone, with where each function's start-up
time goes, written to DIR/bench-cold-start.json.`;

const ROOT_RESULTS = fileURLToPath(new URL('../../results', import.meta.url));

/** Parses the command line; throws with the usage text on an unknown flag. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: ROOT_RESULTS },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  return {
    mode: quick ? 'quick' : 'full',
    warmupMs: quick ? 500 : 2000,
    durationMs: quick ? 3000 : 10_000,
    trimmedWindow: quick ? { warmupMs: 300, durationMs: 1200 } : { warmupMs: 1000, durationMs: 5000 },
    concurrencies: [1, 16, 64],
    rounds: quick ? 5 : 6,
    openLoopSamples: quick ? { perRound: 100, maxMs: 15_000 } : { perRound: 500, maxMs: 90_000 },
    coldStartRuns: quick ? 5 : 10,
    maxRequests: 1_000_000,
    timeoutMs: 30_000,
    outDir: values.out,
    only: values.only ?? null,
  };
}
