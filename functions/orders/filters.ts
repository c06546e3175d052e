import type { OrderingOptions } from '../../shared/drf/ordering-filter.ts';
import { choiceField, integerField } from '../../shared/drf/serializer-fields.ts';
import { serializer } from '../../shared/drf/serializers.ts';
import { PRODUCTS, STATUSES } from './model.ts';

/** OrderListFilterSerializer: ?status=, ?product=, ?site= (an empty value is no filter). */
export const listFilterSerializer = serializer([
  choiceField('status', STATUSES, { required: false }),
  choiceField('product', PRODUCTS, { required: false }),
  integerField('site', { required: false }),
]);

/** OrderViewSet's ordering_fields and ordering. */
export const ORDERING: OrderingOptions = {
  fields: ['created_at', 'window_start', 'quantity', 'status', 'id'],
  default: ['-created_at', '-id'],
};
