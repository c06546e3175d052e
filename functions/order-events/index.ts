import { defineHttpFunction } from '../../shared/function.ts';
import { loadOrderEventsConfig } from './config.ts';
import { orderEventsHandler } from './handler.ts';

/**
 * order-events: the push consumer of the order-events topic. It does what the
 * monolith's post_save signal on Order did in the request (audit entry,
 * dispatch call), once per event, however often Pub/Sub delivers it.
 */
const orderEvents = defineHttpFunction('order-events', ({ sql, config }) =>
  orderEventsHandler({ sql, ...loadOrderEventsConfig(config.requestTimeoutMs) }),
);

export { orderEvents as 'order-events' };
