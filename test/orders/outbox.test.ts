/**
 * What replaced the monolith's post_save signal: the orders function writes
 * order.created to the outbox in the order's own transaction (the order-events
 * consumer audits and dispatches later), and answers without either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderCreatedSchema } from '../../shared/events/order-created.ts';
import { send, type RawResponse } from '../support/http.ts';
import { startWorld, type World } from '../support/world.ts';
import { SEED_TOKENS } from '../../tools/seed-credentials.ts';

const ALICE = SEED_TOKENS.alice;
let world: World;

beforeAll(async () => {
  world = await startWorld(['orders']);
});

afterAll(() => world?.stop());

const ORDER = { site: 2, product: 'adblue', quantity: '1200.5', window_start: '2026-12-01T08:00:00.5+01:00', window_end: '2026-12-02T08:00:00Z' };

function create(): Promise<RawResponse> {
  return send(world.functions.orders!.url, {
    method: 'POST',
    path: '/api/orders/',
    headers: { 'Content-Type': 'application/json', Authorization: `Token ${ALICE}` },
    body: JSON.stringify(ORDER),
  });
}

async function counts() {
  const [row] = await world.sql`
    select (select count(*) from orders_order)::int as orders, (select count(*) from canopy.outbox)::int as events,
           (select count(*) from audit_auditentry)::int as audit`;
  return row!;
}

describe('order.created in the outbox', () => {
  it('is written in the transaction that inserts the order, with the order as the monolith signalled it', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    const { id } = JSON.parse(res.body.toString('utf8')) as { id: number };
    const [order] = await world.sql`select xmin::text as xid from orders_order where id = ${id}`;
    const events = await world.sql`
      select xmin::text as xid, topic, ordering_key, payload, attributes from canopy.outbox where payload::jsonb ->> 'order_id' = ${String(id)}`;
    expect(events).toHaveLength(1);
    const [event] = events;
    // One transaction id on both rows: they commit (or vanish) together.
    expect(event!.xid).toBe(order!.xid);
    expect({ topic: event!.topic, ordering_key: event!.ordering_key }).toEqual({ topic: 'order-events', ordering_key: `order-${id}` });
    const payload = orderCreatedSchema.parse(JSON.parse(event!.payload as string));
    expect(payload).toMatchObject({
      event_type: 'order.created',
      order_id: id,
      customer_id: 1,
      site_id: 2,
      postcode: expect.any(String),
      product: 'adblue',
      quantity: '1200.50',
      window_start: '2026-12-01T07:00:00.500000+00:00',
      window_end: '2026-12-02T08:00:00+00:00',
    });
    const [site] = await world.sql`select postcode from sites_site where id = 2`;
    expect(payload.postcode).toBe(site!.postcode);
    expect(event!.attributes).toEqual({ event_type: 'order.created', event_id: payload.event_id });
  });

  it('no order is created when the event cannot be written', async () => {
    await world.sql`
      create function canopy.refuse_outbox() returns trigger language plpgsql as $$ begin raise exception 'outbox refused'; end $$`;
    await world.sql`create trigger refuse_outbox before insert on canopy.outbox for each row execute function canopy.refuse_outbox()`;
    try {
      const before = await counts();
      expect((await create()).status).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      await world.sql`drop trigger refuse_outbox on canopy.outbox`;
      await world.sql`drop function canopy.refuse_outbox()`;
    }
  });

  it('the answer waits for neither the audit entry nor dispatch (the consumer does both later)', async () => {
    const before = await counts();
    expect((await create()).status).toBe(201);
    expect(await counts()).toEqual({ orders: before.orders + 1, events: before.events + 1, audit: before.audit });
  });
});
