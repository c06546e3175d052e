import type { Sql } from '../../shared/db.ts';

/** One status change of an order, as canopy.order_event_json renders it (the notification and the catch-up alike). */
export interface OrderEvent {
  id: number;
  order: number;
  event: string;
  status: string;
  data: Record<string, unknown>;
  at: string;
}

/** The NOTIFY channel canopy.order_events announces each committed row on (infra/sql/0007). */
export const ORDER_EVENTS_CHANNEL = 'canopy_order_events';

/** An event from its JSON text (a notification's payload or a catch-up row). */
export const parseOrderEvent = (text: string) => JSON.parse(text) as OrderEvent;

/** The order's events after `afterId`, in id order: what a client that saw `afterId` has missed. */
export async function eventsAfter(sql: Sql, orderId: number, afterId: number): Promise<OrderEvent[]> {
  const rows = await sql<{ payload: string }[]>`
    select canopy.order_event_json(e)::text as payload from canopy.order_events e
    where e.order_id = ${orderId} and e.id > ${afterId} order by e.id`;
  return rows.map((row) => parseOrderEvent(row.payload));
}
