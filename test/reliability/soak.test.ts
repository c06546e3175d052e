/**
 * A soak at steady load on every function: reads, order placement, payment
 * webhook redeliveries and order-event push redeliveries. Every function's
 * memory stays flat, its database connections do not grow, nothing fails, and
 * each event is applied once however often it is pushed. SOAK_SECONDS sets
 * the length (CI runs two minutes).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../../shared/db.ts';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { startDispatchStub, type DispatchStub } from '../../tools/stack/dispatch-stub.ts';
import { DEV_WEBHOOK_SECRET } from '../../tools/stack/monolith.ts';
import { freePort } from '../../tools/stack/ports.ts';
import type { OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { dispatchCalls, orderAudit, placeOrders, seededSites } from '../async/support.ts';
import { startLocalPushIdentity, type LocalPushIdentity } from '../../tools/pubsub/push-identity.ts';
import { startWorld, type World } from '../support/world.ts';
import { runLoad, summarize } from './load.ts';
import { tokenHeader } from '../../tools/seed-credentials.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const TOKEN = tokenHeader('alice');
const NAMES = ['users', 'identity', 'orders', 'payments-webhook', 'order-events'] as const;
// Events pushed over and over: each must be applied once.
const EVENTS = 20;
let world: World;
let dispatch: DispatchStub;
let events: OrderCreatedEvent[];
let paidEvent: string;
let pushIdentity: LocalPushIdentity;
let pushToken: string;

beforeAll(async () => {
  dispatch = await startDispatchStub(await freePort(), 5);
  pushIdentity = await startLocalPushIdentity();
  pushToken = await pushIdentity.token();
  world = await startWorld([...NAMES], { 'order-events': { DISPATCH_URL: dispatch.url, ...pushIdentity.consumerEnv } });
  // Placed as the orders function places them (shared/db reads timestamps as text, as the event needs).
  const db = connect({ url: world.databaseUrl, poolSize: 1, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
  events = await placeOrders(db, await seededSites(db), EVENTS).finally(() => db.end({ timeout: 1 }));
  paidEvent = (await world.sql<{ id: string }[]>`select provider_event_id as id from payments_payment order by id limit 1`)[0]!.id;
});
afterAll(async () => {
  await world?.stop();
  await dispatch?.close();
  await pushIdentity?.close();
});

/** A redelivery of a payment the monolith already recorded, signed now (the signature holds 300 s). */
function paymentRedelivery(): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ id: paidEvent, type: 'payment.succeeded', data: { order_id: 1, amount: '10.00', currency: 'GBP' } });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', DEV_WEBHOOK_SECRET).update(`${t}.`).update(body).digest('hex');
  return { headers: { 'Payment-Signature': `t=${t},v1=${v1}` }, body };
}

/** The next push of one of the events, round robin, as Pub/Sub redelivers (with its OIDC token). */
function nextPush(): () => { headers: Record<string, string>; body: string } {
  let n = 0;
  return () => {
    const event = events[n++ % events.length]!;
    const message = { data: JSON.stringify(event), attributes: { event_type: event.event_type, event_id: event.event_id }, messageId: String(n), publishTime: new Date().toISOString(), orderingKey: `order-${event.order_id}` };
    return { headers: { Authorization: `Bearer ${pushToken}` }, body: JSON.stringify(pushEnvelope(message, 'projects/canopy-local/subscriptions/order-events-push', 1)) };
  };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

it(`keeps memory flat, connections bounded and answers clean over ${SECONDS} s`, async () => {
  const names = NAMES;
  const samples: Array<{ at: number; rss: Record<string, number>; connections: number }> = [];
  const sample = async () => {
    const n = (await world.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name in ${world.sql([...NAMES])}`)[0]!.n;
    samples.push({ at: Date.now(), rss: Object.fromEntries(names.map((f) => [f, rssMb(world.functions[f]!.child.pid!)])), connections: n });
  };
  const timer = setInterval(() => void sample(), 5000);
  const json = { ...TOKEN, 'Content-Type': 'application/json' };
  const order = JSON.stringify({ site: 1, product: 'diesel', quantity: '1200.5', window_start: '2026-12-01T08:00:00Z', window_end: '2026-12-01T12:00:00Z' });
  const durationMs = SECONDS * 1000;
  const loads = {
    'users GET /api/users/me/': runLoad({ url: world.functions.users!.url, path: '/api/users/me/', headers: TOKEN, concurrency: 3, durationMs, pauseMs: 10 }),
    'identity GET /api/auth/session/': runLoad({ url: world.functions.identity!.url, path: '/api/auth/session/', headers: TOKEN, concurrency: 2, durationMs, pauseMs: 10 }),
    'orders GET /api/orders/': runLoad({ url: world.functions.orders!.url, path: '/api/orders/?ordering=-id', headers: TOKEN, concurrency: 2, durationMs, pauseMs: 10 }),
    'orders POST /api/orders/': runLoad({ url: world.functions.orders!.url, path: '/api/orders/', method: 'POST', headers: json, body: order, concurrency: 1, durationMs, pauseMs: 50 }),
    'payments-webhook POST (a redelivery)': runLoad({ url: world.functions['payments-webhook']!.url, path: '/api/webhooks/payments/', method: 'POST', headers: { 'Content-Type': 'application/json' }, next: paymentRedelivery, concurrency: 1, durationMs, pauseMs: 20 }),
    'order-events POST / (pushes, each event again and again)': runLoad({ url: world.functions['order-events']!.url, path: '/', method: 'POST', headers: { 'Content-Type': 'application/json' }, next: nextPush(), concurrency: 2, durationMs, pauseMs: 20 }),
  };
  const outcomes = Object.fromEntries(await Promise.all(Object.entries(loads).map(async ([label, load]) => [label, await load] as const)));
  clearInterval(timer);
  await sample();
  for (const [label, list] of Object.entries(outcomes)) console.log(summarize(label, list));
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const f of names) {
    const early = median(samples.slice(1, 1 + quarter).map((s) => s.rss[f]!));
    const late = median(samples.slice(-quarter).map((s) => s.rss[f]!));
    console.log(`${f}: RSS ${early.toFixed(1)} MiB in the first quarter, ${late.toFixed(1)} MiB in the last`);
    // Flat: no more than a quarter plus allocator slack above where it settled.
    expect(late).toBeLessThan(early * 1.25 + 16);
  }
  const connections = samples.map((s) => s.connections);
  console.log(`database connections of the functions: ${Math.min(...connections)}-${Math.max(...connections)} over ${samples.length} samples`);
  expect(Math.max(...connections)).toBeLessThanOrEqual(5 * NAMES.length); // a pool of 5 each
  const expected: Record<string, number> = { 'orders POST /api/orders/': 201, 'payments-webhook POST (a redelivery)': 200, 'order-events POST / (pushes, each event again and again)': 204 };
  for (const [label, list] of Object.entries(outcomes)) {
    expect(list.filter((o) => o.status !== (expected[label] ?? 200)).map((o) => o.error ?? o.status), label).toEqual([]);
  }
  expect(outcomes['payments-webhook POST (a redelivery)']!.every((o) => o.body === '{"status":"duplicate"}')).toBe(true);
  // Pushed hundreds of times each, every event was applied exactly once.
  for (const event of events) {
    expect((await orderAudit(world.sql, event.order_id)).filter((row) => row.action === 'order.created'), `order ${event.order_id}`).toHaveLength(1);
    expect(dispatchCalls(dispatch, event.order_id), `order ${event.order_id}`).toHaveLength(1);
  }
});
