import * as z from 'zod/mini';
import { pushEnvelopeSchema } from '../../shared/events/push-envelope.ts';

/** A push body read: the event it names and its delivery, or why it names none (poison). */
export type ParsedPush =
  | { ok: true; eventId: string; messageId: string; deliveryAttempt: number | undefined }
  | { ok: false; reason: string; messageId?: string };

// Only the event id is read from a message: what to apply comes from the outbox row of that id.
const namedEventSchema = z.object({ event_id: z.uuid() });

/** Reads a Pub/Sub push body: the envelope, then the event id in its base64 data. */
export function parsePush(body: Buffer): ParsedPush {
  const envelope = z.safeParse(pushEnvelopeSchema, parseJson(body.toString('utf8')));
  if (!envelope.success) return { ok: false, reason: `not a push envelope (${describe(envelope.error)})` };
  const { message, deliveryAttempt } = envelope.data;
  const named = z.safeParse(namedEventSchema, parseJson(Buffer.from(message.data, 'base64').toString('utf8')));
  if (!named.success) return { ok: false, reason: `not an order event (${describe(named.error)})`, messageId: message.messageId };
  return { ok: true, eventId: named.data.event_id, messageId: message.messageId, deliveryAttempt };
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
