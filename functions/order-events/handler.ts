import { log } from '../../shared/log.ts';
import type { CanopyRequest, CanopyResponse } from '../../shared/http/types.ts';
import { applyOrderCreated, type ApplyContext, type Outcome } from './apply.ts';
import { parsePush } from './parse.ts';
import type { PushAuth } from './push-auth.ts';

// Pub/Sub acknowledges a push on 102, 200, 201, 202 or 204; anything else is redelivered.
const STATUS: Record<Outcome, number> = {
  applied: 204,
  'dispatch-refused': 204,
  'dispatch-failed': 503,
  busy: 409,
  'order-missing': 422,
  // Redelivered until dead-lettered, where it stays as evidence (only the relay may publish to the topic).
  'unknown-event': 422,
};

/**
 * The push endpoint (POST /). A push without a valid token from the push
 * subscription's identity is refused (401, or 403 for another identity) and
 * nothing is read from it. A body that is not an order event is answered
 * 400, not acknowledged: it reaches the dead-letter topic after the policy's
 * attempts and waits there, intact, for a fixed consumer and a replay.
 */
export function orderEventsHandler(ctx: ApplyContext & { authenticate: (authorization: string | undefined) => Promise<PushAuth> }): (req: CanopyRequest) => Promise<CanopyResponse> {
  return async (req) => {
    if (req.path !== '/') return answer(404, { error: 'not found' });
    if (req.method !== 'POST') return answer(405, { error: 'method not allowed' }, [['Allow', 'POST']]);
    const auth = await ctx.authenticate(req.headers.authorization);
    if (!auth.ok) {
      log.warning(auth.status === 503 ? 'push not checked: redelivery expected' : 'push refused: not from the push subscription', { status: auth.status, reason: auth.reason });
      return answer(auth.status, { error: auth.status === 503 ? 'cannot check the push token' : 'push not authenticated' }, auth.status === 401 ? [['WWW-Authenticate', 'Bearer']] : []);
    }
    const push = parsePush(req.body);
    if (!push.ok) {
      log.warning('poison message: not an order event', { reason: push.reason, message_id: push.messageId });
      return answer(400, { error: push.reason });
    }
    const outcome = await applyOrderCreated(ctx, push.eventId, push.deliveryAttempt);
    const fields = { outcome, event_id: push.eventId, message_id: push.messageId, delivery_attempt: push.deliveryAttempt };
    if (STATUS[outcome] < 300) log.info('order event', fields);
    // Signed by our push identity, yet never recorded: something other than the relay published it.
    else if (outcome === 'unknown-event') log.error('push names an event not in the outbox: nothing applied', fields);
    else log.warning('order event not done: redelivery expected', fields);
    return answer(STATUS[outcome], { outcome });
  };
}

function answer(status: number, body: object, headers: Array<[string, string]> = []): CanopyResponse {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(JSON.stringify(body)) };
}
