import { inTransaction, type Sql } from '../../shared/db.ts';
import { recordOrderStatus } from '../../shared/events/order-status.ts';
import type { PaymentSucceeded } from './serializers.ts';

// PostgreSQL compares a bigint key with a wider number and finds nothing, as Django's lookup does.
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/**
 * What the view checks before it writes, in one round trip: get_object_or_404(Order), then
 * whether the event id was seen before.
 */
export async function precheck(sql: Sql, event: PaymentSucceeded): Promise<'unknown order' | 'duplicate' | 'new'> {
  if (event.orderId < INT8_MIN || event.orderId > INT8_MAX) return 'unknown order';
  const [row] = await sql<{ order_exists: boolean; seen: boolean }[]>`
    select exists (select 1 from orders_order where id = ${String(event.orderId)}::bigint) as order_exists,
           exists (select 1 from payments_payment where provider_event_id = ${event.eventId}) as seen`;
  if (!row!.order_exists) return 'unknown order';
  return row!.seen ? 'duplicate' : 'new';
}

/**
 * record_payment() in one transaction: the Payment, the order paid (pending becomes confirmed,
 * other statuses stay), the order.paid audit entry and the `paid` status event (live order status). 'duplicate' when the event id is already
 * taken, also by a delivery racing this one: the unique index makes the later insert wait for the
 * earlier transaction, as Django's IntegrityError path does. Timestamps are each statement's
 * clock, as Django's timezone.now() calls are.
 */
export function recordPayment(sql: Sql, event: PaymentSucceeded): Promise<'processed' | 'duplicate'> {
  const orderId = String(event.orderId);
  return inTransaction(sql, async (tx) => {
    const inserted = await tx`
      insert into payments_payment (order_id, provider_event_id, amount, currency, received_at)
      values (${orderId}::bigint, ${event.eventId}, ${event.amount}::numeric, ${event.currency}, clock_timestamp())
      on conflict (provider_event_id) do nothing
      returning id`;
    if (inserted.length === 0) return 'duplicate';
    const paid = await tx<{ status: string }[]>`
      update orders_order
         set paid_at = clock_timestamp(),
             status = case when status = 'pending' then 'confirmed' else status end,
             updated_at = clock_timestamp()
       where id = ${orderId}::bigint
      returning status`;
    // Order.objects.select_for_update().get(): the order went away since the lookup (a 500 in Django).
    if (paid.length === 0) throw new Error(`Order.DoesNotExist: order ${orderId} vanished before it was paid`);
    const data = { event_id: event.eventId, amount: event.amount, currency: event.currency };
    await tx`
      insert into audit_auditentry (actor_id, action, object_type, object_id, data, created_at)
      values (null, 'order.paid', 'order', ${orderId}, ${tx.json(data)}, clock_timestamp())`;
    await recordOrderStatus(tx, { orderId, event: 'paid', status: paid[0]!.status });
    return 'processed';
  });
}
