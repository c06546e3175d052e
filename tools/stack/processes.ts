import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  /** Recent output, for error messages when the service dies. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

// A stack or test run that dies must not leave children behind. On a signal,
// a process with its own graceful shutdown (the stack) keeps control; anything
// else exits, and 'exit' kills whatever is still running.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (process.listenerCount(signal) === 0) process.exit(130);
  });
}

/** Starts a child process, keeps its last output, and kills it when this process exits. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { echo?: boolean },
): { child: ChildProcess; output(): string; stop(): Promise<void> } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
    if (options.echo) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', () => running.delete(child));
  return {
    child,
    output: () => tail,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls a URL until it answers (any status) or the child exits or time runs out. */
export async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}
