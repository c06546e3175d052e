import type postgres from 'postgres';

/** Where the rows a webhook may write start: the highest ids, and the orders as they were. */
export interface Baseline {
  paymentId: number;
  auditId: number;
}

/** Records the baseline, keeping a copy of every order's mutable columns in a table of this suite's database. */
export async function takeBaseline(sql: postgres.Sql): Promise<Baseline> {
  await sql`drop table if exists webhook_orders_before`;
  await sql`create table webhook_orders_before as select id, status, paid_at, updated_at from orders_order`;
  const [row] = await sql<{ payment_id: string; audit_id: string }[]>`
    select (select coalesce(max(id), 0) from payments_payment) as payment_id,
           (select coalesce(max(id), 0) from audit_auditentry) as audit_id`;
  return { paymentId: Number(row!.payment_id), auditId: Number(row!.audit_id) };
}

/** Puts the payments, audit entries and orders back as they were at the baseline. */
export async function restore(sql: postgres.Sql, base: Baseline): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from audit_auditentry where id > ${base.auditId}`;
    await tx`delete from payments_payment where id > ${base.paymentId}`;
    await tx`
      update orders_order o set status = b.status, paid_at = b.paid_at, updated_at = b.updated_at
        from webhook_orders_before b
       where o.id = b.id and (o.status, o.paid_at, o.updated_at) is distinct from (b.status, b.paid_at, b.updated_at)`;
  });
}

/**
 * What happened since the baseline, ids and timestamps aside: new payments, changed orders and
 * new audit entries, with the timestamps reduced to whether they were set now and in Django's
 * order (the payment received, then the order paid and updated, then the audit entry).
 */
export async function effects(sql: postgres.Sql, base: Baseline) {
  const payments = await sql`
    select p.order_id::text, p.provider_event_id, p.amount::text, p.currency,
           p.received_at > now() - interval '1 minute' as received_now,
           p.received_at <= o.paid_at as received_before_paid
      from payments_payment p join orders_order o on o.id = p.order_id
     where p.id > ${base.paymentId} order by p.id`;
  const orders = await sql`
    select o.id::text, b.status as status_before, o.status,
           o.paid_at is distinct from b.paid_at as paid_at_changed,
           o.paid_at > now() - interval '1 minute' as paid_now,
           o.updated_at is distinct from b.updated_at as updated_at_changed,
           o.paid_at <= o.updated_at as paid_before_updated
      from orders_order o join webhook_orders_before b on b.id = o.id
     where (o.status, o.paid_at, o.updated_at) is distinct from (b.status, b.paid_at, b.updated_at) order by o.id`;
  const audit = await sql`
    select a.actor_id, a.action, a.object_type, a.object_id, a.data,
           a.created_at >= o.updated_at as after_order_update
      from audit_auditentry a left join orders_order o on a.object_type = 'order' and o.id::text = a.object_id
     where a.id > ${base.auditId} order by a.id`;
  return { payments: [...payments], orders: [...orders], audit: [...audit] };
}
