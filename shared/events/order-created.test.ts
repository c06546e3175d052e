import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import { orderCreatedEvent, orderCreatedSchema, pythonIsoformat } from './order-created.ts';

// PostgreSQL's timestamptz text in a UTC session, and JavaScript's toISOString().
const TIMESTAMPS = [
  '2026-01-05 08:00:00+00',
  '2026-01-05 08:00:00.25+00',
  '2026-01-05 08:00:00.000005+00',
  '2026-01-05 12:30:00.5+00',
  '2026-12-31 23:59:59.999999+00',
  '2026-01-05T08:00:00.000Z',
  '2026-01-05T08:00:00.123Z',
  '2026-01-05T07:59:59.120Z',
];

// What Python 3.11 prints for each: datetime.fromisoformat(text).isoformat().
const PYTHON = runDjango<Record<string, string>>(
  `
  from datetime import datetime
  print(json.dumps({text: datetime.fromisoformat(text).isoformat() for text in INPUT}))
  `,
  TIMESTAMPS,
);

describe('pythonIsoformat', () => {
  it.each(TIMESTAMPS)("renders %s as Python's datetime.isoformat() does: microseconds only when non-zero", (text) => {
    expect(pythonIsoformat(text)).toBe(PYTHON[text]);
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
      created_at: PYTHON['2026-01-05T07:59:59.120Z'],
      order_id: 7,
      customer_id: 3,
      site_id: 11,
      postcode: 'SW1A 1AA',
      product: 'ev_charge',
      quantity: '50000.00',
      window_start: PYTHON[order.window_start],
      window_end: PYTHON[order.window_end],
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
