import { ApiError, notAcceptable, notFound } from './errors.ts';

/**
 * DRF's DefaultContentNegotiation for a view whose only renderer is
 * JSONRenderer (the monolith's setting): `?format=` other than json is a 404,
 * an Accept header that admits no application/json is a 406.
 * Accept parameters such as `indent=` are not honoured (DRF would pretty-print).
 */
export function negotiateJson(accept: string | undefined, formatParam: string | null): ApiError | null {
  if (formatParam !== null && formatParam !== 'json') return notFound();
  if (!accept) return null;
  const ranges = accept.split(',').map((r) => r.split(';')[0]!.trim().toLowerCase()).filter(Boolean);
  if (ranges.length === 0) return null;
  const admits = ranges.some((range) => range === '*/*' || range === 'application/*' || range === 'application/json' || range === '*');
  return admits ? null : notAcceptable();
}
