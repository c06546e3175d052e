import { dateTimeFromMicros } from './datetime-field.ts';

const PG_TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:\+00(?::00)?|Z)$/;

function pgParts(pgText: string): [date: string, time: string, micros: string] {
  const m = PG_TIMESTAMPTZ.exec(pgText);
  if (!m) throw new Error(`unexpected timestamptz text: ${pgText}`);
  return [m[1]!, m[2]!, (m[3] ?? '').padEnd(6, '0')];
}

/**
 * A PostgreSQL timestamptz (text form, session TimeZone UTC) as isoformat() of the UTC datetime,
 * microseconds only when non-zero, '+00:00' as 'Z'.
 */
export function utcIsoformat(pgText: string): string {
  const [date, time, micros] = pgParts(pgText);
  return `${date}T${time}${micros === '000000' ? '' : `.${micros}`}Z`;
}

/**
 * Renders a PostgreSQL timestamptz (text form, session TimeZone UTC) as DRF's
 * DateTimeField does: isoformat() in the monolith's TIME_ZONE, microseconds only
 * when non-zero, '+00:00' as 'Z'.
 */
export function renderDateTime(pgText: string): string;
export function renderDateTime(pgText: string | null): string | null;
export function renderDateTime(pgText: string | null): string | null {
  if (pgText === null) return null;
  const [date, time, micros] = pgParts(pgText);
  return dateTimeFromMicros(BigInt(Date.parse(`${date}T${time}Z`)) * 1000n + BigInt(micros)).iso;
}
