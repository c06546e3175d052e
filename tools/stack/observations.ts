import type postgres from 'postgres';
import type { Observation } from './load-balancer.ts';

/**
 * Buffers what the load balancer relayed and writes it to
 * canopy.route_observations once a second, for the rollout gates (in
 * production the same figures come from the load balancer's request logs).
 */
export function observationSink(sql: postgres.Sql, intervalMs = 1000): { observe(o: Observation): void; stop(): Promise<void> } {
  let buffer: Observation[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    await sql`insert into canopy.route_observations ${sql(batch.map((o) => ({ route_id: o.route, backend: o.backend, status: o.status, latency_ms: o.latencyMs })))}`.catch(() => {});
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    observe: (o) => void buffer.push(o),
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
