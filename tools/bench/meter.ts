import { machineCpuMs, peakRssKiB, readProcesses, resetPeakRss } from './proc.ts';

/** Who burns CPU during a run: the serving processes, PostgreSQL (when embedded) and this process. */
export interface Watched {
  /** The serving process: gunicorn's master (its workers are its children) or the function's node process; several for a whole stack (load balancer, monolith and functions). */
  server: number | number[];
  /** PostgreSQL's postmaster, or null for an external server. */
  database: number | null;
}

/** Resource use over a run's measured window, per answered request. */
export interface Usage {
  /** utime + stime of the serving processes (gunicorn master and workers, or the node process) over the window, per answer. */
  cpuMsPerRequest: number | null;
  /** The same for PostgreSQL's processes (null for an external server). */
  dbCpuMsPerRequest: number | null;
  /** The load generator's own CPU per answer (it shares the machine with the servers). */
  clientCpuMsPerRequest: number | null;
  /** Share of the machine's CPU busy during the window, all processes included. */
  machineBusyPercent: number;
  /** Share of the machine's CPU used by processes the bench does not watch: other work on a shared machine, i.e. noise. */
  othersPercent: number;
  /** Peak RSS (VmHWM) over the run, summed over the serving processes; gunicorn's shared pages count once per process. */
  peakMemoryMiB: number;
  /** The largest single serving process's peak RSS. */
  peakMemoryLargestMiB: number;
  processes: number;
}

interface Snapshot {
  server: Map<number, number>;
  database: Map<number, number>;
  client: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

const rootsOf = (roots: number | number[] | null): number[] => (roots === null ? [] : [roots].flat());

async function snapshot(watched: Watched): Promise<Snapshot> {
  const client = process.cpuUsage();
  const machine = machineCpuMs();
  const processes = await readProcesses();
  return { server: processes(rootsOf(watched.server)), database: processes(rootsOf(watched.database)), client, machine };
}

// Processes that started during the window count from zero.
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Runs a load while measuring CPU over its window (sampled when the warm-up
 * ends and when the window closes) and peak memory over the whole run.
 */
export async function metered<T>(
  watched: Watched,
  window: { warmupMs: number; durationMs: number },
  run: () => Promise<T>,
  answers: (result: T) => number,
): Promise<{ result: T; usage: Usage }> {
  const servers = async () => [...(await readProcesses())(rootsOf(watched.server)).keys()];
  for (const pid of await servers()) resetPeakRss(pid);
  let start: Promise<Snapshot> | undefined;
  let end: Promise<Snapshot> | undefined;
  const timers = [
    setTimeout(() => (start = snapshot(watched)), window.warmupMs),
    setTimeout(() => (end = snapshot(watched)), window.warmupMs + window.durationMs),
  ];
  const result = await run();
  timers.forEach(clearTimeout);
  start ??= snapshot(watched);
  end ??= snapshot(watched);
  const [from, to] = [await start, await end];

  const served = answers(result);
  const perRequest = (ms: number) => (served > 0 ? ms / served : null);
  const peaks = (await servers()).map(peakRssKiB);
  const serverMs = spent(from.server, to.server);
  const dbMs = spent(from.database, to.database);
  const clientMs = (to.client.user + to.client.system - from.client.user - from.client.system) / 1000;
  const machine = { busy: to.machine.busy - from.machine.busy, total: to.machine.total - from.machine.total };
  const share = (ms: number) => (machine.total > 0 ? Math.max(0, (100 * ms) / machine.total) : 0);
  return {
    result,
    usage: {
      cpuMsPerRequest: perRequest(serverMs),
      dbCpuMsPerRequest: watched.database === null ? null : perRequest(dbMs),
      clientCpuMsPerRequest: perRequest(clientMs),
      machineBusyPercent: share(machine.busy),
      othersPercent: share(machine.busy - serverMs - dbMs - clientMs),
      peakMemoryMiB: peaks.reduce((a, b) => a + b, 0) / 1024,
      peakMemoryLargestMiB: Math.max(0, ...peaks) / 1024,
      processes: peaks.length,
    },
  };
}
