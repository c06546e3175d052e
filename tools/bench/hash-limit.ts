import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SettingsExport } from '../../shared/django/settings-export.ts';
import { SEED_PASSWORD } from '../seed-credentials.ts';

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
// reports how many it finished between its start and its last one.
const HASHER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { pbkdf2Sync } = require('node:crypto');
const at = () => performance.timeOrigin + performance.now();
const wait = w.startAt - at();
if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
const start = at();
let hashes = 0, last = start;
while (at() < w.endAt) { pbkdf2Sync(w.password, 'bench-salt-' + hashes, w.iterations, 32, 'sha256'); hashes++; last = at(); }
parentPort.postMessage({ hashes, seconds: (last - start) / 1000 });
`;

/**
 * Runs `parallel` pbkdf2_sha256 hashes at once for `durationMs`, each on a
 * thread of its own (as gunicorn's workers each hash in a process, and the
 * function's libuv pool on its threads; OpenSSL does the hashing on both
 * sides), and returns their combined rate. Each thread's rate is its hashes
 * over the time to its last one, so a hash cut off by the window's end
 * neither counts nor dilutes the rate.
 */
export async function measureHashRate(parallel: number, iterations: number, durationMs: number): Promise<HashRate> {
  const startAt = performance.timeOrigin + performance.now() + 100; // every thread started and waiting
  const data = { password: SEED_PASSWORD, iterations, startAt, endAt: startAt + durationMs };
  const before = process.cpuUsage(); // the whole process: every thread
  const results = await Promise.all(
    Array.from({ length: parallel }, () => {
      const worker = new Worker(HASHER, { eval: true, workerData: data });
      return new Promise<{ hashes: number; seconds: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }).finally(() => worker.terminate());
    }),
  );
  const used = process.cpuUsage(before);
  const hashes = results.reduce((n, r) => n + r.hashes, 0);
  return {
    parallel,
    hashesPerSecond: results.reduce((sum, r) => sum + (r.seconds > 0 ? r.hashes / r.seconds : 0), 0),
    hashes,
    cpuMsPerHash: hashes > 0 ? (used.user + used.system) / 1000 / hashes : NaN,
  };
}

export function hashLimitSettings(iterations: number, parallel: { monolith: number; fn: number }): HashLimitSettings {
  return { cores: availableParallelism(), iterations, parallel };
}
