/**
 * How long Canopy's growing tables keep a row, and the batched deletes that
 * enforce it (README "Retention"). Each batch is one short statement that
 * locks only the rows it deletes and skips rows a writer holds
 * (FOR UPDATE SKIP LOCKED), and re-checks an old row a writer has just
 * changed, so a row brought back to life (a new failure, a reclaimed key, a
 * fresh delivery) is never deleted.
 */
import type { Sql } from '../shared/db.ts';
import { log } from '../shared/log.ts';
import { IDEMPOTENCY_KEY_TTL_HOURS, LOGIN_WINDOW_MAX_SECONDS } from '../shared/retention.ts';

/** Pub/Sub keeps a message 7 days in a subscription (the push one, then the dead-letter one: infra/modules/pubsub). */
const PUBSUB_RETENTION_DAYS = 7;

/** What each table keeps; the README's retention table gives the reasons. */
export const RETENTION = {
  /** Shadow verdicts: the gates read minutes; two weeks to investigate a difference (copy as curl). */
  parityResultsDays: 14,
  /** The load balancer's per-backend observations for the gates: as parity results. */
  routeObservationsDays: 14,
  /** A failure count means nothing once its window has passed; no window may be longer than this. */
  loginFailuresSeconds: LOGIN_WINDOW_MAX_SECONDS,
  /** A key is claimed afresh after its TTL; a day more, so a slow clock or a changed TTL never bites. */
  idempotencyKeysHours: IDEMPOTENCY_KEY_TTL_HOURS + 24,
  /**
   * An event's consumer records, counted from its last delivery: the longest gap between two
   * deliveries of one event is a dead letter redriven on its last day in the dead-letter
   * subscription, then waiting its 7 days in the push subscription; a day more. Never while
   * the event's outbox row is unpublished (pending, or dead-lettered locally: redriven at any time).
   */
  eventRecordsDays: 2 * PUBSUB_RETENTION_DAYS + 1,
  /** Published outbox rows: as long, and never before the consumer's records of the event are gone. */
  publishedOutboxDays: 2 * PUBSUB_RETENTION_DAYS + 1,
  /**
   * Order status events: a stream resumes from the last id its client saw, seconds later; a
   * client away for a week re-reads the order (GET /api/orders/{id}/), and a stream without
   * Last-Event-ID sends what is left of the history.
   */
  orderEventsDays: 7,
} as const;

/** One table's prune: deletes at most `limit` expired rows, returns how many. */
type PruneBatch = (sql: Sql, limit: number) => Promise<number>;

const count = async (rows: Promise<{ deleted: number }[]>) => (await rows)[0]!.deleted;

/** Rows of `table` (identified by `key`) whose `column` is older than `age`, a PostgreSQL interval. */
const olderThan = (table: string, key: 'id' | 'ctid', column: string, age: string): PruneBatch => (sql, limit) => count(sql`
  with gone as (
    delete from ${sql(table)} where ${sql(key)} = any(array(
      select ${sql(key)} from ${sql(table)} where ${sql(column)} < now() - ${age}::interval
      limit ${limit} for update skip locked))
    returning 1)
  select count(*)::int as deleted from gone`);

const PRUNES: Record<string, PruneBatch> = {
  parity_results: olderThan('canopy.parity_results', 'id', 'recorded_at', `${RETENTION.parityResultsDays} days`),
  route_observations: olderThan('canopy.route_observations', 'id', 'observed_at', `${RETENTION.routeObservationsDays} days`),
  login_failures: olderThan('canopy.login_failures', 'ctid', 'window_start', `${RETENTION.loginFailuresSeconds} seconds`),
  idempotency_keys: olderThan('canopy.idempotency_keys', 'ctid', 'created_at', `${RETENTION.idempotencyKeysHours} hours`),
  order_events: olderThan('canopy.order_events', 'id', 'created_at', `${RETENTION.orderEventsDays} days`),
  // An event's deliveries row and its effects go together: the effects are what dedupe it.
  event_deliveries: (sql, limit) => count(sql`
    with gone as (
      delete from canopy.event_deliveries where event_id = any(array(
        select d.event_id from canopy.event_deliveries d
        where d.last_at < now() - make_interval(days => ${RETENTION.eventRecordsDays})
          and not exists (select 1 from canopy.outbox o where o.event_id = d.event_id and o.published_at is null)
        limit ${limit} for update skip locked))
      returning event_id),
    effects as (delete from canopy.event_effects e using gone where e.event_id = gone.event_id)
    select count(*)::int as deleted from gone`),
  outbox: (sql, limit) => count(sql`
    with gone as (
      delete from canopy.outbox where id = any(array(
        select o.id from canopy.outbox o
        where o.published_at < now() - make_interval(days => ${RETENTION.publishedOutboxDays})
          and not exists (select 1 from canopy.event_deliveries d where d.event_id = o.event_id)
        limit ${limit} for update skip locked))
      returning 1)
    select count(*)::int as deleted from gone`),
};

/** Rows deleted per table by one pass. */
export type Pruned = Record<string, number>;

/**
 * One pass over every table, `batchSize` rows per statement until a table has
 * no expired row left that no writer holds. Event records go before the outbox,
 * whose rows wait for them.
 */
export async function pruneExpired(sql: Sql, batchSize: number): Promise<Pruned> {
  const pruned: Pruned = {};
  for (const [table, prune] of Object.entries(PRUNES)) {
    let total = 0;
    let deleted: number;
    do {
      deleted = await prune(sql, batchSize);
      total += deleted;
    } while (deleted === batchSize);
    pruned[table] = total;
  }
  return pruned;
}

export interface Pruner {
  /** Waits for the pass in hand (a batch is short), then stops. */
  stop(): Promise<void>;
}

/** Prunes now and every `everyMs`, beside the relay's loop so a long pass never delays an event. */
export function startPruning(sql: Sql, options: { everyMs: number; batchSize: number }): Pruner {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();
  let running = true;
  const run = () => {
    pass = pruneExpired(sql, options.batchSize).then(
      (pruned) => {
        if (Object.values(pruned).some((n) => n > 0)) log.info('pruned expired rows', pruned);
      },
      (error: unknown) => log.warning('prune failed: will try again', { error: String(error) }),
    ).finally(() => {
      if (running) timer = setTimeout(run, options.everyMs);
    });
  };
  run();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
  };
}
