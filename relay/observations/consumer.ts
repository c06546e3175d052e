import { PubSub, type Message } from '@google-cloud/pubsub';
import type { Sql } from '../../shared/db.ts';
import { log } from '../../shared/log.ts';
import { createEntryReader, type LoggedObservation, type ObservedRoute } from './log-entry.ts';

export interface ObservationConsumer {
  stop(): Promise<void>;
}

/**
 * Pulls the load balancer's request logs (a log sink publishes them to a
 * topic; infra/modules/load-balancer) and stores each entry for a migrated
 * route in canopy.route_observations, where the rollout gates read them. A
 * batch is acknowledged only once stored; a redelivered entry is stored once
 * (its insertId). Entries that are not for a route are acknowledged and
 * dropped, so nothing unreadable comes back forever.
 */
export function consumeObservations(options: { sql: Sql; projectId: string; apiEndpoint?: string; subscription: string; routes: readonly ObservedRoute[]; flushMs?: number }): ObservationConsumer {
  const read = createEntryReader(options.routes);
  const pubsub = new PubSub({ projectId: options.projectId, apiEndpoint: options.apiEndpoint });
  const subscription = pubsub.subscription(options.subscription, { flowControl: { maxMessages: 2000 } });
  let pending: Array<{ message: Message; row: LoggedObservation | null }> = [];

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const rows = batch.flatMap((b) => (b.row ? [b.row] : []));
    try {
      if (rows.length > 0) await options.sql`insert into canopy.route_observations ${options.sql(rows)} on conflict (log_insert_id) where log_insert_id is not null do nothing`;
      for (const b of batch) b.message.ack();
    } catch (error) {
      log.warning('request-log observations could not be stored; Pub/Sub redelivers them', { error: String(error), entries: batch.length });
      for (const b of batch) b.message.nack();
    }
  };
  subscription.on('message', (message: Message) => {
    let data: unknown = null;
    try {
      data = JSON.parse(message.data.toString('utf8'));
    } catch {
      // not JSON: dropped below
    }
    pending.push({ message, row: read(data) });
  });
  subscription.on('error', (error: Error) => log.error('request-log subscription failed', { error: error.message }));
  const timer = setInterval(() => void flush(), options.flushMs ?? 1000);
  return {
    async stop() {
      clearInterval(timer);
      await subscription.close();
      await flush();
      await pubsub.close();
    },
  };
}
