import type { Manifest } from '../manifest.ts';
import type { LoadProfile } from './billing-modes.ts';
import { gib, memorySettingFor } from './model.ts';

interface SideRun {
  throughput: number;
  latency: { mean: number };
  usage: { peakMemoryMiB: number };
}

/** The part of results/bench.json this reads. */
export interface BenchResults {
  mode: string;
  startedAt: string;
  machine: { cores: number };
  scenarios: Array<{ id: string; title: string; fn: string; skipped: string | null; runs: Array<{ concurrency: number; monolith: SideRun; fn: SideRun }> }>;
}

/** One bench route: the load it carries and what one instance of each side does with it. */
export interface RouteLoad {
  route: string;
  title: string;
  fn: string;
  /** Requests per second: the monolith's best closed-loop throughput, the most this route gets served today. */
  rate: number;
  monolith: LoadProfile;
  function: LoadProfile;
}

function profile(runs: SideRun[], solo: SideRun, vcpus: number, memoryGiB: number): LoadProfile {
  return { capacityPerSecond: Math.max(...runs.map((r) => r.throughput)), soloSeconds: solo.latency.mean / 1000, vcpus, memoryGiB };
}

/**
 * The measured load of each bench route. Each side is one instance in the
 * bench: its capacity is its best throughput over the concurrencies, its solo
 * latency the mean at the lowest concurrency. The function is billed for what
 * its manifest allocates; the monolith for the machine's cores and the memory
 * setting that holds what its workers used at peak.
 */
export function loadsFromBench(bench: BenchResults, manifest: Manifest): RouteLoad[] {
  return bench.scenarios
    .filter((s) => !s.skipped && s.runs.length && manifest.functions[s.fn])
    .map((s) => {
      const spec = manifest.functions[s.fn]!;
      const solo = s.runs.reduce((a, b) => (b.concurrency < a.concurrency ? b : a));
      const monolithRuns = s.runs.map((r) => r.monolith);
      const monolithMemory = gib(memorySettingFor(Math.max(...monolithRuns.map((r) => r.usage.peakMemoryMiB))));
      return {
        route: s.id,
        title: s.title,
        fn: s.fn,
        rate: Math.max(...monolithRuns.map((r) => r.throughput)),
        monolith: profile(monolithRuns, solo.monolith, bench.machine.cores, monolithMemory),
        function: profile(s.runs.map((r) => r.fn), solo.fn, spec.cpu, gib(spec.memory)),
      };
    });
}
