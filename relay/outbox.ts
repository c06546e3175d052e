import type { Sql } from '../shared/db.ts';

/** A pending outbox row, as the relay delivers it. */
export interface OutboxRow {
  id: number;
  event_id: string;
  topic: string;
  ordering_key: string;
  payload: string;
  attributes: Record<string, string>;
  /** timestamptz text: the message's publish time in the HTTP fallback. */
  created_at: string;
  /** Failed deliveries before this one. */
  attempts: number;
}

/**
 * Locks up to `limit` rows that are due, oldest first, skipping rows another
 * relay holds and rows whose ordering key has an earlier row still pending:
 * a key's messages go out one at a time, in order, even across relays. The
 * locks last until `tx` ends: a relay that dies before marking leaves the
 * rows pending.
 */
export function claimDue(tx: Sql, limit: number): Promise<OutboxRow[]> {
  return tx<OutboxRow[]>`
    select o.id, o.event_id, o.topic, o.ordering_key, o.payload, o.attributes, o.created_at, o.attempts
    from canopy.outbox o
    where o.published_at is null and o.dead_lettered_at is null and o.next_attempt_at <= now()
      and not exists (
        select 1 from canopy.outbox e
        where e.ordering_key = o.ordering_key and e.id < o.id and e.published_at is null and e.dead_lettered_at is null)
    order by o.id
    limit ${limit}
    for update of o skip locked`;
}

/** Marks rows delivered. */
export async function markPublished(tx: Sql, ids: number[]): Promise<void> {
  if (ids.length > 0) await tx`update canopy.outbox set published_at = now(), last_error = null where id = any(${ids}::bigint[])`;
}

/** Records a failed delivery: try again after `retryInMs`, or dead-letter it when `deadLetter`. */
export async function markFailed(tx: Sql, id: number, error: string, retryInMs: number, deadLetter: boolean): Promise<void> {
  await tx`
    update canopy.outbox
    set attempts = attempts + 1, last_error = ${error},
        next_attempt_at = now() + make_interval(secs => ${retryInMs / 1000}),
        dead_lettered_at = case when ${deadLetter} then now() end
    where id = ${id}`;
}

/** Puts dead-lettered rows back in line with a fresh set of attempts; returns how many. */
export async function redriveDeadLetters(sql: Sql): Promise<number> {
  const rows = await sql`
    update canopy.outbox set dead_lettered_at = null, attempts = 0, next_attempt_at = now(), last_error = null
    where dead_lettered_at is not null returning id`;
  return rows.length;
}
