import { noSuchObject, notFound } from '../../shared/drf/errors.ts';
import { pyInt } from '../../shared/drf/python-str.ts';
import type { ApiRequest } from '../../shared/drf/view.ts';
import { findOrder, type OrderRow } from './queries.ts';

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
