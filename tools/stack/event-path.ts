import { PubSub } from '@google-cloud/pubsub';
import { ORDER_EVENTS_TOPIC } from '../../shared/events/order-created.ts';
import { emulatorMissing, startPubSubEmulator } from '../pubsub/emulator.ts';
import type { LocalPushIdentity } from '../pubsub/push-identity.ts';
import { startPushSigner } from '../pubsub/push-signer.ts';
import { createPushTopology } from '../pubsub/topology.ts';
import { startRelayService } from './functions.ts';
import { isPortFree } from './ports.ts';
import type { Service } from './processes.ts';

/** The local async path: the relay's process, and a line for the stack's summary. */
export interface EventPath {
  relay: Service;
  summary: string;
}

/**
 * The local stack's async path, with the relay run from its built bundle as
 * its container runs it: with the Pub/Sub emulator installed, the emulator
 * (the production topology, pushing to order-events) and the relay publishing
 * to it; without it, the relay pushing the same envelopes straight to
 * order-events. Every push carries a token signed with the stack's test key
 * (`identity`), which order-events is configured to trust: the relay signs
 * its own; the emulator's, which it cannot sign, go through the push signer.
 * The emulator (its Java server included) and the signer end with the stack's
 * process; the relay is the caller's to stop.
 */
export async function startEventPath(options: { databaseUrl: string; consumerUrl: string; pubsubPort: number; relayPort: number; identity: LocalPushIdentity }): Promise<EventPath> {
  const missing = emulatorMissing();
  if (missing) {
    const relay = await startRelayService({ DATABASE_URL: options.databaseUrl, RELAY_PUSH_URL: options.consumerUrl, ...options.identity.relayEnv }, { port: options.relayPort });
    return { relay, summary: `relay (${relay.url}) -> ${options.consumerUrl} over HTTP, signed pushes (no Pub/Sub emulator: ${missing})` };
  }
  if (!(await isPortFree(options.pubsubPort))) {
    throw new Error(`port ${options.pubsubPort} (Pub/Sub emulator) is in use: stop what listens there or set PUBSUB_PORT`);
  }
  const emulator = await startPubSubEmulator({ port: options.pubsubPort });
  const pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  const signer = await startPushSigner(options.identity, options.consumerUrl);
  const names = await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: signer.url });
  await pubsub.close();
  const relay = await startRelayService(
    { DATABASE_URL: options.databaseUrl, PUBSUB_EMULATOR_HOST: emulator.host, PUBSUB_PROJECT_ID: emulator.project },
    { port: options.relayPort },
  );
  return {
    relay,
    summary: `relay (${relay.url}) -> Pub/Sub emulator ${emulator.host} (${names.topic}, dead letters on ${names.deadLetterSubscription}) -> push signer ${signer.url} -> ${options.consumerUrl}`,
  };
}
