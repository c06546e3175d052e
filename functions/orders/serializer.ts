import type { Sql } from '../../shared/db.ts';
import { dateTimeField } from '../../shared/drf/datetime-field.ts';
import { decimalField } from '../../shared/drf/decimal-field.ts';
import { primaryKeyRelatedField } from '../../shared/drf/relations.ts';
import { choiceField } from '../../shared/drf/serializer-fields.ts';
import { serializer } from '../../shared/drf/serializers.ts';
import { PRODUCTS } from './model.ts';
import { findCustomerSite } from './queries.ts';

// The monolith's OrderSerializer: the writable fields ModelSerializer generates from Order (in
// Meta.fields order), CustomerSiteField, and validate() on the delivery window.

/** Order.quantity: DecimalField(max_digits=10, decimal_places=2) with its Min/MaxValueValidator. */
export const quantityField = decimalField('quantity', { maxDigits: 10, decimalPlaces: 2, minValue: '0.01', maxValue: '50000' });

// MAX_WINDOW = timedelta(days=7)
const MAX_WINDOW_MICROS = 7n * 86_400_000_000n;

/** OrderSerializer for a customer: `site` must be one of their own sites (looked up on `sql`). */
export function orderSerializer(sql: Sql, customerId: number) {
  return serializer(
    [
      primaryKeyRelatedField('site', { lookup: (pk) => findCustomerSite(sql, customerId, pk) }),
      choiceField('product', PRODUCTS),
      quantityField,
      dateTimeField('window_start'),
      dateTimeField('window_end'),
    ],
    ({ window_start: start, window_end: end }) => {
      if (end.epochMicros <= start.epochMicros) return { window_end: 'Delivery window must end after it starts.' };
      if (end.epochMicros - start.epochMicros > MAX_WINDOW_MICROS) return { window_end: 'Delivery window cannot be longer than 7 days.' };
      return null;
    },
  );
}

/** OrderSerializer's writable fields as the API reference shows them (no lookup runs: nothing is validated). */
export const ORDER_INPUT_FIELDS = orderSerializer(undefined as unknown as Sql, 0).fields;
