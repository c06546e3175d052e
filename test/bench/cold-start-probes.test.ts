/**
 * The bench's cold-start probes are answered as the bench waits for them
 * (its okStatus, else 200) by the functions they probe, on the seeded data:
 * a probe that no longer fits would turn a cold start into a 30 s give-up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestOnce } from '../../tools/bench/connection.ts';
import { ALICE } from '../../tools/bench/credentials.ts';
import { COLD_START_PROBES } from '../../tools/bench/scenarios.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { startWorld, type World } from '../support/world.ts';

const PROBED = ['payments-webhook', 'order-events', 'order-stream'];
let world: World;
let push: LocalPushIdentity;

beforeAll(async () => {
  push = await startLocalPushIdentity();
  world = await startWorld(PROBED, { 'order-events': { DISPATCH_URL: 'http://127.0.0.1:9/dispatch', ...push.consumerEnv } });
});
afterAll(async () => {
  await world?.stop();
  await push?.close();
});

it.each(PROBED)('%s answers its cold-start probe', async (name) => {
  const credentials = { token: ALICE.token, sessionCookie: '', csrfToken: '', pushToken: await push.token() };
  for (let i = 0; i < 2; i++) {
    const probe = COLD_START_PROBES.functions[name]!(credentials);
    const response = await requestOnce(world.functions[name]!.url, probe, 10_000);
    expect(response.status, response.body.toString()).toBe(probe.okStatus ?? 200);
  }
});
