/**
 * An open-loop load: requests arrive at a fixed rate whatever the server
 * does, as real users' requests do, so a server that falls behind builds a
 * queue and its tail latency shows it. Latency runs from each request's
 * scheduled arrival to its answer (a late send is the server's queue or the
 * generator's lateness, and counts: no coordinated omission).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, SocketError } from './connection.ts';
import { encodeRequest, type RequestSpec } from './http-wire.ts';
import type { LoadResult } from './load.ts';

/** One request of a mix, named so its answers are also counted on their own. */
export interface LabelledRequest {
  label: string;
  /** Also counted with every request of the same group (say, all migrated routes of a mix). */
  group?: string;
  spec: RequestSpec;
}

export interface OpenLoadPlan {
  url: string;
  /** Sent round-robin in this order (repeat a request to give it a larger share). */
  requests: LabelledRequest[];
  ratePerSecond: number;
  /** Arrivals before the window are sent but not counted. */
  warmupMs: number;
  durationMs: number;
  /** Bound on requests in flight: an arrival beyond it is not sent and counts as a socket error EOVERLOAD. */
  maxInFlight: number;
  /** Per request; also how long answers to the window's arrivals are awaited after it ends (then ETIMEDOUT). */
  timeoutMs: number;
}

/** Arrivals scheduled in the window and what became of them, over all requests and per label. */
export interface OpenLoadResult {
  all: LoadResult;
  byLabel: Record<string, LoadResult>;
  byGroup: Record<string, LoadResult>;
  /** Requests scheduled in the window. */
  arrivals: number;
}

class Tally {
  private values: number[] = [];
  readonly counts: Omit<LoadResult, 'latenciesMs' | 'windowMs'> = { responses: 0, non2xx: 0, socketErrors: 0, statuses: {}, errors: {}, capped: false };

  answer(status: number, latencyMs: number): void {
    this.values.push(latencyMs);
    this.counts.responses++;
    this.counts.statuses[status] = (this.counts.statuses[status] ?? 0) + 1;
    if (status < 200 || status >= 300) this.counts.non2xx++;
  }

  error(code: string): void {
    this.counts.socketErrors++;
    this.counts.errors[code] = (this.counts.errors[code] ?? 0) + 1;
  }

  result(windowMs: number): LoadResult {
    return { ...this.counts, latenciesMs: Float64Array.from(this.values), windowMs };
  }
}

/** Runs one bounded open-loop load; answers to the window's arrivals are awaited at most `timeoutMs` after it. */
export async function runOpenLoad(plan: OpenLoadPlan): Promise<OpenLoadResult> {
  if (!(plan.ratePerSecond > 0)) throw new Error(`open-loop rate must be positive, got ${plan.ratePerSecond}`);
  const { hostname, port } = new URL(plan.url);
  const encoded = plan.requests.map((r) => encodeRequest(r.spec, `${hostname}:${port}`));
  const all = new Tally();
  const byLabel = new Map<string, Tally>(plan.requests.map((r) => [r.label, new Tally()]));
  const byGroup = new Map<string, Tally>(plan.requests.flatMap((r) => (r.group === undefined ? [] : [[r.group, new Tally()] as const])));
  const idle: Connection[] = [];
  const opened: Connection[] = [];
  const pending = new Set<Promise<void>>();
  /** Window arrivals still waiting for their answer. */
  const outstanding = new Set<number>();
  let inFlight = 0;
  let arrivals = 0;
  let finished = false;

  const startedAt = performance.now();
  const windowStart = startedAt + plan.warmupMs;
  const windowEnd = windowStart + plan.durationMs;
  const intervalMs = 1000 / plan.ratePerSecond;

  const record = (n: number, f: (t: Tally) => void) => {
    const request = plan.requests[n % plan.requests.length]!;
    f(all);
    f(byLabel.get(request.label)!);
    if (request.group !== undefined) f(byGroup.get(request.group)!);
  };

  const fire = (n: number, due: number) => {
    const counted = due >= windowStart;
    if (counted) arrivals++;
    if (inFlight >= plan.maxInFlight) {
      if (counted) record(n, (t) => t.error('EOVERLOAD'));
      return;
    }
    inFlight++;
    let connection = idle.pop();
    if (!connection) {
      connection = new Connection(hostname!, Number(port), plan.timeoutMs);
      opened.push(connection);
    }
    const used = connection;
    if (counted) outstanding.add(n);
    const sent = used.send(encoded[n % encoded.length]!).then(
      (response) => {
        if (!finished && counted) record(n, (t) => t.answer(response.status, performance.now() - due));
      },
      (error: unknown) => {
        if (!finished && counted) record(n, (t) => t.error(error instanceof SocketError ? error.code : String(error)));
      },
    );
    const settled = sent.finally(() => {
      outstanding.delete(n);
      inFlight--;
      idle.push(used);
      pending.delete(settled);
    });
    pending.add(settled);
  };

  // Sends every arrival that is due, then sleeps until the next one.
  for (let n = 0; ; ) {
    const due = startedAt + n * intervalMs;
    if (due >= windowEnd) break;
    const now = performance.now();
    if (due > now) {
      await sleep(Math.min(due - now, 50));
      continue;
    }
    fire(n++, due);
  }

  const drained = Promise.all(pending).then(() => true);
  const inTime = await Promise.race([drained, sleep(plan.timeoutMs).then(() => false)]);
  finished = true;
  // A window arrival still unanswered counts as timed out.
  if (!inTime) for (const n of outstanding) record(n, (t) => t.error('ETIMEDOUT'));
  for (const connection of opened) connection.close();
  return {
    all: all.result(plan.durationMs),
    byLabel: Object.fromEntries([...byLabel].map(([label, tally]) => [label, tally.result(plan.durationMs)])),
    byGroup: Object.fromEntries([...byGroup].map(([group, tally]) => [group, tally.result(plan.durationMs)])),
    arrivals,
  };
}
