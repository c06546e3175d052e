import { notFound } from '../../shared/http/errors.ts';
import { detailResponse } from '../../shared/drf/operation.ts';
import { orderingTerms } from '../../shared/drf/ordering-filter.ts';
import { cutPage, paginatedData, requestedPage, requestedPageSize } from '../../shared/drf/pagination.ts';
import { parseQueryDict } from '../../shared/drf/querydict.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import { validatedData } from '../../shared/drf/serializers.ts';
import { isAuthenticated, type ApiRequest, type ApiView } from '../../shared/drf/view.ts';
import { createOrder } from './create.ts';
import { listFilterSerializer, ORDERING } from './filters.ts';
import { ORDER_FIELDS } from './metadata.ts';
import { countOrders, pageOfOrders } from './queries.ts';
import { ORDER_SCHEMA, orderRepresentation } from './representation.ts';
import { ownerScope, retrieveOrder } from '../../shared/orders/retrieve.ts';
import { ORDER_INPUT_FIELDS } from './serializer.ts';

/** GET /api/orders/ — ListModelMixin.list: the filters (400s), OrderingFilter, then PageNumberPagination (404s). */
async function listOrders(request: ApiRequest) {
  // request.query_params: Django's QueryDict of the raw query string.
  const query = parseQueryDict(Buffer.from(request.req.rawQuery, 'latin1'), 'utf-8');
  const scope = { customerId: ownerScope(request), ...(await validatedData(listFilterSerializer, query)) };
  const ordering = orderingTerms(query, ORDERING);
  const requested = requestedPage(query);
  const page = cutPage(requested, await countOrders(request.sql, scope), requestedPageSize(query));
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
  schema: {
    get: {
      summary: 'List orders',
      description: "A customer's own orders; staff see every order. A filter left empty (`?status=`) is no filter; a site that is not the customer's gives an empty page.",
      query: listFilterSerializer.fields,
      ordering: ORDERING,
      paginated: true,
      responses: { 200: { description: 'A page of orders.', json: ORDER_SCHEMA } },
    },
    post: {
      summary: 'Place an order',
      description: 'For one of the customer\'s own sites; the delivery window ends after it starts and lasts at most 7 days.',
      body: { name: 'OrderRequest', fields: ORDER_INPUT_FIELDS },
      headers: {
        'Idempotency-Key': {
          description:
            'Beyond Django: 1 to 255 visible ASCII characters. The same key with the same request replays the first answer (`Idempotent-Replayed: true`); with a different request it is a 409. Keys live 24 hours.',
        },
      },
      responses: {
        201: { description: 'The order placed.', json: ORDER_SCHEMA },
        409: detailResponse('Beyond Django: this Idempotency-Key was used with a different request.'),
      },
    },
  },
};

/** GET /api/orders/{pk}/ — RetrieveModelMixin.retrieve: a pk int() rejects is a 404, as is another customer's order. */
export const orderDetail: ApiView = {
  name: 'Order Instance',
  description: '',
  permissions: [isAuthenticated],
  handlers: {
    get: async (request) => jsonResponse(200, orderRepresentation(await retrieveOrder(request))),
  },
  schema: {
    get: {
      summary: 'An order',
      responses: { 200: { description: 'The order.', json: ORDER_SCHEMA }, 404: detailResponse("No such order, or another customer's.") },
    },
  },
};
