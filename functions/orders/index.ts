import { defineFunction } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { orderDetail, orderList } from './views.ts';

/** orders: GET and POST /api/orders/, GET /api/orders/{pk}/, as the monolith's SimpleRouter declares them. */
export const orders = defineFunction('orders', [
  path(/^api\/orders\/$/, orderList),
  path(/^api\/orders\/(?<pk>[^/.]+)\/$/, orderDetail),
]);
