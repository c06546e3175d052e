import { describe, expect, it } from 'vitest';
import { runDjango } from '../../oracle/django-python.ts';
import { COMPACT_SEPARATORS, DEFAULT_SEPARATORS, jsonDumps, type Separators } from './json-dumps.ts';

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -42,
  2 ** 53 + 2,
  1e21,
  1.7976931348623157e308,
  0.1,
  -2.5,
  1 / 3,
  123456789.123,
  0.0001,
  0.00009999999999999999,
  1e-5,
  -1.5e-7,
  5e-324,
  '',
  'plain ascii',
  'quotes " and \\ backslash / slash',
  'controls \u0000\u0001\b\t\n\u000b\f\r\u001f and \u007f DEL',
  'latin-1 é ÿ ß',
  'bmp € ✓ \u2028 \u2029 \ufeff \uffff',
  'astral 😀 𝄞 🏳️‍🌈',
  'lone \ud800 and \udfff surrogates',
  [],
  {},
  [1, 'two', [3, { four: 4 }], null],
  { b: 1, a: 2, 'ключ': 'значение', '😀': ['x'] },
  { nested: { deeper: { list: [0.5, -0.25, 1e-10], flag: false } }, emptyKey: { '': '' } },
  // order-events' dispatch body (requests' json=): flat strings and integers.
  { order_id: 12, postcode: 'SW1A 1AA', x: 'é\u007f\n\t"\\/😀\u2028' },
];

// JSON.stringify hands Python integral numbers as ints or floats depending on magnitude; jsonDumps
// writes every integral number as an int, so the oracle converts integral floats to int first.
// Each value is dumped twice: compact (Django's signing) and with json.dumps's default separators.
const dumped = runDjango<Array<{ compact: string; default: string }>>(
  `
  def as_python(value):
      if isinstance(value, float) and value.is_integer():
          return int(value)
      if isinstance(value, list):
          return [as_python(v) for v in value]
      if isinstance(value, dict):
          return {k: as_python(v) for k, v in value.items()}
      return value

  print(json.dumps([
      {'compact': json.dumps(as_python(v), separators=(',', ':')), 'default': json.dumps(as_python(v))}
      for v in INPUT
  ]))
  `,
  VALUES,
);

describe('jsonDumps', () => {
  it.each(VALUES.map((value, i) => [i, value] as const))("case %i matches json.dumps(separators=(',', ':')) byte for byte", (i, value) => {
    expect(jsonDumps(value, COMPACT_SEPARATORS)).toBe(dumped[i]!.compact);
  });

  it.each(VALUES.map((value, i) => [i, value] as const))('case %i matches json.dumps() with its default separators', (i, value) => {
    expect(jsonDumps(value)).toBe(dumped[i]!.default);
  });

  it('takes any separators, as json.dumps does', () => {
    const separators: Separators = [' ;', '= '];
    expect(jsonDumps({ a: [1, 2] }, separators)).toBe('{"a"= [1 ;2]}');
    expect(DEFAULT_SEPARATORS).toEqual([', ', ': ']);
  });

  it('keeps insertion order of non-integer keys', () => {
    expect(jsonDumps({ z: 1, a: 2 }, COMPACT_SEPARATORS)).toBe('{"z":1,"a":2}');
  });

  it('skips undefined properties like JSON.stringify', () => {
    expect(jsonDumps({ a: undefined, b: 1 }, COMPACT_SEPARATORS)).toBe('{"b":1}');
  });

  it.each([[NaN], [Infinity], [new Date(0)], [undefined], [() => 1], [new Map()]])('refuses %s', (value) => {
    expect(() => jsonDumps(value)).toThrow(TypeError);
  });
});
