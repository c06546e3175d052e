import type { Sql } from '../../shared/db.ts';

/** The effects of an event, each applied once (canopy.event_effects). */
export type Effect = 'audit' | 'dispatch' | 'dispatch_failed';

/** Counts a delivery of the event; returns its deliveries so far, this one included. */
export async function countDelivery(sql: Sql, eventId: string): Promise<number> {
  const [row] = await sql<{ deliveries: number }[]>`
    insert into canopy.event_deliveries as d (event_id, deliveries) values (${eventId}, 1)
    on conflict (event_id) do update set deliveries = d.deliveries + 1, last_at = now()
    returning deliveries`;
  return row!.deliveries;
}

/**
 * Applies a database effect once: `apply` runs in the transaction that records
 * the effect, so either both commit or neither does. A concurrent delivery
 * waits on the row, then finds it recorded.
 */
export async function applyOnce(sql: Sql, eventId: string, effect: Effect, apply: (tx: Sql) => Promise<void>): Promise<void> {
  await sql.begin(async (tx) => {
    const inserted = await tx`
      insert into canopy.event_effects (event_id, effect, applied_at, attempts) values (${eventId}, ${effect}, now(), 1)
      on conflict do nothing returning 1`;
    if (inserted.length > 0) await apply(tx as unknown as Sql);
  });
}

/**
 * Takes the lease on an external effect for `seconds` (longer than one
 * delivery can spend on it), unless it was applied or another delivery holds it.
 */
export async function leaseEffect(sql: Sql, eventId: string, effect: Effect, seconds: number): Promise<'leased' | 'applied' | 'busy'> {
  const leased = await sql`
    insert into canopy.event_effects as e (event_id, effect, lease_until, attempts)
    values (${eventId}, ${effect}, now() + make_interval(secs => ${seconds}), 1)
    on conflict (event_id, effect) do update set lease_until = excluded.lease_until, attempts = e.attempts + 1
      where e.applied_at is null and (e.lease_until is null or e.lease_until < now())
    returning 1`;
  if (leased.length > 0) return 'leased';
  const [row] = await sql<{ applied: boolean }[]>`
    select applied_at is not null as applied from canopy.event_effects where event_id = ${eventId} and effect = ${effect}`;
  return row?.applied ? 'applied' : 'busy';
}

/** Ends the lease: the effect is applied, or not and `error` says why. */
export async function settleEffect(sql: Sql, eventId: string, effect: Effect, error: string | null): Promise<void> {
  await sql`
    update canopy.event_effects
    set lease_until = null, last_error = ${error}, applied_at = case when ${error}::text is null then now() end
    where event_id = ${eventId} and effect = ${effect}`;
}
