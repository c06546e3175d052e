/**
 * The outbox relay's entrypoint: what its container runs (`node main.js` in
 * dist/relay, built by `npm run build`), and `npm start` runs it the same way.
 * Production runs one always-on Cloud Run instance (infra/modules/relay-service;
 * README "Async work"). Configured by the environment (config.ts): Pub/Sub,
 * the emulator, or straight HTTP pushes to order-events. Serves its health on
 * PORT for Cloud Run's probes.
 *
 * SIGTERM (Cloud Run's, 10 s before SIGKILL) finishes the batch in hand and
 * exits; a batch that cannot finish within RELAY_STOP_TIMEOUT_MS is released
 * uncommitted, so nothing is lost either way and nothing is applied twice.
 */
import { log } from '../shared/log.ts';
import { loadRelayConfig } from './config.ts';
import { serveHealth } from './health.ts';
import { startRelay } from './start.ts';

try {
  const config = loadRelayConfig();
  const running = await startRelay(config);
  const health = config.port === null ? null : await serveHealth(config.port, running.relay, config.staleMs);
  log.info(`relay started: ${config.target}`, { batch_size: config.batchSize, poll_ms: config.pollMs, health_port: config.port });
  const stop = async (signal: string) => {
    const batch = await running.stop(config.stopTimeoutMs);
    health?.close();
    log.info(`relay stopped on ${signal}`, { batch: batch === 'drained' ? 'finished' : 'released: its rows are pending again' });
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  // An operator mistake (configuration, an unreachable database, a taken port): one line, no stack trace.
  console.error(`canopy relay: ${(error as Error).message}`);
  process.exit(1);
}
