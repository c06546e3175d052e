import { v1, type PubSub } from '@google-cloud/pubsub';

/** A message taken off a dead-letter subscription. */
export interface DeadLetter {
  data: string;
  /** The original attributes (without the CloudPubSubDeadLetter* ones Pub/Sub adds). */
  attributes: Record<string, string>;
  /** How many deliveries Pub/Sub made before giving up. */
  deliveries: number;
  orderingKey: string;
}

const DEAD_LETTER_ATTRIBUTE = /^CloudPubSubDeadLetter/;

type Subscriber = InstanceType<typeof v1.SubscriberClient>;

/** Runs `work` with a synchronous-pull client for `subscription` (its full path). */
async function withSubscriber<T>(pubsub: PubSub, subscription: string, work: (client: Subscriber, path: string) => Promise<T>): Promise<T> {
  const client = new v1.SubscriberClient((await pubsub.getClientConfig()) as ConstructorParameters<typeof v1.SubscriberClient>[0]);
  try {
    return await work(client, client.subscriptionPath(pubsub.projectId, subscription));
  } finally {
    await client.close();
  }
}

/** Pulls what is waiting (returnImmediately: an empty answer rather than a wait). */
async function pull(client: Subscriber, path: string, max: number): Promise<{ letters: DeadLetter[]; ackIds: string[] }> {
  const [response] = await client.pull({ subscription: path, maxMessages: max, returnImmediately: true });
  const received = response.receivedMessages ?? [];
  return {
    ackIds: received.map((m) => m.ackId!),
    letters: received.map(({ message }) => ({
      data: Buffer.from(message?.data ?? '').toString('utf8'),
      attributes: Object.fromEntries(Object.entries(message?.attributes ?? {}).filter(([name]) => !DEAD_LETTER_ATTRIBUTE.test(name))),
      deliveries: Number(message?.attributes?.CloudPubSubDeadLetterSourceDeliveryCount ?? 0),
      orderingKey: message?.orderingKey ?? '',
    })),
  };
}

async function acknowledge(client: Subscriber, path: string, ackIds: string[]): Promise<void> {
  if (ackIds.length > 0) await client.acknowledge({ subscription: path, ackIds });
}

/** Reads up to `max` messages waiting on a dead-letter subscription and leaves them there. */
export function inspectDeadLetters(pubsub: PubSub, subscription: string, max = 100): Promise<DeadLetter[]> {
  return withSubscriber(pubsub, subscription, async (client, path) => {
    const { letters, ackIds } = await pull(client, path, max);
    // A zero deadline hands them straight back.
    if (ackIds.length > 0) await client.modifyAckDeadline({ subscription: path, ackIds, ackDeadlineSeconds: 0 });
    return letters;
  });
}

/** Removes up to `max` messages from a dead-letter subscription (poison nobody will replay); returns them. */
export function discardDeadLetters(pubsub: PubSub, subscription: string, max = 100): Promise<DeadLetter[]> {
  return withSubscriber(pubsub, subscription, async (client, path) => {
    const { letters, ackIds } = await pull(client, path, max);
    await acknowledge(client, path, ackIds);
    return letters;
  });
}

/**
 * Publishes dead letters back to `topic` (a fresh set of delivery attempts)
 * once their cause is fixed; each batch is acknowledged on the dead-letter
 * subscription only after it is republished. Returns how many moved.
 */
export function redrive(pubsub: PubSub, names: { topic: string; deadLetterSubscription: string }): Promise<number> {
  const topic = pubsub.topic(names.topic, { messageOrdering: true });
  return withSubscriber(pubsub, names.deadLetterSubscription, async (client, path) => {
    let moved = 0;
    for (;;) {
      const { letters, ackIds } = await pull(client, path, 100);
      if (letters.length === 0) return moved;
      await Promise.all(
        letters.map((letter) =>
          topic.publishMessage({ data: Buffer.from(letter.data, 'utf8'), attributes: letter.attributes, orderingKey: letter.orderingKey || undefined }),
        ),
      );
      await acknowledge(client, path, ackIds);
      moved += letters.length;
    }
  });
}
