import { PubSub, type Topic } from '@google-cloud/pubsub';
import type { Sink, RetryPolicy } from './sink.ts';

/**
 * Publishes to Pub/Sub (the emulator at `apiEndpoint`) with the row's
 * ordering key. A publish that fails is retried by the relay with backoff,
 * never dead-lettered: Pub/Sub being away is not the message's fault, and
 * dead-lettering is the push subscription's job.
 */
export function pubsubSink(options: { projectId: string; apiEndpoint?: string; publishTimeoutMs: number; retry: RetryPolicy }): Sink {
  const pubsub = new PubSub({ projectId: options.projectId, apiEndpoint: options.apiEndpoint });
  const topics = new Map<string, Topic>();
  const topic = (name: string) => {
    let t = topics.get(name);
    if (!t) {
      t = pubsub.topic(name, { messageOrdering: true, batching: { maxMilliseconds: 5 }, gaxOpts: { retry: { backoffSettings: boundedRetries(options.publishTimeoutMs) } } });
      topics.set(name, t);
    }
    return t;
  };
  return {
    retry: options.retry,
    async deliver(row) {
      const t = topic(row.topic);
      try {
        await t.publishMessage({ data: Buffer.from(row.payload, 'utf8'), attributes: row.attributes, orderingKey: row.ordering_key });
      } catch (error) {
        // A failed publish pauses its ordering key in the client until resumed.
        t.resumePublishing(row.ordering_key);
        // gax appends every earlier attempt's error: the first sentence says it.
        throw new Error(`publish failed: ${(error as Error).message.split(' : Previous errors')[0]!.slice(0, 300)}`);
      }
    },
    close: () => pubsub.close(),
  };
}

/**
 * The client retries a publish for up to 600 s, and gaxOpts.timeout alone does
 * not bound a call waiting for a lost connection (seen: 8 to 25 s for 2 s). A
 * deadline on every attempt and on all of them fails a publish in time, so the
 * row's lock is released and the relay's own backoff takes over.
 */
function boundedRetries(timeoutMs: number) {
  return {
    initialRetryDelayMillis: 100,
    retryDelayMultiplier: 2,
    maxRetryDelayMillis: 1000,
    initialRpcTimeoutMillis: timeoutMs,
    rpcTimeoutMultiplier: 1,
    maxRpcTimeoutMillis: timeoutMs,
    totalTimeoutMillis: timeoutMs,
  };
}
