import type { Sql } from '../../shared/db.ts';
import { detailResponse } from '../../shared/drf/operation.ts';
import { isAuthenticated, type ApiView } from '../../shared/drf/view.ts';
import type { CanopyResponse } from '../../shared/http/types.ts';
import { retrieveOrder } from '../../shared/orders/retrieve.ts';
import type { StreamSettings } from './config.ts';
import { createEventHub, type EventHub } from './hub.ts';
import { lastEventId } from './sse.ts';
import { followOrder } from './stream.ts';

const STREAM_HEADERS: Array<[string, string]> = [
  ['Content-Type', 'text/event-stream'],
  ['Cache-Control', 'no-cache'],
  // Proxies that buffer answers (nginx and kin) pass this one through as it is written.
  ['X-Accel-Buffering', 'no'],
];

/**
 * GET /api/orders/{pk}/events/ — the order's status changes as Server-Sent Events. Who may see
 * it, and every refusal, is the detail's (GET /api/orders/{pk}/): the same authenticators and
 * permission, the same get_object, so a bad id, another customer's order or no credentials are
 * answered exactly as the detail answers them. HEAD answers the headers and follows nothing.
 */
export function orderEventsView(settings: StreamSettings): ApiView {
  // One hub per pool, made by the first stream: the instance's one LISTEN connection.
  const hubs = new WeakMap<Sql, EventHub>();
  const hubFor = (sql: Sql) => hubs.get(sql) ?? hubs.set(sql, createEventHub(sql)).get(sql)!;
  return {
    name: 'Order Events',
    description: '',
    permissions: [isAuthenticated],
    eventStream: true,
    handlers: {
      get: async (request): Promise<CanopyResponse> => {
        const order = await retrieveOrder(request);
        const response = { status: 200, headers: [...STREAM_HEADERS], body: Buffer.alloc(0) };
        if (request.req.method === 'HEAD') return response;
        const after = lastEventId(request.req.headers['last-event-id']);
        return { ...response, stream: await followOrder(request.sql, hubFor(request.sql), order.id, after, settings) };
      },
    },
    schema: {
      get: {
        summary: "Follow an order's status",
        description:
          'Beyond Django: Server-Sent Events, one per status change (`created`, `paid`, `dispatched`, `dispatch_failed`), each `id:` a per-order id in commit order ' +
          'and `data:` `{"id", "order", "event", "status", "data", "at"}`; a comment every 15 s; the stream ends after 10 minutes with a `retry:` hint. ' +
          "Send `Last-Event-ID` to resume after an event; without it the order's history comes first. Who may follow an order is who may read its detail, " +
          "and a refusal is the detail's JSON answer whatever `Accept` asks for.",
        responses: {
          200: { description: "The order's status events, as they are committed.", eventStream: true },
          404: detailResponse("No such order, or another customer's."),
        },
      },
    },
  };
}
