import type { Sql } from '../../shared/db.ts';

/**
 * An audit_auditentry row as the monolith's signal creates it for an order:
 * the customer as actor, object "order" <pk>, and `data` as its JSONField holds it.
 */
export async function auditOrder(tx: Sql, order: { order_id: number; customer_id: number }, action: string, data: Record<string, string | number>): Promise<void> {
  await tx`
    insert into audit_auditentry (actor_id, action, object_type, object_id, data, created_at)
    values (${order.customer_id}, ${action}, 'order', ${String(order.order_id)}, ${tx.json(data)}, now())`;
}

/** Whether the order still exists (an event for a missing one is poison). */
export async function orderExists(sql: Sql, orderId: number): Promise<boolean> {
  const rows = await sql`select 1 from orders_order where id = ${orderId}`;
  return rows.length > 0;
}
