import type { Sql } from '../db.ts';

/** The status changes a client can follow live (GET /api/orders/{id}/events/). */
export type OrderStatusEvent = 'created' | 'paid' | 'dispatched' | 'dispatch_failed';

/** One status change of an order, as recorded. */
export interface OrderStatusChange {
  orderId: number | string;
  event: OrderStatusEvent;
  /** The order's status once the change commits. */
  status: string;
  data?: Record<string, string | number | null>;
}

/**
 * Records a status change of an order in canopy.order_events on `tx`, which
 * must be the transaction that makes the change: the event exists exactly
 * when the change does, and is announced to the order-stream instances at
 * commit. The order's advisory lock, held until commit, makes a concurrent
 * writer of the same order draw its id after this one commits, so within an
 * order ids grow in commit order (what resuming from Last-Event-ID relies on).
 */
export async function recordOrderStatus(tx: Sql, change: OrderStatusChange): Promise<void> {
  const orderId = String(change.orderId);
  // One round trip: the row comes out of the locking subquery, so the lock is held before the id is drawn.
  await tx`
    insert into canopy.order_events (order_id, event, status, data)
    select ${orderId}::bigint, ${change.event}, ${change.status}, ${tx.json(change.data ?? {})}
    from (select pg_advisory_xact_lock(${ORDER_EVENTS_LOCK}, hashtext(${orderId}))) as locked`;
}

// The advisory lock space of order events (two-key form: the order id's hash is the second key).
const ORDER_EVENTS_LOCK = 0x0e7e;
