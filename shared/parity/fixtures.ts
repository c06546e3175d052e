// Test support: answers shaped as the reference monolith sends them (Django 3.2, DRF 3.14, gunicorn).
import type { ObservedAnswer } from './types.ts';

/** One order as DRF's OrderSerializer renders it: decimals as strings, datetimes with microseconds. */
export function order(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    customer: 2,
    site: 4 + (id % 3),
    product: ['diesel', 'petrol', 'adblue', 'ev_charge'][id % 4],
    quantity: `${1000 + id}.500`,
    window_start: '2024-05-02T06:00:00Z',
    window_end: '2024-05-02T10:00:00Z',
    status: 'confirmed',
    paid_at: id % 2 ? null : '2024-05-01T12:30:05.118204Z',
    created_at: `2024-05-01T09:13:${String(id % 60).padStart(2, '0')}.482913Z`,
    updated_at: '2024-05-01T09:14:02.004417Z',
    ...overrides,
  };
}

/** Page 2 of GET /api/orders/ (PageNumberPagination, PAGE_SIZE 20): ids 580 down to 561. */
export function ordersPage(results = Array.from({ length: 20 }, (_, i) => order(580 - i))): { count: number; next: string | null; previous: string | null; results: Array<Record<string, unknown>> } {
  return {
    count: 600,
    next: 'http://testserver/api/orders/?page=3',
    previous: 'http://testserver/api/orders/',
    results,
  };
}

/** A JSON answer with the headers Django's middleware chain, DRF and gunicorn put on it. */
export function drfAnswer(body: unknown, options: { status?: number; headers?: Array<[string, string]> } = {}): ObservedAnswer {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return {
    status: options.status ?? 200,
    headers: [
      ['Server', 'gunicorn'],
      ['Date', 'Wed, 01 May 2024 09:20:11 GMT'],
      ['Connection', 'close'],
      ['Content-Type', 'application/json'],
      ['Vary', 'Accept, Cookie'],
      ['Allow', 'GET, POST, HEAD, OPTIONS'],
      ['X-Frame-Options', 'DENY'],
      ['Content-Length', String(bytes.length)],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'same-origin'],
      ...(options.headers ?? []),
    ],
    body: bytes,
  };
}
