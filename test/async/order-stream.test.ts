/**
 * Live order status (GET /api/orders/{id}/events/) on the real event path: orders placed by the
 * orders function, paid through the payments webhook, dispatched (or refused) by order-events
 * from the relay's pushes, all on a real PostgreSQL, streamed by the built order-stream function.
 * Refusals are compared with what the monolith's Django answers for the order's detail.
 */
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRelayConfig } from '../../relay/config.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
import type { Sql } from '../../shared/db.ts';
import { recordOrderStatus } from '../../shared/events/order-status.ts';
import { loadManifest } from '../../tools/manifest.ts';
import { delivery, event } from '../payments/delivery.ts';
import { send } from '../support/http.ts';
import { loadBalancerFor } from '../support/load-balancer.ts';
import { openStream, type OpenStream } from '../support/sse.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { Service } from '../../tools/stack/processes.ts';
import { startWorldFunction } from '../support/world.ts';
import { startAsyncWorld, waitFor, type AsyncWorld } from './support.ts';

const TOKENS = {
  alice: '35febdf6ec676c0033fb5af6e4101c8f10c6be72',
  bob: '07440d79f997f7590bd3aeca6c96d030c57d8714',
  admin: '4b9718712720cfc093884ba83f8f1db4eb6fffb1',
};
const auth = (token: string) => ({ Authorization: `Token ${token}` });
const SSE = { Accept: 'text/event-stream' };
// Its pool as infra sizes it; short heartbeats, so the suite sees them in seconds; a lifetime longer than any test waits.
const SPEC = loadManifest().functions['order-stream']!;
const STREAM_ENV = { DB_POOL_MAX: String(SPEC.dbPoolSize), STREAM_HEARTBEAT_MS: '300', STREAM_LIFETIME_MS: '120000', STREAM_RETRY_MS: '100' };
// A second instance whose streams end every 2 s: reconnects, in seconds.
const SHORT_LIVED = { ...STREAM_ENV, STREAM_LIFETIME_MS: '2000' };

let ctx: AsyncWorld;
const relays: RunningRelay[] = [];
const streams: OpenStream[] = [];

beforeAll(async () => {
  ctx = await startAsyncWorld(['orders', 'payments-webhook', 'order-stream'], { 'order-stream': STREAM_ENV });
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  ctx.dispatch.status = 200;
});
afterAll(() => ctx?.stop());

const fn = (name: string) => ctx.world.functions[name]!.url;
const eventsPath = (id: number | string) => `/api/orders/${id}/events/`;

/** An order placed through the orders function, as Alice. */
async function placeOrder(): Promise<number> {
  const res = await send(fn('orders'), {
    method: 'POST',
    path: '/api/orders/',
    headers: { 'Content-Type': 'application/json', ...auth(TOKENS.alice) },
    body: JSON.stringify({ site: 2, product: 'diesel', quantity: '500', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' }),
  });
  expect(res.status).toBe(201);
  return (JSON.parse(res.body.toString('utf8')) as { id: number }).id;
}

async function pay(orderId: number): Promise<void> {
  const res = await send(fn('payments-webhook'), delivery(event(`evt_${orderId}_${Date.now()}`, { order_id: orderId, amount: '42.00', currency: 'GBP' })));
  expect(res.status).toBe(200);
}

async function relay(): Promise<void> {
  const config = loadRelayConfig({ DATABASE_URL: ctx.world.databaseUrl, ...ctx.relayPushEnv, RELAY_POLL_MS: '100', RELAY_MIN_BACKOFF_MS: '100', RELAY_MAX_BACKOFF_MS: '400' });
  relays.push(await startRelay(config));
}

async function follow(orderId: number | string, headers: Record<string, string> = {}, baseUrl = fn('order-stream')): Promise<OpenStream> {
  const stream = await openStream(baseUrl, eventsPath(orderId), { ...SSE, ...auth(TOKENS.alice), ...headers });
  streams.push(stream);
  return stream;
}

/** Another order-stream instance on the same database, whose streams end every 2 s. */
const startShortLived = async (): Promise<Service> => startWorldFunction('order-stream', ctx.world.databaseUrl, SHORT_LIVED, await freePort());

const recordedIds = async (orderId: number) =>
  (await ctx.db<{ id: number }[]>`select id from canopy.order_events where order_id = ${orderId} order by id`).map((r) => String(r.id));

describe('GET /api/orders/{id}/events/', () => {
  it('streams the order\'s status changes in commit order as the event path makes them: created, paid, dispatched', async () => {
    const orderId = await placeOrder();
    const stream = await follow(orderId);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect((await stream.waitForEvents(1)).map((e) => e.event)).toEqual(['created']);
    await pay(orderId);
    await stream.waitForEvents(2);
    await relay();
    const events = await stream.waitForEvents(3);
    expect(events.map((e) => e.event)).toEqual(['created', 'paid', 'dispatched']);
    expect(events.map((e) => e.id)).toEqual(await recordedIds(orderId));
    const data = events.map((e) => JSON.parse(e.data) as { id: number; order: number; event: string; status: string; at: string });
    expect(data.map((d) => [d.order, d.event, d.status])).toEqual([
      [orderId, 'created', 'pending'],
      [orderId, 'paid', 'confirmed'],
      [orderId, 'dispatched', 'confirmed'],
    ]);
    expect(data.map((d) => String(d.id))).toEqual(events.map((e) => e.id));
    expect(data.every((d) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(d.at))).toBe(true);
  });

  it('streams dispatch_failed, with the partner\'s refusal, when dispatch is refused', async () => {
    ctx.dispatch.status = 422;
    const orderId = await placeOrder();
    const stream = await follow(orderId);
    await relay();
    const events = await stream.waitForEvents(2);
    expect(events.map((e) => e.event)).toEqual(['created', 'dispatch_failed']);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ status: 'pending', data: { error: 'HTTP 422' } });
  });

  it('holds one LISTEN connection and a small pool for the instance, however many streams it serves', async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, () => placeOrder()));
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => follow(orders[i % orders.length]!)));
    await Promise.all(many.map((s) => s.waitForEvents(1)));
    const connections = await ctx.db<{ query: string }[]>`select query from pg_stat_activity where application_name = 'order-stream'`;
    expect(connections.length).toBeLessThanOrEqual(SPEC.dbPoolSize + 1);
    expect(connections.filter((c) => /^listen /i.test(c.query))).toHaveLength(1);
    await pay(orders[0]!);
    await Promise.all(many.filter((_, i) => i % orders.length === 0).map((s) => s.waitForEvents(2)));
  });

  it('catches up after its LISTEN connection is lost: the events committed meanwhile arrive, once each', async () => {
    const orderId = await placeOrder();
    const stream = await follow(orderId);
    await stream.waitForEvents(1);
    // Two events commit while the LISTEN connection is down: their announcements reach nobody.
    await ctx.db.begin(async (transaction) => {
      const tx = transaction as unknown as Sql;
      const killed = await tx`
        select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'order-stream' and query ilike 'listen %'`;
      expect(killed).toHaveLength(1);
      await recordOrderStatus(tx, { orderId, event: 'paid', status: 'confirmed' });
      await recordOrderStatus(tx, { orderId, event: 'paid', status: 'confirmed' });
    });
    const events = await stream.waitForEvents(3);
    expect(events.map((e) => e.id)).toEqual(await recordedIds(orderId));
  });
  it('loses no event and repeats none across reconnects with Last-Event-ID, while writers race on one order', async () => {
    const orderId = await placeOrder();
    const shortLived = await startShortLived();
    // A WHATWG EventSource: it reconnects by itself when a stream's lifetime ends, sending Last-Event-ID.
    const received: string[] = [];
    let opens = 0;
    const source = new EventSource(`${shortLived.url}${eventsPath(orderId)}`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...auth(TOKENS.alice) } }),
    });
    source.onopen = () => opens++;
    for (const type of ['created', 'paid']) source.addEventListener(type, (e) => received.push((e as MessageEvent).lastEventId));
    try {
      // Three writers commit 90 status events over several stream lifetimes, racing for the order's
      // lock: each holds its transaction open a little after writing, so commits would overtake ids without it.
      const writer = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await ctx.db.begin(async (tx) => {
            await recordOrderStatus(tx as unknown as Sql, { orderId, event: 'paid', status: 'confirmed' });
            await tx`select pg_sleep(${Math.random() * 0.03})`;
          });
          await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
        }
      };
      await Promise.all([writer(30), writer(30), writer(30)]);
      const expected = await recordedIds(orderId);
      expect(expected).toHaveLength(91);
      await waitFor('every event', () => received.length >= expected.length);
      // Give a duplicate, if any were coming, a moment to show up.
      await new Promise((r) => setTimeout(r, 500));
      expect(received).toEqual(expected);
      expect(opens).toBeGreaterThan(1);
    } finally {
      source.close();
      await shortLived.stop();
    }
  });

  it("draws a status event's id only once it holds the order's lock, so a writer that waits cannot commit a lower id later", async () => {
    const orderId = await placeOrder();
    const drawn = async () => (await ctx.db<{ value: string }[]>`select last_value::text as value from canopy.order_events_id_seq`)[0]!.value;
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((r) => (firstRecorded = r));
    const first = ctx.db.begin(async (tx) => {
      await recordOrderStatus(tx as unknown as Sql, { orderId, event: 'paid', status: 'confirmed' });
      firstRecorded();
      await firstHolds; // the first writer's transaction stays open, holding the lock
    });
    await recorded;
    const before = await drawn();
    let secondDone = false;
    const second = ctx.db.begin((tx) => recordOrderStatus(tx as unknown as Sql, { orderId, event: 'paid', status: 'confirmed' })).then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 300));
    // The second writer waits for the lock and has drawn no id yet.
    expect(secondDone).toBe(false);
    expect(await drawn()).toBe(before);
    releaseFirst();
    await Promise.all([first, second]);
    const ids = await recordedIds(orderId);
    expect(ids.at(-1)).toBe(String(Number(before) + 1));
  });

  it('streams through the local load balancer as it is written, and a client that leaves there ends its stream', async () => {
    const lb = await loadBalancerFor(ctx.world);
    try {
      const orderId = await placeOrder();
      const stream = await follow(orderId, {}, lb.url);
      expect(stream.headers['x-canopy-backend']).toBe('order-stream');
      await stream.waitForEvents(1);
      await pay(orderId);
      expect((await stream.waitForEvents(2)).map((e) => e.event)).toEqual(['created', 'paid']);
      stream.close();
      // The function logs a request when its answer ends: here, when the load balancer lets go of it.
      await waitFor('the stream to end at the function', () => ctx.world.functions['order-stream']!.output().includes(`GET /api/orders/${orderId}/events/ 200`));
    } finally {
      lb.server.close();
    }
  });

  it('resumes from Last-Event-ID after the client drops: exactly the events committed meanwhile', async () => {
    const orderId = await placeOrder();
    const first = await follow(orderId);
    const [created] = await first.waitForEvents(1);
    first.close();
    await first.ended;
    await pay(orderId);
    await pay(orderId);
    const again = await follow(orderId, { 'Last-Event-ID': created!.id! });
    const events = await again.waitForEvents(2);
    expect(events.map((e) => e.event)).toEqual(['paid', 'paid']);
    expect([created!.id, ...events.map((e) => e.id)]).toEqual(await recordedIds(orderId));
    // A Last-Event-ID that is no id starts from the beginning.
    const fresh = await follow(orderId, { 'Last-Event-ID': 'not-an-id' });
    expect((await fresh.waitForEvents(3)).map((e) => e.event)).toEqual(['created', 'paid', 'paid']);
  });

  it('sends heartbeats while nothing happens, and a retry hint first', async () => {
    const stream = await follow(await placeOrder());
    await stream.waitForEvents(1);
    await waitFor('two heartbeats', () => stream.comments.filter((c) => c.trim() === 'heartbeat').length >= 2);
    expect(stream.retries).toEqual([100]);
    expect(stream.events).toHaveLength(1);
  });

  it('ends each stream after its lifetime (the client reconnects)', async () => {
    const shortLived = await startShortLived();
    try {
      const stream = await follow(await placeOrder(), {}, shortLived.url);
      await stream.waitForEvents(1);
      // Bounded by the test's timeout, not timed: the server ends it, the client does not.
      await stream.ended;
      expect(stream.status).toBe(200);
      expect(stream.text().endsWith('\n\n')).toBe(true);
    } finally {
      await shortLived.stop();
    }
  });

});

describe('who may follow an order: exactly who may read its detail', () => {
  let aliceOrder: number;
  beforeAll(async () => {
    aliceOrder = await placeOrder();
  });

  const cases: Array<[string, () => string, Record<string, string>]> = [
    ['no credentials', () => String(aliceOrder), {}],
    ['an unknown token', () => String(aliceOrder), auth('0000000000000000000000000000000000000000')],
    ['a malformed Authorization header', () => String(aliceOrder), { Authorization: 'Token a b' }],
    ['another customer', () => String(aliceOrder), auth(TOKENS.bob)],
    ['an order that does not exist', () => '99999999', auth(TOKENS.alice)],
    ['an id int() refuses', () => 'abc', auth(TOKENS.alice)],
    ['an id past bigint', () => '99999999999999999999999', auth(TOKENS.alice)],
  ];

  it.each(cases)('%s: the detail\'s answer, whatever Accept asks for', async (_, id, headers) => {
    const django = await send(ctx.world.monolith.url, { path: `/api/orders/${id()}/`, headers });
    expect(django.status).toBeGreaterThanOrEqual(400);
    for (const accept of [{}, SSE, { Accept: 'application/json' }]) {
      const stream = await openStream(fn('order-stream'), eventsPath(id()), { ...headers, ...accept });
      if (stream.status < 400) stream.close(); // a stream it should not have opened: compared below
      await stream.ended;
      expect({ status: stream.status, type: stream.headers['content-type'], body: stream.text() }).toEqual({
        status: django.status,
        type: django.headers['content-type']![0],
        body: django.body.toString('utf8'),
      });
    }
  });

  it('staff follow any order, as they read any detail', async () => {
    const django = await send(ctx.world.monolith.url, { path: `/api/orders/${aliceOrder}/`, headers: auth(TOKENS.admin) });
    expect(django.status).toBe(200);
    const stream = await follow(aliceOrder, auth(TOKENS.admin));
    expect(stream.status).toBe(200);
    expect((await stream.waitForEvents(1)).map((e) => e.event)).toEqual(['created']);
  });

  it('HEAD answers the stream\'s headers and follows nothing', async () => {
    const head = await openStream(fn('order-stream'), eventsPath(aliceOrder), { ...SSE, ...auth(TOKENS.alice) }, 'HEAD');
    await head.ended;
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/event-stream');
    expect(head.text()).toBe('');
  });
});
