import { defineHttpFunction } from '../../shared/function.ts';
import { loadOrderEventsConfig } from './config.ts';
import { orderEventsHandler } from './handler.ts';
import { pushVerifier } from './push-auth.ts';

/**
 * order-events: the push consumer of the order-events topic. It does what the
 * monolith's post_save signal on Order did in the request (audit entry,
 * dispatch call), once per event, however often Pub/Sub delivers it, and
 * only for pushes signed for its push subscription.
 */
const orderEvents = defineHttpFunction('order-events', ({ sql, config }) => {
  const settings = loadOrderEventsConfig(config.requestTimeoutMs);
  return orderEventsHandler({ sql, ...settings, authenticate: pushVerifier(settings.push) });
});

export { orderEvents as 'order-events' };
