import type { Sql } from '../db.ts';
import type { ApiRequest } from '../drf/view.ts';
import type { CreatedOrder } from '../events/order-created.ts';
import { noSuchObject, notFound } from '../http/errors.ts';
import { pyInt } from '../python/str.ts';

// OrderViewSet's get_object, shared by the two functions that answer for one order: orders' detail and order-stream.

/** An orders_order row; numeric and timestamptz as PostgreSQL's text (shared/db.ts). */
export interface OrderRow extends CreatedOrder {
  status: string;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

// An id outside bigint matches no row (PostgreSQL compares the column with a numeric literal).
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
export const isInt8 = (value: bigint) => value >= INT8_MIN && value <= INT8_MAX;

/** get_object_or_404 on the pk: the customer's own order (any order when customerId is null). */
export async function findOrder(sql: Sql, id: bigint, customerId: number | null): Promise<OrderRow | null> {
  if (!isInt8(id)) return null;
  const [row] = await sql<OrderRow[]>`
    select * from orders_order where id = ${String(id)}::int8 ${customerId === null ? sql`` : sql`and customer_id = ${customerId}`}`;
  return row ?? null;
}

/** get_queryset's first rule: staff see every order, customers their own (null: no restriction). */
export const ownerScope = (request: ApiRequest) => (request.user!.is_staff ? null : request.user!.id);

/**
 * OrderViewSet.get_object for the `pk` in the URL: a pk int() rejects is a 404, as is another
 * customer's order. The detail and the order's event stream both answer through it.
 */
export async function retrieveOrder(request: ApiRequest): Promise<OrderRow> {
  // A pk int() refuses is DRF's bare 404; a missing (or another customer's) order is Django's Http404.
  const id = pyInt(request.params.pk!);
  if (id === null) throw notFound();
  const order = await findOrder(request.sql, id, ownerScope(request));
  if (!order) throw noSuchObject('Order');
  return order;
}
