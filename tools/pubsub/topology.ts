import type { PubSub } from '@google-cloud/pubsub';

export interface PushTopologyOptions {
  /** The topic; its dead-letter topic and subscriptions are named after it, as infra/modules/pubsub names them. */
  topic: string;
  pushEndpoint: string;
  /** Deliveries before a message goes to the dead-letter topic (the module's 5). */
  maxDeliveryAttempts?: number;
  ackDeadlineSeconds?: number;
  /**
   * Redelivery backoff. Production has 10 s to 600 s with ordering on; both
   * stay off by default here because the emulator (0.8.x) mishandles them:
   * with a retry policy a message that keeps failing is sometimes never
   * redelivered nor dead-lettered, and with ordering one that exhausts its
   * attempts is never dead-lettered and blocks its key. Without either, it
   * redelivers a failed push after about a second.
   */
  retry?: { minimumBackoffSeconds: number; maximumBackoffSeconds: number };
  ordering?: boolean;
}

/** The names infra/modules/pubsub gives a topic's resources. */
export interface PushTopology {
  topic: string;
  deadLetterTopic: string;
  pushSubscription: string;
  deadLetterSubscription: string;
}

/** The names for `topic`. */
export function pushTopologyNames(topic: string): PushTopology {
  return { topic, deadLetterTopic: `${topic}-dead-letter`, pushSubscription: `${topic}-push`, deadLetterSubscription: `${topic}-dead-letter` };
}

/**
 * Creates what infra/modules/pubsub provisions for one topic: the topic, its
 * dead-letter topic with a pull subscription where dead letters wait, and the
 * push subscription to the consumer with its dead-letter policy.
 */
export async function createPushTopology(pubsub: PubSub, options: PushTopologyOptions): Promise<PushTopology> {
  const names = pushTopologyNames(options.topic);
  const [topic] = await pubsub.createTopic(names.topic);
  const [deadLetterTopic] = await pubsub.createTopic(names.deadLetterTopic);
  await deadLetterTopic.createSubscription(names.deadLetterSubscription, { ackDeadlineSeconds: 60 });
  await topic.createSubscription(names.pushSubscription, {
    pushConfig: { pushEndpoint: options.pushEndpoint },
    ackDeadlineSeconds: options.ackDeadlineSeconds ?? 60,
    deadLetterPolicy: { deadLetterTopic: deadLetterTopic.name, maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5 },
    enableMessageOrdering: options.ordering ?? false,
    ...(options.retry && {
      retryPolicy: {
        minimumBackoff: { seconds: options.retry.minimumBackoffSeconds },
        maximumBackoff: { seconds: options.retry.maximumBackoffSeconds },
      },
    }),
  });
  return names;
}
