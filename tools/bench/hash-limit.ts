import { availableParallelism } from 'node:os';
import type { SettingsExport } from '../../shared/django/settings-export.ts';
import { SEED_PASSWORD } from '../seed-credentials.ts';
import { workerResult } from './worker-result.ts';

/** The monolith's preferred hasher as its settings export gives it: pbkdf2_sha256 with its iterations (260000 on Django 3.2, 1000000 on 5.2). */
export function preferredPbkdf2Iterations(settings: SettingsExport): number {
  const [preferred] = settings.password_hashers;
  if (preferred?.algorithm !== 'pbkdf2_sha256' || preferred.iterations === undefined) {
    throw new Error(`the login limit is measured for pbkdf2_sha256, but the monolith prefers ${preferred?.algorithm}: put PBKDF2PasswordHasher first in PASSWORD_HASHERS to bench it`);
  }
  return preferred.iterations;
}

/** How the login limit is drawn, carried in bench.json: the hash and how many run at once on each side. */
export interface HashLimitSettings {
  cores: number;
  /** The PBKDF2 iterations of one hash: the monolith's (its Django's default). */
  iterations: number;
  /** Hashes each side runs at once at most: gunicorn's sync workers; the function's libuv thread pool. */
  parallel: { monolith: number; fn: number };
}

/** What `parallel` pbkdf2 hashes at once achieved over one window: the most logins per second those conditions allow. */
export interface HashRate {
  parallel: number;
  hashesPerSecond: number;
  hashes: number;
  /** CPU time per hash (all threads, their start-up included) under that contention: what a login's hash costs the side. */
  cpuMsPerHash: number;
}

// Each thread sleeps until the common start, hashes back to back until the window closes, then
// reports when it started and when each of its hashes finished.
const HASHER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { pbkdf2Sync } = require('node:crypto');
const at = () => performance.timeOrigin + performance.now();
const wait = w.startAt - at();
if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
const startedAt = at();
const done = [];
while (at() < w.endAt) { pbkdf2Sync(w.password, 'bench-salt-' + done.length, w.iterations, 32, 'sha256'); done.push(at()); }
parentPort.postMessage({ startedAt, done });
`;

interface ThreadRun {
  startedAt: number;
  /** When each hash finished (epoch ms). */
  done: number[];
}

/**
 * The threads' combined rate while every one of them was hashing: from the
 * last thread's start to the window's end, the hashes each thread did in that
 * span, a hash cut by an edge counting for the part of its time inside.
 * (Not the count between the first and the last hash finished in the span:
 * threads sharing the cores finish their hashes in step, in bursts, and that
 * span runs from the end of the first burst to the end of the last, one hash
 * time short for the hashes it counts. With 4 threads on 2 cores it overstated
 * the rate by about 8 % over 1.7 s and 25 % over 0.6 s. Not per thread either:
 * the scheduler gives a thread a good stretch and then a poor one.)
 */
export function combinedRate(threads: ThreadRun[], endAt: number): number {
  const from = Math.max(...threads.map((t) => t.startedAt));
  if (!(endAt > from)) return 0;
  let hashes = 0;
  for (const thread of threads) {
    let began = thread.startedAt;
    for (const done of thread.done) {
      const inside = Math.min(done, endAt) - Math.max(began, from);
      if (inside > 0) hashes += inside / (done - began);
      began = done;
    }
  }
  return (hashes * 1000) / (endAt - from);
}

/**
 * Runs `parallel` pbkdf2_sha256 hashes at once for `durationMs`, each on a
 * thread of its own (as gunicorn's workers each hash in a process, and the
 * function's libuv pool on its threads; OpenSSL does the hashing on both
 * sides), and returns their combined rate (combinedRate).
 */
export async function measureHashRate(parallel: number, iterations: number, durationMs: number): Promise<HashRate> {
  const startAt = performance.timeOrigin + performance.now() + 100; // every thread started and waiting
  const data = { password: SEED_PASSWORD, iterations, startAt, endAt: startAt + durationMs };
  const before = process.cpuUsage(); // the whole process: every thread
  const threads = await Promise.all(Array.from({ length: parallel }, () => workerResult<ThreadRun>(HASHER, data)));
  const used = process.cpuUsage(before);
  const hashes = threads.reduce((n, t) => n + t.done.length, 0);
  return { parallel, hashesPerSecond: combinedRate(threads, data.endAt), hashes, cpuMsPerHash: hashes > 0 ? (used.user + used.system) / 1000 / hashes : NaN };
}

export function hashLimitSettings(iterations: number, parallel: { monolith: number; fn: number }): HashLimitSettings {
  return { cores: availableParallelism(), iterations, parallel };
}
