import type { Sql } from '../../shared/db.ts';
import { isAuthenticated, type ApiView } from '../../shared/drf/view.ts';
import type { CanopyResponse } from '../../shared/http/types.ts';
import { retrieveOrder } from '../orders/retrieve.ts';
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
  };
}
