import { buildRelay } from '../../build.ts';
import type { LocalPushIdentity } from '../../pubsub/push-identity.ts';
import { startEventPath } from '../event-path.ts';
import type { StackPorts } from './ports.ts';
import type { Running } from './shutdown.ts';

/**
 * What the monolith's order signal did, the async way (README "Async work"):
 * the relay, built and started, delivering to order-events. Returns the
 * summary's line, or null when the manifest has no order-events.
 */
export async function startEvents(
  options: { databaseUrl: string; orderEventsUrl: string | undefined; pushIdentity: LocalPushIdentity },
  ports: StackPorts,
  running: Running,
): Promise<string | null> {
  if (!options.orderEventsUrl) return null;
  const relay = await buildRelay();
  const path = await startEventPath({
    databaseUrl: options.databaseUrl,
    consumerUrl: `${options.orderEventsUrl}/`,
    pubsubPort: Number(process.env.PUBSUB_PORT ?? 8681),
    relayPort: await ports.next('relay health'),
    identity: options.pushIdentity,
  });
  running.add(path.relay);
  console.log(`built relay (${(relay.bytes / 1024).toFixed(1)} KiB)`);
  return path.summary;
}
