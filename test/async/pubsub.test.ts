/**
 * The whole async path on the real Pub/Sub emulator: outbox -> relay ->
 * topic -> push subscription -> order-events, with the dead-letter topic,
 * and what happens when the relay, the emulator or the consumer dies.
 */
import { PubSub } from '@google-cloud/pubsub';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_EVENTS_TOPIC, type OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { discardDeadLetters, inspectDeadLetters, redrive, type DeadLetter } from '../../tools/pubsub/dead-letters.ts';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pubsub/emulator.ts';
import { createPushTopology, type PushTopology } from '../../tools/pubsub/topology.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { startProcess } from '../../tools/stack/processes.ts';
import {
  deliveriesOf,
  dispatchCalls,
  expectAppliedOnce,
  orderAudit,
  placeOrder,
  placeOrders,
  seededSites,
  startAsyncWorld,
  waitFor,
  waitForDispatches,
  type AsyncWorld,
  type AuditRow,
  type SeededSite,
} from './support.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALICE_TOKEN = SEED_TOKENS.alice;

let ctx: AsyncWorld;
let sites: SeededSite[];
let port: number;
let emulator: PubSubEmulator;
let pubsub: PubSub;
let names: PushTopology;
/** Where the emulator pushes: the signer in front of order-events (the emulator sends no OIDC token). */
let signerUrl: string | undefined;
const relays: RunningRelay[] = [];

/** The emulator with the production topology, pushing to the consumer. */
async function startPubSub(): Promise<void> {
  emulator = await startPubSubEmulator({ port });
  pubsub = new PubSub({ projectId: emulator.project, apiEndpoint: emulator.host });
  names = await createPushTopology(pubsub, { topic: ORDER_EVENTS_TOPIC, pushEndpoint: (signerUrl ??= await ctx.startPushSigner()) });
}

async function stopPubSub(): Promise<void> {
  await pubsub.close();
  await emulator.stop();
}

function relayEnv(): Record<string, string> {
  return {
    DATABASE_URL: ctx.world.databaseUrl,
    PUBSUB_EMULATOR_HOST: emulator.host,
    PUBSUB_PROJECT_ID: emulator.project,
    RELAY_MIN_BACKOFF_MS: '200',
    RELAY_MAX_BACKOFF_MS: '1000',
    RELAY_PUBLISH_TIMEOUT_MS: '1000',
    RELAY_POLL_MS: '100',
    RELAY_BATCH_SIZE: '10',
  };
}

async function relay(): Promise<RunningRelay> {
  const running = await startRelay(loadRelayConfig(relayEnv()));
  relays.push(running);
  return running;
}

/** Waits until the event's message is on the dead-letter subscription, and leaves it there. */
async function waitForDeadLetter(event: OrderCreatedEvent, timeoutMs = 30_000): Promise<DeadLetter> {
  let letter: DeadLetter | undefined;
  await waitFor(`event ${event.event_id} on the dead-letter topic`, async () => {
    letter = (await inspectDeadLetters(pubsub, names.deadLetterSubscription)).find((l) => l.attributes.event_id === event.event_id);
    return letter !== undefined;
  }, timeoutMs);
  return letter!;
}

function unpublished(events: OrderCreatedEvent[]) {
  return ctx.db<{ event_id: string; attempts: number; last_error: string | null }[]>`
    select event_id, attempts, last_error from canopy.outbox
    where event_id = any(${events.map((e) => e.event_id)}::uuid[]) and published_at is null`;
}

beforeAll(async () => {
  ctx = await startAsyncWorld(['orders']);
  ctx.dispatch.latencyMs = 5;
  sites = await seededSites(ctx.db);
  port = await freePort();
  await startPubSub();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  ctx.dispatch.status = 200;
});
afterAll(async () => {
  await stopPubSub();
  await ctx?.stop();
});

describe('order events through Pub/Sub (emulator)', () => {
  it('delivers every event: each order audited and dispatched once', async () => {
    await relay();
    const events = await placeOrders(ctx.db, sites, 25);
    await waitForDispatches(ctx, events);
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    expect(await unpublished(events)).toEqual([]);
  });

  it('an order placed through the orders function gets the audit entry and dispatch call the monolith\'s signal makes', async () => {
    await relay();
    const [site] = await ctx.db<{ id: number; postcode: string }[]>`
      select s.id, s.postcode from sites_site s join auth_user u on u.id = s.customer_id where u.username = 'alice' order by s.id limit 1`;
    const place = async (baseUrl: string) => {
      const response = await fetch(`${baseUrl}/api/orders/`, {
        method: 'POST',
        headers: { Authorization: `Token ${ALICE_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ site: site!.id, product: 'petrol', quantity: '7.5', window_start: '2026-04-01T06:00:00.5+02:00', window_end: '2026-04-01T10:00:00Z' }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: number }).id;
    };
    const theirs = await place(ctx.world.monolith.url);
    const ours = await place(ctx.world.functions.orders!.url);
    await waitFor('the dispatch call', () => dispatchCalls(ctx.dispatch, ours).length > 0);

    const withoutId = ({ object_id: _, ...row }: AuditRow) => row;
    expect((await orderAudit(ctx.db, ours)).map(withoutId)).toEqual((await orderAudit(ctx.db, theirs)).map(withoutId));
    expect((await orderAudit(ctx.db, ours)).map((r) => [r.action, r.object_id, r.data])).toEqual([
      ['order.created', String(ours), { product: 'petrol', quantity: '7.50', site_id: site!.id }],
    ]);
    const [theirCall] = dispatchCalls(ctx.dispatch, theirs);
    const [ourCall] = dispatchCalls(ctx.dispatch, ours);
    expect(ourCall!.body).toEqual({ ...(theirCall!.body as object), order_id: ours });
    expect(ourCall!.body).toMatchObject({ postcode: site!.postcode, window_start: '2026-04-01T04:00:00.500000+00:00', window_end: '2026-04-01T10:00:00+00:00' });
  });

  it('an event published twice changes nothing the second time', async () => {
    await relay();
    const event = await placeOrder(ctx.db, sites[0]!);
    await waitForDispatches(ctx, [event]);
    // As after a relay that died between publishing and marking: the row is published again.
    await ctx.db`update canopy.outbox set published_at = null where event_id = ${event.event_id}`;
    await waitFor('the second delivery', async () => (await deliveriesOf(ctx.db, [event.event_id])).get(event.event_id) === 2);
    expect(await expectAppliedOnce(ctx, [event])).toEqual([]);
  });

  it('dead-letters an event for a missing order after 5 deliveries, with no effect', async () => {
    await relay();
    const event = await placeOrder(ctx.db, sites[1]!);
    await ctx.db`delete from orders_order where id = ${event.order_id}`;
    const letter = await waitForDeadLetter(event);
    expect(letter.deliveries).toBe(5);
    expect(JSON.parse(letter.data)).toEqual(event);
    expect((await deliveriesOf(ctx.db, [event.event_id])).get(event.event_id)).toBe(5);
    expect(await orderAudit(ctx.db, event.order_id)).toEqual([]);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toEqual([]);
    // Poison nobody will replay: an operator drops it.
    expect((await discardDeadLetters(pubsub, names.deadLetterSubscription)).map((l) => l.attributes.event_id)).toEqual([event.event_id]);
  });

  it('a partner answering 503 forever: dead-lettered after 5 deliveries, order.dispatch_failed once; a redrive dispatches it', async () => {
    ctx.dispatch.status = 503;
    await relay();
    const event = await placeOrder(ctx.db, sites[2]!);
    expect((await waitForDeadLetter(event)).deliveries).toBe(5);
    const audit = await orderAudit(ctx.db, event.order_id);
    expect(audit.map((r) => [r.action, r.data])).toEqual([
      ['order.created', { product: 'diesel', quantity: '1250.50', site_id: sites[2]!.id }],
      ['order.dispatch_failed', { error: 'HTTP 503' }],
    ]);

    ctx.dispatch.status = 200;
    expect(await redrive(pubsub, names)).toBe(1);
    await waitForDispatches(ctx, [event]);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toHaveLength(1);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created', 'order.dispatch_failed']);
  });
});

describe('faults', () => {
  it('a relay killed between publishing and marking, then restarted, loses no order and doubles no effect', async () => {
    const events = await placeOrders(ctx.db, sites, 100);
    const ids = events.map((e) => e.event_id);
    const child = startProcess('relay', process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...relayEnv() },
    });
    await waitFor('the relay to start', () => child.output().includes('relay started'));
    // Freeze the relay now and then; once the consumer has received an event the
    // relay has not marked yet, it is in that window: kill it there.
    let caught: string[] = [];
    for (let probe = 0; probe < 300 && caught.length === 0 && child.child.exitCode === null; probe++) {
      await sleep(5 + Math.random() * 30);
      child.child.kill('SIGSTOP');
      await sleep(200); // what it had published is pushed meanwhile
      const rows = await ctx.db<{ event_id: string }[]>`
        select o.event_id from canopy.outbox o join canopy.event_deliveries d using (event_id)
        where o.event_id = any(${ids}::uuid[]) and o.published_at is null`;
      caught = rows.map((r) => r.event_id);
      child.child.kill(caught.length > 0 ? 'SIGKILL' : 'SIGCONT');
    }
    await child.stop();
    expect(caught.length, `the relay was never caught between publish and mark:\n${child.output()}`).toBeGreaterThan(0);

    await relay();
    await waitForDispatches(ctx, events, 60_000);
    expect(await unpublished(events)).toEqual([]);
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    // The events it had published but not marked went out again, and were deduplicated.
    const deliveries = await deliveriesOf(ctx.db, caught);
    expect(caught.filter((id) => deliveries.get(id)! < 2)).toEqual([]);
  });

  it('Pub/Sub down while orders keep coming: they wait in the outbox, then all go through once', async () => {
    await relay();
    await stopPubSub();
    const during = await placeOrders(ctx.db, sites, 10);
    await waitFor('failed publishes while Pub/Sub is down', async () => (await unpublished(during)).every((r) => r.attempts >= 1));
    expect((await unpublished(during))[0]!.last_error).toMatch(/^publish failed: /);
    // A restarted emulator is empty: hold the retries until its topic has its subscriptions
    // again, or one would be published to a topic nobody subscribes to yet (real Pub/Sub keeps them).
    await ctx.db`update canopy.outbox set next_attempt_at = now() + interval '1 hour' where published_at is null`;
    await startPubSub();
    await ctx.db`update canopy.outbox set next_attempt_at = now() where published_at is null`;
    const after = await placeOrders(ctx.db, sites, 5);
    await waitForDispatches(ctx, [...during, ...after], 60_000);
    expect(await unpublished([...during, ...after])).toEqual([]);
    expect(await expectAppliedOnce(ctx, [...during, ...after])).toEqual([]);
  });

  it('the consumer down for a moment while orders keep coming: redelivered, applied once', async () => {
    await relay();
    await ctx.stopConsumer();
    const during = await placeOrders(ctx.db, sites, 5);
    await waitFor('the events published', async () => (await unpublished(during)).length === 0);
    await sleep(1000); // a push or two fails meanwhile
    await ctx.startConsumer();
    const after = await placeOrders(ctx.db, sites, 5);
    await waitForDispatches(ctx, [...during, ...after]);
    expect(await expectAppliedOnce(ctx, [...during, ...after])).toEqual([]);
  });

  it('the consumer down past the retry budget: every event dead-lettered, then redriven and applied once', async () => {
    await relay();
    await ctx.stopConsumer();
    const events = await placeOrders(ctx.db, sites, 5);
    for (const event of events) expect((await waitForDeadLetter(event)).deliveries).toBe(5);
    expect(await orderAudit(ctx.db, events[0]!.order_id)).toEqual([]);
    await ctx.startConsumer();
    expect(await redrive(pubsub, names)).toBe(events.length);
    await waitForDispatches(ctx, events);
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
  });
});
