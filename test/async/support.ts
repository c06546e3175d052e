/**
 * What the async suites share: a world with the order-events function and the
 * dispatch stand-in, orders placed as the orders function places them (order
 * and outbox row in one transaction), and the effects read back.
 */
import { connect, type Sql } from '../../shared/db.ts';
import { enqueueOrderCreated } from '../../shared/events/outbox.ts';
import type { CreatedOrder, OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { startPushSigner, type PushSigner } from '../../tools/pubsub/push-signer.ts';
import { startDispatchStub, type DispatchStub } from '../../tools/stack/dispatch-stub.ts';
import { freePort } from '../../tools/stack/ports.ts';
import { startWorld, startWorldFunction, type World } from '../support/world.ts';

export interface AsyncWorld {
  world: World;
  /** A pool like the functions' (shared/db: timestamps and numerics as text). */
  db: Sql;
  dispatch: DispatchStub;
  /** The order-events function's push endpoint (its port survives restarts). */
  consumerUrl: string;
  /** The test key order-events trusts in place of Google's, and tokens signed with it. */
  pushIdentity: LocalPushIdentity;
  /** What the relay's HTTP fallback needs to push to order-events: its URL and the signing key. */
  relayPushEnv: Record<string, string>;
  /** A push endpoint for the emulator's subscription: signs each push, as Pub/Sub would, and forwards it to order-events. */
  startPushSigner(): Promise<string>;
  stopConsumer(): Promise<void>;
  startConsumer(): Promise<void>;
  stop(): Promise<void>;
}

/** The consumer's settings in tests: short calls, two tries per delivery. */
const CONSUMER_ENV = { DISPATCH_TIMEOUT: '0.5', DISPATCH_TRIES: '2', MAX_DELIVERY_ATTEMPTS: '5' };

/**
 * Starts the world (order-events, and `others` beside it, with `env` per function); the monolith
 * calls the same dispatch stand-in as order-events.
 */
export async function startAsyncWorld(others: string[] = [], env: Record<string, Record<string, string>> = {}): Promise<AsyncWorld> {
  const dispatch = await startDispatchStub(await freePort(), 20);
  const pushIdentity = await startLocalPushIdentity();
  const consumerEnv = { ...CONSUMER_ENV, DISPATCH_URL: dispatch.url, ...pushIdentity.consumerEnv };
  const world = await startWorld(['order-events', ...others], { ...env, 'order-events': consumerEnv }, { dispatchUrl: dispatch.url });
  const db = connect({ url: world.databaseUrl, poolSize: 4, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
  const port = Number(new URL(world.functions['order-events']!.url).port);
  const startConsumer = async () => {
    world.functions['order-events'] = await startWorldFunction('order-events', world.databaseUrl, consumerEnv, port);
  };
  const consumerUrl = `http://127.0.0.1:${port}/`;
  const signers: PushSigner[] = [];
  return {
    world,
    db,
    dispatch,
    consumerUrl,
    pushIdentity,
    relayPushEnv: { RELAY_PUSH_URL: consumerUrl, ...pushIdentity.relayEnv },
    async startPushSigner() {
      const signer = await startPushSigner(pushIdentity, consumerUrl);
      signers.push(signer);
      return signer.url;
    },
    stopConsumer: () => world.functions['order-events']!.stop(),
    startConsumer,
    async stop() {
      await world.stop();
      await db.end({ timeout: 1 });
      await dispatch.close();
      await Promise.all([pushIdentity.close(), ...signers.map((s) => s.close())]);
    },
  };
}

/** A site and its customer from the seed data. */
export interface SeededSite {
  id: number;
  customer_id: number;
  postcode: string;
}

/** The seeded sites, in id order. */
export function seededSites(db: Sql): Promise<SeededSite[]> {
  return db<SeededSite[]>`select id, customer_id, postcode from sites_site order by id`;
}

/** What an order is placed with (the serializer's validated values, as the orders function stores them). */
export interface OrderInput {
  product: string;
  quantity: string;
  window_start: string;
  window_end: string;
}

const DEFAULT_ORDER: OrderInput = {
  product: 'diesel',
  quantity: '1250.50',
  window_start: '2026-01-05 08:00:00.25+00',
  window_end: '2026-01-05 12:00:00+00',
};

/** Places an order as the orders function does: the order and its outbox event in one transaction. */
export async function placeOrder(db: Sql, site: SeededSite, input: OrderInput = DEFAULT_ORDER): Promise<OrderCreatedEvent> {
  return (await db.begin(async (transaction) => {
    const tx = transaction as unknown as Sql;
    const [order] = await tx<CreatedOrder[]>`
      insert into orders_order (customer_id, site_id, product, quantity, window_start, window_end, status, created_at, updated_at)
      values (${site.customer_id}, ${site.id}, ${input.product}, ${input.quantity}, ${input.window_start}, ${input.window_end}, 'pending', now(), now())
      returning id, customer_id, site_id, product, quantity, window_start, window_end`;
    return enqueueOrderCreated(tx, order!, site);
  })) as OrderCreatedEvent;
}

/** Places `count` orders over the seeded sites, one transaction each. */
export async function placeOrders(db: Sql, sites: SeededSite[], count: number): Promise<OrderCreatedEvent[]> {
  const events: OrderCreatedEvent[] = [];
  for (let i = 0; i < count; i++) events.push(await placeOrder(db, sites[i % sites.length]!));
  return events;
}

/** An audit entry as the tests compare them. */
export interface AuditRow {
  actor_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  data: Record<string, unknown>;
}

/** The audit entries about an order, oldest first. */
export function orderAudit(db: Sql, orderId: number): Promise<AuditRow[]> {
  return db<AuditRow[]>`
    select actor_id, action, object_type, object_id, data from audit_auditentry
    where object_type = 'order' and object_id = ${String(orderId)} order by id`;
}

/** The dispatch stand-in's calls for an order. */
export function dispatchCalls(dispatch: DispatchStub, orderId: number) {
  return dispatch.calls.filter((call) => call.idempotencyKey === `order-${orderId}-created`);
}

/** How often the consumer received each event (canopy.event_deliveries). */
export async function deliveriesOf(db: Sql, eventIds: string[]): Promise<Map<string, number>> {
  const rows = await db<{ event_id: string; deliveries: number }[]>`
    select event_id, deliveries from canopy.event_deliveries where event_id = any(${eventIds}::uuid[])`;
  return new Map(rows.map((r) => [r.event_id, r.deliveries]));
}

/**
 * Every event applied exactly once: one order.created entry with the signal's
 * data, one dispatch call with the order's idempotency key.
 */
export async function expectAppliedOnce(ctx: AsyncWorld, events: OrderCreatedEvent[]): Promise<string[]> {
  const problems: string[] = [];
  for (const event of events) {
    const created = (await orderAudit(ctx.db, event.order_id)).filter((row) => row.action === 'order.created');
    const calls = dispatchCalls(ctx.dispatch, event.order_id);
    if (created.length !== 1) problems.push(`order ${event.order_id}: ${created.length} order.created entries`);
    if (calls.length !== 1) problems.push(`order ${event.order_id}: ${calls.length} dispatch calls`);
  }
  return problems;
}

/** Polls `check` until it returns true, or fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until every event has its dispatch call. */
export function waitForDispatches(ctx: AsyncWorld, events: OrderCreatedEvent[], timeoutMs = 30_000): Promise<void> {
  return waitFor(
    `${events.length} dispatch calls`,
    () => events.every((event) => dispatchCalls(ctx.dispatch, event.order_id).length > 0),
    timeoutMs,
  );
}
