/**
 * Renders a PostgreSQL timestamptz (text form, session TimeZone UTC) as DRF's
 * DateTimeField does: isoformat(), microseconds only when non-zero, '+00:00' as 'Z'.
 */
export function renderDateTime(pgText: string): string;
export function renderDateTime(pgText: string | null): string | null;
export function renderDateTime(pgText: string | null): string | null {
  if (pgText === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:\+00(?::00)?|Z)$/.exec(pgText);
  if (!m) throw new Error(`unexpected timestamptz text: ${pgText}`);
  const fraction = m[3] ? `.${m[3].padEnd(6, '0')}` : '';
  return `${m[1]}T${m[2]}${fraction}Z`;
}
