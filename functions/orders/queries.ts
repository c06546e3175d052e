import type { Sql } from '../../shared/db.ts';
import type { OrderingTerm } from '../../shared/drf/ordering-filter.ts';
import { isInt8, type OrderRow } from '../../shared/orders/retrieve.ts';

/** The site an order is for: its id, and the postcode dispatch needs. */
export interface CustomerSite {
  id: number;
  postcode: string;
}

/** Which orders a list sees: a customer's own (null for staff), narrowed by the list filters. */
export interface OrderScope {
  customerId: number | null;
  status?: string;
  product?: string;
  site?: bigint;
}

function where(sql: Sql, scope: OrderScope) {
  return sql`where true
    ${scope.customerId === null ? sql`` : sql`and customer_id = ${scope.customerId}`}
    ${scope.status === undefined ? sql`` : sql`and status = ${scope.status}`}
    ${scope.product === undefined ? sql`` : sql`and product = ${scope.product}`}
    ${scope.site === undefined ? sql`` : isInt8(scope.site) ? sql`and site_id = ${String(scope.site)}::int8` : sql`and false`}`;
}

/** queryset.count() */
export async function countOrders(sql: Sql, scope: OrderScope): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*) from orders_order ${where(sql, scope)}`;
  return row!.count;
}

/** queryset.order_by(*terms)[offset:offset + limit], in the ORDER BY Django writes (no tie-breaker added). */
export function pageOfOrders(sql: Sql, scope: OrderScope, ordering: OrderingTerm[], offset: number, limit: number): Promise<OrderRow[]> {
  const orderBy = ordering
    .map((term) => sql`${sql(term.field)} ${term.descending ? sql`desc` : sql`asc`}`)
    .reduce((list, item) => sql`${list}, ${item}`);
  return sql<OrderRow[]>`select * from orders_order ${where(sql, scope)} order by ${orderBy} limit ${limit} offset ${offset}`;
}

/** CustomerSiteField's queryset.get(pk=...): one of the customer's own sites. */
export async function findCustomerSite(sql: Sql, customerId: number, siteId: bigint): Promise<CustomerSite | null> {
  const [row] = await sql<CustomerSite[]>`
    select id, postcode from sites_site where id = ${String(siteId)}::int8 and customer_id = ${customerId}`;
  return row ?? null;
}

/** What a new order is made of: the validated fields, quantity already quantized ('12.50'), datetimes in UTC. */
export interface NewOrder {
  customerId: number;
  siteId: number;
  product: string;
  quantity: string;
  windowStart: string;
  windowEnd: string;
}

/**
 * Order.objects.create(): status pending, created_at and updated_at each read from the clock
 * as auto_now_add and auto_now do (so updated_at is a few microseconds later).
 */
export async function insertOrder(tx: Sql, order: NewOrder): Promise<OrderRow> {
  const [row] = await tx<OrderRow[]>`
    insert into orders_order (customer_id, site_id, product, quantity, window_start, window_end, status, paid_at, created_at, updated_at)
    values (${order.customerId}, ${order.siteId}, ${order.product}, ${order.quantity}, ${order.windowStart}, ${order.windowEnd},
            'pending', null, clock_timestamp(), clock_timestamp())
    returning *`;
  return row!;
}
