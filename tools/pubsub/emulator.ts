import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isPortFree } from '../stack/ports.ts';

/** The project the local emulator serves. */
export const EMULATOR_PROJECT = 'canopy-local';

export interface PubSubEmulator {
  /** host:port, as PUBSUB_EMULATOR_HOST and the client's apiEndpoint take it. */
  host: string;
  project: string;
  output(): string;
  stop(): Promise<void>;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the emulator cannot run on this machine, in one line; null when it can. */
export function emulatorMissing(): string | null {
  if (!onPath('gcloud')) return 'gcloud is not installed: the Pub/Sub emulator comes with the Google Cloud CLI (packages google-cloud-cli and google-cloud-cli-pubsub-emulator)';
  if (!onPath('java')) return 'java is not installed: the Pub/Sub emulator needs a Java runtime (apt-get install default-jre-headless)';
  return null;
}

/**
 * Starts Google's Pub/Sub emulator (`gcloud beta emulators pubsub start`) on
 * 127.0.0.1:`port` and waits until it answers. It keeps everything in memory:
 * a restart starts empty.
 */
export async function startPubSubEmulator(options: { port: number; project?: string; echo?: boolean }): Promise<PubSubEmulator> {
  const missing = emulatorMissing();
  if (missing) throw new Error(missing);
  const project = options.project ?? EMULATOR_PROJECT;
  const host = `127.0.0.1:${options.port}`;
  // gcloud runs the emulator's Java server as its own child: it gets a process
  // group of its own, and the whole group is signalled, or Java outlives us.
  const child = spawn('gcloud', ['beta', 'emulators', 'pubsub', 'start', `--host-port=${host}`, `--project=${project}`, '--quiet'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = -child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(group, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
    if (options.echo) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '[pubsub] '));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const stop = async () => {
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !(await isPortFree(options.port))) await new Promise((r) => setTimeout(r, 100));
    killGroup('SIGKILL');
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    // Java reports a taken port but keeps running: look for it instead of waiting.
    const failed = child.exitCode !== null || /BindException|Address already in use/.test(tail);
    if (failed || Date.now() > deadline) {
      await stop();
      const reason = failed ? (tail.trim().split('\n').filter((l) => /error|exception/i.test(l)).at(-1) ?? tail.trim().split('\n').at(-1)) : 'it did not answer within 60 s';
      throw new Error(`the Pub/Sub emulator did not start on ${host}: ${reason?.replace(/^\[pubsub\]\s*/, '')}`);
    }
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1000) });
      if ((await response.text()).trim() === 'Ok') break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { host, project, output: () => tail, stop };
}
