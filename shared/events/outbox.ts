import type { Sql } from '../db.ts';
import { ORDER_EVENTS_TOPIC, orderCreatedEvent, type CreatedOrder, type OrderCreatedEvent } from './order-created.ts';

export type { CreatedOrder, OrderCreatedEvent };

/** One message for the relay to publish. */
export interface OutboxMessage {
  eventId: string;
  topic: string;
  /** Pub/Sub ordering key: messages with the same key are delivered in order. */
  orderingKey: string;
  /** The message data (JSON text). */
  data: string;
  attributes: Record<string, string>;
}

/**
 * Writes a message to the outbox on `tx`, which must be the transaction that
 * writes what the message describes: it is published only if that commits.
 */
export async function enqueue(tx: Sql, message: OutboxMessage): Promise<void> {
  await tx`
    insert into canopy.outbox (event_id, topic, ordering_key, payload, attributes)
    values (${message.eventId}, ${message.topic}, ${message.orderingKey}, ${message.data}, ${tx.json(message.attributes)})`;
}

/**
 * Records order.created for an order inserted in `tx` (the orders function's
 * order transaction), in place of the monolith's post_save signal. `site` is
 * the order's site (its postcode goes to the dispatch partner). Returns the event.
 */
export async function enqueueOrderCreated(tx: Sql, order: CreatedOrder, site: { postcode: string }): Promise<OrderCreatedEvent> {
  const event = orderCreatedEvent(order, site);
  await enqueue(tx, {
    eventId: event.event_id,
    topic: ORDER_EVENTS_TOPIC,
    orderingKey: `order-${order.id}`,
    data: JSON.stringify(event),
    attributes: { event_type: event.event_type, event_id: event.event_id },
  });
  return event;
}
