import fc from 'fast-check';
import { expect, it } from 'vitest';
import { runDrfBatch } from '../../oracle/drf-python.ts';
import { fromIsoFormat } from './isoformat.ts';

// Python 3.11's own datetime.fromisoformat (what Django 4.0+'s parse_datetime calls) as the oracle.
const FROMISOFORMAT = `
import datetime

def handle(s):
    try:
        d = datetime.datetime.fromisoformat(s)
    except ValueError:
        return None
    off = d.utcoffset()
    return [d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond,
            None if off is None else (off.days * 86400 + off.seconds) * 1000000 + off.microseconds]`;

function pythonFromIsoFormat(inputs: string[]): Array<number[] | null> {
  return runDrfBatch<number[] | null>(FROMISOFORMAT, inputs).map((outcome) => {
    if ('raised' in outcome) throw new Error(`${outcome.raised}: ${outcome.message}`);
    return outcome.ok;
  });
}

const asRow = (text: string) => {
  const d = fromIsoFormat(text);
  return d && [d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, d.offsetMicros === null ? null : Number(d.offsetMicros)];
};

const CASES = [
  '2026-12-01', '20261201', '2026-12-01T08:00', '2026-12-01 08:00:00', '2026-12-01T08', '2026-12-01T0800', '2026-12-01T080000.5',
  '2026-12-01T08:00:00.123456789', '2026-12-01T08:00:00,5', '2026-12-01T08:00:00.', '2026-12-01T08:00:00Z', '2026-12-01T08:00Zx',
  '2026-12-01T08:00:00+01:00', '2026-12-01T08:00:00-0130', '2026-12-01T08:00:00+01', '2026-12-01T08:00:00+01:00:30.25',
  '2026-12-01T08:00:00+24:00', '2026-12-01T08:00:00+00:99', '2026-12-01T08:00:00:5', '2026-W48-2', '2026W482', '2026-W53',
  '2020-W53-7', '2026-W00', '2026-12', '2026-12-1', '2026-13-01', '2026-02-29', '2024-02-29T24:00', '0000-01-01', '9999-12-31T23:59:59.999999-01:00',
  '2026-12-01T08:00:00.+01:00', '2026-12-01T08:00.5', '2026-12-01T08+01', '2026-12-01T08:00:00+01:00.', '2026-12-01T08:00:00.+01:00x',
  '2026-12-01x08:00', '2026-12-01\u00e908:00', '２０２６-12-01', '2026-12-01T8:00', '2026-12-01T08:00:00.5x', '', '2026', '2026-12-01T',
];

it('parses like Python 3.11\'s datetime.fromisoformat, and refuses what it refuses', () => {
  expect(CASES.map(asRow)).toEqual(pythonFromIsoFormat(CASES));
});

it('agrees with Python on generated ISO-like strings', () => {
  const piece = fc.constantFrom('2026', '-', '12', '01', 'T', ' ', ':', '08', '30', '5', '.', ',', 'Z', '+', 'W', '4', '00', '123456', '9');
  const samples = fc.sample(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), 5000);
  expect(samples.map(asRow)).toEqual(pythonFromIsoFormat(samples));
});
