/**
 * `npm run pubsub -- start --push-endpoint <order-events URL> [--port 8681]`:
 * the Pub/Sub emulator with the order-events topology (topology.ts), its
 * pushes signed with a test key on the way (push-signer.ts), until Ctrl-C;
 * it prints what order-events must be started with to trust that key. `npm run pubsub -- redrive`: moves order-events dead letters back
 * to the topic (the emulator's with PUBSUB_EMULATOR_HOST, else Pub/Sub in
 * GOOGLE_CLOUD_PROJECT), once the reason they failed is fixed.
 */
import { PubSub } from '@google-cloud/pubsub';
import { parseArgs } from 'node:util';
import { ORDER_EVENTS_TOPIC } from '../../shared/events/order-created.ts';
import { redrive } from './dead-letters.ts';
import { EMULATOR_PROJECT, startPubSubEmulator } from './emulator.ts';
import { startLocalPushIdentity } from './push-identity.ts';
import { startPushSigner } from './push-signer.ts';
import { createPushTopology, pushTopologyNames } from './topology.ts';

async function start(port: number, pushEndpoint: string | undefined): Promise<void> {
  if (!pushEndpoint) throw new Error('--push-endpoint is required: the order-events function\'s URL, e.g. http://127.0.0.1:8083/');
  const emulator = await startPubSubEmulator({ port });
  const pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  const identity = await startLocalPushIdentity();
  const signer = await startPushSigner(identity, pushEndpoint);
  const names = await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: signer.url });
  console.log(`Pub/Sub emulator on ${emulator.host}: topic ${names.topic} pushed to ${pushEndpoint} (signed by ${signer.url}), dead letters on ${names.deadLetterSubscription}`);
  console.log(`export PUBSUB_EMULATOR_HOST=${emulator.host} PUBSUB_PROJECT_ID=${emulator.project}`);
  console.log(`order-events must run with: ${Object.entries(identity.consumerEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log('Ctrl-C stops it.');
  const stop = async () => {
    await pubsub.close();
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function redriveDeadLetters(): Promise<void> {
  const projectId = process.env.PUBSUB_PROJECT_ID ?? process.env.GOOGLE_CLOUD_PROJECT ?? (process.env.PUBSUB_EMULATOR_HOST ? EMULATOR_PROJECT : undefined);
  if (!projectId) throw new Error('set PUBSUB_EMULATOR_HOST (the emulator) or GOOGLE_CLOUD_PROJECT (Pub/Sub)');
  const pubsub = new PubSub({ projectId });
  const moved = await redrive(pubsub, pushTopologyNames(ORDER_EVENTS_TOPIC));
  await pubsub.close();
  console.log(`redriven: ${moved} dead letter(s) published to ${ORDER_EVENTS_TOPIC} again`);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: process.env.PUBSUB_PORT ?? '8681' }, 'push-endpoint': { type: 'string' } },
});
const command = positionals[0];
const run =
  command === 'start' ? start(Number(values.port), values['push-endpoint'])
  : command === 'redrive' ? redriveDeadLetters()
  : Promise.reject(new Error(`usage: npm run pubsub -- start --push-endpoint <url> [--port <port>] | redrive`));
run.catch((error: Error) => {
  console.error(`canopy pubsub: ${error.message}`);
  process.exit(1);
});
