import { defineFunction, handler } from '../../shared/function.ts';
import { loadOrderEventsConfig } from './config.ts';
import { orderEventsHandler } from './handler.ts';
import { pushVerifier } from './push-auth.ts';

/**
 * order-events: the push consumer of the order-events topic. It does what the
 * monolith's post_save signal on Order did in the request (audit entry,
 * dispatch call), once per event, however often Pub/Sub delivers it, and
 * only for pushes signed for its push subscription.
 */
const orderEvents = defineFunction('order-events', {
  config: loadOrderEventsConfig,
  routes: (config) =>
    handler(async ({ sql }) => {
      const authenticate = pushVerifier(config.push);
      await authenticate.warm(); // at start, not in the first push: while the pool opens its first connection
      return orderEventsHandler({ sql, ...config, authenticate });
    }),
});

// The entrypoint looks the handler up by FUNCTION_TARGET, the function's name.
export { orderEvents as 'order-events' };
