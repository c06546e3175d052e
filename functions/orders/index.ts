import { defineFunction, views } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** orders: GET and POST /api/orders/, GET /api/orders/{pk}/, as the monolith's SimpleRouter declares them. */
const orders = defineFunction('orders', {
  routes: () => views(urlpatterns),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { orders as 'orders' };
