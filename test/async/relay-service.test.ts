/**
 * The outbox relay as it is deployed: its built bundle (dist/relay, `node
 * main.js`, started as npm start and its container start it), on the real
 * database, the Pub/Sub emulator, the order-events function and the dispatch
 * stand-in. Orders come in through the local load balancer; SIGTERM (what
 * Cloud Run sends before stopping an instance) lands in the middle of a batch.
 */
import { PubSub } from '@google-cloud/pubsub';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_EVENTS_TOPIC, type OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pubsub/emulator.ts';
import { createPushTopology } from '../../tools/pubsub/topology.ts';
import { startRelayService } from '../../tools/stack/functions.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { loadBalancerFor } from '../support/load-balancer.ts';
import {
  deliveriesOf,
  dispatchCalls,
  expectAppliedOnce,
  orderAudit,
  placeOrders,
  seededSites,
  startAsyncWorld,
  waitFor,
  waitForDispatches,
  type AsyncWorld,
  type SeededSite,
} from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ALICE_TOKEN = SEED_TOKENS.alice;

let ctx: AsyncWorld;
let sites: SeededSite[];
let loadBalancer: { server: Server; url: string };
let emulator: PubSubEmulator;
const relays: Service[] = [];

beforeAll(async () => {
  ctx = await startAsyncWorld(['orders']);
  sites = await seededSites(ctx.db);
  loadBalancer = await loadBalancerFor(ctx.world);
  emulator = await startPubSubEmulator({ port: await freePort() });
  const pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: await ctx.startPushSigner() });
  await pubsub.close();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  ctx.dispatch.latencyMs = 20;
});
afterAll(async () => {
  loadBalancer?.server.close();
  await emulator?.stop();
  await ctx?.stop();
});

/** Starts the relay from its bundle with `env` (relay/config.ts) and quick polling. */
async function relayBundle(env: Record<string, string>): Promise<Service> {
  const relay = await startRelayService(
    { DATABASE_URL: ctx.world.databaseUrl, RELAY_POLL_MS: '100', RELAY_MIN_BACKOFF_MS: '100', RELAY_MAX_BACKOFF_MS: '400', ...env },
    { port: await freePort() },
  );
  relays.push(relay);
  return relay;
}

/** Sends SIGTERM, as Cloud Run does, and waits (bounded) for the process to end; returns its exit code. */
async function terminate(relay: Service): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => relay.child.once('exit', (code) => resolve(code)));
  relay.child.kill('SIGTERM');
  await waitFor('the relay to exit after SIGTERM', () => relay.child.exitCode !== null || relay.child.signalCode !== null, 30_000);
  return exited;
}

/** The outbox rows of these events: published or not, failed attempts. */
function outboxRows(events: OrderCreatedEvent[]) {
  return ctx.db<{ event_id: string; published: boolean; attempts: number; last_error: string | null }[]>`
    select event_id, published_at is not null as published, attempts, last_error from canopy.outbox
    where event_id = any(${events.map((e) => e.event_id)}::uuid[]) order by id`;
}

async function placeThroughLoadBalancer(site: { id: number }): Promise<number> {
  const response = await fetch(`${loadBalancer.url}/api/orders/`, {
    method: 'POST',
    headers: { Authorization: `Token ${ALICE_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: site.id, product: 'adblue', quantity: '3.25', window_start: '2026-05-04T07:00:00Z', window_end: '2026-05-04T11:00:00Z' }),
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('x-canopy-backend')).toBe('orders');
  return ((await response.json()) as { id: number }).id;
}

describe('the relay service, run from its bundle', () => {
  it('delivers orders placed through the load balancer to the dispatch partner, through Pub/Sub, each once', async () => {
    const relay = await relayBundle({ PUBSUB_EMULATOR_HOST: emulator.host, PUBSUB_PROJECT_ID: emulator.project });
    const health = await fetch(`${relay.url}/`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ lastBatchMsAgo: expect.any(Number) });

    const [site] = await ctx.db<{ id: number }[]>`
      select s.id from sites_site s join auth_user u on u.id = s.customer_id where u.username = 'alice' order by s.id limit 1`;
    const orderIds: number[] = [];
    for (let i = 0; i < 10; i++) orderIds.push(await placeThroughLoadBalancer(site!));
    await waitFor('a dispatch call for every order', () => orderIds.every((id) => dispatchCalls(ctx.dispatch, id).length > 0));
    const events = await ctx.db<OrderCreatedEvent[]>`
      select (payload::jsonb->>'order_id')::int as order_id, event_id from canopy.outbox
      where (payload::jsonb->>'order_id')::int = any(${orderIds}::int[])`;
    expect(events.map((e) => e.order_id).sort()).toEqual([...orderIds].sort());
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    for (const id of orderIds) expect((await orderAudit(ctx.db, id)).map((row) => row.action)).toEqual(['order.created']);
    await waitFor('every row marked published', async () => (await outboxRows(events)).every((row) => row.published));
  });

  it('SIGTERM mid-batch: finishes the batch in hand and exits; a new relay delivers the rest, nothing twice', async () => {
    // Pushed straight to order-events, each delivery waits for the partner: a batch takes a while.
    ctx.dispatch.latencyMs = 300;
    const events = await placeOrders(ctx.db, sites, 40);
    const relay = await relayBundle({ ...ctx.relayPushEnv, RELAY_BATCH_SIZE: '10' });
    const ids = events.map((e) => e.event_id);
    // Mid-batch: the consumer has an event whose row the relay has not marked yet.
    await waitFor('a batch out', async () => {
      const rows = await ctx.db`
        select 1 from canopy.outbox o join canopy.event_deliveries d using (event_id)
        where o.event_id = any(${ids}::uuid[]) and o.published_at is null`;
      return rows.length > 0;
    });
    expect(await terminate(relay)).toBe(0);
    expect(relay.output()).toContain('"batch":"finished"');

    // Every event the stopped relay delivered was marked in the batch it finished; the rest wait.
    const delivered = await deliveriesOf(ctx.db, ids);
    const rows = await outboxRows(events);
    expect(rows.filter((row) => delivered.has(row.event_id) !== row.published)).toEqual([]);
    expect(rows.some((row) => !row.published), 'the relay finished all 40 before SIGTERM: nothing was mid-batch').toBe(true);

    await relayBundle({ ...ctx.relayPushEnv, RELAY_BATCH_SIZE: '10' });
    await waitForDispatches(ctx, events, 60_000);
    await waitFor('every row marked published', async () => (await outboxRows(events)).every((row) => row.published));
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    // Not even delivered twice: the finished batch was committed before the exit.
    expect([...(await deliveriesOf(ctx.db, ids)).values()]).toEqual(ids.map(() => 1));
  });

  it('SIGTERM with a batch that cannot finish in time: releases it uncommitted and exits; it is delivered once later', async () => {
    // A push endpoint that takes the requests and never answers: the batch hangs.
    const held: IncomingMessage[] = [];
    const blackHole = createServer((req) => void held.push(req));
    const port = await freePort();
    await new Promise<void>((resolve) => blackHole.listen(port, '127.0.0.1', resolve));
    try {
      const events = await placeOrders(ctx.db, sites, 5);
      const relay = await relayBundle({
        ...ctx.relayPushEnv,
        RELAY_PUSH_URL: `http://127.0.0.1:${port}/`,
        RELAY_PUSH_TIMEOUT_MS: '600000',
        RELAY_STOP_TIMEOUT_MS: '1000',
        RELAY_HEALTH_STALE_MS: '1000',
      });
      await waitFor('the batch out', () => held.length === events.length);
      // The liveness probe sees a loop that no longer turns.
      await waitFor('health to answer 503', async () => (await fetch(`${relay.url}/`)).status === 503);

      expect(await terminate(relay)).toBe(0);
      expect(relay.output()).toContain('"batch":"released: its rows are pending again"');
      // Released as claimed: no attempt counted, no error, nothing published.
      expect((await outboxRows(events)).map(({ published, attempts, last_error }) => ({ published, attempts, last_error }))).toEqual(
        events.map(() => ({ published: false, attempts: 0, last_error: null })),
      );

      await relayBundle(ctx.relayPushEnv);
      await waitForDispatches(ctx, events);
      await waitFor('every row marked published', async () => (await outboxRows(events)).every((row) => row.published));
      expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    } finally {
      for (const req of held) req.socket.destroy();
      blackHole.close();
    }
  });
});
