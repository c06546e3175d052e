/** Number formatting shared by the terminal summary and the HTML report. */

/** Requests per second: no decimals from 100 up. */
export function rps(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/** Milliseconds with three significant digits (0.412, 4.12, 41.2, 412). */
export function ms(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** A ratio as "3.41x". */
export function times(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}x`;
}

/** A count with thousands separators. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function mib(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
}

export function percent(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return `${value.toFixed(1)} %`;
}

export function kib(bytes: number | null | undefined): string {
  return bytes == null ? '–' : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A median with its interval, "3.41x [2.90, 3.70]", in any of the formats above. */
export function spread(interval: { median: number; low: number; high: number } | null | undefined, format: (value: number) => string): string {
  if (!interval || !Number.isFinite(interval.median)) return '–';
  return `${format(interval.median)} [${format(interval.low)}, ${format(interval.high)}]`;
}
