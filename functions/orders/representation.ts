import { renderDateTime } from '../../shared/drf/fields.ts';
import { choice, dateTime, integer, named, nullable, objectOf } from '../../shared/drf/schema.ts';
import { fieldSchema } from '../../shared/drf/serializer-fields.ts';
import { PRODUCTS, STATUSES } from './model.ts';
import type { OrderRow } from '../../shared/orders/retrieve.ts';
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

/** What orderRepresentation gives, on the wire; read-only as Meta.read_only_fields says. */
export const ORDER_SCHEMA = named(
  'Order',
  objectOf<ReturnType<typeof orderRepresentation>>({
    id: integer({ readOnly: true }),
    customer: integer({ readOnly: true }),
    site: integer(),
    product: choice(PRODUCTS),
    quantity: fieldSchema(quantityField),
    window_start: dateTime(),
    window_end: dateTime(),
    status: choice(STATUSES, { readOnly: true }),
    paid_at: nullable(dateTime({ readOnly: true })),
    created_at: dateTime({ readOnly: true }),
    updated_at: dateTime({ readOnly: true }),
  }),
);
