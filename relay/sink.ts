import type { OutboxRow } from './outbox.ts';

/** Where the relay delivers outbox rows: Pub/Sub, or straight to the consumer over HTTP. */
export interface Sink {
  /** Delivers one message, or throws an Error whose message says briefly why not. */
  deliver(row: OutboxRow): Promise<void>;
  /** When a failed message is tried again, and when it is given up on. */
  retry: RetryPolicy;
  close(): Promise<void>;
}

/** Exponential backoff between attempts, as a Pub/Sub subscription's retry policy. */
export interface RetryPolicy {
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Deliveries before a message is dead-lettered; null where Pub/Sub itself dead-letters. */
  maxAttempts: number | null;
}

/** The pause after the `attempt`-th failed delivery (1-based). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** (attempt - 1));
}
