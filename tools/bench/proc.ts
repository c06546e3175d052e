/**
 * What Linux's /proc says about processes: CPU time, peak memory, children,
 * and how busy the whole machine was.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

// Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat.
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
const fieldsOf = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
const cpuOfFields = (fields: string[]): number => ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;

/** User plus system CPU time of one process so far, in milliseconds (0 once it is gone). */
export function cpuMs(pid: number): number {
  try {
    return cpuOfFields(fieldsOf(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  } catch {
    return 0; // gone
  }
}

/** Every process at one moment: the CPU time of any tree of them, by pid. */
export type ProcessTable = (roots: number[]) => Map<number, number>;

/**
 * One pass over /proc: each process's CPU time so far and its parent, so a
 * tree under given roots (gunicorn's master and workers, PostgreSQL's
 * postmaster and backends) can be read off it. Asynchronous: a load generator
 * sampling at its window's edges keeps sending and receiving on time
 * meanwhile (reading a hundred stat files in one go stalled it for several
 * milliseconds, which landed in the first and last answers' latencies).
 */
export async function readProcesses(): Promise<ProcessTable> {
  const pids = (await readdir('/proc')).map(Number).filter(Number.isInteger);
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').then(fieldsOf, () => null)));
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  stats.forEach((fields, i) => {
    if (!fields) return; // gone
    cpu.set(pids[i]!, cpuOfFields(fields));
    const ppid = Number(fields[1]);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), pids[i]!]);
  });
  return (roots) => {
    const tree = roots.filter((root) => cpu.has(root));
    for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
    return new Map(tree.map((pid) => [pid, cpu.get(pid)!]));
  };
}

/** Peak resident set size (VmHWM) of one process, in KiB; 0 once it is gone. */
export function peakRssKiB(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resets a process's peak RSS to its current RSS (Linux ≥ 4.0); false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Busy and total CPU time of the whole machine so far, all cores, in milliseconds (idle and iowait are not busy). */
export function machineCpuMs(): { busy: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: ((total - ticks[3]! - ticks[4]!) * 1000) / CLOCK_TICKS, total: (total * 1000) / CLOCK_TICKS };
}

/** Whether a process still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
