/**
 * The webhook is idempotent on the provider's event id: concurrent deliveries of one event pay
 * the order once, and an event one side processed is a duplicate to the other, which then
 * changes nothing. The function and the monolith share the database, as in production.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { send, type RawResponse } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { delivery, event } from './delivery.ts';
import { effects, restore, takeBaseline, type Baseline } from './effects.ts';

let world: World;
let base: Baseline;
let orderId: number;
let fnUrl: string;

beforeAll(async () => {
  // A pool as large as the burst, so the deliveries really race in the database.
  world = await startWorld(['payments-webhook'], { 'payments-webhook': { DB_POOL_MAX: '20' } });
  fnUrl = world.functions['payments-webhook']!.url;
  const [order] = await world.sql`select id from orders_order where status = 'pending' and paid_at is null order by id limit 1`;
  orderId = Number(order!.id);
  base = await takeBaseline(world.sql);
});

afterAll(() => world?.stop());
beforeEach(() => restore(world.sql, base));

const paid = (eventId: string) => delivery(event(eventId, { order_id: orderId, amount: '42.00', currency: 'GBP' }));
const statuses = (answers: RawResponse[]) =>
  answers.map((a) => `${a.status} ${a.body.toString()}`).sort();
/** The expected rows for one processed event: one payment, the order confirmed, one audit entry. */
const paidOnce = (eventId: string) => ({
  payments: [expect.objectContaining({ provider_event_id: eventId, order_id: String(orderId), amount: '42.00' })],
  orders: [expect.objectContaining({ id: String(orderId), status_before: 'pending', status: 'confirmed', paid_at_changed: true })],
  audit: [expect.objectContaining({ action: 'order.paid', object_id: String(orderId), data: { event_id: eventId, amount: '42.00', currency: 'GBP' } })],
});

describe('concurrent deliveries of one event', () => {
  it('20 at once to the function: one processed, 19 duplicates, one payment and one audit entry', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(fnUrl, paid('evt_burst_fn'))));
    expect(statuses(answers)).toEqual([...Array(19).fill('200 {"status":"duplicate"}'), '200 {"status":"processed"}']);
    expect(await effects(world.sql, base)).toEqual(paidOnce('evt_burst_fn'));
  });

  it('10 to the monolith and 10 to the function at once: still paid once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(i % 2 ? fnUrl : world.monolith.url, paid('evt_burst_both'))),
    );
    expect(statuses(answers)).toEqual([...Array(19).fill('200 {"status":"duplicate"}'), '200 {"status":"processed"}']);
    expect(await effects(world.sql, base)).toEqual(paidOnce('evt_burst_both'));
  });
});

describe('across sides', () => {
  it.each([
    ['the monolith', 'the function', () => world.monolith.url, () => fnUrl],
    ['the function', 'the monolith', () => fnUrl, () => world.monolith.url],
  ])('an event processed by %s is a duplicate to %s, which changes nothing', async (_first, _second, first, second) => {
    const eventId = `evt_cross_${first() === fnUrl ? 'fn' : 'monolith'}`;
    const processed = await send(first(), paid(eventId));
    expect(processed.body.toString()).toBe('{"status":"processed"}');
    const after = await effects(world.sql, base);
    expect(after).toEqual(paidOnce(eventId));
    const [order] = await world.sql`select paid_at, updated_at from orders_order where id = ${orderId}`;

    const again = await send(second(), paid(eventId));
    expect([again.status, again.body.toString()]).toEqual([200, '{"status":"duplicate"}']);
    expect(await effects(world.sql, base)).toEqual(after);
    expect(await world.sql`select paid_at, updated_at from orders_order where id = ${orderId}`).toEqual([order]);
  });
});
