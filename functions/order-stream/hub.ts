import type { Sql } from '../../shared/db.ts';
import { log } from '../../shared/log.ts';
import { ORDER_EVENTS_CHANNEL, parseOrderEvent, type OrderEvent } from './events.ts';

/** A stream's side of the hub. */
export interface Follower {
  /** A committed event of the followed order, as announced. */
  deliver(event: OrderEvent): void;
  /** The LISTEN connection came back: announcements may have been missed meanwhile. */
  resync(): void;
}

/** An instance's one LISTEN connection, fanned out to every stream it holds. */
export interface EventHub {
  /** Follows an order's events; resolves once LISTEN is active, to the unfollow function. */
  follow(orderId: number, follower: Follower): Promise<() => void>;
  /** Streams held now. */
  followers(): number;
  /** Aborted when the instance is stopping (SIGTERM): streams end so clients reconnect elsewhere. */
  stopping: AbortSignal;
}

/**
 * The instance's hub: one LISTEN connection (postgres.js opens it beside the
 * pool, and opens it again after a drop), however many streams it serves, so
 * a stream holds no database connection. Announcements of orders nobody here
 * follows are dropped.
 */
export function createEventHub(sql: Sql): EventHub {
  const following = new Map<number, Set<Follower>>();
  const stopping = new AbortController();
  process.once('SIGTERM', () => stopping.abort());
  let listened = 0;
  let listening: Promise<unknown> | null = null;
  const listen = () =>
    (listening ??= sql
      .listen(ORDER_EVENTS_CHANNEL, announce, () => {
        // Every LISTEN after the first follows a lost connection: each stream catches up from its last id.
        if (listened++ === 0) return;
        log.warning('order events LISTEN reconnected: streams catch up', { streams: count() });
        for (const set of following.values()) for (const follower of set) follower.resync();
      })
      .catch((error: unknown) => {
        listening = null; // the next stream tries again
        throw error;
      }));

  function announce(payload: string) {
    const event = parseOrderEvent(payload);
    for (const follower of following.get(event.order) ?? []) follower.deliver(event);
  }

  const count = () => [...following.values()].reduce((n, set) => n + set.size, 0);

  return {
    async follow(orderId, follower) {
      await listen();
      const set = following.get(orderId) ?? new Set();
      following.set(orderId, set.add(follower));
      return () => {
        set.delete(follower);
        if (set.size === 0) following.delete(orderId);
      };
    },
    followers: count,
    stopping: stopping.signal,
  };
}
