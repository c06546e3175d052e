import { pbkdf2 } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import type { SettingsExport } from '../../shared/django/settings-export.ts';
import { distribution, type Distribution } from './stats.ts';
import { SEED_PASSWORD } from '../seed-credentials.ts';

/** The monolith's preferred hasher as its settings export gives it: pbkdf2_sha256 with its iterations (260000 on Django 3.2, 1000000 on 5.2). */
export function preferredPbkdf2Iterations(settings: SettingsExport): number {
  const [preferred] = settings.password_hashers;
  if (preferred?.algorithm !== 'pbkdf2_sha256' || preferred.iterations === undefined) {
    throw new Error(`the login limit is measured for pbkdf2_sha256, but the monolith prefers ${preferred?.algorithm}: put PBKDF2PasswordHasher first in PASSWORD_HASHERS to bench it`);
  }
  return preferred.iterations;
}

/** The most logins per second this machine can do: every core hashing all the time. */
export interface HashLimit {
  cores: number;
  /** The PBKDF2 iterations of one hash: the monolith's (its Django's default). */
  iterations: number;
  /** CPU time of one hash: what the limit is drawn from. */
  hashCpuMs: Distribution;
  /** Wall time of one hash; above the CPU time when other processes hold the cores. */
  hashWallMs: Distribution;
  loginsPerSecond: number;
}

const hash = promisify(pbkdf2);

/**
 * Times the default hasher `runs` times, one at a time, and derives the limit
 * from the median CPU time: on a shared machine wall time also counts the
 * waits for a core, which the servers' CPU figures do not.
 */
export async function measureHashLimit(runs: number, iterations: number): Promise<HashLimit> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const before = process.cpuUsage(); // the whole process: the hash runs on a libuv worker thread
    await hash(SEED_PASSWORD, `bench-salt-${i}`, iterations, 32, 'sha256');
    const used = process.cpuUsage(before);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const hashCpuMs = distribution(cpu);
  const cores = availableParallelism();
  return { cores, iterations, hashCpuMs, hashWallMs: distribution(wall), loginsPerSecond: (cores * 1000) / hashCpuMs.median };
}
