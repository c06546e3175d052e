import { djangoAtLeast, monolithSettings } from './monolith-settings.ts';

// The monolith's current time zone (USE_TZ = True, TIME_ZONE): DRF renders datetimes in it and
// makes naive input aware in it. Offsets come from Intl (Node's full ICU holds the same IANA data
// as Python's zoneinfo and pytz).

/** TIME_ZONE, the zone of timezone.get_current_timezone() (no view activates another). */
export const TIME_ZONE = monolithSettings.settings.TIME_ZONE ?? 'UTC';

const MICROS_PER_SECOND = 1_000_000n;
const DAY_MICROS = 86_400n * MICROS_PER_SECOND;
// ICU's calendar is Julian before 1582; every zone kept its local mean time before 1800.
const EARLIEST_TRANSITION_MS = Date.UTC(1800, 0, 1);
// pytz reads the zone file's 32-bit table: local mean time before its first entry (2^31 seconds
// before 1970), the changes up to 2037, and the last offset after them.
const PYTZ_FIRST_MS = -(2 ** 31) * 1000;
const PYTZ_LAST_MS = Date.UTC(2037, 11, 31, 23, 59, 59);

/** The instant whose offset Intl is asked for: ICU's data within what the zone object reads. */
function askedMs(ms: number, pytz: boolean): number {
  if (pytz && ms < PYTZ_FIRST_MS) return EARLIEST_TRANSITION_MS;
  return Math.min(Math.max(ms, EARLIEST_TRANSITION_MS), pytz ? PYTZ_LAST_MS : Infinity);
}

/** A zone's offsets and make_aware, as Django's zone objects give them. */
export interface ZoneClock {
  /** The UTC offset in seconds at an instant (epoch microseconds). */
  offsetAt(epochMicros: bigint): number;
  /**
   * timezone.make_aware(naive, zone): the instant of a wall-clock time (given as if it were UTC,
   * in epoch microseconds) and the offset used, or null where pytz raises InvalidTimeError.
   */
  makeAware(wallMicros: bigint): { epochMicros: bigint; offset: number } | null;
}

/**
 * `zone` as Django keeps it: before 4.0 a pytz object (offsets rounded to whole minutes, so
 * Adelaide's local mean time is +09:14, not +09:14:20; no changes before 1901 or after 2037; make_aware refuses
 * an ambiguous or skipped wall time), from 4.0 zoneinfo (exact offsets; fold=0 takes the offset before a change).
 */
export function zoneClock(zone: string, pytz: boolean): ZoneClock {
  if (zone === 'UTC') return { offsetAt: () => 0, makeAware: (wallMicros) => ({ epochMicros: wallMicros, offset: 0 }) };
  const wallClock = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const offsetAt = (epochMicros: bigint): number => {
    const floorSecond = epochMicros / MICROS_PER_SECOND - (epochMicros % MICROS_PER_SECOND < 0n ? 1n : 0n);
    const ms = askedMs(Number(floorSecond) * 1000, pytz);
    const part = Object.fromEntries(wallClock.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
    const seconds = (Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - ms) / 1000;
    return pytz ? Math.floor((seconds + 30) / 60) * 60 : seconds;
  };
  return {
    offsetAt,
    makeAware(wallMicros) {
      const before = offsetAt(wallMicros - DAY_MICROS);
      const after = offsetAt(wallMicros + DAY_MICROS);
      const fits = [...new Set([before, after])].filter((offset) => offsetAt(wallMicros - BigInt(offset) * MICROS_PER_SECOND) === offset);
      if (pytz && fits.length !== 1) return null;
      // One offset fits: that one. Two (an overlap) or none (a gap): fold=0's, the offset before the change.
      const offset = fits.length === 1 ? fits[0]! : before;
      return { epochMicros: wallMicros - BigInt(offset) * MICROS_PER_SECOND, offset };
    },
  };
}

/** The monolith's TIME_ZONE as its Django keeps it (pytz before Django 4.0). */
export const { offsetAt, makeAware } = zoneClock(TIME_ZONE, !djangoAtLeast(4, 0));

/** datetime.isoformat()'s offset as DRF writes it: '+HH:MM' (':SS' when it has seconds), '+00:00' as 'Z'. */
export function isoOffset(offset: number): string {
  if (offset === 0) return 'Z';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = abs % 60 ? `:${pad(abs % 60)}` : '';
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${seconds}`;
}
