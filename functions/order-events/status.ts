import type { Sql } from '../../shared/db.ts';
import type { OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { recordOrderStatus } from '../../shared/events/order-status.ts';

/**
 * Records what dispatch came to as the order's status event (live order
 * status), in `tx`, the transaction that settles the dispatch effect, with the
 * order's status as it stands. An order gone since is followed by nobody.
 */
export async function recordDispatchStatus(tx: Sql, event: OrderCreatedEvent, change: 'dispatched' | 'dispatch_failed', data?: Record<string, string>): Promise<void> {
  const [order] = await tx<{ status: string }[]>`select status from orders_order where id = ${event.order_id}`;
  if (order) await recordOrderStatus(tx, { orderId: event.order_id, event: change, status: order.status, data });
}
