import { createHmac, timingSafeEqual } from 'node:crypto';
import { pyInt, pyStrip } from '../../shared/python/str.ts';
import { DjangoPageError } from '../../shared/drf/querydict.ts';
import { serverError } from '../../shared/http/django-pages.ts';

// The monolith's payments/signature.py: `Payment-Signature: t=<unix seconds>,v1=<hex hmac-sha256>`,
// the HMAC keyed with the webhook secret over b"<t>." + the raw body.

/** Where Python raises (ValueError, OverflowError): Django's 500 page, with its middleware's headers. */
const pythonRaised = () => new DjangoPageError(serverError(), false);

/** settings.PAYMENTS_WEBHOOK_TOLERANCE: seconds either way. */
export const TOLERANCE_SECONDS = 300;

/** The details the monolith answers 400 with, in the order it checks. */
export const SIGNATURE_ERRORS = {
  malformed: 'Missing or malformed signature header.',
  invalid: 'Invalid signature.',
  stale: 'Signature timestamp outside tolerance.',
} as const;

/** sign(): hex HMAC-SHA256 of "<timestamp>." + body; the timestamp as Python formats the int (no leading zeros). */
export function sign(secret: string, timestamp: bigint, body: Uint8Array): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.`).update(body).digest('hex');
}

// str.isdigit() on a header, which gunicorn decodes as latin-1: ASCII digits and ¹ ² ³.
const PY_ISDIGIT_LATIN1 = /^[0-9\u00b2\u00b3\u00b9]+$/;

/** parse_header(): the timestamp and the v1 candidates, or null where the header is malformed. */
export function parseHeader(header: string | undefined): { timestamp: bigint; signatures: string[] } | null {
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const item of (header ?? '').split(',')) {
    const stripped = pyStrip(item);
    const eq = stripped.indexOf('=');
    if (eq < 0) continue;
    const [key, value] = [stripped.slice(0, eq), stripped.slice(eq + 1)];
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null || !PY_ISDIGIT_LATIN1.test(timestamp) || signatures.length === 0) return null;
  // isdigit() lets superscripts and over-long numbers through, which int() then refuses.
  const value = pyInt(timestamp);
  if (value === null) throw pythonRaised();
  return { timestamp: value, signatures };
}

/** hmac.compare_digest(expected, candidate.encode()): constant time for candidates of the right length. */
function digestEquals(expected: Buffer, candidate: string): boolean {
  const bytes = Buffer.from(candidate, 'utf8');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/**
 * verify(): null when the header signs `body` within the tolerance of `nowSeconds`, else the
 * detail of the monolith's 400.
 */
export function verify(header: string | undefined, body: Uint8Array, secret: string, nowSeconds: number): string | null {
  const parsed = parseHeader(header);
  if (!parsed) return SIGNATURE_ERRORS.malformed;
  const expected = Buffer.from(sign(secret, parsed.timestamp, body), 'ascii');
  if (!parsed.signatures.some((candidate) => digestEquals(expected, candidate))) return SIGNATURE_ERRORS.invalid;
  // time.time() - timestamp converts the int to a float.
  const seconds = Number(parsed.timestamp);
  if (!Number.isFinite(seconds)) throw pythonRaised();
  return Math.abs(nowSeconds - seconds) > TOLERANCE_SECONDS ? SIGNATURE_ERRORS.stale : null;
}
