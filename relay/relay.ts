import type { Sql } from '../shared/db.ts';
import { log } from '../shared/log.ts';
import { claimDue, markFailed, markPublished } from './outbox.ts';
import { backoffMs, type Sink } from './sink.ts';

export interface RelayOptions {
  sql: Sql;
  sink: Sink;
  /** Rows per transaction: small, so locks are short and concurrent relays share the work. */
  batchSize: number;
  /** How often to look without a NOTIFY (retries that became due, a missed notification). */
  pollMs: number;
}

export interface Relay {
  /** Runs until stop(): woken by each committed outbox insert, and every pollMs. */
  start(): Promise<void>;
  /** Finishes the batch in hand, then stops listening (the sink stays open: its owner closes it). */
  stop(): Promise<void>;
  /** When the last batch ended, for health checks. */
  lastRunAt(): number;
}

const NOTIFY_CHANNEL = 'canopy_outbox';

/**
 * The outbox relay: at least once, never losing an event. Rows stay locked
 * (SELECT ... FOR UPDATE SKIP LOCKED) from claim to mark in one transaction, so
 * a relay that dies after delivering and before committing leaves them
 * pending and they are delivered again (the consumer dedupes on the event id),
 * while concurrent relays never claim the same row.
 */
export function createRelay(options: RelayOptions): Relay {
  const { sql, sink, batchSize, pollMs } = options;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  // A NOTIFY that came while a batch was out: look again at once.
  let notified = false;
  let unlisten: (() => Promise<void>) | undefined;
  let lastRun = Date.now();

  /** Delivers one batch; returns how many rows it claimed. */
  async function runOnce(): Promise<number> {
    const claimed = await sql.begin(async (transaction) => {
      const tx = transaction as unknown as Sql;
      const rows = await claimDue(tx, batchSize);
      // At most one row per ordering key is claimed, so the batch can go out at once.
      const results = await Promise.allSettled(rows.map((row) => sink.deliver(row)));
      await markPublished(tx, rows.filter((_, i) => results[i]!.status === 'fulfilled').map((row) => row.id));
      for (const [i, row] of rows.entries()) {
        const result = results[i]!;
        if (result.status === 'fulfilled') continue;
        const error = (result.reason as Error).message;
        const attempt = row.attempts + 1;
        const deadLetter = sink.retry.maxAttempts !== null && attempt >= sink.retry.maxAttempts;
        await markFailed(tx, row.id, error, backoffMs(sink.retry, attempt), deadLetter);
        const fields = { event_id: row.event_id, topic: row.topic, attempt, error };
        if (deadLetter) log.error('event dead-lettered: delivery attempts exhausted', fields);
        else log.warning('event delivery failed: will retry', fields);
      }
      return rows.length;
    });
    lastRun = Date.now();
    return claimed;
  }

  async function run(): Promise<void> {
    while (running) {
      let claimed = 0;
      notified = false;
      try {
        claimed = await runOnce();
      } catch (error) {
        log.warning('relay batch failed: will retry', { error: String(error) });
      }
      // A full batch means more are waiting; otherwise sleep until notified or the poll.
      if (running && claimed < batchSize && !notified) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  }

  return {
    lastRunAt: () => lastRun,
    async start() {
      running = true;
      const listener = await sql.listen(NOTIFY_CHANNEL, () => {
        notified = true;
        wake?.();
      });
      unlisten = listener.unlisten;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await unlisten?.();
    },
  };
}
