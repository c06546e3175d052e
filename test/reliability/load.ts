import { Agent, request } from 'node:http';

export interface Outcome {
  status: number | null;
  error: string | null;
  contentType?: string;
  latencyMs: number;
  body: string;
  startedAt: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  concurrency: number;
  /** Stops sending after this long (every run is bounded in time)... */
  durationMs: number;
  /** ...or after this many requests, whichever comes first. */
  maxRequests?: number;
  /** Pause between one worker's requests, to hold a steady rate. */
  pauseMs?: number;
  /** Per-request timeout: a hang is an error, never a stuck test. */
  timeoutMs?: number;
  /** What changes from one request to the next (a fresh signature, the next message). */
  next?: () => { headers?: Record<string, string>; body?: string | Buffer };
}

/** One request over a keep-alive agent, never rejecting: errors are outcomes. */
export function hit(agent: Agent, options: Omit<LoadOptions, 'concurrency' | 'durationMs'>): Promise<Outcome> {
  const target = new URL(options.path, options.url);
  const startedAt = Date.now();
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number | null, error: string | null, body = '', contentType?: string) =>
      resolve({ status, error, body, contentType, startedAt, latencyMs: performance.now() - started });
    const req = request(target, { method: options.method ?? 'GET', headers: options.headers, agent, timeout: options.timeoutMs ?? 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(res.statusCode ?? null, null, Buffer.concat(chunks).toString('utf8'), res.headers['content-type']));
      res.on('error', (e) => done(null, e.message));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done(null, (e as NodeJS.ErrnoException).code ?? e.message));
    req.end(options.body);
  });
}

/** Closed-loop load on loopback: `concurrency` workers, bounded in time and count. */
export async function runLoad(options: LoadOptions): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: Outcome[] = [];
  const stopAt = Date.now() + options.durationMs;
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (Date.now() < stopAt && outcomes.length < limit) {
      const changes = options.next?.() ?? {};
      outcomes.push(await hit(agent, { ...options, ...changes, headers: { ...options.headers, ...changes.headers } }));
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  return outcomes;
}

/** A summary line for the suite's output: what was tried and what was seen. */
export function summarize(label: string, outcomes: Outcome[]): string {
  const byStatus = new Map<string, number>();
  for (const o of outcomes) byStatus.set(o.error ?? String(o.status), (byStatus.get(o.error ?? String(o.status)) ?? 0) + 1);
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1) ?? '-';
  return `${label}: ${outcomes.length} requests, ${[...byStatus].map(([k, v]) => `${k}×${v}`).join(' ')}, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`;
}

/**
 * Holds an exclusive lock on a table from another connection, so every query
 * touching it waits (requests stay in flight, pools fill); resolves to the
 * function that releases it.
 */
export async function lockTable(sql: import('postgres').Sql, table: string): Promise<() => void> {
  let release!: () => void;
  await new Promise<void>((locked) => {
    void sql.begin(async (tx) => {
      await tx.unsafe(`lock table ${table} in access exclusive mode`);
      locked();
      await new Promise<void>((r) => (release = r));
    });
  });
  return release;
}
