import { PubSub } from '@google-cloud/pubsub';
import { ORDER_EVENTS_TOPIC } from '../../shared/events/order-created.ts';
import { emulatorMissing, startPubSubEmulator } from '../pubsub/emulator.ts';
import { createPushTopology } from '../pubsub/topology.ts';
import { isPortFree } from './ports.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay } from '../../relay/start.ts';

/**
 * The local stack's async path, in-process: with the Pub/Sub emulator
 * installed, the emulator (the production topology, pushing to order-events)
 * and the relay publishing to it; without it, the relay pushing the same
 * envelopes straight to order-events. Both end with the stack's process (the
 * emulator's Java server included). Returns what runs, for the stack's summary.
 */
export async function startEventPath(options: { databaseUrl: string; consumerUrl: string; pubsubPort: number }): Promise<string> {
  const missing = emulatorMissing();
  if (missing) {
    await startRelay(loadRelayConfig({ DATABASE_URL: options.databaseUrl, RELAY_PUSH_URL: options.consumerUrl }));
    return `relay -> ${options.consumerUrl} over HTTP (no Pub/Sub emulator: ${missing})`;
  }
  if (!(await isPortFree(options.pubsubPort))) {
    throw new Error(`port ${options.pubsubPort} (Pub/Sub emulator) is in use: stop what listens there or set PUBSUB_PORT`);
  }
  const emulator = await startPubSubEmulator({ port: options.pubsubPort });
  const pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  const names = await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: options.consumerUrl });
  await pubsub.close();
  await startRelay(loadRelayConfig({ DATABASE_URL: options.databaseUrl, PUBSUB_EMULATOR_HOST: emulator.host, PUBSUB_PROJECT_ID: emulator.project }));
  return `relay -> Pub/Sub emulator ${emulator.host} (${names.topic}, dead letters on ${names.deadLetterSubscription}) -> ${options.consumerUrl}`;
}
