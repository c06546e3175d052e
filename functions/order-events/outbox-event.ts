import * as z from 'zod/mini';
import type { Sql } from '../../shared/db.ts';
import { ORDER_EVENTS_TOPIC, orderCreatedSchema, type OrderCreatedEvent } from '../../shared/events/order-created.ts';

/**
 * The event as the orders function recorded it, in the order's own
 * transaction (canopy.outbox): the order, its customer and site, the site's
 * postcode, as the monolith's signal saw them. A message only names the
 * event; nothing else in it is believed. Null when no such event was ever
 * recorded (a message that did not come from the outbox).
 */
export async function recordedEvent(sql: Sql, eventId: string): Promise<OrderCreatedEvent | null> {
  const [row] = await sql<{ payload: string }[]>`
    select payload from canopy.outbox where event_id = ${eventId} and topic = ${ORDER_EVENTS_TOPIC}`;
  if (!row) return null;
  // Our own write: a row that does not parse is a bug to see, not input to refuse.
  return z.parse(orderCreatedSchema, JSON.parse(row.payload));
}
