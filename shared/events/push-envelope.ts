import * as z from 'zod/mini';

/**
 * The body Pub/Sub push POSTs to a subscriber (and the relay's HTTP fallback
 * sends in its place). deliveryAttempt is there only when the subscription has
 * a dead-letter policy, and the emulator leaves it out even then.
 */
export const pushEnvelopeSchema = z.object({
  message: z.object({
    data: z.base64(),
    attributes: z.optional(z.record(z.string(), z.string())),
    messageId: z.string().check(z.minLength(1)),
    publishTime: z.optional(z.string()),
    orderingKey: z.optional(z.string()),
  }),
  subscription: z.string(),
  deliveryAttempt: z.optional(z.number().check(z.int(), z.positive())),
});

export type PushEnvelope = z.infer<typeof pushEnvelopeSchema>;

/** What a push carries besides its envelope fields. */
export interface PushedMessage {
  data: string;
  attributes: Record<string, string>;
  messageId: string;
  publishTime: string;
  orderingKey: string;
}

/** The envelope as Pub/Sub writes it: messageId and publishTime have snake_case twins. */
export type PushBody = PushEnvelope & { message: { message_id: string; publish_time: string } };

/** A push envelope as Pub/Sub writes it. */
export function pushEnvelope(message: PushedMessage, subscription: string, deliveryAttempt: number): PushBody {
  return {
    message: {
      data: Buffer.from(message.data, 'utf8').toString('base64'),
      attributes: message.attributes,
      messageId: message.messageId,
      message_id: message.messageId,
      publishTime: message.publishTime,
      publish_time: message.publishTime,
      orderingKey: message.orderingKey,
    },
    subscription,
    deliveryAttempt,
  };
}
