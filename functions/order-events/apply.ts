import type { Sql } from '../../shared/db.ts';
import { auditOrder, orderExists } from './audit.ts';
import type { OrderEventsConfig } from './config.ts';
import { dispatchOrder } from './dispatch.ts';
import { applyOnce, countDelivery, leaseEffect, settleEffect } from './effects.ts';
import { recordedEvent } from './outbox-event.ts';
import { recordDispatchStatus } from './status.ts';

/** What became of one delivery; the handler turns it into the push answer. */
export type Outcome =
  | 'applied' // every effect is applied (now or by an earlier delivery)
  | 'dispatch-refused' // the partner refused the order: audited as the monolith does, nothing to retry
  | 'dispatch-failed' // the partner could not be reached this time: redeliver
  | 'busy' // another delivery of this event is calling the partner: redeliver
  | 'order-missing' // poison: no such order
  | 'unknown-event'; // not in the outbox: never recorded by the orders function, nothing to apply

export interface ApplyContext extends OrderEventsConfig {
  sql: Sql;
}

/**
 * What the monolith's post_save signal did for a new order, once per event
 * however often it is delivered: the order.created audit entry, the dispatch
 * call, and on giving up (a refusal, or a failure on the last delivery the
 * dead-letter policy allows) the order.dispatch_failed entry; `dispatched` and
 * `dispatch_failed` are recorded as the order's status events with them. Everything
 * comes from the event's outbox row; an id with no row writes nothing at all.
 */
export async function applyOrderCreated(ctx: ApplyContext, eventId: string, deliveryAttempt: number | undefined): Promise<Outcome> {
  const { sql } = ctx;
  const event = await recordedEvent(sql, eventId);
  if (!event) return 'unknown-event';
  // Pub/Sub's count when it sends one; ours covers the emulator, which does not.
  const attempt = Math.max(deliveryAttempt ?? 0, await countDelivery(sql, event.event_id));
  if (!(await orderExists(sql, event.order_id))) return 'order-missing';
  await applyOnce(sql, event.event_id, 'audit', (tx) =>
    auditOrder(tx, event, 'order.created', { product: event.product, quantity: event.quantity, site_id: event.site_id }),
  );
  const lease = await leaseEffect(sql, event.event_id, 'dispatch', leaseSeconds(ctx));
  if (lease !== 'leased') return lease;
  const result = await dispatchOrder(ctx.dispatch, event);
  if (result.ok) {
    // The dispatch is settled and announced together: a client sees `dispatched` exactly when it is recorded.
    await sql.begin(async (tx) => {
      await settleEffect(tx as unknown as Sql, event.event_id, 'dispatch', null);
      await recordDispatchStatus(tx as unknown as Sql, event, 'dispatched');
    });
    return 'applied';
  }
  await settleEffect(sql, event.event_id, 'dispatch', result.error);
  if (result.permanent || attempt >= ctx.maxDeliveryAttempts) {
    await applyOnce(sql, event.event_id, 'dispatch_failed', async (tx) => {
      await auditOrder(tx, event, 'order.dispatch_failed', { error: result.error });
      await recordDispatchStatus(tx, event, 'dispatch_failed', { error: result.error });
    });
  }
  return result.permanent ? 'dispatch-refused' : 'dispatch-failed';
}

/** Longer than one delivery's calls can take, so a live lease is never taken over. */
const leaseSeconds = ({ dispatch }: OrderEventsConfig) => Math.ceil(dispatch.budgetMs / 1000) + 10;
