import { defineFunction, views } from '../../shared/function.ts';
import { loadStreamSettings } from './config.ts';
import { urlpatterns } from './urls.ts';

/**
 * order-stream: GET /api/orders/{pk}/events/, the order's status as Server-Sent Events. Its own
 * service, not a route of orders: streams are long, idle requests that want a high concurrency,
 * a long request timeout and one LISTEN connection per instance (README "Live order status").
 */
const orderStream = defineFunction('order-stream', {
  config: loadStreamSettings,
  routes: (settings) => views(urlpatterns(settings)),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { orderStream as 'order-stream' };
