import type { ColdStartResult } from './cold-start.ts';
import type { ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { Goal } from './goals.ts';
import type { HashLimitSettings } from './hash-limit.ts';
import type { SpeedProbe } from './machine-speed.ts';
import type { MixedResult } from './mixed.ts';
import type { RuntimeComparison } from './runtimes.ts';

/** Everything one `npm run bench` measured: results/bench.json, from which both reports are drawn. */
export interface BenchResults {
  version: 1;
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpu: string; node: string; database: string };
  settings: {
    warmupMs: number;
    durationMs: number;
    /** The window of the order and mixed-traffic scenarios. */
    trimmedWindow: { warmupMs: number; durationMs: number };
    concurrencies: number[];
    /** Rounds per side of every comparison; each figure's interval is drawn from them. */
    rounds: number;
    coldStartRuns: number;
    gunicornWorkers: number;
    functionDbPoolMax: number;
    notes: string[];
  };
  hashLimit: HashLimitSettings;
  scenarios: ComparisonResult[];
  contention: ContentionResult[];
  mixed: MixedResult[];
  coldStarts: ColdStartResult[];
  runtimes: RuntimeComparison;
  /** pbkdf2 on every core right before and right after each scenario (machine-speed.ts). */
  machineSpeed: SpeedProbe[];
  bundles: Array<{ fn: string; bytes: number | null; skipped: string | null }>;
  goals: Goal[];
}

/** How the figures were taken, carried in the JSON and shown in the HTML report. */
export const NOTES = [
  'Throughput counts 2xx answers per second over the measured window, after a warm-up; latency includes opening a TCP connection when the server closed the previous one (gunicorn sync workers close after every answer).',
  'CPU per request: utime+stime from /proc/<pid>/stat over the window, summed over gunicorn master and workers or the function\'s node process, divided by the answers in the window. PostgreSQL\'s and the load generator\'s CPU are reported beside it.',
  'Peak memory: VmHWM from /proc/<pid>/status, reset before each run; for gunicorn the SUM over master and workers (pages shared between them count once per process, so it is an upper bound).',
  'Errors: non-2xx answers and socket errors (refused, reset, timed out) are counted separately.',
  'Function: one process as one Cloud Run instance, DB_POOL_MAX=10. Monolith: gunicorn.conf.py defaults, sync workers, WEB_CONCURRENCY = 2 x cores + 1.',
  'Open loop (order placement at an offered load, mixed traffic): requests arrive at a fixed rate whatever the server does; latency runs from each scheduled arrival to its answer, so queueing counts. Arrivals in the window are counted; their answers are awaited up to 10 s (then ETIMEDOUT); at most 256 in flight (beyond: EOVERLOAD).',
  'Order placement: both sides create real orders on the bench database (alice, site 1, no Idempotency-Key); the monolith calls the dispatch partner stand-in synchronously (100 ms), the function writes an outbox event. The offered rate is 90 % of the monolith\'s best closed-loop throughput.',
  'Mixed traffic: the local load balancer (tools/stack/load-balancer.ts) runs in a process of its own; before migration it routes with a manifest copy whose routes are all off (everything to the monolith), after with the checked-in manifest. CPU and memory are summed over the load balancer, gunicorn and the functions. The rate is 90 % of the mix\'s best closed-loop throughput before migration; x is after/before.',
  'The order and mixed-traffic scenarios run in a shorter window (settings.trimmedWindow) than the others.',
  'Rounds: at each concurrency (and for each open-loop load) each side\'s measured window is split into rounds that alternate with the other side\'s (settings.rounds; the first warms up fully, later ones for a quarter of the warm-up). Each side\'s figures are over all its rounds; each round gives a ratio.',
  'Intervals: median [low, high] of the rounds\' ratios (or of the cold-start launches), low and high being the order statistics that hold the true median with at least 95 % (distribution-free; with 5 or 6 samples, min and max: 93.75 % or 96.9 %). A goal passes only when the whole interval clears it.',
  'Login limit: right before and right after each round of each side, as many pbkdf2_sha256 hashes at once as that side runs (gunicorn\'s sync workers; the function\'s libuv thread pool; at most the concurrency), each on a thread of its own, for the round\'s window: the hashes each thread did from the last thread\'s start to the window\'s end, a hash cut by an edge counted for its part inside. The mean of the two rates is the most logins/s that side could do then. Shares are of that side\'s own limit, and of one limit per round (the higher of the two sides\') to compare them.',
  'Open loop (order placement\'s offered load, mixed traffic) runs each side long enough for at least 500 answers in every round (100 with --quick; for mixed traffic, on its migrated routes), up to 90 s (15 s) per side, and warms every round up at the offered rate; the figures say how many answers each p99 rests on. The open-loop generator runs on a worker thread of its own, away from the bench\'s heap and its collections.',
  'Every scenario starts from the same database: the seeded one with alice logged in, kept as a template and copied back before each scenario, so that what one scenario wrote (order placement: tens of thousands of orders) does not slow the next.',
  'Machine speed: pbkdf2 hashes per second with a thread on every core, for half a second right before and right after each scenario (machineSpeed). The host can give this machine less than its cores without any process here showing it; a run whose slowest probe is well below its fastest was not quiet.',
  'The machine is shared and noisy: figures and ratios are reported, never asserted.',
];
