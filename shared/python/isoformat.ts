// Python 3.11's datetime.fromisoformat, as CPython's C implementation (_datetimemodule.c) parses:
// what Django 4.0+'s parse_datetime tries first. ASCII digits only; the date/time separator may be
// any character; week dates (2026-W48-2); HH[:MM[:SS[.f+]]] with or without colons; Z or an offset
// of HH[:MM[:SS[.f+]]]. Null where Python raises ValueError.

/** The parts of the datetime fromisoformat returns; offsetSeconds null for a naive one. */
export interface IsoDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** The UTC offset in microseconds (sign included), null when naive. */
  offsetMicros: bigint | null;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

// parse_digits: exactly `n` ASCII digits at `pos`, or null.
function digits(text: string, pos: number, n: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = text[pos + i];
    if (!isDigit(c)) return null;
    value = value * 10 + Number(c);
  }
  return [value, pos + n];
}

// _find_isoformat_datetime_separator.
function separatorAt(s: string): number {
  const len = s.length;
  if (len === 7) return 7;
  if (s[4] === '-') {
    if (s[5] === 'W') {
      if (len > 8 && s[8] === '-') {
        if (len === 9) return -1;
        if (len > 10 && isDigit(s[10])) return 8;
        return 10;
      }
      return 8;
    }
    return 10;
  }
  if (s[4] === 'W') {
    let idx = 7;
    while (idx < len && isDigit(s[idx])) idx++;
    if (idx < 9) return idx;
    return idx % 2 === 0 ? 7 : 8;
  }
  return 8;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const monthDays = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
// Days before year y's January 1st (proleptic Gregorian, day 1 = 0001-01-01), as Python's _days_before_year.
const daysBeforeYear = (y: number) => (y - 1) * 365 + Math.floor((y - 1) / 4) - Math.floor((y - 1) / 100) + Math.floor((y - 1) / 400);

// iso_to_ymd: a week date to a calendar date.
function isoToYmd(year: number, week: number, day: number): [number, number, number] | null {
  if (year < 1 || year > 9999) return null;
  if (week <= 0 || week >= 53) {
    const firstWeekday = (daysBeforeYear(year) + 1) % 7;
    if (!(week === 53 && (firstWeekday === 4 || (firstWeekday === 3 && isLeap(year))))) return null;
  }
  if (day <= 0 || day >= 8) return null;
  // The ordinal of week 1's Monday, then the offset into it.
  const jan1 = daysBeforeYear(year) + 1;
  const jan1Weekday = (jan1 + 6) % 7;
  let week1Monday = jan1 - jan1Weekday;
  if (jan1Weekday > 3) week1Monday += 7;
  let ordinal = week1Monday + (week - 1) * 7 + (day - 1);
  let y = 1;
  while (daysBeforeYear(y + 400) < ordinal) y += 400;
  while (daysBeforeYear(y + 1) < ordinal) y++;
  ordinal -= daysBeforeYear(y);
  let m = 1;
  while (ordinal > monthDays(y, m)) ordinal -= monthDays(y, m++);
  return [y, m, ordinal];
}

// parse_isoformat_date: the date before the separator (trailing characters are not checked, as in C).
function parseDate(s: string, len: number): [number, number, number] | null {
  const year = digits(s, 0, 4);
  if (!year) return null;
  let pos = year[1];
  const dash = s[pos] === '-';
  if (dash) pos++;
  if (s[pos] === 'W') {
    const week = digits(s, pos + 1, 2);
    if (!week) return null;
    pos = week[1];
    let weekday = 1;
    if (pos < len) {
      if (dash && s[pos++] !== '-') return null;
      const d = digits(s, pos, 1);
      if (!d) return null;
      weekday = d[0];
    }
    return isoToYmd(year[0], week[0], weekday);
  }
  const month = digits(s, pos, 2);
  if (!month) return null;
  pos = month[1];
  if (dash && s[pos++] !== '-') return null;
  const day = digits(s, pos, 2);
  return day ? [year[0], month[0], day[0]] : null;
}

// parse_hh_mm_ss_ff over s[start, end): [h, m, s, us] and whether characters are left before the
// string's real end (C's return value 1), or null (C's negative return).
function parseTime(s: string, start: number, end: number): { values: [number, number, number, number]; more: boolean } | null {
  const values: [number, number, number, number] = [0, 0, 0, 0];
  let pos = start;
  let colons = true;
  for (let i = 0; i < 3; i++) {
    const part = digits(s, pos, 2);
    if (!part) return null;
    values[i] = part[0];
    pos = part[1];
    const c = s[pos++];
    if (i === 0) colons = c === ':';
    if (pos >= end) return { values, more: c !== undefined };
    if (colons && c === ':') continue;
    if (c === '.' || c === ',') break;
    if (!colons) pos--;
    else return null;
  }
  const toParse = Math.min(end - pos, 6);
  const micro = digits(s, pos, toParse);
  if (!micro) return null;
  values[3] = micro[0] * 10 ** (6 - toParse);
  pos = micro[1];
  while (isDigit(s[pos])) pos++;
  return { values, more: s[pos] !== undefined };
}

/** datetime.fromisoformat(text), or null where it raises ValueError. */
export function fromIsoFormat(text: string): IsoDateTime | null {
  // _sanitize_isoformat_str: a non-ASCII separator (the code point at 10) becomes 'T'; any other
  // non-ASCII character, read as UTF-8 bytes, breaks the digits around it.
  const codePoints = [...text];
  if (codePoints.length > 10 && codePoints[10]!.codePointAt(0)! > 0x7f) codePoints[10] = 'T';
  const s = codePoints.join('');
  if (!/^[\x00-\x7f]*$/.test(s)) return null;
  const sep = separatorAt(s);
  if (sep < 0) return null;
  const date = parseDate(s, sep);
  if (!date) return null;
  const [year, month, day] = date;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month)) return null;
  const result: IsoDateTime = { year, month, day, hour: 0, minute: 0, second: 0, microsecond: 0, offsetMicros: null };
  if (s.length <= sep) return result;
  const start = sep + 1;
  let tz = start;
  while (tz < s.length && s[tz] !== 'Z' && s[tz] !== '+' && s[tz] !== '-') tz++;
  const time = parseTime(s, start, tz);
  // Without a zone, anything left after the time is an error.
  if (!time || (tz === s.length && time.more)) return null;
  [result.hour, result.minute, result.second, result.microsecond] = time.values;
  if (result.hour > 23 || result.minute > 59 || result.second > 59) return null;
  if (tz === s.length) return result;
  if (s[tz] === 'Z') return tz + 1 === s.length ? { ...result, offsetMicros: 0n } : null;
  const offset = parseTime(s, tz + 1, s.length);
  if (!offset || offset.more) return null;
  const [oh, om, os, ous] = offset.values;
  const micros = ((BigInt(oh) * 60n + BigInt(om)) * 60n + BigInt(os)) * 1_000_000n + BigInt(ous);
  // timezone() takes only offsets strictly within a day.
  if (micros >= 86_400_000_000n) return null;
  return { ...result, offsetMicros: s[tz] === '-' ? -micros : micros };
}
