import type { Sql } from '../../shared/db.ts';
import { log } from '../../shared/log.ts';
import type { ResponseStream } from '../../shared/http/types.ts';
import type { StreamSettings } from './config.ts';
import { eventsAfter, type OrderEvent } from './events.ts';
import type { EventHub } from './hub.ts';
import { sseComment, sseEvent, sseRetry } from './sse.ts';

/**
 * Follows an order from the event after `afterId`: registers with the hub
 * first, then reads what was committed before, so nothing falls between the
 * two (an announcement that arrives while the read runs waits for it). Done
 * before the answer's headers, so a database failure is still a clean 503.
 * Events are sent in id order and at most once: within an order ids grow in
 * commit order (shared/events/order-status.ts), so a stream only ever sends
 * an id above the last it sent.
 */
export async function followOrder(sql: Sql, hub: EventHub, orderId: number, afterId: number, settings: StreamSettings): Promise<ResponseStream> {
  let lastId = afterId;
  let write: ((chunk: string) => void) | null = null;
  const early: string[] = []; // sent as soon as the stream starts
  let reading = 0;
  let held: OrderEvent[] = [];
  let fail: (error: unknown) => void = () => {};

  const send = (event: OrderEvent) => {
    if (event.id <= lastId) return;
    lastId = event.id;
    if (write) write(sseEvent(event));
    else early.push(sseEvent(event));
  };
  /** Reads what this stream missed; announcements meanwhile are held, then sent after it. */
  const catchUp = async () => {
    reading++;
    try {
      for (const event of await eventsAfter(sql, orderId, lastId)) send(event);
    } finally {
      if (--reading === 0) {
        for (const event of held.sort((a, b) => a.id - b.id)) send(event);
        held = [];
      }
    }
  };
  const unfollow = await hub.follow(orderId, {
    deliver: (event) => (reading > 0 ? held.push(event) : send(event)),
    resync: () => void catchUp().catch((error: unknown) => fail(error)),
  });
  try {
    await catchUp();
  } catch (error) {
    unfollow();
    throw error;
  }

  return async (out) => {
    const stop = AbortSignal.any([out.signal, hub.stopping]);
    let end: () => void = () => {};
    const ended = new Promise<void>((resolve, reject) => {
      end = resolve;
      fail = reject;
    });
    const lifetime = setTimeout(end, settings.lifetimeMs);
    const heartbeat = setInterval(() => out.write(sseComment('heartbeat')), settings.heartbeatMs);
    stop.addEventListener('abort', end, { once: true });
    write = (chunk) => {
      out.write(chunk);
      // A reader this far behind reconnects and catches up from the table instead of holding memory here.
      if (out.backlog() > settings.maxBacklogBytes) end();
    };
    out.write(sseRetry(settings.retryMs) + early.join(''));
    if (stop.aborted) end();
    try {
      await ended;
    } catch (error) {
      log.warning('order stream ended: could not catch up after a lost LISTEN connection', { order: orderId, error: String(error) });
    } finally {
      clearTimeout(lifetime);
      clearInterval(heartbeat);
      stop.removeEventListener('abort', end);
      unfollow();
    }
  };
}
