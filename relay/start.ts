import { connect } from '../shared/db.ts';
import type { RelayConfig } from './config.ts';
import { createRelay, type Relay } from './relay.ts';

/** A running relay with its own pool and sink. */
export interface RunningRelay {
  relay: Relay;
  /** Finishes the batch in hand, then closes the sink and the pool. */
  stop(): Promise<void>;
}

/** Starts the relay loop from its configuration (what `npm run relay`, the local stack and tests run). */
export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const sql = connect({ url: config.databaseUrl, poolSize: 2, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
  const sink = config.createSink();
  const relay = createRelay({ sql, sink, batchSize: config.batchSize, pollMs: config.pollMs });
  await relay.start();
  return {
    relay,
    async stop() {
      await relay.stop();
      await sink.close();
      await sql.end({ timeout: 5 });
    },
  };
}
