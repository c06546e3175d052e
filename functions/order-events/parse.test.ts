import { describe, expect, it } from 'vitest';
import { orderCreatedEvent } from '../../shared/events/order-created.ts';
import { pushEnvelope } from '../../shared/events/push-envelope.ts';
import { parsePush } from './parse.ts';

const event = orderCreatedEvent(
  { id: 7, customer_id: 3, site_id: 11, product: 'diesel', quantity: '12.50', window_start: '2026-01-05 08:00:00+00', window_end: '2026-01-05 12:00:00+00' },
  { postcode: 'SW1A 1AA' },
);
const message = { data: JSON.stringify(event), attributes: { event_id: event.event_id }, messageId: '42', publishTime: '2026-01-05T08:00:01.000Z', orderingKey: 'order-7' };
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parsePush', () => {
  it('reads only the event id and the delivery attempt from a push envelope', () => {
    expect(parsePush(body(pushEnvelope(message, 'projects/p/subscriptions/order-events-push', 3)))).toEqual({
      ok: true,
      eventId: event.event_id,
      messageId: '42',
      deliveryAttempt: 3,
    });
  });

  it('takes an envelope without deliveryAttempt, as the emulator sends it', () => {
    const { deliveryAttempt: _, ...envelope } = pushEnvelope(message, 's', 1);
    expect(parsePush(body(envelope))).toMatchObject({ ok: true, deliveryAttempt: undefined });
  });

  it('says why a body names no event', () => {
    const envelope = pushEnvelope(message, 's', 1);
    const withData = (data: string) => body({ ...envelope, message: { ...envelope.message, data } });
    expect(parsePush(body('{'))).toEqual({ ok: false, reason: 'not a push envelope ((root): Invalid input)' });
    expect(parsePush(body({ subscription: 's' }))).toMatchObject({ ok: false, reason: expect.stringContaining('message') });
    expect(parsePush(withData('***'))).toMatchObject({ ok: false, reason: expect.stringContaining('message.data') });
    expect(parsePush(withData(Buffer.from('not json').toString('base64')))).toEqual({ ok: false, reason: 'not an order event ((root): Invalid input)', messageId: '42' });
    expect(parsePush(withData(Buffer.from(JSON.stringify({ ...event, event_id: 'not-a-uuid' })).toString('base64')))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('event_id'),
    });
  });
});
