import type { Manifest } from '../manifest.ts';
import { gib, memorySettingFor, type Usage } from './model.ts';

interface SideRun {
  throughput: number;
  responses: number;
  windowMs: number;
  usage: { cpuMsPerRequest: number; peakMemoryMiB: number };
}

/** The part of results/bench.json this reads. */
export interface BenchResults {
  mode: string;
  startedAt: string;
  machine: { cores: number };
  settings: { gunicornWorkers: number };
  scenarios: Array<{ id: string; title: string; fn: string; skipped: string | null; runs: Array<{ concurrency: number; monolith: SideRun; fn: SideRun }> }>;
}

export interface RouteUsage {
  route: string;
  title: string;
  fn: string;
  concurrency: number;
  monolith: Usage;
  function: Usage;
}

/**
 * Usage per scenario at the bench's highest concurrency, where one instance
 * of each side is busy for the whole window, as Cloud Run's request-based
 * billing counts it. The function is billed for what its manifest allocates;
 * the monolith for the cores gunicorn had and the memory setting that holds
 * what its workers used.
 */
export function usageFromBench(bench: BenchResults, manifest: Manifest): RouteUsage[] {
  return bench.scenarios
    .filter((s) => !s.skipped && s.runs.length && manifest.functions[s.fn])
    .map((s) => {
      const run = s.runs.reduce((a, b) => (b.concurrency > a.concurrency ? b : a));
      const spec = manifest.functions[s.fn]!;
      const side = (r: SideRun, vcpus: number, memoryGiB: number, concurrency: number): Usage => ({
        requests: r.responses,
        billableSeconds: r.windowMs / 1000,
        vcpus,
        memoryGiB,
        concurrency,
        cpuSeconds: (r.usage.cpuMsPerRequest * r.responses) / 1000,
      });
      return {
        route: s.id,
        title: s.title,
        fn: s.fn,
        concurrency: run.concurrency,
        monolith: side(run.monolith, bench.machine.cores, gib(memorySettingFor(run.monolith.usage.peakMemoryMiB)), bench.settings.gunicornWorkers),
        function: side(run.fn, spec.cpu, gib(spec.memory), spec.concurrency),
      };
    });
}
