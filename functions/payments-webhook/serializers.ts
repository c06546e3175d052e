import { validationError } from '../../shared/http/errors.ts';
import { decimalField } from '../../shared/drf/decimal-field.ts';
import type { PyJsonObject } from '../../shared/python/json-loads.ts';
import { charField, integerField, MESSAGES, type SerializerInput } from '../../shared/drf/serializer-fields.ts';
import { isValid, serializer, validatedData } from '../../shared/drf/serializers.ts';

// The monolith's payments/serializers.py.

/** WebhookEventSerializer: the envelope every provider event has. */
export const webhookEventSerializer = serializer([charField('id', { maxLength: 128 }), charField('type', { maxLength: 64 })]);

/** PaymentDataSerializer: `data` of a payment.succeeded event. */
export const paymentDataSerializer = serializer([
  integerField('order_id'),
  decimalField('amount', { maxDigits: 10, decimalPlaces: 2, minValue: '0.01' }),
  charField('currency', { minLength: 3, maxLength: 3 }),
]);

/** A validated payment.succeeded event; `amount` is the quantized decimal as text ('868.10'). */
export interface PaymentSucceeded {
  eventId: string;
  orderId: bigint;
  amount: string;
  currency: string;
}

/**
 * PaymentSucceededEventSerializer's `data = PaymentDataSerializer()`, a nested serializer field:
 * required and not null as a field, then the serializer's own errors nested under its name.
 */
async function paymentData(input: PyJsonObject) {
  if (!Object.hasOwn(input, 'data')) throw validationError({ data: [MESSAGES.required] });
  if (input.data === null) throw validationError({ data: [MESSAGES.null] });
  const result = await isValid(paymentDataSerializer, input.data!);
  if (!result.ok) throw validationError({ data: result.errors });
  return result.data;
}

/**
 * The view's two validations: the envelope (DRF's 400 otherwise), then, for a payment.succeeded
 * event, the whole event; null for any other type (the monolith ignores those).
 */
export async function readEvent(input: SerializerInput): Promise<PaymentSucceeded | null> {
  const envelope = await validatedData(webhookEventSerializer, input);
  if (envelope.type !== 'payment.succeeded') return null;
  // The envelope is valid, so the input is a dict; its id and type validate the same way again.
  const data = await paymentData(input as PyJsonObject);
  return { eventId: envelope.id, orderId: data.order_id, amount: data.amount, currency: data.currency };
}
