import { connect } from '../shared/db.ts';
import type { RelayConfig } from './config.ts';
import { consumeObservations } from './observations/consumer.ts';
import { observedRoutes } from './observations/routes.ts';
import { createRelay, type Relay } from './relay.ts';
import { startPruning } from './retention.ts';

/** A running relay with its own pool and sink, pruning expired rows beside it (retention.ts). */
export interface RunningRelay {
  relay: Relay;
  /**
   * Finishes the batch in hand, then closes the sink and the pool: 'drained'.
   * A batch still out after `timeoutMs` is released instead: its connection is
   * closed, so PostgreSQL rolls its claim back and the rows are pending again
   * for the next relay ('released'; the process should exit then). What of it
   * was already delivered goes out again, and the consumer dedupes on the event id.
   */
  stop(timeoutMs?: number): Promise<'drained' | 'released'>;
}

/** Starts the relay loop from its configuration (what the relay's entrypoint and the tests run). */
export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const sql = connect({ url: config.databaseUrl, poolSize: config.poolSize, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
  const sink = config.createSink();
  const relay = createRelay({ sql, sink, batchSize: config.batchSize, pollMs: config.pollMs });
  await relay.start();
  // The always-on relay also feeds the rollout gates from the load balancer's request logs (README "Observations in production").
  const observations = config.observations ? consumeObservations({ sql, routes: observedRoutes(), ...config.observations }) : null;
  const pruner = startPruning(sql, { everyMs: config.pruneEveryMs, batchSize: config.pruneBatchSize });
  return {
    relay,
    async stop(timeoutMs = Number.POSITIVE_INFINITY) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'released'>((resolve) => {
        if (Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve('released'), timeoutMs);
      });
      const outcome = await Promise.race([Promise.all([relay.stop(), pruner.stop(), observations?.stop()]).then(() => 'drained' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'released') {
        // The delivery in flight never settles now: leave the sink to the exit.
        await sql.end({ timeout: 0 });
        return outcome;
      }
      await sink.close();
      await sql.end({ timeout: 5 });
      return outcome;
    },
  };
}
