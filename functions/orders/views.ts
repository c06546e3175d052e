import { notFound } from '../../shared/http/errors.ts';
import { orderingTerms } from '../../shared/drf/ordering-filter.ts';
import { cutPage, paginatedData, requestedPage } from '../../shared/drf/pagination.ts';
import { pyInt } from '../../shared/python/str.ts';
import { parseQueryDict } from '../../shared/drf/querydict.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import { validatedData } from '../../shared/drf/serializers.ts';
import { isAuthenticated, type ApiRequest, type ApiView } from '../../shared/drf/view.ts';
import { createOrder } from './create.ts';
import { listFilterSerializer, ORDERING } from './filters.ts';
import { ORDER_FIELDS } from './metadata.ts';
import { countOrders, findOrder, pageOfOrders } from './queries.ts';
import { orderRepresentation } from './representation.ts';

/** get_queryset's first rule: staff see every order, customers their own (null: no restriction). */
const ownerScope = (request: ApiRequest) => (request.user!.is_staff ? null : request.user!.id);

/** GET /api/orders/ — ListModelMixin.list: the filters (400s), OrderingFilter, then PageNumberPagination (404s). */
async function listOrders(request: ApiRequest) {
  // request.query_params: Django's QueryDict of the raw query string.
  const query = parseQueryDict(Buffer.from(request.req.rawQuery, 'latin1'), 'utf-8');
  const scope = { customerId: ownerScope(request), ...(await validatedData(listFilterSerializer, query)) };
  const ordering = orderingTerms(query, ORDERING);
  const requested = requestedPage(query);
  const page = cutPage(requested, await countOrders(request.sql, scope));
  const rows = page.limit > 0 ? await pageOfOrders(request.sql, scope, ordering, page.offset, page.limit) : [];
  return jsonResponse(200, paginatedData(request.req, page, rows.map(orderRepresentation)));
}

/** GET /api/orders/ and POST /api/orders/ — OrderViewSet's list route. */
export const orderList: ApiView = {
  name: 'Order List',
  description: '',
  actions: { POST: ORDER_FIELDS },
  permissions: [isAuthenticated],
  handlers: { get: listOrders, post: createOrder },
};

/** GET /api/orders/{pk}/ — RetrieveModelMixin.retrieve: a pk int() rejects is a 404, as is another customer's order. */
export const orderDetail: ApiView = {
  name: 'Order Instance',
  description: '',
  permissions: [isAuthenticated],
  handlers: {
    get: async (request) => {
      const id = pyInt(request.params.pk!);
      const order = id === null ? null : await findOrder(request.sql, id, ownerScope(request));
      if (!order) throw notFound();
      return jsonResponse(200, orderRepresentation(order));
    },
  },
};
