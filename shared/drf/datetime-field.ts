import { djangoAtLeast } from '../django/monolith-settings.ts';
import { isoOffset, makeAware, offsetAt, TIME_ZONE } from '../django/time-zone.ts';
import { fromIsoFormat } from '../python/isoformat.ts';
import { PY_DIGIT as D, pyInt } from '../python/str.ts';
import { fail, makeField, type AlwaysPresent, type Field, type FieldOptions, type Nullable } from './serializer-fields.ts';

// serializers.DateTimeField with DRF's default input format ('iso-8601', parsed by Django's
// django.utils.dateparse.parse_datetime: from 4.0 Python's datetime.fromisoformat first, then the
// regular expression) under the monolith's USE_TZ=True and its TIME_ZONE (the build refuses USE_TZ=False).
// DRF's 'Expected a datetime but got a date.' needs a Python date object as input, which JSON
// and forms cannot give, so it never occurs here.

/** An aware datetime. */
export interface DateTimeValue {
  /**
   * DRF's to_representation: isoformat() in TIME_ZONE with '+00:00' as 'Z' ('2026-01-05T08:00:00Z',
   * '...:00.250000+10:30'); a naive input keeps the wall time and offset make_aware gave it.
   */
  iso: string;
  /** Microseconds since 1970-01-01T00:00:00Z, for comparisons and arithmetic. */
  epochMicros: bigint;
}

const FROM_ISO_FORMAT_FIRST = djangoAtLeast(4, 0);

// dateparse.datetime_re (Django 4.0+ allows whitespace before the zone: Python's \s); Python's '$'
// also matches before a final newline.
const DATETIME_RE = new RegExp(
  `^(${D}{4})-(${D}{1,2})-(${D}{1,2})[T ](${D}{1,2}):(${D}{1,2})` +
    `(?::(${D}{1,2})(?:[.,](${D}{1,6})${D}{0,6})?)?${FROM_ISO_FORMAT_FIRST ? '[\\s\\x1c-\\x1f]*' : ''}(Z|[+-]${D}{2}(?::?${D}{2})?)?\\n?$`,
  'u',
);

const INVALID = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
const MAKE_AWARE = `Invalid datetime for the timezone "${TIME_ZONE}".`;
const MICROS_PER_DAY = 86_400_000_000n;
// datetime.min and datetime.max + 1 microsecond (0001-01-01, 10000-01-01) in epoch microseconds.
const MIN_MICROS = -62135596800000000n;
const END_MICROS = 253402300800000000n;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The date of a day number (civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - Math.floor((153 * mp + 2) / 5) + 1];
}

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/** isoformat() of a wall-clock time given as if it were UTC microseconds, without its offset. */
function wallText(wallMicros: bigint): string {
  const days = wallMicros >= 0n ? wallMicros / MICROS_PER_DAY : -((-wallMicros + MICROS_PER_DAY - 1n) / MICROS_PER_DAY);
  const inDay = wallMicros - days * MICROS_PER_DAY;
  const [year, month, day] = civilFromDays(Number(days));
  const seconds = Number(inDay / 1_000_000n);
  const micros = Number(inDay % 1_000_000n);
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}${micros ? `.${pad(micros, 6)}` : ''}`;
}

const outOfRange = (micros: bigint) => micros < MIN_MICROS || micros >= END_MICROS;

/** A DateTimeValue from epoch microseconds (its wall time in TIME_ZONE within datetime's range). */
export function dateTimeFromMicros(epochMicros: bigint): DateTimeValue {
  const offset = offsetAt(epochMicros);
  return { iso: wallText(epochMicros + BigInt(offset) * 1_000_000n) + isoOffset(offset), epochMicros };
}

/**
 * DRF's enforce_timezone: an aware value moved into TIME_ZONE ('overflow' where its wall time there
 * leaves datetime's range), a naive one made aware in it ('make_aware' where pytz refuses it; a
 * naive value whose instant leaves the range is 'overflow' here, an OverflowError and 500 in Django).
 */
function enforceTimezone(localMicros: bigint, offsetMicros: bigint | null): DateTimeValue | 'overflow' | 'make_aware' {
  if (offsetMicros !== null) {
    const epochMicros = localMicros - offsetMicros;
    if (outOfRange(epochMicros)) return 'overflow';
    const value = dateTimeFromMicros(epochMicros);
    return outOfRange(epochMicros + BigInt(offsetAt(epochMicros)) * 1_000_000n) ? 'overflow' : value;
  }
  const aware = makeAware(localMicros);
  if (!aware) return 'make_aware';
  if (outOfRange(aware.epochMicros)) return 'overflow';
  return { iso: wallText(localMicros) + isoOffset(aware.offset), epochMicros: aware.epochMicros };
}

/**
 * parse_datetime: the wall-clock time as if it were UTC (epoch microseconds) and the offset it
 * carries (null when naive), or 'invalid' where Django returns None or raises ValueError (no match,
 * out-of-range parts, an offset of 24 hours or more).
 */
function parseDateTime(text: string): { localMicros: bigint; offsetMicros: bigint | null } | 'invalid' {
  const iso = FROM_ISO_FORMAT_FIRST ? fromIsoFormat(text) : null;
  if (iso) {
    const local = BigInt(((daysFromCivil(iso.year, iso.month, iso.day) * 24 + iso.hour) * 60 + iso.minute) * 60 + iso.second) * 1_000_000n + BigInt(iso.microsecond);
    return { localMicros: local, offsetMicros: iso.offsetMicros ?? null };
  }
  const match = DATETIME_RE.exec(text);
  if (!match) return 'invalid';
  const int = (part: string | undefined) => Number(pyInt(part ?? '0'));
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => int(match[i])) as [number, number, number, number, number, number];
  const micro = match[7] ? int(Array.from(match[7]).concat(Array(6).fill('0')).slice(0, 6).join('')) : 0;
  const zone = match[8] ? Array.from(match[8]) : null;
  let offset: number | null = null;
  if (zone) {
    offset = zone[0] === 'Z' ? 0 : 60 * int(zone.slice(1, 3).join('')) + (zone.length > 3 ? int(zone.slice(-2).join('')) : 0);
    if (zone[0] === '-') offset = -offset;
    if (Math.abs(offset) >= 1440) return 'invalid';
  }
  const monthDays = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]! || hour > 23 || minute > 59 || second > 59) {
    return 'invalid';
  }
  const seconds = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
  return { localMicros: BigInt(seconds) * 1_000_000n + BigInt(micro), offsetMicros: offset === null ? null : BigInt(offset) * 60_000_000n };
}

/** serializers.DateTimeField(): ISO 8601 in, an aware DateTimeValue out. */
export function dateTimeField<N extends string, const O extends FieldOptions<DateTimeValue> = {}>(
  name: N,
  options: O = {} as O,
): Field<N, Nullable<DateTimeValue, O>, AlwaysPresent<O>> {
  return makeField(name, options, {
    schema: { type: 'string', format: 'date-time' },
    toInternalValue(data) {
      // parse_datetime(non-str) raises TypeError, which DRF reports as the wrong format.
      const parsed = typeof data === 'string' ? parseDateTime(data) : 'invalid';
      if (parsed === 'invalid') return fail(INVALID);
      const value = enforceTimezone(parsed.localMicros, parsed.offsetMicros);
      if (value === 'overflow') return fail('Datetime value out of range.');
      if (value === 'make_aware') return fail(MAKE_AWARE);
      return { value };
    },
  });
}
