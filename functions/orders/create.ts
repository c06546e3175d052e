import { inTransaction } from '../../shared/db.ts';
import { parseRequestData } from '../../shared/drf/parsers.ts';
import { jsonResponse } from '../../shared/http/render.ts';
import { validatedData } from '../../shared/drf/serializers.ts';
import type { ApiRequest } from '../../shared/drf/view.ts';
import { enqueueOrderCreated } from '../../shared/events/outbox.ts';
import { recordOrderStatus } from '../../shared/events/order-status.ts';
import type { CanopyResponse } from '../../shared/http/types.ts';
import { claimKey, idempotentRequest, storeAnswer } from './idempotency.ts';
import { insertOrder } from './queries.ts';
import { orderRepresentation } from './representation.ts';
import { orderSerializer } from './serializer.ts';

/**
 * POST /api/orders/ — CreateModelMixin.create with perform_create's customer=request.user.
 * The order, its order.created event (the monolith's post_save signal: audit entry and
 * dispatch, done later by the order-events consumer) and its `created` status event commit together; the answer does not
 * wait for dispatch. An Idempotency-Key is claimed in the same transaction.
 */
export async function createOrder(request: ApiRequest): Promise<CanopyResponse> {
  const customer = request.user!;
  const idempotency = idempotentRequest(request.req, customer.id);
  return inTransaction(request.sql, async (tx) => {
    const replay = idempotency && (await claimKey(tx, idempotency));
    if (replay) return replay;
    const data = await validatedData(orderSerializer(tx, customer.id), parseRequestData(request.req).data);
    const order = await insertOrder(tx, {
      customerId: customer.id,
      siteId: data.site.id,
      product: data.product,
      quantity: data.quantity,
      windowStart: data.window_start.iso,
      windowEnd: data.window_end.iso,
    });
    await enqueueOrderCreated(tx, order, data.site);
    await recordOrderStatus(tx, { orderId: order.id, event: 'created', status: order.status });
    // The saved instance keeps the validated datetimes: a naive time in a skipped hour keeps its wall
    // time and make_aware's offset (zoneinfo), where the row read back would show the normalized one.
    const response = jsonResponse(201, { ...orderRepresentation(order), window_start: data.window_start.iso, window_end: data.window_end.iso });
    if (idempotency) await storeAnswer(tx, idempotency, response);
    return response;
  });
}
