import { describe, expect, it } from 'vitest';
import { runDjango } from '../../test/support/django-python.ts';
import { asciiJson } from './json-dumps.ts';

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
];

// JSON.stringify hands Python integral numbers as ints or floats depending on magnitude; asciiJson
// writes every integral number as an int, so the oracle converts integral floats to int first.
const dumped = runDjango<string[]>(
  `
  def as_python(value):
      if isinstance(value, float) and value.is_integer():
          return int(value)
      if isinstance(value, list):
          return [as_python(v) for v in value]
      if isinstance(value, dict):
          return {k: as_python(v) for k, v in value.items()}
      return value

  print(json.dumps([json.dumps(as_python(v), separators=(',', ':')) for v in INPUT]))
  `,
  VALUES,
);

describe('asciiJson', () => {
  it.each(VALUES.map((value, i) => [i, value] as const))('case %i matches json.dumps byte for byte', (i, value) => {
    expect(asciiJson(value)).toBe(dumped[i]);
  });

  it('keeps insertion order of non-integer keys', () => {
    expect(asciiJson({ z: 1, a: 2 })).toBe('{"z":1,"a":2}');
  });

  it('skips undefined properties like JSON.stringify', () => {
    expect(asciiJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it.each([[NaN], [Infinity], [new Date(0)], [undefined], [() => 1], [new Map()]])('refuses %s', (value) => {
    expect(() => asciiJson(value)).toThrow(TypeError);
  });
});
