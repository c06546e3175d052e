/**
 * How fast the machine is at a moment: pbkdf2 hashes per second with a thread
 * on every core (hash-limit.ts), over half a second. The host can give this
 * machine less than its cores, and no /proc figure shows it, not even steal
 * time: in one full run the login limit on every core fell from 22.7 to 14.1
 * hashes/s within three minutes while other processes took 0.8 % of the machine.
 * Probed before and after every scenario, so that a run shows whether it was
 * quiet, not only whether anything else ran.
 */
import { availableParallelism } from 'node:os';
import { measureHashRate } from './hash-limit.ts';

// Short hashes (a few ms each), so that half a second holds dozens on every core.
const PROBE_ITERATIONS = 20_000;
const PROBE_MS = 500;

export interface SpeedProbe {
  /** The scenario it was taken right before or right after. */
  scenario: string;
  when: 'before' | 'after';
  hashesPerSecond: number;
}

export async function probeSpeed(scenario: string, when: SpeedProbe['when']): Promise<SpeedProbe> {
  const rate = await measureHashRate(availableParallelism(), PROBE_ITERATIONS, PROBE_MS);
  return { scenario, when, hashesPerSecond: rate.hashesPerSecond };
}

/** The slowest probe as a share of the fastest: 100 % on a machine that kept its speed. */
export function slowestProbe(probes: SpeedProbe[]): { probe: SpeedProbe; percentOfFastest: number } | null {
  if (probes.length === 0) return null;
  const fastest = Math.max(...probes.map((p) => p.hashesPerSecond));
  const probe = probes.reduce((a, b) => (b.hashesPerSecond < a.hashesPerSecond ? b : a));
  return { probe, percentOfFastest: (100 * probe.hashesPerSecond) / fastest };
}
