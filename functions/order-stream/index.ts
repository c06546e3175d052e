import { defineFunction } from '../../shared/function.ts';
import { path } from '../../shared/http/urls.ts';
import { loadStreamSettings } from './config.ts';
import { orderEventsView } from './views.ts';

/**
 * order-stream: GET /api/orders/{pk}/events/, the order's status as Server-Sent Events. Its own
 * service, not a route of orders: streams are long, idle requests that want a high concurrency,
 * a long request timeout and one LISTEN connection per instance (README "Live order status").
 */
const orderStream = defineFunction('order-stream', [path(/^api\/orders\/(?<pk>[^/.]+)\/events\/$/, orderEventsView(loadStreamSettings()))]);

export { orderStream as 'order-stream' };
