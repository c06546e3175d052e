import { log } from '../../shared/log.ts';
import type { CanopyRequest, CanopyResponse } from '../../shared/http/types.ts';
import { applyOrderCreated, type ApplyContext, type Outcome } from './apply.ts';
import { parsePush } from './parse.ts';

// Pub/Sub acknowledges a push on 102, 200, 201, 202 or 204; anything else is redelivered.
const STATUS: Record<Outcome, number> = {
  applied: 204,
  'dispatch-refused': 204,
  'dispatch-failed': 503,
  busy: 409,
  'order-missing': 422,
};

/**
 * The push endpoint (POST /). A body that is not an order event is answered
 * 400, not acknowledged: it reaches the dead-letter topic after the policy's
 * attempts and waits there, intact, for a fixed consumer and a replay.
 */
export function orderEventsHandler(ctx: ApplyContext): (req: CanopyRequest) => Promise<CanopyResponse> {
  return async (req) => {
    if (req.path !== '/') return answer(404, { error: 'not found' });
    if (req.method !== 'POST') return answer(405, { error: 'method not allowed' }, [['Allow', 'POST']]);
    const push = parsePush(req.body);
    if (!push.ok) {
      log.warning('poison message: not an order event', { reason: push.reason, message_id: push.messageId });
      return answer(400, { error: push.reason });
    }
    const outcome = await applyOrderCreated(ctx, push.event, push.deliveryAttempt);
    const fields = { outcome, event_id: push.event.event_id, order_id: push.event.order_id, message_id: push.messageId, delivery_attempt: push.deliveryAttempt };
    if (STATUS[outcome] < 300) log.info('order event', fields);
    else log.warning('order event not done: redelivery expected', fields);
    return answer(STATUS[outcome], { outcome });
  };
}

function answer(status: number, body: object, headers: Array<[string, string]> = []): CanopyResponse {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(JSON.stringify(body)) };
}
