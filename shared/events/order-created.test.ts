import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { orderCreatedEvent, orderCreatedSchema, pythonIsoformat } from './order-created.ts';

describe('pythonIsoformat', () => {
  it('renders UTC timestamps as datetime.isoformat() does: microseconds only when non-zero', () => {
    // Expected values printed by Python 3.11's datetime.isoformat().
    expect(pythonIsoformat('2026-01-05 08:00:00+00')).toBe('2026-01-05T08:00:00+00:00');
    expect(pythonIsoformat('2026-01-05 08:00:00.25+00')).toBe('2026-01-05T08:00:00.250000+00:00');
    expect(pythonIsoformat('2026-01-05 08:00:00.000005+00')).toBe('2026-01-05T08:00:00.000005+00:00');
    expect(pythonIsoformat('2026-01-05T08:00:00.000Z')).toBe('2026-01-05T08:00:00+00:00');
    expect(pythonIsoformat('2026-01-05T08:00:00.123Z')).toBe('2026-01-05T08:00:00.123000+00:00');
  });

  it('refuses a timestamp that is not in UTC', () => {
    expect(() => pythonIsoformat('2026-01-05 08:00:00+01')).toThrow(/unexpected timestamptz/);
  });
});

describe('orderCreatedEvent', () => {
  const order = { id: 7, customer_id: 3, site_id: 11, product: 'ev_charge', quantity: '50000.00', window_start: '2026-01-05 08:00:00+00', window_end: '2026-01-05 12:30:00.5+00' };

  it('carries what the signal used, rendered as the monolith rendered it, with a new event id', () => {
    const event = orderCreatedEvent(order, { postcode: 'SW1A 1AA' }, new Date('2026-01-05T07:59:59.120Z'));
    expect(event).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_type: 'order.created',
      created_at: '2026-01-05T07:59:59.120000+00:00',
      order_id: 7,
      customer_id: 3,
      site_id: 11,
      postcode: 'SW1A 1AA',
      product: 'ev_charge',
      quantity: '50000.00',
      window_start: '2026-01-05T08:00:00+00:00',
      window_end: '2026-01-05T12:30:00.500000+00:00',
    });
    expect(z.safeParse(orderCreatedSchema, event).success).toBe(true);
    expect(orderCreatedEvent(order, { postcode: '' }).event_id).not.toBe(event.event_id);
  });

  it('is what the consumer accepts, and nothing looser', () => {
    const event = orderCreatedEvent(order, { postcode: 'SW1A 1AA' });
    for (const broken of [
      { ...event, event_id: 'not-a-uuid' },
      { ...event, event_type: 'order.paid' },
      { ...event, order_id: '7' },
      { ...event, quantity: '12,50' },
      { ...event, window_start: '2026-01-05T08:00:00Z' },
      { ...event, window_end: '2026-01-05T08:00:00.000000+00:00' },
    ]) {
      expect(z.safeParse(orderCreatedSchema, broken).success, JSON.stringify(broken)).toBe(false);
    }
  });
});
