import type { ColdStartResult } from './cold-start.ts';
import type { ComparisonResult } from './comparison.ts';
import type { ContentionResult } from './contention.ts';
import type { Goal } from './goals.ts';
import type { HashLimit } from './hash-limit.ts';
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
    concurrencies: number[];
    coldStartRuns: number;
    gunicornWorkers: number;
    functionDbPoolMax: number;
    notes: string[];
  };
  hashLimit: HashLimit;
  scenarios: ComparisonResult[];
  contention: ContentionResult[];
  coldStarts: ColdStartResult[];
  runtimes: RuntimeComparison;
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
  'The machine is shared and noisy: figures and ratios are reported, never asserted.',
];
