import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { renderDateTime, utcIsoformat } from '../drf/fields.ts';

/** The Pub/Sub topic of order events (order-events' `topics` in infra/routes.json). */
export const ORDER_EVENTS_TOPIC = 'order-events';

const id = () => z.number().check(z.int(), z.positive());
// datetime.isoformat() of an aware datetime (UTC, or `local` the monolith's TIME_ZONE): microseconds only when non-zero.
const isoformat = (local = false) =>
  z.string().check(z.regex(local ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(?!0{6})\d{6})?[+-]\d{2}:\d{2}(:\d{2})?$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(?!0{6})\d{6})?\+00:00$/));

/**
 * order.created: what the monolith's post_save signal used (orders/signals.py,
 * orders/dispatch.py), rendered as it rendered it: quantity as str(Decimal),
 * created_at (timezone.now(), UTC) and window_start/window_end (as the serializer made them
 * aware: in TIME_ZONE) as isoformat().
 */
export const orderCreatedSchema = z.object({
  event_id: z.uuid(),
  event_type: z.literal('order.created'),
  created_at: isoformat(),
  order_id: id(),
  customer_id: id(),
  site_id: id(),
  postcode: z.string(),
  product: z.string().check(z.minLength(1)),
  quantity: z.string().check(z.regex(/^\d+(\.\d+)?$/)),
  window_start: isoformat(true),
  window_end: isoformat(true),
});

export type OrderCreatedEvent = z.infer<typeof orderCreatedSchema>;

/** An orders_order row as shared/db returns it (`insert ... returning *`). */
export interface CreatedOrder {
  id: number;
  customer_id: number;
  site_id: number;
  product: string;
  /** numeric(10,2) as text ("12.50"): str() of the Decimal the serializer saved. */
  quantity: string;
  /** timestamptz as text in a UTC session ("2026-01-05 08:00:00+00"), or ISO 8601 in UTC. */
  window_start: string;
  window_end: string;
}

/** Python's datetime.isoformat() of a UTC timestamp (PostgreSQL text or ISO 8601). */
export function pythonIsoformat(utc: string): string {
  // An all-zero fraction (JavaScript's ".000Z") is no microseconds to Python.
  return utcIsoformat(utc).replace(/Z$/, '+00:00');
}

/** Python's datetime.isoformat() of a timestamp moved into the monolith's TIME_ZONE (PostgreSQL text). */
export function pythonLocalIsoformat(utc: string): string {
  return renderDateTime(utc).replace(/Z$/, '+00:00');
}

/** The order.created event for an order just saved, with a new event id. */
export function orderCreatedEvent(order: CreatedOrder, site: { postcode: string }, now: Date = new Date()): OrderCreatedEvent {
  return {
    event_id: randomUUID(),
    event_type: 'order.created',
    created_at: pythonIsoformat(now.toISOString()),
    order_id: order.id,
    customer_id: order.customer_id,
    site_id: order.site_id,
    postcode: site.postcode,
    product: order.product,
    quantity: order.quantity,
    window_start: pythonLocalIsoformat(order.window_start),
    window_end: pythonLocalIsoformat(order.window_end),
  };
}
