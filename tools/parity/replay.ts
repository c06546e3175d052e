import { Agent, request } from 'node:http';
import type { TrafficEntry } from './traffic.ts';

/** Marks a parity run's requests, so its verdicts can be told from other traffic's in canopy.parity_results. */
export const RUN_HEADER = 'x-canopy-parity-run';

/** One request to send, and the base URL of the function that should get it. */
export interface Planned {
  entry: TrafficEntry;
  baseUrl: string;
}

/** Sends one request exactly as written (plus Host, Content-Length and the run header); resolves with the status. */
function sendOne(planned: Planned, runId: string, agent: Agent): Promise<number> {
  const url = new URL(planned.entry.path, planned.baseUrl);
  const body = planned.entry.body === undefined ? undefined : Buffer.from(planned.entry.body, 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: planned.entry.method,
        path: `${url.pathname}${url.search}`,
        headers: { ...planned.entry.headers, ...(body ? { 'Content-Length': String(body.length) } : {}), [RUN_HEADER]: runId },
        agent,
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within 30 s: ${planned.entry.method} ${planned.entry.path}`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Replays the requests in order with `concurrency` in flight, calling
 * `onDone` after each; stops sending when `signal` aborts. A request that
 * gets no answer is counted as failed, not retried.
 */
export async function replay<T extends Planned>(
  planned: readonly T[],
  options: { runId: string; concurrency: number; signal?: AbortSignal; onDone(planned: T, status: number | null): void },
): Promise<{ sent: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < planned.length && !options.signal?.aborted) {
      const item = planned[next++]!;
      const status = await sendOne(item, options.runId, agent).catch(() => null);
      if (status === null) failed++;
      options.onDone(item, status);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { sent: next, failed };
}
