import { defineFunction, views } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { orderDetail, orderList } from './views.ts';

/** orders: GET and POST /api/orders/, GET /api/orders/{pk}/, as the monolith's SimpleRouter declares them. */
const orders = defineFunction('orders', {
  routes: () => views([
    path(/^api\/orders\/$/, orderList),
    path(/^api\/orders\/(?<pk>[^/.]+)\/$/, orderDetail),
  ]),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { orders as 'orders' };
