/**
 * An open-loop load (open-load.ts) on a worker thread of its own. On the
 * bench's main thread the generator shared its heap with every result the
 * bench holds, and that heap's garbage collections paused it for 3–9 ms in
 * each round: no arrival sent and no answer read meanwhile, which the open
 * loop rightly counts as latency, of the servers under test. A worker's heap
 * holds one run. Its CPU still counts as the client's: process.cpuUsage()
 * covers every thread.
 */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { OpenLoadPlan, OpenLoadResult } from './open-load.ts';
import { workerResult } from './worker-result.ts';

let workerSource: string | undefined;

// Node 20 gives a worker none of the main thread's TypeScript loader, so the worker runs the
// generator bundled to one CommonJS script (built once per process, in milliseconds).
function bundledWorker(): string {
  workerSource ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./open-load-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return workerSource;
}

/** Runs `plan` on a fresh worker thread; resolves with what runOpenLoad would. */
export function runOpenLoadOnThread(plan: OpenLoadPlan): Promise<OpenLoadResult> {
  return workerResult(bundledWorker(), plan);
}
