/**
 * `npm run relay`: the outbox relay as its own process (production runs it
 * as one always-on Cloud Run instance; see README "Async work"). Configured
 * by the environment (config.ts): Pub/Sub, the emulator, or straight HTTP
 * pushes to order-events. SIGTERM finishes the batch in hand, then exits.
 * `npm run relay -- redrive` puts events the HTTP fallback dead-lettered back in line.
 */
import { connect } from '../shared/db.ts';
import { log } from '../shared/log.ts';
import { loadRelayConfig } from './config.ts';
import { serveHealth } from './health.ts';
import { redriveDeadLetters } from './outbox.ts';
import { startRelay } from './start.ts';

async function main(command: string | undefined): Promise<void> {
  const config = loadRelayConfig();
  if (command === 'redrive') {
    const sql = connect({ url: config.databaseUrl, poolSize: 1, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
    console.log(`redriven: ${await redriveDeadLetters(sql)} dead-lettered event(s) are pending again`);
    return sql.end();
  }
  if (command !== undefined) throw new Error(`unknown command "${command}": run it without one, or with redrive`);
  const running = await startRelay(config);
  const health = config.port === null ? null : await serveHealth(config.port, running.relay, Math.max(30_000, config.pollMs * 10));
  log.info(`relay started: ${config.target}`, { batch_size: config.batchSize, poll_ms: config.pollMs });
  const stop = async () => {
    await running.stop();
    health?.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv[2]).catch((error: Error) => {
  console.error(`canopy relay: ${error.message}`);
  process.exit(1);
});
