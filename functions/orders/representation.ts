import { renderDateTime } from '../../shared/drf/fields.ts';
import type { OrderRow } from './queries.ts';
import { quantityField } from './serializer.ts';

/** OrderSerializer.to_representation of a row, fields in Meta.fields order. */
export function orderRepresentation(row: OrderRow) {
  return {
    id: row.id,
    customer: row.customer_id,
    site: row.site_id,
    product: row.product,
    quantity: quantityField.toRepresentation(row.quantity),
    window_start: renderDateTime(row.window_start),
    window_end: renderDateTime(row.window_end),
    status: row.status,
    paid_at: renderDateTime(row.paid_at),
    created_at: renderDateTime(row.created_at),
    updated_at: renderDateTime(row.updated_at),
  };
}
