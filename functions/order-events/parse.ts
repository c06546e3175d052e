import * as z from 'zod/mini';
import { orderCreatedSchema, type OrderCreatedEvent } from '../../shared/events/order-created.ts';
import { pushEnvelopeSchema } from '../../shared/events/push-envelope.ts';

/** A push body read: the event and its delivery, or why it is not one (poison). */
export type ParsedPush =
  | { ok: true; event: OrderCreatedEvent; messageId: string; deliveryAttempt: number | undefined }
  | { ok: false; reason: string; messageId?: string };

/** Reads a Pub/Sub push body: the envelope, then the order event in its base64 data. */
export function parsePush(body: Buffer): ParsedPush {
  const envelope = z.safeParse(pushEnvelopeSchema, parseJson(body.toString('utf8')));
  if (!envelope.success) return { ok: false, reason: `not a push envelope (${describe(envelope.error)})` };
  const { message, deliveryAttempt } = envelope.data;
  const event = z.safeParse(orderCreatedSchema, parseJson(Buffer.from(message.data, 'base64').toString('utf8')));
  if (!event.success) return { ok: false, reason: `not an order event (${describe(event.error)})`, messageId: message.messageId };
  return { ok: true, event: event.data, messageId: message.messageId, deliveryAttempt };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
