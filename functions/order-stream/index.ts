import { defineFunction } from '../../shared/function.ts';
import { loadStreamSettings } from './config.ts';
import { urlpatterns } from './urls.ts';

/**
 * order-stream: GET /api/orders/{pk}/events/, the order's status as Server-Sent Events. Its own
 * service, not a route of orders: streams are long, idle requests that want a high concurrency,
 * a long request timeout and one LISTEN connection per instance (README "Live order status").
 */
const orderStream = defineFunction('order-stream', urlpatterns(loadStreamSettings()));

export { orderStream as 'order-stream' };
