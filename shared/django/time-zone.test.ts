import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import { seededRandom } from '../../oracle/drf-python.ts';
import { isoOffset, zoneClock } from './time-zone.ts';

// Offsets and make_aware from Intl against Python's own zones: pytz (what Django 3.2 keeps) and
// zoneinfo (Django 4.0+), at instants from 1700 to 2100 and at wall times around every change.

const ORACLE = `
import datetime, pytz, zoneinfo
from django.utils import timezone
EPOCH = datetime.datetime(1970, 1, 1)
UTC = datetime.timezone.utc
def offsets(tz):
    return [(EPOCH.replace(tzinfo=UTC) + datetime.timedelta(seconds=s)).astimezone(tz).utcoffset().total_seconds() for s in INPUT['instants']]
def aware(tz, is_pytz):
    out = []
    for w in INPUT['walls']:
        naive = EPOCH + datetime.timedelta(seconds=w)
        try:
            value = timezone.make_aware(naive, tz) if is_pytz else naive.replace(tzinfo=tz)
        except pytz.InvalidTimeError:
            out.append(None)
            continue
        out.append([int((value - EPOCH.replace(tzinfo=UTC)).total_seconds()), value.utcoffset().total_seconds()])
    return out
result = {}
for zone in INPUT['zones']:
    result[zone] = {
        'pytz': {'offsets': offsets(pytz.timezone(zone)), 'aware': aware(pytz.timezone(zone), True)},
        'zoneinfo': {'offsets': offsets(zoneinfo.ZoneInfo(zone)), 'aware': aware(zoneinfo.ZoneInfo(zone), False)},
    }
print(json.dumps(result))
`;

const ZONES = ['Australia/Adelaide', 'America/New_York', 'Europe/London', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu'];
const random = seededRandom(13);
const YEAR = 365.2425 * 86_400;
const instants = Array.from({ length: 400 }, () => Math.floor((random.int(400) - 270) * YEAR + random.int(Math.floor(YEAR))));
// Every half hour of the hours zones change in, each day of 2026 (and of 1990 and 2080).
const walls = [1990, 2026, 2080].flatMap((year) =>
  Array.from({ length: 366 * 8 }, (_, i) => Date.UTC(year, 0, 1 + Math.floor(i / 8)) / 1000 + 1800 * (i % 8)),
);
const expected = runDjango<Record<string, Record<'pytz' | 'zoneinfo', { offsets: number[]; aware: ([number, number] | null)[] }>>>(ORACLE, { zones: ZONES, instants, walls });

describe.each(ZONES)('%s as Django keeps it', (zone) => {
  it.each(['pytz', 'zoneinfo'] as const)('%s: offsets at instants from 1700 to 2100, and make_aware around the changes', (kind) => {
    const clock = zoneClock(zone, kind === 'pytz');
    expect(instants.map((s) => clock.offsetAt(BigInt(s) * 1_000_000n))).toEqual(expected[zone]![kind].offsets);
    const ours = walls.map((w) => {
      const aware = clock.makeAware(BigInt(w) * 1_000_000n);
      return aware && [Number(aware.epochMicros / 1_000_000n), aware.offset];
    });
    expect(ours).toEqual(expected[zone]![kind].aware);
  });
});

it('writes offsets as isoformat() does, +00:00 as Z', () => {
  expect([0, 37_800, 34_200, -18_000, 33_260, 49_500].map(isoOffset)).toEqual(['Z', '+10:30', '+09:30', '-05:00', '+09:14:20', '+13:45']);
});
