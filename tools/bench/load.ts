import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, SocketError } from './connection.ts';
import { encodeRequest, type RequestSpec } from './http-wire.ts';

/** A closed-loop load: `concurrency` clients, each sending its next request as soon as the last one is answered. */
export interface LoadPlan {
  url: string;
  /** Sent round-robin across all clients (one entry for a single endpoint, several for mixed traffic). */
  requests: RequestSpec[];
  concurrency: number;
  /** Answers before the measured window are not counted; connections and caches warm up. */
  warmupMs: number;
  durationMs: number;
  /** A hard bound on requests sent, warm-up included; the window ends early when it is reached. */
  maxRequests: number;
  /** Per request; an answer this late counts as a socket error (ETIMEDOUT). */
  timeoutMs: number;
}

/** What a load measured in its window: answers completed in it, whenever they were sent. */
export interface LoadResult {
  /** Latency of every answer in the window, in milliseconds (a new TCP connection included when the server closed the last one). */
  latenciesMs: Float64Array;
  responses: number;
  non2xx: number;
  socketErrors: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  windowMs: number;
  capped: boolean;
}

class Latencies {
  private values = new Float64Array(1 << 14);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** Runs one bounded load; in-flight requests at the end are awaited (so none spill into the next run) but not counted. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const { hostname, port } = new URL(plan.url);
  const encoded = plan.requests.map((r) => encodeRequest(r, `${hostname}:${port}`));
  const latencies = new Latencies();
  const result: Omit<LoadResult, 'latenciesMs' | 'windowMs'> = { responses: 0, non2xx: 0, socketErrors: 0, statuses: {}, errors: {}, capped: false };
  const windowStart = performance.now() + plan.warmupMs;
  let windowEnd = windowStart + plan.durationMs;
  let sent = 0;

  const client = async () => {
    const connection = new Connection(hostname!, Number(port), plan.timeoutMs);
    while (performance.now() < windowEnd) {
      if (sent >= plan.maxRequests) {
        result.capped = true;
        windowEnd = Math.min(windowEnd, performance.now());
        break;
      }
      const bytes = encoded[sent++ % encoded.length]!;
      const startedAt = performance.now();
      try {
        const response = await connection.send(bytes);
        const at = performance.now();
        if (at < windowStart || at > windowEnd) continue;
        latencies.push(at - startedAt);
        result.responses++;
        result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
        if (response.status < 200 || response.status >= 300) result.non2xx++;
      } catch (error) {
        const at = performance.now();
        if (at >= windowStart && at <= windowEnd) {
          const code = error instanceof SocketError ? error.code : String(error);
          result.socketErrors++;
          result.errors[code] = (result.errors[code] ?? 0) + 1;
        }
        await sleep(10); // a refused or reset connection is not retried in a tight loop
      }
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: plan.concurrency }, client));
  return { ...result, latenciesMs: latencies.toArray(), windowMs: windowEnd - windowStart };
}
