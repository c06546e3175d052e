/**
 * The relay without Pub/Sub: it pushes the same envelopes straight to the
 * order-events function, with the push subscription's retry (backoff, shortened
 * here) and dead-letter rules, on the real database and dispatch stand-in.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRelayConfig } from '../../relay/config.ts';
import { redriveDeadLetters } from '../../relay/outbox.ts';
import { startRelay, type RunningRelay } from '../../relay/start.ts';
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
  type SeededSite,
} from './support.ts';

let ctx: AsyncWorld;
let sites: SeededSite[];
const relays: RunningRelay[] = [];

beforeAll(async () => {
  ctx = await startAsyncWorld();
  sites = await seededSites(ctx.db);
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  ctx.dispatch.status = 200;
});
afterAll(() => ctx?.stop());

async function relay(): Promise<RunningRelay> {
  const running = await startRelay(
    loadRelayConfig({
      DATABASE_URL: ctx.world.databaseUrl,
      ...ctx.relayPushEnv,
      RELAY_MIN_BACKOFF_MS: '100',
      RELAY_MAX_BACKOFF_MS: '400',
      RELAY_POLL_MS: '100',
      RELAY_BATCH_SIZE: '5',
    }),
  );
  relays.push(running);
  return running;
}

function outboxRow(eventId: string) {
  return ctx.db<{ attempts: number; published: boolean; dead_lettered: boolean; last_error: string | null }[]>`
    select attempts, published_at is not null as published, dead_lettered_at is not null as dead_lettered, last_error
    from canopy.outbox where event_id = ${eventId}`.then((rows) => rows[0]!);
}

describe('relay without Pub/Sub (HTTP push fallback)', () => {
  it('delivers every event once and marks it published', async () => {
    await relay();
    const events = await placeOrders(ctx.db, sites, 20);
    await waitForDispatches(ctx, events);
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    await waitFor('every row marked', async () => (await Promise.all(events.map((e) => outboxRow(e.event_id)))).every((r) => r.published));
    expect([...(await deliveriesOf(ctx.db, events.map((e) => e.event_id))).values()]).toEqual(events.map(() => 1));
  });

  it('two relays at once share the work without pushing any event twice', async () => {
    const events = await placeOrders(ctx.db, sites, 60);
    await Promise.all([relay(), relay()]);
    await waitForDispatches(ctx, events);
    await waitFor('every row marked', async () => (await Promise.all(events.map((e) => outboxRow(e.event_id)))).every((r) => r.published));
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
    const deliveries = await deliveriesOf(ctx.db, events.map((e) => e.event_id));
    expect(events.filter((e) => deliveries.get(e.event_id) !== 1)).toEqual([]);
  });

  it('dead-letters an event after 5 attempts, logs it, and the consumer audits order.dispatch_failed once', async () => {
    const logged = vi.spyOn(process.stdout, 'write');
    ctx.dispatch.status = 503;
    await relay();
    const event = await placeOrder(ctx.db, sites[0]!);
    await waitFor('the event dead-lettered', async () => (await outboxRow(event.event_id)).dead_lettered);
    expect(await outboxRow(event.event_id)).toEqual({ attempts: 5, published: false, dead_lettered: true, last_error: 'push answered 503' });
    expect((await deliveriesOf(ctx.db, [event.event_id])).get(event.event_id)).toBe(5);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => [r.action, r.data.error])).toEqual([
      ['order.created', undefined],
      ['order.dispatch_failed', 'HTTP 503'],
    ]);
    // A write may carry several lines (shared/log.ts writes a turn's lines together).
    const lines = logged.mock.calls.flatMap(([chunk]) => String(chunk).split('\n')).filter((line) => line.includes(event.event_id));
    logged.mockRestore();
    expect(lines.map((line) => JSON.parse(line) as { severity: string; message: string }).map((l) => [l.severity, l.message])).toEqual([
      ...Array.from({ length: 4 }, () => ['WARNING', 'event delivery failed: will retry']),
      ['ERROR', 'event dead-lettered: delivery attempts exhausted'],
    ]);

    // Once the partner is back, a redrive delivers it: dispatched once, nothing audited twice.
    ctx.dispatch.status = 200;
    expect(await redriveDeadLetters(ctx.db)).toBe(1);
    await waitForDispatches(ctx, [event]);
    await waitFor('the row marked', async () => (await outboxRow(event.event_id)).published);
    expect(dispatchCalls(ctx.dispatch, event.order_id)).toHaveLength(1);
    expect((await orderAudit(ctx.db, event.order_id)).map((r) => r.action)).toEqual(['order.created', 'order.dispatch_failed']);
  });

  it('keeps retrying with backoff while the consumer is down, and delivers once it is back', async () => {
    await ctx.stopConsumer();
    await relay();
    const events = await placeOrders(ctx.db, sites, 5);
    await waitFor('a failed attempt for every event', async () =>
      (await Promise.all(events.map((e) => outboxRow(e.event_id)))).every((r) => r.attempts >= 1 && r.last_error === 'push endpoint unreachable'),
    );
    await ctx.startConsumer();
    await waitForDispatches(ctx, events);
    await waitFor('every row marked', async () => (await Promise.all(events.map((e) => outboxRow(e.event_id)))).every((r) => r.published));
    expect(await expectAppliedOnce(ctx, events)).toEqual([]);
  });
});
