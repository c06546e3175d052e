/**
 * The live order status scenario: one order-stream instance holding `streams` concurrent event
 * streams (one order each, alice's), and the time from a status change's commit to its client.
 * Paced: status changes committed at `rate` per second, one per order; burst: one more per order
 * from eight writers as fast as they commit. Also what the instance holds meanwhile: memory,
 * database connections (one LISTEN connection and the pool, whatever the streams), CPU.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openSql, type Sql } from '../../shared/db.ts';
import { recordOrderStatus, type OrderStatusEvent } from '../../shared/events/order-status.ts';
import { ALICE } from './credentials.ts';
import type { BenchEnvironment } from './environment.ts';
import { cpuMs, machineCpuMs, peakRssKiB, resetPeakRss } from './proc.ts';
import type { Server } from './servers.ts';
import { openTimedStream, type TimedStream } from './sse-client.ts';
import { summarize, type LatencySummary } from './stats.ts';

export interface SseOptions {
  streams: number;
  /** Paced status changes per second. */
  rate: number;
  /** How long the streams are held idle first (heartbeats, memory, connections). */
  holdMs: number;
}

export interface SsePhase {
  events: number;
  received: number;
  /** Commit to client, ms. */
  latency: LatencySummary;
  /** Wall time from the first commit to the last arrival. */
  spanMs: number;
  /** CPU the instance used over the phase, and the whole machine's busy share (other helpers included). */
  instanceCpuMs: number;
  machineBusy: number;
}

export interface SseResult {
  streams: number;
  held: number;
  openMs: number;
  heartbeatsPerStream: number;
  rssIdleMiB: number;
  rssHeldMiB: number;
  perStreamKiB: number;
  dbConnections: number;
  listenConnections: number;
  paced: SsePhase;
  burst: SsePhase;
}

/** Inserts `count` orders for alice on her first site; returns their ids. */
async function aliceOrders(sql: Sql, count: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    insert into orders_order (customer_id, site_id, product, quantity, window_start, window_end, status, created_at, updated_at)
    select ${ALICE.id}, (select min(id) from sites_site where customer_id = ${ALICE.id}), 'diesel', 100, now(), now() + interval '4 hours', 'pending', now(), now()
    from generate_series(1, ${count}) returning id`;
  return rows.map((r) => r.id);
}

/** Commits one `event` per order from `writers` connections at `rate` per second (Infinity: as fast as they go). */
async function commitEach(sql: Sql, orders: number[], event: OrderStatusEvent, rate: number, writers: number): Promise<Map<number, number>> {
  const committed = new Map<number, number>();
  const start = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < orders.length) {
      const i = next++;
      const due = start + (i * 1000) / rate;
      if (Number.isFinite(rate) && due > performance.now()) await sleep(due - performance.now());
      let sentAt = 0;
      await sql.begin(async (tx) => {
        await recordOrderStatus(tx as unknown as Sql, { orderId: orders[i]!, event, status: 'confirmed' });
        sentAt = performance.now(); // COMMIT goes out as this callback returns
      });
      committed.set(orders[i]!, sentAt);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return committed;
}

async function phase(sql: Sql, server: Server, orders: number[], streams: TimedStream[], event: OrderStatusEvent, rate: number): Promise<SsePhase> {
  const cpu = cpuMs(server.pid);
  const machine = machineCpuMs();
  const committed = await commitEach(sql, orders, event, rate, 8);
  const deadline = performance.now() + 30_000;
  while (streams.some((s) => !s.arrivals.has(event)) && performance.now() < deadline) await sleep(50);
  const latencies = streams.flatMap((s, i) => (s.arrivals.has(event) ? [s.arrivals.get(event)! - committed.get(orders[i]!)!] : []));
  const machineAfter = machineCpuMs();
  const first = Math.min(...committed.values());
  const last = Math.max(...streams.map((s) => s.arrivals.get(event) ?? 0));
  return {
    events: orders.length,
    received: latencies.length,
    latency: summarize(Float64Array.from(latencies)),
    spanMs: last - first,
    instanceCpuMs: cpuMs(server.pid) - cpu,
    machineBusy: (machineAfter.busy - machine.busy) / (machineAfter.total - machine.total),
  };
}

/** Runs the scenario against a started order-stream instance. */
export async function runSse(env: BenchEnvironment, server: Server, options: SseOptions, step: (label: string) => void): Promise<SseResult> {
  const sql = openSql(env.databaseUrl, { max: 10 });
  const streams: TimedStream[] = [];
  try {
    const orders = await aliceOrders(sql, options.streams);
    resetPeakRss(server.pid);
    const rssIdle = peakRssKiB(server.pid);
    step(`opening ${options.streams} streams`);
    const opening = performance.now();
    for (let i = 0; i < orders.length; i += 100) {
      const batch = orders.slice(i, i + 100).map((id) => openTimedStream(server.url, `/api/orders/${id}/events/`, { Authorization: `Token ${ALICE.token}` }));
      streams.push(...batch);
      await Promise.all(batch.map((s) => s.opened));
    }
    const openMs = performance.now() - opening;
    step(`holding them ${options.holdMs / 1000} s`);
    await sleep(options.holdMs);
    const [connections] = await sql<{ all: number; listening: number }[]>`
      select count(*)::int as all, count(*) filter (where query ilike 'listen %')::int as listening
      from pg_stat_activity where application_name = 'order-stream'`;
    const rssHeld = peakRssKiB(server.pid);
    step(`paced: ${options.streams} status changes at ${options.rate}/s`);
    const paced = await phase(sql, server, orders, streams, 'paid', options.rate);
    step(`burst: ${options.streams} status changes at once`);
    const burst = await phase(sql, server, orders, streams, 'dispatched', Infinity);
    return {
      streams: options.streams,
      held: streams.filter((s) => !s.ended).length,
      openMs,
      heartbeatsPerStream: streams.reduce((n, s) => n + s.heartbeats, 0) / streams.length,
      rssIdleMiB: rssIdle / 1024,
      rssHeldMiB: rssHeld / 1024,
      perStreamKiB: (rssHeld - rssIdle) / options.streams,
      dbConnections: connections!.all,
      listenConnections: connections!.listening,
      paced,
      burst,
    };
  } finally {
    for (const s of streams) s.close();
    await sql.end({ timeout: 1 });
  }
}
